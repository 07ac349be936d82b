#include "support/xlsx_builder.h"

#include <map>

#include "core/escape.h"
#include "support/zip_builder.h"

namespace schoolbieb::testing {
namespace {

std::string ColumnName(int column) {
  std::string out;
  while (column > 0) {
    int rem = (column - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    column = (column - 1) / 26;
  }
  return out;
}

long long DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

const std::vector<std::vector<std::string>>& SyntheticStudents() {
  static const std::vector<std::vector<std::string>> kRows = {
      {"LEERLINGNUMMER", "ROEPNAAM", "VOORLETTERS", "NAAMTUS", "NAAM",
       "GEBOORTEDATUM", "GROEP", "GROEPSNAAM", "JAARGROEP"},
      {"000123", "Zoë", "Z.", "van der", "Voorbeeld", "2018-08-07", "4A",
       "Groep 4a", "4"},
      {"000124", "Timo", "T.J.", "", "Proef", "2015-02-14", "78", "Groep 7/8",
       "7"},
      {"125", "Noor", "N.", "de", "Steekproef", "2014-11-30", "78", "Groep 7/8",
       "8"},
      {"000126", "Çağla", "Ç.", "", "Testoğlu", "2017-01-01", "5B", "De kevers",
       "5"},
      {"0127", "Daan", "D.", "'t", "Hart", "2016-12-31", "4A", "Groep 4a", "4"},
      {"128", "Émilie", "É.M.", "d'", "Arcy-Jansen", "2019-06-15", "1",
       "Groep 1", "1"},
  };
  return kRows;
}

std::string XmlEscape(const std::string& text) { return EscapeHtml(text); }

int ExcelSerial(const std::string& iso) {
  int y = std::stoi(iso.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  return static_cast<int>(DaysFromCivil(y, m, d) - DaysFromCivil(1899, 12, 30));
}

std::string BuildXlsx(const XlsxParts& parts) {
  std::vector<ZipItem> items;
  // Every part declared, as Excel does: openpyxl refuses packages without.
  std::string types =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
      R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)";
  for (size_t i = 0; i < parts.sheets.size(); ++i) {
    types +=
        "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) +
        ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
        "spreadsheetml.worksheet+xml\"/>";
  }
  if (!parts.shared_strings.empty()) {
    types +=
        R"(<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>)";
  }
  types += "</Types>";
  items.push_back({"[Content_Types].xml", types});
  items.push_back(
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target=")" +
           (parts.rename ? parts.rename("xl/workbook.xml")
                         : std::string("xl/workbook.xml")) +
           R"("/></Relationships>)"});
  std::string workbook =
      R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)";
  workbook +=
      parts.date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>";
  workbook += "<sheets>";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (size_t i = 0; i < parts.sheets.size(); ++i) {
    std::string id = "rId" + std::to_string(i + 1);
    workbook += "<sheet name=\"" + XmlEscape(parts.sheets[i].name) +
                "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
                (parts.sheets[i].hidden ? " state=\"hidden\"" : "") +
                " r:id=\"" + id + "\"/>";
    rels += "<Relationship Id=\"" + id +
            "\" "
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
            "relationships/"
            "worksheet\" Target=\"worksheets/sheet" +
            std::to_string(i + 1) + ".xml\"/>";
    items.push_back(
        {"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml",
         R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
             parts.sheets[i].sheet_data + "</sheetData></worksheet>"});
  }
  workbook += "</sheets>" + parts.workbook_tail + "</workbook>";
  rels +=
      R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
  if (!parts.shared_strings.empty()) {
    rels +=
        R"(<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
    items.push_back(
        {"xl/sharedStrings.xml",
         R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
             parts.shared_strings + "</sst>"});
  }
  rels += "</Relationships>";
  items.push_back({"xl/workbook.xml", workbook});
  items.push_back({"xl/_rels/workbook.xml.rels", rels});
  std::string xfs = parts.cell_xfs.empty()
                        ? R"(<xf numFmtId="0"/><xf numFmtId="14"/>)"
                        : parts.cell_xfs;
  items.push_back(
      {"xl/styles.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>)" +
           parts.num_fmts + "</numFmts><cellXfs>" + xfs +
           "</cellXfs></styleSheet>"});
  if (parts.rename) {
    for (ZipItem& item : items) {
      if (item.name != "_rels/.rels" && item.name != "[Content_Types].xml")
        item.name = parts.rename(item.name);
    }
  }
  return BuildZip(items);
}

std::string StudentsAsXlsx(bool sheetjs_style) {
  const auto& rows = SyntheticStudents();
  XlsxParts parts;
  std::map<std::string, int> index;
  std::string data;
  for (size_t r = 0; r < rows.size(); ++r) {
    data += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) continue;  // sparse: empty cells are absent
      std::string ref =
          ColumnName(static_cast<int>(c + 1)) + std::to_string(r + 1);
      if (r > 0 && static_cast<int>(c) == kBirthDateColumn) {
        data += "<c r=\"" + ref + "\" s=\"1\"><v>" +
                std::to_string(ExcelSerial(v)) + "</v></c>";
      } else if (sheetjs_style) {
        // SheetJS writes inline strings; formulas' cached text as t="str".
        if (c == 1 && r > 0) {
          data += "<c r=\"" + ref + "\" t=\"str\"><f>B" +
                  std::to_string(r + 1) + "</f><v>" + XmlEscape(v) + "</v></c>";
        } else {
          data += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" +
                  XmlEscape(v) + "</t></is></c>";
        }
      } else {
        auto it = index.find(v);
        if (it == index.end()) {
          it = index.emplace(v, static_cast<int>(index.size())).first;
          parts.shared_strings +=
              "<si><t xml:space=\"preserve\">" + XmlEscape(v) + "</t></si>";
        }
        data += "<c r=\"" + ref + "\" t=\"s\"><v>" +
                std::to_string(it->second) + "</v></c>";
      }
    }
    data += "</row>";
  }
  parts.sheets.push_back({"Leerlingen", data, false});
  return BuildXlsx(parts);
}

