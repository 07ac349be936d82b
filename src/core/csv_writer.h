// Writing CSV that opens safely in Excel and LibreOffice: the files staff
// download (an import's list of students, a person's data) hold text that
// came from school files, and a cell starting with = + - @ (or a tab or
// carriage return, or their full-width forms) would be taken for a formula
// ("CSV injection", OWASP). Such a cell gets a leading apostrophe, which
// spreadsheets show as text and do not display; text already starting with
// an apostrophe — the Dutch prefix 't, as in "van 't Hof" — is left as it
// is. Separator ';' (what Dutch Excel expects), CRLF line ends, a UTF-8 BOM
// first so Excel reads the accents right, and "…" around any cell holding
// ; " or a line break. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace schoolbieb {

// One cell as it must appear in a CSV line (neutralised and quoted).
std::string CsvCell(std::string_view text);

// A line of cells joined by ';' and ended with CRLF.
std::string CsvLine(const std::vector<std::string>& cells);

// The UTF-8 byte order mark that starts every CSV file we write.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

}  // namespace schoolbieb
