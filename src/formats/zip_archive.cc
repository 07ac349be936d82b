#include "formats/zip_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

#include "formats/little_endian.h"

namespace schoolbieb::formats {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDir = 0x06054b50;
constexpr uint32_t kZip64EndLocator = 0x07064b50;
constexpr uint32_t kZip64End = 0x06064b50;
// Small parts (an empty sheet, a style sheet) compress far better than the
// ratio limit; below this many bytes the ratio is not held against them.
constexpr uint64_t kRatioAllowance = 1u << 20;

Status Broken(std::string_view detail_en) {
  return Status::InvalidArgument(
      "Het ZIP-bestand is beschadigd of onvolledig. Maak de ZIP opnieuw aan "
      "(of sla "
      "het spreadsheet opnieuw op) en upload het nog een keer.",
      fmt::format(
          "The ZIP file is damaged or incomplete ({}). Create the ZIP again "
          "(or save the spreadsheet again) and upload it once more.",
          detail_en));
}

Status Unsafe(std::string_view nl, std::string_view en) {
  return Status::InvalidArgument(
      fmt::format(
          "Dit ZIP-bestand wordt om veiligheidsredenen niet geopend: {}. Maak "
          "een nieuwe ZIP met alleen het leerlingbestand.",
          nl),
      fmt::format(
          "This ZIP file is not opened for safety reasons: {}. Make a new ZIP "
          "holding only the student file.",
          en));
}

bool ClimbsOut(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
  if (name.size() > 1 && name[1] == ':') return true;  // "C:\..."
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

// libarchive returns NULL when it has no message.
std::string ArchiveError(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "libarchive error";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 &&
         (U32(bytes, 0) == kLocalHeader || U32(bytes, 0) == kEndOfCentralDir);
}

Result<ZipArchive> ZipArchive::Open(std::string_view bytes,
                                    const Limits& limits) {
  ZipArchive archive(bytes, limits);
  SB_RETURN_IF_ERROR(archive.ParseCentralDirectory());
  return archive;
}

Status ZipArchive::ParseCentralDirectory() {
  const std::string_view b = bytes_;
  if (b.size() < 22) return Broken("too short for a ZIP");
  // The end record sits in the last 64 KiB + 22 bytes (its comment is at
  // most 65535 bytes); search backwards for its signature.
  size_t eocd = std::string_view::npos;
  size_t lowest = b.size() > 65557 ? b.size() - 65557 : 0;
  for (size_t at = b.size() - 22 + 1; at-- > lowest;) {
    if (U32(b, at) == kEndOfCentralDir) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos)
    return Broken("no end of central directory");
  uint64_t count = U16(b, eocd + 10);
  uint64_t cd_size = U32(b, eocd + 12);
  uint64_t cd_offset = U32(b, eocd + 16);
  if (U16(b, eocd + 4) != 0 || U16(b, eocd + 6) != 0) {
    return Unsafe("het is een ZIP in meerdere delen", "it is a multi-part ZIP");
  }
  if (eocd >= 20 && U32(b, eocd - 20) == kZip64EndLocator) {
    uint64_t z64 = U64(b, eocd - 20 + 8);
    // Compared without adding: an offset near 2^64 would wrap past it.
    if (z64 > b.size() || b.size() - z64 < 56 || U32(b, z64) != kZip64End)
      return Broken("bad zip64 record");
    count = U64(b, z64 + 32);
    cd_size = U64(b, z64 + 40);
    cd_offset = U64(b, z64 + 48);
  }
  if (count > limits_.max_zip_entries) {
    return LimitExceeded("bestanden in de ZIP", "files in the ZIP",
                         limits_.max_zip_entries);
  }
  if (cd_offset > b.size() || cd_size > b.size() - cd_offset) {
    return Broken("central directory outside the file");
  }

  std::set<std::string> names;
  size_t at = cd_offset;
  const size_t cd_end = cd_offset + cd_size;
  for (uint64_t i = 0; i < count; ++i) {
    if (at + 46 > cd_end || U32(b, at) != kCentralHeader)
      return Broken("bad central header");
    ZipEntry e;
    uint16_t flags = U16(b, at + 8);
    e.method = U16(b, at + 10);
    e.compressed_size = U32(b, at + 20);
    e.uncompressed_size = U32(b, at + 24);
    uint16_t name_len = U16(b, at + 28);
    uint16_t extra_len = U16(b, at + 30);
    uint16_t comment_len = U16(b, at + 32);
    uint16_t made_by = U16(b, at + 4);
    uint32_t external = U32(b, at + 38);
    e.local_offset = U32(b, at + 42);
    if (at + 46 + name_len + extra_len + comment_len > cd_end) {
      return Broken("central header past its directory");
    }
    e.name = std::string(b.substr(at + 46, name_len));
    // Zip64 sizes and offset, in the order of the fields that overflowed.
    size_t extra = at + 46 + name_len;
    size_t extra_end = extra + extra_len;
    while (extra + 4 <= extra_end) {
      uint16_t id = U16(b, extra);
      uint16_t size = U16(b, extra + 2);
      if (extra + 4 + size > extra_end) break;
      if (id == 0x0001) {
        size_t p = extra + 4;
        size_t end = p + size;
        if (e.uncompressed_size == 0xFFFFFFFF && p + 8 <= end)
          e.uncompressed_size = U64(b, p), p += 8;
        if (e.compressed_size == 0xFFFFFFFF && p + 8 <= end)
          e.compressed_size = U64(b, p), p += 8;
        if (e.local_offset == 0xFFFFFFFF && p + 8 <= end)
          e.local_offset = U64(b, p), p += 8;
      }
      extra += 4 + size;
    }
    at += 46 + name_len + extra_len + comment_len;

    e.encrypted = (flags & 1) != 0;
    e.directory = !e.name.empty() && e.name.back() == '/';
    bool unix_made = (made_by >> 8) == 3;
    if (unix_made && ((external >> 16) & 0170000) == 0120000) {
      return Unsafe(fmt::format("'{}' is een snelkoppeling (symlink)", e.name),
                    fmt::format("'{}' is a symbolic link", e.name));
    }
    if (ClimbsOut(e.name)) {
      return Unsafe(
          fmt::format("de bestandsnaam '{}' wijst buiten de ZIP", e.name),
          fmt::format("the name '{}' points outside the ZIP", e.name));
    }
    if (!names.insert(Lower(e.name)).second) {
      return Unsafe(fmt::format("'{}' staat er twee keer in", e.name),
                    fmt::format("'{}' occurs twice", e.name));
    }
    // The local header must be where the directory says, and the data must
    // lie inside the file.
    if (e.local_offset + 30 > b.size() ||
        U32(b, e.local_offset) != kLocalHeader) {
      return Broken("local header missing");
    }
    uint64_t local_name = U16(b, e.local_offset + 26);
    uint64_t local_extra = U16(b, e.local_offset + 28);
    e.data_offset = e.local_offset + 30 + local_name + local_extra;
    if (e.data_offset > b.size() ||
        e.compressed_size > b.size() - e.data_offset) {
      return Broken("entry data past the end");
    }
    if (!e.directory && e.uncompressed_size > kRatioAllowance &&
        e.uncompressed_size / std::max<uint64_t>(e.compressed_size, 1) >
            limits_.max_ratio) {
      return Unsafe(
          fmt::format("'{}' pakt uit tot meer dan {} keer zijn grootte", e.name,
                      limits_.max_ratio),
          fmt::format("'{}' expands to more than {} times its size", e.name,
                      limits_.max_ratio));
    }
    entries_.push_back(std::move(e));
  }

  // Overlapping entries: the data of one entry may not run into the next
  // local header. Such archives exist only to multiply inflated output.
  std::vector<const ZipEntry*> by_offset;
  for (const auto& e : entries_) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const ZipEntry* a, const ZipEntry* b) {
              return a->local_offset < b->local_offset;
            });
  for (size_t i = 0; i + 1 < by_offset.size(); ++i) {
    if (by_offset[i]->data_offset + by_offset[i]->compressed_size >
        by_offset[i + 1]->local_offset) {
      return Unsafe("bestanden in de ZIP overlappen elkaar",
                    "entries overlap each other");
    }
  }
  if (!by_offset.empty()) {
    const ZipEntry* last = by_offset.back();
    if (last->data_offset + last->compressed_size > cd_offset &&
        cd_offset > last->local_offset) {
      return Unsafe("bestanden in de ZIP overlappen de inhoudsopgave",
                    "entries overlap the central directory");
    }
  }
  return Status::Ok();
}

