// Deciding what a file is from its leading bytes (and, for ZIP packages, from
// the names inside), never from its extension.
#pragma once

#include <string>
#include <string_view>

#include "core/message.h"
#include "formats/limits.h"

namespace schoolbieb::formats {

enum class FileKind {
  kEmpty,
  kText,  // CSV, TXT, or EDEX2000 fixed-width text
  kXlsx,
  kOds,
  kXls,            // OLE2 compound file with a Workbook stream, or raw BIFF
  kZip,            // a plain ZIP (may hold a student file)
  kEdexXml,        // EDEX, or UWLR leerlinggegevens
  kSpreadsheetMl,  // Excel 2003 XML ("XML-spreadsheet"), often saved as .xls
  kHtml,           // a web page, often saved as .xls by web exports
  kOtherXml,
  kOtherOffice,  // .docx, .pptx, .odt, .doc …: not a spreadsheet
  kPdf,
  kImage,  // JPEG, PNG, GIF, TIFF: a photo or a scan of a list
  kExecutable,
  kOtherArchive,  // gzip, rar, 7z, tar
  kBinary,        // anything else that is not text
};

// "csv", "xlsx", … for JSON and logs.
std::string_view FileKindName(FileKind kind);

// Decides the kind from the content. Cheap: reads at most the central
// directory of a ZIP and the first few KiB otherwise.
FileKind SniffFileKind(std::string_view bytes, const Limits& limits);

// What a refused kind is, for the teacher: "een PDF-bestand" / "a PDF file".
Message DescribeKind(FileKind kind);

}  // namespace schoolbieb::formats
