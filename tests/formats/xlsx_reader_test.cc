#include <gtest/gtest.h>

#include <functional>

#include "formats/reader.h"
#include "formats/spreadsheet_dates.h"
#include "formats/zip_archive.h"
#include "support/xlsx_builder.h"
#include "support/zip_builder.h"

namespace schoolbieb::formats {
namespace {

using testing::BuildXlsx;
using testing::SyntheticStudents;
using testing::XlsxParts;

Table MustRead(const std::string& bytes) {
  auto table = ReadXlsx(bytes, ReadOptions{});
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(table).value() : Table{};
}

void ExpectStudents(const Sheet& sheet) {
  const auto& rows = SyntheticStudents();
  ASSERT_EQ(sheet.row_count(), rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      EXPECT_EQ(sheet.Text(r, static_cast<int>(c + 1)), rows[r][c])
          << "row " << r << " col " << c;
    }
  }
  EXPECT_EQ(sheet.Type(1, testing::kBirthDateColumn + 1), CellType::kDate);
  EXPECT_EQ(sheet.Type(1, 1), CellType::kText);  // "000123" kept as text
}

TEST(XlsxReaderTest, ExcelStyleSharedStringsAndDates) {
  Table table = MustRead(testing::StudentsAsXlsx(/*sheetjs_style=*/false));
  EXPECT_EQ(table.format, "xlsx");
  ASSERT_EQ(table.sheets.size(), 1u);
  EXPECT_EQ(table.sheets[0].name(), "Leerlingen");
  ExpectStudents(table.sheets[0]);
}

TEST(XlsxReaderTest, SheetJsStyleInlineStringsAndFormulaStrings) {
  // liborcus 0.17 drops exactly these cells.
  Table table = MustRead(testing::StudentsAsXlsx(/*sheetjs_style=*/true));
  ASSERT_EQ(table.sheets.size(), 1u);
  ExpectStudents(table.sheets[0]);
}

TEST(XlsxReaderTest, EmptySharedStringIsEmptyNotThePreviousOne) {
  // liborcus 0.17 repeats "Zoë" for the empty <si/>.
  XlsxParts parts;
  parts.shared_strings =
      "<si><t>Zoë</t></si><si/><si><t></t></si><si><r><t>Van </t></r>"
      "<r><rPr><b/></rPr><t>Dam</t></r><rPh><t>ignored</t></rPh></si>";
  parts.sheets.push_back(
      {"Blad1",
       R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
       R"(<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "Zoë");
  EXPECT_EQ(s.Text(0, 2), "");
  EXPECT_EQ(s.Text(0, 3), "");
  EXPECT_EQ(s.Text(0, 4), "Van Dam");
}

TEST(XlsxReaderTest, EveryCellKind) {
  XlsxParts parts;
  parts.shared_strings = "<si><t>tekst</t></si>";
  parts.num_fmts = R"(<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>)"
                   R"(<numFmt numFmtId="165" formatCode="&quot;nr &quot;0"/>)";
  parts.cell_xfs =
      R"(<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>)"
      R"(<xf numFmtId="165"/><xf numFmtId="22"/>)";
  parts.sheets.push_back(
      {"Alles",
       R"(<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1234</v></c>)"
       R"(<c r="C2"><v>12.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c>)"
       R"(<c r="F2" s="1"><v>43319</v></c><c r="G2" s="2"><v>43319</v></c>)"
       R"(<c r="H2" s="3"><v>7</v></c><c r="I2" s="4"><v>43319.5</v></c>)"
       R"(<c r="J2" t="d"><v>2018-08-07T00:00:00</v></c><c r="K2" t="str"><f>A1</f><v>uitkomst</v></c>)"
       R"(<c r="L2" t="inlineStr"><is><t>inline</t></is></c></row>)"
       R"(<row r="5"><c r="Z5" t="b"><v>0</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  ASSERT_EQ(s.row_count(), 2u);
  EXPECT_EQ(s.line(0), 2);  // sparse rows keep their numbers
  EXPECT_EQ(s.line(1), 5);
  EXPECT_EQ(s.Text(0, 1), "tekst");
  EXPECT_EQ(s.Text(0, 2), "1234");
  EXPECT_EQ(s.Type(0, 2), CellType::kNumber);
  EXPECT_EQ(s.Text(0, 3), "12.5");
  EXPECT_EQ(s.Text(0, 4), "TRUE");
  EXPECT_EQ(s.Type(0, 4), CellType::kBoolean);
  EXPECT_EQ(s.Text(0, 5), "#N/A");
  EXPECT_EQ(s.Type(0, 5), CellType::kError);
  EXPECT_EQ(s.Text(0, 6), "2018-08-07");
  EXPECT_EQ(s.Type(0, 6), CellType::kDate);
  EXPECT_EQ(s.Text(0, 7), "2018-08-07");  // custom date format
  EXPECT_EQ(s.Text(0, 8), "7");           // "nr "0 is not a date
  EXPECT_EQ(s.Text(0, 9), "2018-08-07T12:00:00");
  EXPECT_EQ(s.Text(0, 10), "2018-08-07");
  EXPECT_EQ(s.Text(0, 11), "uitkomst");
  EXPECT_EQ(s.Text(0, 12), "inline");
  EXPECT_EQ(s.Text(1, 26), "FALSE");
  bool error_reported = false;
  for (const auto& p : table.problems) {
    if (p.kind == ProblemKind::kCellError && p.row == 2 && p.column == 5)
      error_reported = true;
  }
  EXPECT_TRUE(error_reported);
}

TEST(XlsxReaderTest, Date1904System) {
  XlsxParts parts;
  parts.date1904 = true;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1" s="1"><v>41857</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "2018-08-07");
}

TEST(XlsxReaderTest, SeveralSheetsWithHiddenOnesMarked) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Leerlingen",
       R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>)"});
  parts.sheets.push_back(
      {"Oud",
       R"(<row r="1"><c r="A1" t="inlineStr"><is><t>b</t></is></c></row>)",
       true});
  Table table = MustRead(BuildXlsx(parts));
  ASSERT_EQ(table.sheets.size(), 2u);
  EXPECT_FALSE(table.sheets[0].hidden());
  EXPECT_TRUE(table.sheets[1].hidden());
  EXPECT_EQ(table.sheets[1].Text(0, 1), "b");
  bool noted = false;
  for (const auto& p : table.problems)
    noted |= p.kind == ProblemKind::kHiddenSheet;
  EXPECT_TRUE(noted);
}

TEST(XlsxReaderTest, MillionColumnsClaimIsNotExpanded) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1",
       R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>)"
       R"(<c r="XFD1" t="inlineStr"><is><t>ver weg</t></is></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].column_count(), 1);
  bool noted = false;
  for (const auto& p : table.problems)
    noted |= p.kind == ProblemKind::kTooManyColumns;
  EXPECT_TRUE(noted);
}

TEST(XlsxReaderTest, TooManyRowsAreRefusedNamingTheLimit) {
  std::string data;
  for (int r = 1; r <= 101; ++r) {
    data += "<row r=\"" + std::to_string(r) +
            "\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
  }
  XlsxParts parts;
  parts.sheets.push_back({"Blad1", data});
  ReadOptions options;
  options.limits.max_rows = 100;
  auto table = ReadXlsx(BuildXlsx(parts), options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(table.status().message().nl.find("100 rijen"), std::string::npos);
}

// A package around one worksheet part written out in full, and a
// shared-strings part when `shared_strings` is not empty.
std::string XlsxWithSheetXml(const std::string& sheet_xml,
                             const std::string& shared_strings = "") {
  std::vector<testing::ZipItem> items = {
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml", sheet_xml}};
  if (!shared_strings.empty())
    items.push_back({"xl/sharedStrings.xml", shared_strings});
  return testing::BuildZip(items);
}

TEST(XlsxReaderTest, EntityTricksAreRefused) {
  const std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>)"
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>)";
  const std::string external =
      R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>)";
  for (const std::string& strings : {laughs, external}) {
    // The hostile shared-strings part in an otherwise valid package.
    auto table = ReadXlsx(
        XlsxWithSheetXml(
            R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>)",
            strings),
        ReadOptions{});
    ASSERT_FALSE(table.ok());
    EXPECT_NE(table.status().message().nl.find("DOCTYPE"), std::string::npos);
    EXPECT_EQ(table.status().message().en.find("root:"), std::string::npos);
  }
}

