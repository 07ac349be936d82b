// Writes the seed corpus of every fuzz target: small valid files of each
// format made by the same builders the tests use, plus the committed XLS
// fixtures. Usage: make_seeds OUT_DIR [XLS_FIXTURE_DIR]
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "support/office_encryptor.h"
#include "support/ole2_builder.h"
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

std::string Le16(uint16_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}
std::string Le32(uint32_t v) { return Le16(v & 0xFFFF) + Le16(v >> 16); }
std::string Rec(uint16_t id, const std::string& body) {
  return Le16(id) + Le16(static_cast<uint16_t>(body.size())) + body;
}

// A small BIFF8 workbook stream: `globals` after the BOF, one sheet of
// labels; the BOUNDSHEET offset follows the globals' size.
std::string Biff8(const std::string& globals) {
  std::string bof_globals =
      Rec(0x0809, Le16(0x0600) + Le16(5) + std::string(12, '\0'));
  std::string bof_sheet =
      Rec(0x0809, Le16(0x0600) + Le16(0x10) + std::string(12, '\0'));
  std::string name = std::string("\x05\x00", 2) + "Blad1";  // cch, Latin-1
  std::string bound_probe = Rec(0x0085, Le32(0) + std::string(2, '\0') + name);
  std::string eof = Rec(0x000A, "");
  uint32_t sheet_at = static_cast<uint32_t>(
      bof_globals.size() + globals.size() + bound_probe.size() + eof.size());
  std::string cells;
  for (uint16_t r = 0; r < 40; ++r) {
    std::string text = "Leerling " + std::to_string(r);
    cells += Rec(0x0204, Le16(r) + Le16(0) + Le16(0) +
                             Le16(static_cast<uint16_t>(text.size())) +
                             std::string(1, '\0') + text);
  }
  return bof_globals + globals +
         Rec(0x0085, Le32(sheet_at) + std::string(2, '\0') + name) + eof +
         bof_sheet + cells + eof;
}

// The shapes of issue 26: protected with Excel's default password, odd
// OPC part names, repeated rows, escapes, UTF-32, encrypted and bombing ODS.
void AddIssue26Seeds(
    const std::function<void(const std::string&, const std::string&,
                             const std::string&)>& add) {
  const std::u16string kDefault = u"VelvetSweatshop";
  for (auto [method, name] :
       {std::pair{BiffEncryption::kXor, "xor.xls"},
        std::pair{BiffEncryption::kRc4, "rc4.xls"},
        std::pair{BiffEncryption::kRc4CryptoApi40, "cryptoapi40.xls"},
        std::pair{BiffEncryption::kRc4CryptoApi128, "cryptoapi128.xls"}}) {
    std::string stream = Biff8(Rec(0x002F, FilePassBody(method, kDefault)));
    EncryptBiff(&stream, method, kDefault);
    add("xls", name, BuildOle2({{"Workbook", stream}}));
  }
  std::string xlsx = StudentsAsXlsx(false);
  // A low spin count keeps the fuzzer's executions fast.
  auto agile = EncryptAgile(xlsx, kDefault, 10);
  auto standard = EncryptStandard(xlsx, kDefault);
  add("xls", "agile.xlsx",
      BuildOle2({{"EncryptionInfo", agile.encryption_info},
                 {"EncryptedPackage", agile.encrypted_package}}));
  add("xls", "standard.xlsx",
      BuildOle2({{"EncryptionInfo", standard.encryption_info},
                 {"EncryptedPackage", standard.encrypted_package}}));

  XlsxParts parts;
  parts.date1904 = true;
  parts.workbook_tail =
      R"(<extLst><ext uri="x"><x15:workbookPr xmlns:x15="x15"/></ext></extLst>)";
  parts.shared_strings = "<si><t>a_x000D_b_x005F_x0041_</t></si>";
  parts.sheets.push_back(
      {"Blad1",
       R"(<row r="1"><c r="a1" t="s"><v>0</v></c></row>)"
       R"(<row r="1"><c r="b1" s="1"><v>0.5</v></c></row>)"
       R"(<row r="2"><c r="A2" t="inlineStr"><v>9</v><is><t>x</t></is></c>)"
       R"(<c r="B2"><v>12345678901234567890</v></c></row>)"});
  parts.rename = [](const std::string& n) {
    std::string out = n.starts_with("xl/") ? "Boek/" + n.substr(3) : n;
    for (char& c : out) c = c == '/' && out.starts_with("Boek") ? '\\' : c;
    return out;
  };
  add("xlsx", "issue26.xlsx", BuildXlsx(parts));

  std::string manifest =
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">)"
      R"(<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>)"
      R"(</manifest:file-entry></manifest:manifest>)";
  add("ods", "encrypted.ods",
      BuildZip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                 false},
                {"content.xml", std::string(300, '\x9C'), false},
                {"META-INF/manifest.xml", manifest}}));
  add("ods", "repeat-bomb.ods",
      BuildOds(
          R"(<table:table table:name="Bom"><table:table-row )"
          R"(table:number-rows-repeated="1000000000"><table:table-cell )"
          R"(office:value-type="string" )"
          R"(table:number-columns-repeated="1000000000"><text:p>x)"
          R"(</text:p></table:table-cell></table:table-row></table:table>)"));

  std::string utf32 = "\xFF\xFE";
  utf32 += std::string(2, '\0');
  for (char c : std::string("nr;naam\r\n1;Zoe\r\n")) {
    utf32 += std::string(1, c) + std::string(3, '\0');
  }
  add("csv", "utf32.csv", utf32);
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
  AddIssue26Seeds(add);
  Write(out / "xls", "empty.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  for (const auto& [name, bytes] : all) Write(out / "any", name, bytes);
  return 0;
}
