#include "formats/reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "formats/sniff.h"
#include "formats/zip_archive.h"

namespace schoolbieb::formats {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

std::string LowerExtension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

// The extension a kind is normally saved with.
bool ExtensionFits(FileKind kind, std::string_view ext) {
  switch (kind) {
    case FileKind::kText:
      return ext == "csv" || ext == "txt";
    case FileKind::kXlsx:
      return ext == "xlsx" || ext == "xlsm";
    case FileKind::kOds:
      return ext == "ods";
    case FileKind::kXls:
      return ext == "xls";
    case FileKind::kZip:
      return ext == "zip";
    case FileKind::kEdexXml:
      return ext == "xml";
    default:
      return false;
  }
}

Status Refuse(FileKind kind, std::string_view file_name) {
  Message what = DescribeKind(kind);
  std::string advice_nl =
      "Exporteer de leerlingen uit de leerlingadministratie als CSV, Excel "
      "(.xlsx), "
      "OpenDocument (.ods) of ZIP (bijvoorbeeld de EDEX-export) en upload dat "
      "bestand.";
  std::string advice_en =
      "Export the students from the student administration system as CSV, "
      "Excel (.xlsx), "
      "OpenDocument (.ods) or ZIP (for example the EDEX export) and upload "
      "that file.";
  if (kind == FileKind::kSpreadsheetMl || kind == FileKind::kHtml) {
    advice_nl =
        "Open het in Excel en kies Opslaan als > Excel-werkmap (.xlsx).";
    advice_en = "Open it in Excel and choose Save As > Excel Workbook (.xlsx).";
  } else if (kind == FileKind::kOtherArchive) {
    advice_nl =
        "Pak het uit en maak er een gewone ZIP van, of upload het bestand "
        "zelf.";
    advice_en =
        "Unpack it and make an ordinary ZIP, or upload the file itself.";
  } else if (kind == FileKind::kEmpty) {
    return Status::InvalidArgument(
        "Het bestand is leeg. Exporteer het opnieuw.",
        "The file is empty. Export it again.");
  }
  std::string name = file_name.empty() ? "" : fmt::format("'{}' ", file_name);
  return Status::InvalidArgument(
      fmt::format("Het bestand {}is {}, geen leerlingbestand. {}", name,
                  what.nl, advice_nl),
      fmt::format("The file {}is {}, not a student file. {}", name, what.en,
                  advice_en));
}

bool IgnoredZipEntry(const ZipEntry& entry) {
  const std::string& n = entry.name;
  size_t slash = n.rfind('/');
  std::string base = slash == std::string::npos ? n : n.substr(slash + 1);
  return entry.directory || n.starts_with("__MACOSX/") ||
         base.starts_with("._") || base == ".DS_Store" || base == "Thumbs.db" ||
         base == "desktop.ini" || base.empty();
}

std::string UpperBase(std::string_view name) {
  size_t slash = name.rfind('/');
  std::string base(slash == std::string_view::npos ? name
                                                   : name.substr(slash + 1));
  for (char& c : base) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return base;
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes, const ReadOptions& options) {
  if (bytes.size() > options.limits.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", options.limits.max_file_bytes);
  }
  FileKind kind = SniffFileKind(bytes, options.limits);
  Result<Table> table = Status::Internal("unreachable", "unreachable");
  switch (kind) {
    case FileKind::kText:
      // EDEXLL.TXT alone (the group and teacher files are optional) is
      // fixed-width text, not CSV.
      table = LooksLikeEdex2000Students(bytes)
                  ? ReadEdex2000({{"EDEXLL.TXT", std::string(bytes)}}, options)
                  : ReadCsv(bytes, options);
      break;
    case FileKind::kXlsx:
      table = ReadXlsx(bytes, options);
      break;
    case FileKind::kOds:
      table = ReadOds(bytes, options);
      break;
    case FileKind::kXls:
      table = ReadXls(bytes, options);
      break;
    case FileKind::kZip:
      table = ReadZip(bytes, options);
      break;
    case FileKind::kEdexXml:
      table = ReadEdexXml(bytes, options);
      break;
    default:
      return Refuse(kind, options.file_name);
  }
  if (!table.ok()) return table;
  std::string ext = LowerExtension(options.file_name);
  // An encrypted .xlsx is an OLE2 file like an .xls; once decrypted it is
  // what its name says.
  if (kind == FileKind::kXls && table->format == "xlsx") kind = FileKind::kXlsx;
  if (!options.file_name.empty() && !ExtensionFits(kind, ext)) {
    Message what = DescribeKind(kind);
    table->problems.push_back(
        {ProblemKind::kFormatNote,
         "",
         0,
         0,
         options.file_name,
         {fmt::format("De naam eindigt op .{}, maar het bestand is {}; het is "
                      "gelezen als "
                      "wat het werkelijk is.",
                      ext, what.nl),
          fmt::format("The name ends in .{}, but the file is {}; it was read "
                      "as what it "
                      "really is.",
                      ext, what.en)}});
  }
  return table;
}

Result<Table> ReadZip(std::string_view bytes, const ReadOptions& options) {
  if (options.zip_depth >= options.limits.max_zip_depth) {
    return Status::InvalidArgument(
        "Het bestand is een ZIP in een ZIP. Upload de binnenste ZIP of het "
        "leerlingbestand zelf.",
        "The file is a ZIP inside a ZIP. Upload the inner ZIP or the student "
        "file itself.");
  }
  auto zip = ZipArchive::Open(bytes, options.limits);
  if (!zip.ok()) return zip.status();

  std::vector<const ZipEntry*> entries;
  Problems skipped;
  for (const auto& e : zip->entries()) {
    if (IgnoredZipEntry(e)) continue;
    entries.push_back(&e);
  }

  // An EDEX2000 set: EDEXLL.TXT and its companions, read together.
  bool has_edex2000 = std::any_of(
      entries.begin(), entries.end(),
      [](const ZipEntry* e) { return UpperBase(e->name) == "EDEXLL.TXT"; });
  if (has_edex2000) {
    std::map<std::string, std::string> files;
    for (const ZipEntry* e : entries) {
      std::string base = UpperBase(e->name);
      if (base.starts_with("EDEX") && base.ends_with(".TXT")) {
        auto data = zip->ReadAll(*e, options.password);
        if (!data.ok()) return data.status();
        files[base] = std::move(data).value();
      }
    }
    ReadOptions inner = options;
    inner.zip_depth = options.zip_depth + 1;
    auto table = ReadEdex2000(files, inner);
    if (!table.ok()) return table;
    table->format = "zip/" + table->format;
    return table;
  }

  // Otherwise exactly one file that holds a table.
  struct Candidate {
    const ZipEntry* entry;
    FileKind kind;
  };
  std::vector<Candidate> candidates;
  for (const ZipEntry* e : entries) {
    // Sniff from the first 64 KiB only; just the chosen file is read whole.
    std::string head;
    const Status kEnough = Status::Ok();
    Status read = zip->Read(
        *e,
        [&](std::string_view chunk) {
          head.append(chunk.substr(
              0, std::min(chunk.size(), kSniffBytes - head.size())));
          return head.size() >= kSniffBytes
                     ? Status::Unavailable("enough",
                                           "enough")  // stops the read early
                     : kEnough;
        },
        options.password);
    if (!read.ok() && !(read.code() == Status::Code::kUnavailable &&
                        head.size() >= kSniffBytes)) {
      return read;
    }
    bool complete = read.ok();
    FileKind kind;
    if (!complete && LooksLikeZip(head)) {
      // Could be XLSX/ODS: a package's directory is at its end.
      auto whole = zip->ReadAll(*e, options.password);
      if (!whole.ok()) return whole.status();
      kind = SniffFileKind(*whole, options.limits);
    } else {
      kind = SniffFileKind(head, options.limits);
    }
    switch (kind) {
      case FileKind::kText:
      case FileKind::kXlsx:
      case FileKind::kOds:
      case FileKind::kXls:
      case FileKind::kEdexXml:
        candidates.push_back({e, kind});
        break;
      case FileKind::kZip:
        return Status::InvalidArgument(
            fmt::format("De ZIP bevat nog een ZIP ('{}'). Upload die binnenste "
                        "ZIP of het "
                        "leerlingbestand zelf.",
                        e->name),
            fmt::format("The ZIP holds another ZIP ('{}'). Upload that inner "
                        "ZIP or the "
                        "student file itself.",
                        e->name));
      default:
        skipped.push_back(
            {ProblemKind::kSkippedEntry,
             "",
             0,
             0,
             e->name,
             {fmt::format("'{}' in de ZIP is {} en is overgeslagen.", e->name,
                          DescribeKind(kind).nl),
              fmt::format("'{}' in the ZIP is {} and was skipped.", e->name,
                          DescribeKind(kind).en)}});
    }
  }
  // An EDEX export next to readme files: the EDEX file is the student file.
  if (candidates.size() > 1) {
    auto edex = std::find_if(
        candidates.begin(), candidates.end(),
        [](const Candidate& c) { return c.kind == FileKind::kEdexXml; });
    if (edex != candidates.end() &&
        std::count_if(candidates.begin(), candidates.end(),
                      [](const Candidate& c) {
                        return c.kind == FileKind::kEdexXml;
                      }) == 1) {
      Candidate keep = std::move(*edex);
      for (const auto& c : candidates) {
        if (c.entry != keep.entry) {
          skipped.push_back(
              {ProblemKind::kSkippedEntry,
               "",
               0,
               0,
               c.entry->name,
               {fmt::format("'{}' in de ZIP is overgeslagen; de EDEX-export is "
                            "gelezen.",
                            c.entry->name),
                fmt::format("'{}' in the ZIP was skipped; the EDEX export was "
                            "read.",
                            c.entry->name)}});
        }
      }
      candidates.clear();
      candidates.push_back(std::move(keep));
    }
  }
  if (candidates.empty()) {
    return Status::InvalidArgument(
        "De ZIP bevat geen leerlingbestand (CSV, Excel, OpenDocument of EDEX). "
        "Controleer "
        "of u de goede ZIP heeft gekozen.",
        "The ZIP holds no student file (CSV, Excel, OpenDocument or EDEX). "
        "Check that you "
        "chose the right ZIP.");
  }
  if (candidates.size() > 1) {
    std::string names;
    for (const auto& c : candidates)
      names += (names.empty() ? "" : ", ") + c.entry->name;
    return Status::InvalidArgument(
        fmt::format("De ZIP bevat meer dan één leerlingbestand ({}). Upload "
                    "één bestand per "
                    "keer.",
                    names),
        fmt::format("The ZIP holds more than one student file ({}). Upload one "
                    "file at a "
                    "time.",
                    names));
  }
  const ZipEntry& chosen = *candidates.front().entry;
  if (chosen.uncompressed_size > options.limits.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", options.limits.max_file_bytes);
  }
  auto data = zip->ReadAll(chosen, options.password);
  if (!data.ok()) return data.status();
  ReadOptions inner = options;
  inner.zip_depth = options.zip_depth + 1;
  inner.file_name = chosen.name;
  auto table = ReadTable(*data, inner);
  if (!table.ok()) return table;
  table->format = "zip/" + table->format;
  table->properties.emplace_back("entry", candidates.front().entry->name);
  for (auto& p : skipped) table->problems.push_back(std::move(p));
  return table;
}

}  // namespace schoolbieb::formats