TEST(XlsxReaderTest, HugeSharedStringCountIsBounded) {
  std::string strings;
  for (int i = 0; i < 1001; ++i) strings += "<si/>";
  XlsxParts parts;
  parts.shared_strings = strings;
  parts.sheets.push_back({"Blad1", ""});
  ReadOptions options;
  options.limits.max_shared_strings = 1000;
  auto table = ReadXlsx(BuildXlsx(parts), options);
  EXPECT_EQ(table.status().code(), Status::Code::kResourceExhausted);
}

TEST(XlsxReaderTest, TruncatedAndFlippedFilesFailCleanly) {
  std::string xlsx = testing::StudentsAsXlsx(false);
  for (size_t cut = 0; cut < xlsx.size(); cut += 13) {
    (void)ReadXlsx(std::string_view(xlsx).substr(0, cut), ReadOptions{});
  }
  for (size_t at = 0; at < xlsx.size(); at += 3) {
    std::string flipped = xlsx;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x21);
    (void)ReadXlsx(flipped, ReadOptions{});
  }
  SUCCEED();
}

std::vector<std::vector<std::string>> AllTexts(const Sheet& sheet) {
  std::vector<std::vector<std::string>> rows;
  for (size_t r = 0; r < sheet.row_count(); ++r)
    rows.push_back(sheet.RowTexts(r));
  return rows;
}