const ZipEntry* ZipArchive::Find(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const ZipEntry* ZipArchive::FindIgnoringCase(std::string_view name) const {
  std::string wanted = Lower(name);
  for (const auto& e : entries_) {
    if (Lower(e.name) == wanted) return &e;
  }
  return nullptr;
}

namespace {

// A part name as OPC compares them: ASCII case folded, '\\' as '/', without
// a leading '/'.
std::string PartKey(std::string_view name) {
  if (!name.empty() && (name.front() == '/' || name.front() == '\\'))
    name.remove_prefix(1);
  std::string key = Lower(name);
  std::replace(key.begin(), key.end(), '\\', '/');
  return key;
}

}  // namespace

const ZipEntry* ZipArchive::FindPart(std::string_view name) const {
  if (const ZipEntry* exact = Find(name)) return exact;
  std::string wanted = PartKey(name);
  for (const auto& e : entries_) {
    if (PartKey(e.name) == wanted) return &e;
  }
  return nullptr;
}

Result<ZipArchive> ZipArchive::OpenPackage(std::string_view bytes,
                                           const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", limits.max_file_bytes);
  }
  return Open(bytes, limits);
}

bool ZipArchive::any_encrypted() const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const ZipEntry& e) { return e.encrypted; });
}

Status ZipArchive::Count(const ZipEntry& entry, uint64_t entry_bytes,
                         size_t more) {
  inflated_total_ += more;
  if (entry_bytes > limits_.max_entry_bytes) {
    return LimitExceeded("bytes uitgepakt voor één bestand",
                         "bytes unpacked for one file",
                         limits_.max_entry_bytes);
  }
  if (inflated_total_ > limits_.max_inflated_bytes) {
    return LimitExceeded("bytes uitgepakt", "bytes unpacked",
                         limits_.max_inflated_bytes);
  }
  // Counted on what really comes out, not on the header's claim.
  if (entry_bytes > kRatioAllowance &&
      entry_bytes / std::max<uint64_t>(entry.compressed_size, 1) >
          limits_.max_ratio) {
    return Unsafe(fmt::format("'{}' pakt uit tot meer dan {} keer zijn grootte",
                              entry.name, limits_.max_ratio),
                  fmt::format("'{}' expands to more than {} times its size",
                              entry.name, limits_.max_ratio));
  }
  return Status::Ok();
}