std::string BuildOds(const std::string& tables_xml,
                     const std::string& automatic_styles) {
  std::vector<ZipItem> items;
  items.push_back(
      {"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false});
  items.push_back(
      {"META-INF/manifest.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>)"});
  items.push_back(
      {"content.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:automatic-styles>)" +
           automatic_styles +
           "</office:automatic-styles><office:body><office:spreadsheet>" +
           tables_xml +
           "</office:spreadsheet></office:body></office:document-content>"});
  return BuildZip(items);
}

std::string StudentsAsOds() {
  const auto& rows = SyntheticStudents();
  std::string xml = "<table:table table:name=\"Leerlingen\">";
  for (size_t r = 0; r < rows.size(); ++r) {
    xml += "<table:table-row>";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) {
        xml += "<table:table-cell/>";
      } else if (r > 0 && static_cast<int>(c) == kBirthDateColumn) {
        xml +=
            "<table:table-cell office:value-type=\"date\" "
            "office:date-value=\"" +
            v + "\"><text:p>" + v.substr(8, 2) + "-" + v.substr(5, 2) + "-" +
            v.substr(0, 4) + "</text:p></table:table-cell>";
      } else {
        xml += "<table:table-cell office:value-type=\"string\"><text:p>" +
               XmlEscape(v) + "</text:p></table:table-cell>";
      }
    }
    // LibreOffice ends rows with one repeated empty cell up to the last column.
    xml +=
        "<table:table-cell "
        "table:number-columns-repeated=\"1015\"/></table:table-row>";
  }
  xml +=
      "<table:table-row "
      "table:number-rows-repeated=\"1048569\"><table:table-cell "
      "table:number-columns-repeated=\"1024\"/></table:table-row></"
      "table:table>";
  return BuildOds(xml);
}

}  // namespace schoolbieb::testing