TEST(XlsxReaderTest, EntitiesAndReferencesInCells) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1",
       R"(<row r="1"><c r="A1" t="inlineStr"><is><t>De &lt;Vries&gt; &amp; )"
       R"(&quot;Zo&#235;&quot; &apos;&#x20AC;&apos;</t></is></c>)"
       R"(<c r="B&#50;" t="str"><v>a&#10;b</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "De <Vries> & \"Zoë\" '€'");
  EXPECT_EQ(s.Text(0, 2), "a\nb");
}

// What the tokenizer leaves to expat (here a comment after the first rows,
// CDATA, prefixed names) reads to the same cells and problems, once.
TEST(XlsxReaderTest, UnusualWorksheetsReadTheSameThroughExpat) {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a&lt;b</t></is></c>)"
      R"(<c r="B1" t="e"><v>#N/A</v></c></row>)"
      R"(<row r="2"><c r="A2"><v>12.5</v></c></row>)";
  XlsxParts plain;
  plain.sheets.push_back({"a", rows});
  Table expected = MustRead(BuildXlsx(plain));
  ASSERT_EQ(expected.sheets[0].row_count(), 2u);

  const std::string root =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  const std::vector<std::string> unusual = {
      root + "<sheetData>" + rows + "<!-- later -->" +
          "</sheetData></worksheet>",
      root + "<sheetData>" +
          R"(<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c>)"
          R"(<c r="B1" t="e"><v>#N/A</v></c></row>)"
          R"(<row r="2"><c r="A2"><v>12.5</v></c></row>)" +
          "</sheetData></worksheet>",
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a&lt;b</x:t></x:is></x:c>)"
      R"(<x:c r="B1" t="e"><x:v>#N/A</x:v></x:c></x:row>)"
      R"(<x:row r="2"><x:c r="A2"><x:v>12.5</x:v></x:c></x:row></x:sheetData></x:worksheet>)",
  };
  for (const std::string& xml : unusual) {
    Table table = MustRead(XlsxWithSheetXml(xml));
    ASSERT_EQ(table.sheets.size(), 1u);
    EXPECT_EQ(AllTexts(table.sheets[0]), AllTexts(expected.sheets[0])) << xml;
    EXPECT_EQ(table.problems.size(), expected.problems.size()) << xml;
  }
}

TEST(XlsxReaderTest, DamagedWorksheetXmlIsRefusedClearly) {
  const std::string root =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  const std::vector<std::string> damaged = {
      root + R"(<row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>)",
      root +
          R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>)",
      root +
          "<row r=\"1\"><c r=\"A1\" "
          "t=\"inlineStr\"><is><t>Zo\xEB</t></is></c></row></sheetData></"
          "worksheet>",
      root + R"(<row r="1"><c r="A1"><v>1</v></c></row>)",
  };
  for (const std::string& xml : damaged) {
    auto table = ReadXlsx(XlsxWithSheetXml(xml), ReadOptions{});
    ASSERT_FALSE(table.ok()) << xml;
    EXPECT_NE(table.status().message().nl.find("geen geldige XML"),
              std::string::npos)
        << table.status().ToString();
  }
  auto doctype =
      ReadXlsx(XlsxWithSheetXml(R"(<?xml version="1.0"?><!DOCTYPE worksheet>)" +
                                root + "</sheetData></worksheet>"),
               ReadOptions{});
  ASSERT_FALSE(doctype.ok());
  EXPECT_NE(doctype.status().message().nl.find("DOCTYPE"), std::string::npos);
}

