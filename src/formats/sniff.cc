#include "formats/sniff.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "formats/zip_archive.h"

namespace schoolbieb::formats {
namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

std::string LowerHead(std::string_view bytes, size_t n) {
  std::string out(bytes.substr(0, n));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A Windows bitmap: "BM", then reserved zeros and a known header size. Text
// starting with "BM" (a column "BMI") has printable bytes there instead.
bool LooksLikeBmp(std::string_view bytes) {
  if (bytes.size() < 18 || !StartsWith(bytes, "BM")) return false;
  if (bytes.substr(6, 4) != std::string_view("\0\0\0\0", 4)) return false;
  auto header = static_cast<uint8_t>(bytes[14]);
  return bytes.substr(15, 3) == std::string_view("\0\0\0", 3) &&
         (header == 12 || header == 40 || header == 52 || header == 56 ||
          header == 64 || header == 108 || header == 124);
}

// The first element name after the prolog, comments and processing
// instructions, or "" when the text is not XML.
std::string RootElement(std::string_view head) {
  size_t at = 0;
  while (true) {
    at = head.find('<', at);
    if (at == std::string_view::npos || at + 1 >= head.size()) return "";
    char next = head[at + 1];
    if (next == '?' || next == '!') {
      size_t end = head.find('>', at);
      if (end == std::string_view::npos) return "";
      at = end + 1;
      continue;
    }
    size_t end = head.find_first_of(" \t\r\n/>", at + 1);
    if (end == std::string_view::npos) return "";
    return std::string(head.substr(at + 1, end - at - 1));
  }
}

// Whether the package's content types name a workbook part, which may be
// anywhere: OPC finds it through _rels/.rels, not by its name.
bool DeclaresWorkbook(ZipArchive& zip) {
  const ZipEntry* types = zip.FindPart("[Content_Types].xml");
  if (!types || types->uncompressed_size > (1u << 20)) return false;
  auto text = zip.ReadAll(*types);
  if (!text.ok()) return false;
  for (std::string_view main :
       {"spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml",
        "ms-excel.sheet.macroEnabled.main+xml",
        "ms-excel.template.macroEnabled.main+xml"}) {
    if (text->find(main) != std::string::npos) return true;
  }
  return false;
}

FileKind SniffZip(std::string_view bytes, const Limits& limits) {
  auto zip = ZipArchive::Open(bytes, limits);
  if (!zip.ok())
    return FileKind::kZip;  // the ZIP reader explains what is wrong
  if (zip->FindPart("xl/workbook.xml") || zip->FindPart("xl/workbook.bin") ||
      DeclaresWorkbook(*zip)) {
    return FileKind::kXlsx;
  }
  if (const ZipEntry* mimetype = zip->Find("mimetype")) {
    if (mimetype->method == 0 && !mimetype->encrypted &&
        mimetype->compressed_size < 200) {
      std::string_view type =
          bytes.substr(mimetype->data_offset, mimetype->compressed_size);
      if (type == "application/vnd.oasis.opendocument.spreadsheet")
        return FileKind::kOds;
      if (StartsWith(type, "application/vnd.oasis.opendocument."))
        return FileKind::kOtherOffice;
    }
  }
  if (zip->Find("content.xml") && zip->Find("META-INF/manifest.xml"))
    return FileKind::kOds;
  if (zip->Find("word/document.xml") || zip->Find("ppt/presentation.xml")) {
    return FileKind::kOtherOffice;
  }
  return FileKind::kZip;
}

}  // namespace

std::string_view FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kEmpty:
      return "empty";
    case FileKind::kText:
      return "csv";
    case FileKind::kXlsx:
      return "xlsx";
    case FileKind::kOds:
      return "ods";
    case FileKind::kXls:
      return "xls";
    case FileKind::kZip:
      return "zip";
    case FileKind::kEdexXml:
      return "edex";
    case FileKind::kSpreadsheetMl:
      return "spreadsheetml";
    case FileKind::kHtml:
      return "html";
    case FileKind::kOtherXml:
      return "xml";
    case FileKind::kOtherOffice:
      return "office";
    case FileKind::kPdf:
      return "pdf";
    case FileKind::kImage:
      return "image";
    case FileKind::kExecutable:
      return "executable";
    case FileKind::kOtherArchive:
      return "archive";
    case FileKind::kBinary:
      return "binary";
  }
  return "binary";
}

