#include "core/csv_writer.h"

namespace schoolbieb {
namespace {

// Whether a spreadsheet would read the cell as a formula (or as something
// that starts one after its leading whitespace).
bool StartsLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n':
      return true;
    default:
      break;
  }
  // The full-width forms some spreadsheets also accept: ＝ ＋ － ＠
  // (U+FF1D, U+FF0B, U+FF0D, U+FF20).
  for (std::string_view wide :
       {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {
    if (text.starts_with(wide)) return true;
  }
  return false;
}

}  // namespace

std::string CsvCell(std::string_view text) {
  std::string cell;
  cell.reserve(text.size() + 3);
  if (StartsLikeFormula(text)) cell += '\'';
  cell += text;
  if (cell.find_first_of(";\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ';';
    line += CsvCell(cells[i]);
  }
  line += "\r\n";
  return line;
}

}  // namespace schoolbieb