// Issue 26.2: OPC part names compare ignoring case, may hold '\\', and the
// workbook is wherever _rels/.rels points.
TEST(XlsxReaderTest, Issue26PartNamesInOtherCaseWithBackslashesOrElsewhere) {
  XlsxParts parts;
  parts.shared_strings = "<si><t>Zoë</t></si>";
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"});
  const std::vector<
      std::pair<std::string, std::function<std::string(const std::string&)>>>
      renames = {
          {"case",
           [](const std::string& n) {
             if (n == "xl/workbook.xml") return std::string("xl/WorkBook.xml");
             if (n == "xl/sharedStrings.xml")
               return std::string("xl/SharedStrings.xml");
             return n;
           }},
          {"backslash",
           [](const std::string& n) {
             std::string out = n;
             if (out.starts_with("xl/")) {
               for (char& c : out) c = c == '/' ? '\\' : c;
             }
             return out;
           }},
          {"elsewhere",
           [](const std::string& n) {
             return n.starts_with("xl/") ? "boek/" + n.substr(3) : n;
           }},
      };
  for (const auto& [what, rename] : renames) {
    parts.rename = rename;
    std::string bytes = BuildXlsx(parts);
    auto table = ReadTable(bytes, ReadOptions{});
    ASSERT_TRUE(table.ok()) << what << ": " << table.status().ToString();
    EXPECT_EQ(table->format, "xlsx") << what;
    ASSERT_EQ(table->sheets.size(), 1u) << what;
    ASSERT_EQ(table->sheets[0].row_count(), 1u) << what;
    EXPECT_EQ(table->sheets[0].Text(0, 1), "Zoë") << what;
  }
}

// Found by bench/reader_suites.py (PhpSpreadsheet issue.4724.xlsx): the
// _xHHHH_ escapes of OOXML strings are undone, in shared and inline strings.
TEST(XlsxReaderTest, Issue26EscapedCharactersInStrings) {
  XlsxParts parts;
  parts.shared_strings =
      "<si><t>regel 1_x000D__x000A_regel 2</t></si>"
      "<si><t>A_x005F_x0030_B</t></si><si><t>_xD83D__xDE00_ en "
      "_xDC05_</t></si>";
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1" t="s"><v>0</v></c>)"
                R"(<c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
                R"(<c r="D1" t="inlineStr"><is><t>x_x0009_y</t></is></c>)"
                R"(<c r="E1" t="str"><v>_x0041_</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "regel 1\r\nregel 2");
  EXPECT_EQ(s.Text(0, 2), "A_x0030_B");
  EXPECT_EQ(s.Text(0, 3), "\U0001F600 en \uFFFD");
  EXPECT_EQ(s.Text(0, 4), "x\ty");
  EXPECT_EQ(s.Text(0, 5), "A");
}

// Found by bench/reader_suites.py (POI xlsx-corrupted.xlsx): a damaged
// _rels/.rels does not hide a workbook where every writer puts it.
TEST(XlsxReaderTest, Issue26DamagedRootRelationshipsFallBackToTheUsualPlace) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1"><v>7</v></c></row>)"});
  std::string bytes = BuildXlsx(parts);
  auto zip = ZipArchive::Open(bytes, Limits{});
  ASSERT_TRUE(zip.ok());
  // The same parts, but a _rels/.rels cut off in the middle.
  std::vector<testing::ZipItem> items;
  for (const ZipEntry& entry : zip->entries()) {
    auto data = zip->ReadAll(entry);
    ASSERT_TRUE(data.ok()) << entry.name;
    items.push_back({entry.name, entry.name == "_rels/.rels"
                                     ? data->substr(0, data->size() / 2)
                                     : *data});
  }
  Table table = MustRead(testing::BuildZip(items));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "7");
}

