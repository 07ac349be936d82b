// Builds XLSX and ODS packages in memory from XML written in the tests, plus
// the synthetic student table that every format test reads back. All people
// in it are invented.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace schoolbieb::testing {

// The synthetic students: a header row and six students, with accents,
// prefixes, leading-zero student numbers and ISO birth dates.
const std::vector<std::vector<std::string>>& SyntheticStudents();
// Index of the birth-date column in SyntheticStudents().
constexpr int kBirthDateColumn = 5;

struct XlsxSheet {
  std::string name;
  std::string sheet_data;  // the XML inside <sheetData>…</sheetData>
  bool hidden = false;
};

struct XlsxParts {
  std::vector<XlsxSheet> sheets;
  std::string shared_strings;  // the <si> elements, or empty for no part
  std::string num_fmts;        // <numFmt …/> elements
  std::string cell_xfs;        // <xf …/> elements; index 0 first
  bool date1904 = false;
  // XML put at the end of <workbook>, e.g. an <extLst>.
  std::string workbook_tail;
  // Renames every part of the package (and the root relationship's target),
  // for part names in other letter case, with '\\', or in other folders.
  std::function<std::string(const std::string&)> rename;
};

std::string BuildXlsx(const XlsxParts& parts);

// The student table as Excel writes it (shared strings, dates as serials
// with a date style) or as SheetJS writes it (inline strings, t="str").
std::string StudentsAsXlsx(bool sheetjs_style);

// `rows` as an ODS with one sheet (cells as strings; dates typed).
std::string StudentsAsOds();
std::string BuildOds(const std::string& tables_xml,
                     const std::string& automatic_styles = "");

// Escapes &, <, >, " for XML text and attributes.
std::string XmlEscape(const std::string& text);

// Days since 1899-12-30 of an ISO date, as Excel's 1900 serial.
int ExcelSerial(const std::string& iso_date);

}  // namespace schoolbieb::testing