Status ZipArchive::Read(const ZipEntry& entry,
                        const std::function<Status(std::string_view)>& sink,
                        const std::string& password) {
  if (entry.directory) return Status::Ok();
  if (entry.encrypted || (entry.method != 0 && entry.method != 8)) {
    return ReadWithLibarchive(entry, sink, password);
  }
  return ReadWithZlib(entry, sink);
}

Status ZipArchive::ReadWithZlib(
    const ZipEntry& entry,
    const std::function<Status(std::string_view)>& sink) {
  std::string_view data =
      bytes_.substr(entry.data_offset, entry.compressed_size);
  if (entry.method == 0) {
    if (entry.compressed_size != entry.uncompressed_size)
      return Broken("stored size mismatch");
    SB_RETURN_IF_ERROR(Count(entry, data.size(), data.size()));
    return sink(data);
  }
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return Broken("inflate init");
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&zs, &inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(std::min<uint64_t>(data.size(), UINT32_MAX));
  std::string out(64 * 1024, '\0');
  uint64_t produced = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) return Broken("deflate data corrupt");
    size_t got = out.size() - zs.avail_out;
    if (got == 0 && rc != Z_STREAM_END) return Broken("deflate data truncated");
    produced += got;
    SB_RETURN_IF_ERROR(Count(entry, produced, got));
    if (produced > entry.uncompressed_size)
      return Broken("entry larger than declared");
    if (got) SB_RETURN_IF_ERROR(sink(std::string_view(out.data(), got)));
  }
  if (produced != entry.uncompressed_size)
    return Broken("entry size differs from directory");
  return Status::Ok();
}