// Issue 26.3: Excel 2013+ repeats workbookPr inside extLst without
// date1904; the workbook's own element decides.
TEST(XlsxReaderTest, Issue26Date1904NotResetByTheExtensionWorkbookPr) {
  XlsxParts parts;
  parts.date1904 = true;
  parts.workbook_tail =
      R"(<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" )"
      R"(xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">)"
      R"(<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>)";
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1" s="1"><v>41857</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "2018-08-07");
}

// Issue 26.4: "d1" is D1.
TEST(XlsxReaderTest, Issue26LowerCaseCellReferences) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="d1" t="inlineStr"><is><t>x</t></is></c>)"
                R"(<c r="aa1"><v>2</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].Text(0, 4), "x");
  EXPECT_EQ(table.sheets[0].Text(0, 27), "2");
}

// Issue 26.5: one row written as several <row r="1"> elements is one row.
TEST(XlsxReaderTest, Issue26OneRowInSeveralRowElements) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"
                R"(<row r="1"><c r="B1"><v>2</v></c></row>)"
                R"(<row r="1"><c r="C1"><v>3</v></c></row>)"
                R"(<row r="2"><c r="A2"><v>4</v></c></row>)"
                R"(<row r="2"><c r="B2"><v>5</v></c></row>)"
                // As ExcelDataReader's issue 324 file: a cell written
                // empty, then again with its value.
                R"(<row r="2"><c r="C2" t="str"><v></v></c></row>)"
                R"(<row r="2"><c r="C2" t="str"><v>Other</v></c></row>)"
                R"(<row r="2"><c r="D2"><v>6</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(1, 3), "Other");
  EXPECT_EQ(s.Text(1, 4), "6");
  ASSERT_EQ(s.row_count(), 2u);
  EXPECT_EQ(s.Text(0, 3), "3");
  EXPECT_EQ(s.Text(1, 1), "4");
  EXPECT_EQ(s.Text(1, 2), "5");
  EXPECT_EQ(s.line(1), 2);
}

// Issue 26.7: an inline string with a <v> as well: the inline string counts.
TEST(XlsxReaderTest, Issue26InlineStringWithAValueToo) {
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1" t="inlineStr"><v>9</v><is><t>Jan</t>)"
                R"(</is></c><c r="B1" t="inlineStr"><is><t>Piet</t></is>)"
                R"(<v>8</v></c><c r="C1" t="inlineStr"><v>7</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "Jan");
  EXPECT_EQ(table.sheets[0].Text(0, 2), "Piet");
  EXPECT_EQ(table.sheets[0].Text(0, 3), "7");
}

// Issue 26.11: colour codes are not elapsed time; time-only and elapsed
// formats show a time, not a date in 1899.
TEST(SpreadsheetDatesTest, Issue26ColoursTimesAndElapsedTime) {
  for (const char* colour : {"[Magenta]0", "[Red]#,##0", "[Color10]0.00",
                             "[Black]General", "[Magenta]0;[Red]-0"}) {
    EXPECT_FALSE(IsDateFormat(-1, colour)) << colour;
  }
  EXPECT_EQ(ClassifyDateFormat(-1, "[h]:mm:ss"), DateFormatKind::kElapsed);
  EXPECT_EQ(ClassifyDateFormat(-1, "[mm]:ss"), DateFormatKind::kElapsed);
  EXPECT_EQ(ClassifyDateFormat(-1, "hh:mm"), DateFormatKind::kTime);
  EXPECT_EQ(ClassifyDateFormat(-1, "[Red]h:mm AM/PM"), DateFormatKind::kTime);
  EXPECT_EQ(ClassifyDateFormat(-1, "dd-mm-yyyy hh:mm"), DateFormatKind::kDate);
  EXPECT_EQ(ClassifyDateFormat(-1, "mmmm"), DateFormatKind::kDate);
  EXPECT_EQ(ClassifyDateFormat(20, ""), DateFormatKind::kTime);
  EXPECT_EQ(ClassifyDateFormat(46, ""), DateFormatKind::kElapsed);
  EXPECT_EQ(ClassifyDateFormat(14, ""), DateFormatKind::kDate);
  EXPECT_EQ(SerialToTimeText(0.5729166666666666, DateFormatKind::kTime),
            "13:45:00");
  EXPECT_EQ(SerialToTimeText(0, DateFormatKind::kTime), "00:00:00");
  EXPECT_EQ(SerialToTimeText(1.5, DateFormatKind::kElapsed), "36:00:00");
  EXPECT_EQ(SerialToTimeText(43319.5, DateFormatKind::kTime), "");
  EXPECT_EQ(SerialToTimeText(0.5, DateFormatKind::kDate), "12:00:00");
  EXPECT_EQ(SerialToTimeText(1.5, DateFormatKind::kDate), "");
  EXPECT_EQ(SerialToTimeText(0.5, DateFormatKind::kNone), "");
}

