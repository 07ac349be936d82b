// bench_gen OUT_DIR: writes the benchmark's synthetic student files with a
// fixed seed — invented names only (bench/synthetic_students.h) — so every
// run and every tool reads the same bytes:
//   students-100k.csv (UTF-8, ';'), students-100k-cp1252.csv,
//   students-1m.csv, students-100k.xlsx (Excel style: shared strings, date
//   serials), students-100k.ods. (The 60,000-row XLS is written by
//   bench/make_xls.py with xlwt.)
// bench_gen --rows N OUT_DIR: writes students-N.csv and students-N.xlsx, the
//   first N of the same students (bench/scaling.py).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "support/xlsx_builder.h"
#include "support/zip_builder.h"
#include "synthetic_students.h"

namespace fs = std::filesystem;
using schoolbieb::testing::XmlEscape;

namespace {

using Rows = std::vector<std::vector<std::string>>;

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void WriteOds(const fs::path& path, const Rows& rows) {
  std::string xml = "<table:table table:name=\"Leerlingen\">";
  auto add_row = [&](const std::vector<std::string>& row, bool header) {
    xml += "<table:table-row>";
    for (size_t c = 0; c < row.size(); ++c) {
      if (!header && c == schoolbieb::bench::kBirthDateColumn) {
        xml +=
            "<table:table-cell office:value-type=\"date\" "
            "office:date-value=\"" +
            row[c] + "\"><text:p>" + row[c] + "</text:p></table:table-cell>";
      } else if (row[c].empty()) {
        xml += "<table:table-cell/>";
      } else {
        xml += "<table:table-cell office:value-type=\"string\"><text:p>" +
               XmlEscape(row[c]) + "</text:p></table:table-cell>";
      }
    }
    xml += "</table:table-row>";
  };
  add_row(schoolbieb::bench::StudentHeader(), true);
  for (const auto& row : rows) add_row(row, false);
  xml += "</table:table>";
  std::ofstream(path, std::ios::binary) << schoolbieb::testing::BuildOds(xml);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace schoolbieb::bench;
  if (argc == 4 && std::string(argv[1]) == "--rows") {
    size_t count = std::strtoull(argv[2], nullptr, 10);
    fs::path out = argv[3];
    fs::create_directories(out);
    Rows rows = SyntheticStudents(count);
    std::string stem = "students-" + std::to_string(count);
    WriteFile(out / (stem + ".csv"), StudentsCsv(rows, false));
    WriteFile(out / (stem + ".xlsx"), StudentsXlsx(rows));
    return 0;
  }
  if (argc != 2) {
    std::cerr << "usage: bench_gen OUT_DIR | bench_gen --rows N OUT_DIR\n";
    return 2;
  }
  fs::path out = argv[1];
  fs::create_directories(out);
  Rows rows = SyntheticStudents(100000);
  WriteFile(out / "students-100k.csv", StudentsCsv(rows, false));
  WriteFile(out / "students-100k-cp1252.csv", StudentsCsv(rows, true));
  WriteFile(out / "students-100k.xlsx", StudentsXlsx(rows));
  WriteOds(out / "students-100k.ods", rows);
  WriteFile(out / "students-1m.csv",
            StudentsCsv(SyntheticStudents(1000000), false));
  return 0;
}