FileKind SniffFileKind(std::string_view bytes, const Limits& limits) {
  if (bytes.empty()) return FileKind::kEmpty;
  if (LooksLikeZip(bytes)) return SniffZip(bytes, limits);
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return FileKind::kXls;
  // BIFF2–BIFF5 worksheets saved as bare streams start with a BOF record.
  if (bytes.size() >= 4 && (bytes[0] == '\x09') &&
      (bytes[1] == '\x00' || bytes[1] == '\x02' || bytes[1] == '\x04' ||
       bytes[1] == '\x08') &&
      (bytes[2] == '\x04' || bytes[2] == '\x06' || bytes[2] == '\x08' ||
       bytes[2] == '\x10') &&
      bytes[3] == '\x00') {
    return FileKind::kXls;
  }
  if (StartsWith(bytes, "%PDF")) return FileKind::kPdf;
  if (StartsWith(bytes, "\xFF\xD8\xFF") || StartsWith(bytes, "\x89PNG") ||
      StartsWith(bytes, "GIF8") || StartsWith(bytes, "II*\0") ||
      StartsWith(bytes, "MM\0*") || LooksLikeBmp(bytes) ||
      (bytes.size() >= 12 && StartsWith(bytes, "RIFF") &&
       bytes.substr(8, 4) == "WEBP") ||
      (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp" &&
       (bytes.substr(8, 3) == "hei" || bytes.substr(8, 3) == "hev" ||
        bytes.substr(8, 4) == "avif" || bytes.substr(8, 4) == "mif1"))) {
    return FileKind::kImage;
  }
  if (StartsWith(bytes, "MZ") ||
      StartsWith(bytes,
                 "\x7F"
                 "ELF") ||
      StartsWith(bytes, "\xCF\xFA\xED\xFE") ||
      StartsWith(bytes, "\xCE\xFA\xED\xFE") || StartsWith(bytes, "#!")) {
    return FileKind::kExecutable;
  }
  if (StartsWith(bytes, "\x1F\x8B") || StartsWith(bytes, "Rar!") ||
      StartsWith(bytes, "7z\xBC\xAF\x27\x1C") || StartsWith(bytes, "BZh") ||
      StartsWith(bytes,
                 "\xFD"
                 "7zXZ") ||
      (bytes.size() > 262 && bytes.substr(257, 5) == "ustar")) {
    return FileKind::kOtherArchive;
  }

  // Text from here on. Look at the start without a UTF-8 BOM and, for
  // UTF-16, without the zero bytes, to recognise markup.
  std::string_view head = bytes.substr(0, 4096);
  std::string narrow;
  bool utf16 = StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF");
  if (utf16) {
    for (char c : head.substr(2)) {
      if (c != '\0') narrow.push_back(c);
    }
    head = narrow;
  } else if (StartsWith(head, "\xEF\xBB\xBF")) {
    head.remove_prefix(3);
  }
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos) head.remove_prefix(first);
  std::string lower = LowerHead(head, 1024);
  if (StartsWith(lower, "<!doctype html") || StartsWith(lower, "<html") ||
      StartsWith(lower, "<table") || lower.find("<html") != std::string::npos) {
    return FileKind::kHtml;
  }
  if (StartsWith(head, "<")) {
    std::string root = RootElement(head);
    std::string local = root.substr(
        root.find(':') == std::string::npos ? 0 : root.find(':') + 1);
    if (local == "EDEX" || local == "leerlinggegevens" ||
        local == "leerlinggegevens_antwoord") {
      return FileKind::kEdexXml;
    }
    // A UWLR answer as the web service sends it, in its SOAP envelope.
    if (local == "Envelope" &&
        bytes.substr(0, 64 * 1024).find("leerlinggegevens") !=
            std::string_view::npos) {
      return FileKind::kEdexXml;
    }
    if (local == "Workbook" &&
        head.find("urn:schemas-microsoft-com:office:spreadsheet") !=
            std::string_view::npos) {
      return FileKind::kSpreadsheetMl;
    }
    if (!root.empty()) return FileKind::kOtherXml;
  }
  // Binary: control bytes other than tab, CR, LF, form feed and the NULs of
  // UTF-16 text.
  size_t controls = 0, zeros = 0;
  std::string_view sample = bytes.substr(0, 8192);
  for (unsigned char c : sample) {
    if (c == 0) {
      ++zeros;
    } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' &&
               c != 0x1A) {
      ++controls;
    }
  }
  bool utf16_like =
      utf16 || zeros * 3 >= sample.size();  // every other byte zero
  if (controls * 20 > sample.size() ||
      (zeros > 0 && !utf16_like && zeros * 10 > sample.size())) {
    return FileKind::kBinary;
  }
  return FileKind::kText;
}

Message DescribeKind(FileKind kind) {
  switch (kind) {
    case FileKind::kEmpty:
      return {"een leeg bestand", "an empty file"};
    case FileKind::kText:
      return {"een tekstbestand (CSV)", "a text file (CSV)"};
    case FileKind::kXlsx:
      return {"een Excel-werkmap (.xlsx)", "an Excel workbook (.xlsx)"};
    case FileKind::kOds:
      return {"een OpenDocument-rekenblad (.ods)",
              "an OpenDocument spreadsheet (.ods)"};
    case FileKind::kXls:
      return {"een oud Excel-bestand (.xls)", "an old Excel file (.xls)"};
    case FileKind::kZip:
      return {"een ZIP-bestand", "a ZIP file"};
    case FileKind::kEdexXml:
      return {"een EDEX-export", "an EDEX export"};
    case FileKind::kSpreadsheetMl:
      return {"een 'XML-spreadsheet 2003' van Excel",
              "an Excel 'XML Spreadsheet 2003'"};
    case FileKind::kHtml:
      return {"een webpagina (HTML)", "a web page (HTML)"};
    case FileKind::kOtherXml:
      return {"een XML-bestand dat geen EDEX is",
              "an XML file that is not EDEX"};
    case FileKind::kOtherOffice:
      return {"een tekstdocument of presentatie",
              "a text document or presentation"};
    case FileKind::kPdf:
      return {"een PDF-bestand", "a PDF file"};
    case FileKind::kImage:
      return {"een afbeelding", "an image"};
    case FileKind::kExecutable:
      return {"een programma", "a program"};
    case FileKind::kOtherArchive:
      return {"een ander soort archief dan ZIP", "an archive other than ZIP"};
    case FileKind::kBinary:
      return {"geen tekst of spreadsheet", "neither text nor a spreadsheet"};
  }
  return {"onbekend", "unknown"};
}

}  // namespace schoolbieb::formats
