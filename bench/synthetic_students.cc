#include "synthetic_students.h"

#include <cstdio>
#include <random>
#include <unordered_map>

#include "support/xlsx_builder.h"

namespace schoolbieb::bench {
namespace {

using testing::XmlEscape;

const char* kFirst[] = {"Zoë",   "Timo",  "Noor", "Daan", "Émilie", "Sem",
                        "Lotte", "Çağla", "Finn", "Saar", "Mila",   "Luuk",
                        "Julia", "Bram",  "Yara", "Jesse"};
const char* kPrefix[] = {"",        "",        "",   "van", "de",
                         "van der", "van den", "'t", "ter"};
const char* kLast[] = {"Voorbeeld",   "Proef",  "Steekproef", "Testbeek",
                       "Jansen-Ünal", "Hart",   "Bakker",     "Visser",
                       "Smit",        "Meijer", "Mulder",     "Bos"};

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

std::string ColumnName(int column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

}  // namespace

std::vector<std::string> StudentHeader() {
  return {"LEERLINGNUMMER", "ROEPNAAM",      "VOORLETTERS", "NAAMTUS",
          "NAAM",           "GEBOORTEDATUM", "GESLACHT",    "GROEP",
          "GROEPSNAAM",     "JAARGROEP",     "POSTCODE",    "EMAIL"};
}

std::vector<std::vector<std::string>> SyntheticStudents(size_t count) {
  std::mt19937 rng(20261128);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(count);
  for (size_t i = 0; i < count; ++i) {
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

std::string StudentsCsv(const std::vector<std::vector<std::string>>& rows,
                        bool cp1252) {
  std::string out;
  std::string line;
  auto emit = [&](const std::vector<std::string>& row) {
    line.clear();
    for (size_t c = 0; c < row.size(); ++c) line += (c ? ";" : "") + row[c];
    line += "\r\n";
    out += cp1252 ? Cp1252(line) : line;
  };
  emit(StudentHeader());
  for (const auto& row : rows) emit(row);
  return out;
}

std::string StudentsSheetData(const std::vector<std::vector<std::string>>& rows,
                              std::string* shared_strings) {
  std::unordered_map<std::string, int> index;
  std::string data;
  auto add_row = [&](size_t r, const std::vector<std::string>& row,
                     bool header) {
    data += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      std::string ref = ColumnName(static_cast<int>(c + 1)) + std::to_string(r);
      if (!header && c == kBirthDateColumn) {
        data += "<c r=\"" + ref + "\" s=\"1\"><v>" +
                std::to_string(testing::ExcelSerial(row[c])) + "</v></c>";
        continue;
      }
      auto it = index.find(row[c]);
      if (it == index.end()) {
        it = index.emplace(row[c], static_cast<int>(index.size())).first;
        *shared_strings += "<si><t>" + XmlEscape(row[c]) + "</t></si>";
      }
      data += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(it->second) +
              "</v></c>";
    }
    data += "</row>";
  };
  add_row(1, StudentHeader(), true);
  for (size_t i = 0; i < rows.size(); ++i) add_row(i + 2, rows[i], false);
  return data;
}

std::string StudentsXlsx(const std::vector<std::vector<std::string>>& rows) {
  testing::XlsxParts parts;
  std::string data = StudentsSheetData(rows, &parts.shared_strings);
  parts.sheets.push_back({"Leerlingen", std::move(data), false});
  return testing::BuildXlsx(parts);
}

}  // namespace schoolbieb::bench
