// dump_table FILE...: reads each FILE with formats::ReadTable, as the portal
// does, and prints one JSON line per file with every cell unmasked (row
// line, column, type, text), or the refusal. For bench/reader_suites.py,
// which compares the cells with reference readers; never for student files,
// whose values `schoolbieb inspect` masks.
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "formats/reader.h"

namespace {

nlohmann::json Dump(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  schoolbieb::formats::ReadOptions options;
  options.file_name = path;
  auto table = schoolbieb::formats::ReadTable(bytes, options);
  nlohmann::json out = {{"file", path}};
  if (!table.ok()) {
    out["error"] = {
        {"code", table.status().code_name()},
        {"nl", table.status().message(schoolbieb::Language::kDutch)},
        {"en", table.status().message(schoolbieb::Language::kEnglish)}};
    return out;
  }
  out["format"] = table->format;
  out["encoding"] = table->encoding;
  out["delimiter"] = table->delimiter == '\t' ? std::string("tab")
                     : table->delimiter == 0  ? std::string()
                                             : std::string(1, table->delimiter);
  out["sheets"] = nlohmann::json::array();
  for (const auto& sheet : table->sheets) {
    nlohmann::json cells = nlohmann::json::array();
    for (size_t r = 0; r < sheet.row_count(); ++r) {
      for (size_t i = 0; i < sheet.cell_count(r); ++i) {
        const auto& cell = sheet.cell_at(r, i);
        cells.push_back({sheet.line(r), cell.column,
                         schoolbieb::formats::CellTypeName(cell.type),
                         sheet.text(cell)});
      }
    }
    out["sheets"].push_back({{"name", sheet.name()}, {"cells", cells}});
  }
  out["problems"] = nlohmann::json::array();
  for (const auto& p : table->problems) out["problems"].push_back(p.message.en);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::cout << Dump(argv[i]).dump(-1, ' ', false,
                                    nlohmann::json::error_handler_t::replace)
              << "\n";
  }
  return 0;
}
