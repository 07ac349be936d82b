// bench_gen OUT_DIR: writes the benchmark's synthetic student files with a
// fixed seed — invented names only — so every run and every tool reads the
// same bytes:
//   students-100k.csv (UTF-8, ';'), students-100k-cp1252.csv,
//   students-1m.csv, students-100k.xlsx (Excel style: shared strings, date
//   serials), students-100k.ods. (The 60,000-row XLS is written by
//   bench/make_xls.py with xlwt.)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "support/xlsx_builder.h"
#include "support/zip_builder.h"

namespace fs = std::filesystem;
using schoolbieb::testing::XmlEscape;

namespace {

const char* kFirst[] = {"Zoë",   "Timo",  "Noor", "Daan", "Émilie", "Sem",
                        "Lotte", "Çağla", "Finn", "Saar", "Mila",   "Luuk",
                        "Julia", "Bram",  "Yara", "Jesse"};
const char* kPrefix[] = {"",        "",        "",   "van", "de",
                         "van der", "van den", "'t", "ter"};
const char* kLast[] = {"Voorbeeld",   "Proef",  "Steekproef", "Testbeek",
                       "Jansen-Ünal", "Hart",   "Bakker",     "Visser",
                       "Smit",        "Meijer", "Mulder",     "Bos"};

struct Student {
  std::vector<std::string> cells;
};

std::vector<std::string> Header() {
  return {"LEERLINGNUMMER", "ROEPNAAM",      "VOORLETTERS", "NAAMTUS",
          "NAAM",           "GEBOORTEDATUM", "GESLACHT",    "GROEP",
          "GROEPSNAAM",     "JAARGROEP",     "POSTCODE",    "EMAIL"};
}

std::vector<std::vector<std::string>> Students(size_t n) {
  std::mt19937 rng(20261128);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string first = kFirst[rng() % std::size(kFirst)];
    // The initial is the first code point, which may take two bytes ("É").
    size_t initial_bytes =
        (static_cast<unsigned char>(first[0]) & 0x80) ? 2 : 1;
    int year = 2010 + static_cast<int>(rng() % 12);
    int month = 1 + static_cast<int>(rng() % 12);
    int day = 1 + static_cast<int>(rng() % 28);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    int jaargroep = 1 + static_cast<int>(rng() % 8);
    char number[16];
    std::snprintf(number, sizeof number, "%06zu", 100000 + i);
    char postcode[8];
    std::snprintf(postcode, sizeof postcode, "%04d%c%c",
                  1000 + static_cast<int>(rng() % 8999),
                  'A' + static_cast<int>(rng() % 26),
                  'B' + static_cast<int>(rng() % 24));
    rows.push_back(
        {number, first, first.substr(0, initial_bytes) + ".",
         kPrefix[rng() % std::size(kPrefix)], kLast[rng() % std::size(kLast)],
         date, rng() % 2 ? "M" : "V", std::to_string(jaargroep) + "A",
         "Groep " + std::to_string(jaargroep) + "a", std::to_string(jaargroep),
         postcode, "ouder" + std::to_string(i) + "@example.org"});
  }
  return rows;
}

std::string Cp1252(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c == 0xC3 && i + 1 < utf8.size()) {
      out.push_back(
          static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40));
    } else {
      // ğ and other letters outside Latin-1: a plain g in the 1252 file.
      while (i + 1 < utf8.size() &&
             (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80)
        ++i;
      out.push_back('g');
    }
  }
  return out;
}

void WriteCsv(const fs::path& path,
              const std::vector<std::vector<std::string>>& rows, bool cp1252) {
  std::ofstream out(path, std::ios::binary);
  std::string line;
  auto emit = [&](const std::vector<std::string>& row) {
    line.clear();
    for (size_t c = 0; c < row.size(); ++c) line += (c ? ";" : "") + row[c];
    line += "\r\n";
    out << (cp1252 ? Cp1252(line) : line);
  };
  emit(Header());
  for (const auto& row : rows) emit(row);
}

std::string ColumnName(int column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

void WriteXlsx(const fs::path& path,
               const std::vector<std::vector<std::string>>& rows) {
  schoolbieb::testing::XlsxParts parts;
  std::unordered_map<std::string, int> index;
  std::string data;
  auto add_row = [&](size_t r, const std::vector<std::string>& row,
                     bool header) {
    data += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      std::string ref = ColumnName(static_cast<int>(c + 1)) + std::to_string(r);
      if (!header && c == 5) {
        data += "<c r=\"" + ref + "\" s=\"1\"><v>" +
                std::to_string(schoolbieb::testing::ExcelSerial(row[c])) +
                "</v></c>";
        continue;
      }
      auto it = index.find(row[c]);
      if (it == index.end()) {
        it = index.emplace(row[c], static_cast<int>(index.size())).first;
        parts.shared_strings += "<si><t>" + XmlEscape(row[c]) + "</t></si>";
      }
      data += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(it->second) +
              "</v></c>";
    }
    data += "</row>";
  };
  add_row(1, Header(), true);
  for (size_t i = 0; i < rows.size(); ++i) add_row(i + 2, rows[i], false);
  parts.sheets.push_back({"Leerlingen", data, false});
  std::ofstream(path, std::ios::binary)
      << schoolbieb::testing::BuildXlsx(parts);
}

void WriteOds(const fs::path& path,
              const std::vector<std::vector<std::string>>& rows) {
  std::string xml = "<table:table table:name=\"Leerlingen\">";
  auto add_row = [&](const std::vector<std::string>& row, bool header) {
    xml += "<table:table-row>";
    for (size_t c = 0; c < row.size(); ++c) {
      if (!header && c == 5) {
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
  add_row(Header(), true);
  for (const auto& row : rows) add_row(row, false);
  xml += "</table:table>";
  std::ofstream(path, std::ios::binary) << schoolbieb::testing::BuildOds(xml);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_gen OUT_DIR\n";
    return 2;
  }
  fs::path out = argv[1];
  fs::create_directories(out);
  auto rows = Students(100000);
  WriteCsv(out / "students-100k.csv", rows, false);
  WriteCsv(out / "students-100k-cp1252.csv", rows, true);
  WriteXlsx(out / "students-100k.xlsx", rows);
  WriteOds(out / "students-100k.ods", rows);
  WriteCsv(out / "students-1m.csv", Students(1000000), false);
  return 0;
}