Status ZipArchive::ReadWithLibarchive(
    const ZipEntry& entry, const std::function<Status(std::string_view)>& sink,
    const std::string& password) {
  if (entry.encrypted && password.empty()) {
    return Status::PermissionDenied(
        "Het ZIP-bestand is met een wachtwoord beveiligd. Geef het wachtwoord "
        "op, of "
        "maak een ZIP zonder wachtwoord.",
        "The ZIP file is protected with a password. Give the password, or make "
        "a ZIP "
        "without a password.");
  }
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(),
                                                           &archive_read_free);
  archive_read_support_format_zip(a.get());
  if (!password.empty()) archive_read_add_passphrase(a.get(), password.c_str());
  if (archive_read_open_memory(a.get(), bytes_.data(), bytes_.size()) !=
      ARCHIVE_OK) {
    return Broken(ArchiveError(a.get()));
  }
  archive_entry* header = nullptr;
  while (true) {
    int rc = archive_read_next_header(a.get(), &header);
    if (rc == ARCHIVE_EOF) return Broken("entry not found by libarchive");
    if (rc < ARCHIVE_WARN) return Broken(ArchiveError(a.get()));
    const char* name = archive_entry_pathname(header);
    if (name && entry.name == name) break;
    archive_read_data_skip(a.get());
  }
  char buffer[64 * 1024];
  uint64_t produced = 0;
  while (true) {
    la_ssize_t got = archive_read_data(a.get(), buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      std::string text = ArchiveError(a.get());
      if (entry.encrypted && (text.find("assphrase") != std::string::npos ||
                              text.find("ncrypt") != std::string::npos ||
                              text.find("ecrypt") != std::string::npos)) {
        return Status::PermissionDenied(
            "Het wachtwoord van het ZIP-bestand klopt niet. Controleer het "
            "wachtwoord.",
            "The password of the ZIP file is wrong. Check the password.");
      }
      if (text.find("nsupported") != std::string::npos) {
        return Status::InvalidArgument(
            "Dit ZIP-bestand is ingepakt op een manier die niet wordt "
            "ondersteund. Maak "
            "een gewone ZIP (bijvoorbeeld met 'Comprimeren' in Windows).",
            "This ZIP file uses a compression method that is not supported. "
            "Make an "
            "ordinary ZIP (for example with 'Compress' in Windows).");
      }
      return Broken(text);
    }
    produced += static_cast<uint64_t>(got);
    SB_RETURN_IF_ERROR(Count(entry, produced, static_cast<size_t>(got)));
    SB_RETURN_IF_ERROR(
        sink(std::string_view(buffer, static_cast<size_t>(got))));
  }
  return Status::Ok();
}

Result<std::string> ZipArchive::ReadAll(const ZipEntry& entry,
                                        const std::string& password) {
  std::string out;
  Status status = Read(
      entry,
      [&out](std::string_view chunk) {
        out.append(chunk);
        return Status::Ok();
      },
      password);
  if (!status.ok()) return status;
  return out;
}

}  // namespace schoolbieb::formats