TEST(XlsxReaderTest, Issue26TimeCellsShowATimeAndColoursStayNumbers) {
  XlsxParts parts;
  parts.num_fmts = R"(<numFmt numFmtId="164" formatCode="[Magenta]0"/>)"
                   R"(<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>)";
  parts.cell_xfs =
      R"(<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>)"
      R"(<xf numFmtId="165"/><xf numFmtId="21"/>)";
  parts.sheets.push_back({"Blad1",
                          R"(<row r="1"><c r="A1" s="2"><v>42</v></c>)"
                          R"(<c r="B1" s="3"><v>1.5</v></c>)"
                          R"(<c r="C1" s="4"><v>0.5729166666666666</v></c>)"
                          R"(<c r="D1" s="4"><v>43319.5</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "42");
  EXPECT_EQ(s.Type(0, 1), CellType::kNumber);
  EXPECT_EQ(s.Text(0, 2), "36:00:00");
  EXPECT_EQ(s.Text(0, 3), "13:45:00");
  EXPECT_EQ(s.Text(0, 4), "2018-08-07T12:00:00");
}

// Issue 26.11: large numbers without binary noise.
TEST(XlsxReaderTest, Issue26LargeNumbersWithoutBinaryNoise) {
  EXPECT_EQ(NumberText(1e15), "1000000000000000");
  EXPECT_EQ(NumberText(1234567890123456.0), "1234567890123456");
  EXPECT_EQ(NumberText(1e16), "10000000000000000");
  EXPECT_EQ(NumberText(-1e16), "-10000000000000000");
  EXPECT_EQ(NumberText(12345678901234567890.0), "12345678901234567000");
  EXPECT_EQ(NumberText(1500000000000000.5), "1500000000000000.5");
  EXPECT_EQ(NumberText(1e21), "1e+21");
  EXPECT_EQ(NumberText(4.35), "4.35");
  XlsxParts parts;
  parts.sheets.push_back(
      {"Blad1", R"(<row r="1"><c r="A1"><v>12345678901234567890</v></c>)"
                R"(<c r="B1"><v>1E+16</v></c></row>)"});
  Table table = MustRead(BuildXlsx(parts));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "12345678901234567000");
  EXPECT_EQ(table.sheets[0].Text(0, 2), "10000000000000000");
}

TEST(SpreadsheetDatesTest, SerialsInBothSystems) {
  EXPECT_EQ(SerialToIso(1, false), "1900-01-01");
  EXPECT_EQ(SerialToIso(59, false), "1900-02-28");
  EXPECT_EQ(SerialToIso(60, false), "1900-02-29");
  EXPECT_EQ(SerialToIso(61, false), "1900-03-01");
  EXPECT_EQ(SerialToIso(43319, false), "2018-08-07");
  EXPECT_EQ(SerialToIso(0, true), "1904-01-01");
  EXPECT_EQ(SerialToIso(43319.75, false), "2018-08-07T18:00:00");
  EXPECT_EQ(SerialToIso(-1, false), "");
  EXPECT_EQ(SerialToIso(0, false), "1899-12-31");
  EXPECT_EQ(SerialToIso(2958465, false), "9999-12-31");
  EXPECT_EQ(SerialToIso(2958465, true), "10004-01-01");
  EXPECT_TRUE(IsDateFormat(14, ""));
  EXPECT_TRUE(IsDateFormat(164, "d-m-yyyy"));
  EXPECT_TRUE(IsDateFormat(164, "[$-413]dd mmmm yyyy"));
  EXPECT_TRUE(IsDateFormat(164, "[h]:mm"));
  EXPECT_FALSE(IsDateFormat(164, "[Red]0.00"));
  EXPECT_FALSE(IsDateFormat(164, "\"dag \"0"));
  EXPECT_FALSE(IsDateFormat(0, "General"));
  EXPECT_FALSE(IsDateFormat(49, "@"));
}

}  // namespace
}  // namespace schoolbieb::formats
