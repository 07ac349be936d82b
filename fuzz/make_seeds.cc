// Writes the seed corpus of every fuzz target: small valid files of each
// format made by the same builders the tests use, plus the committed XLS
// fixtures. Usage: make_seeds OUT_DIR [XLS_FIXTURE_DIR]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "support/xlsx_builder.h"
#include "support/zip_builder.h"

namespace fs = std::filesystem;
using namespace schoolbieb::testing;

namespace {

void Write(const fs::path& dir, const std::string& name,
           const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::string Csv(char delimiter) {
  std::string csv = "Leerlingen 2026\r\n\r\n";
  for (const auto& row : SyntheticStudents()) {
    for (size_t c = 0; c < row.size(); ++c) {
      csv += (c ? std::string(1, delimiter) : "") + "\"" + row[c] + "\"";
    }
    csv += "\r\n";
  }
  return csv;
}

const char* kEdex = R"(<?xml version="1.0" encoding="UTF-8"?>
<EDEX><school><schooljaar>2026-2027</schooljaar><brincode>99XX</brincode><dependancecode>00</dependancecode></school>
<groepen><groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep><groep key="50"><naam>Groep 7/8</naam><jaargroep>C</jaargroep></groep></groepen>
<leerlingen><leerling key="3580"><achternaam>Voorbeeld</achternaam><voorvoegsel>v. d.</voorvoegsel><roepnaam>Saar</roepnaam><geboortedatum>2018-08-07</geboortedatum><geslacht>2</geslacht><jaargroep>4</jaargroep><groep key="49"/><postcodenl>1234AB</postcodenl></leerling>
<leerling key="3581"><achternaam>Proef</achternaam><voornamen>Timo Johannes</voornamen><roepnaam>Timo</roepnaam><geboortedatum>2015-02-14</geboortedatum><geslacht>1</geslacht><jaargroep>7</jaargroep><groep key="50"/></leerling></leerlingen>
<leerkrachten><leerkracht key="75"><achternaam>Meester</achternaam><roepnaam>Karel</roepnaam><groepen><groep key="49"/></groepen></leerkracht></leerkrachten></EDEX>)";

std::string Pad(const std::string& s, size_t width) {
  std::string out = s.substr(0, width);
  out.resize(width, ' ');
  return out;
}

std::string Edex2000() {
  std::string ll = Pad("Voorbeeld", 40) + Pad("van der", 10) + Pad("Saar", 20) +
                   "07082018" + "2" + " " + Pad("03580", 5) + Pad("00049", 5) +
                   "2026-2027" + std::string(9, ' ') + std::string(4, ' ') +
                   "1234AB" + "01092022" + std::string(8, ' ') + "  " + "99XX" +
                   Pad("00", 5) + "\r\n";
  std::string gr = Pad("Groep 4a", 30) + "4" + Pad("00049", 5) + "2026-2027" +
                   "99XX" + Pad("00", 5) + "\r\n";
  return ll + std::string(1, '\0') + gr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: make_seeds OUT_DIR [XLS_FIXTURE_DIR]\n";
    return 2;
  }
  fs::path out = argv[1];
  std::vector<std::pair<std::string, std::string>> all;
  auto add = [&](const std::string& target, const std::string& name,
                 const std::string& bytes) {
    Write(out / target, name, bytes);
    all.emplace_back(name, bytes);
  };
  add("csv", "semicolon.csv", Csv(';'));
  add("csv", "comma.csv", Csv(','));
  add("csv", "tab.csv", Csv('\t'));
  add("csv", "latin1.csv",
      "nr;naam\r\n1;Zo\xEB\r\n2;\"Jan \"\"de\"\" Vries\"\r\n");
  add("xlsx", "excel.xlsx", StudentsAsXlsx(false));
  add("xlsx", "sheetjs.xlsx", StudentsAsXlsx(true));
  add("ods", "students.ods", StudentsAsOds());
  add("edex", "edex.xml", kEdex);
  add("edex2000", "set.txt", Edex2000());
  add("zip", "csv.zip", BuildZip({{"leerlingen.csv", Csv(';')}}));
  add("zip", "edex.zip", BuildZip({{"EDEX.XML", kEdex}}));
  add("zip", "xlsx.zip",
      BuildZip({{"leerlingen.xlsx", StudentsAsXlsx(false)}}));
  add("zip", "crypt.zip",
      BuildEncryptedZip({{"a.csv", Csv(';')}}, "x", "zipcrypt"));
  if (argc > 2 && fs::is_directory(argv[2])) {
    for (const auto& entry : fs::directory_iterator(argv[2])) {
      if (entry.path().extension() != ".xls") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
      add("xls", entry.path().filename().string(), bytes);
    }
  }
  Write(out / "xls", "empty.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  for (const auto& [name, bytes] : all) Write(out / "any", name, bytes);
  return 0;
}
