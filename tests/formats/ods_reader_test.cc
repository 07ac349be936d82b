#include <gtest/gtest.h>

#include "formats/reader.h"
#include "support/xlsx_builder.h"
#include "support/zip_builder.h"

namespace schoolbieb::formats {
namespace {

using testing::BuildOds;

Table MustRead(const std::string& bytes, const ReadOptions& options = {}) {
  auto table = ReadOds(bytes, options);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(table).value() : Table{};
}

TEST(OdsReaderTest, ReadsTheStudentTableLikeLibreOfficeWritesIt) {
  Table table = MustRead(testing::StudentsAsOds());
  EXPECT_EQ(table.format, "ods");
  ASSERT_EQ(table.sheets.size(), 1u);
  const Sheet& sheet = table.sheets[0];
  const auto& rows = testing::SyntheticStudents();
  ASSERT_EQ(sheet.row_count(),
            rows.size());  // the million repeated empty rows are not rows
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      EXPECT_EQ(sheet.Text(r, static_cast<int>(c + 1)), rows[r][c]);
    }
  }
  EXPECT_EQ(sheet.Type(1, testing::kBirthDateColumn + 1), CellType::kDate);
  EXPECT_EQ(sheet.column_count(), 9);
}

TEST(OdsReaderTest, SpacesTabsParagraphsAndTypes) {
  std::string xml =
      R"(<table:table table:name="Blad1"><table:table-row>)"
      R"(<table:table-cell office:value-type="string"><text:p>van<text:s/>der<text:s text:c="2"/>Poel</text:p></table:table-cell>)"
      R"(<table:table-cell office:value-type="float" office:value="1234"><text:p>1.234,00</text:p></table:table-cell>)"
      R"(<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>WAAR</text:p></table:table-cell>)"
      R"(<table:table-cell office:value-type="date" office:date-value="2018-08-07T10:30:00"><text:p>x</text:p></table:table-cell>)"
      R"(<table:table-cell><text:p>regel 1</text:p><text:p>regel<text:tab/>2</text:p></table:table-cell>)"
      R"(<table:covered-table-cell/>)"
      R"(<table:table-cell office:value-type="string"><text:p>na<office:annotation><text:p>notitie</text:p></office:annotation></text:p></table:table-cell>)"
      R"(</table:table-row></table:table>)";
  Table table = MustRead(BuildOds(xml));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "van der  Poel");
  EXPECT_EQ(s.Text(0, 2), "1234");
  EXPECT_EQ(s.Type(0, 2), CellType::kNumber);
  EXPECT_EQ(s.Text(0, 3), "TRUE");
  EXPECT_EQ(s.Text(0, 4), "2018-08-07T10:30:00");
  EXPECT_EQ(s.Type(0, 4), CellType::kDate);
  EXPECT_EQ(s.Text(0, 5), "regel 1\nregel\t2");
  EXPECT_EQ(s.Text(0, 6), "");
  EXPECT_EQ(s.Text(0, 7), "na");
}

TEST(OdsReaderTest, SeveralSheetsAndHiddenOnes) {
  std::string styles =
      R"(<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>)";
  std::string xml =
      R"(<table:table table:name="Leerlingen"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row></table:table>)"
      R"(<table:table table:name="Verborgen" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>b</text:p></table:table-cell></table:table-row></table:table>)";
  Table table = MustRead(BuildOds(xml, styles));
  ASSERT_EQ(table.sheets.size(), 2u);
  EXPECT_FALSE(table.sheets[0].hidden());
  EXPECT_TRUE(table.sheets[1].hidden());
  EXPECT_EQ(table.sheets[1].name(), "Verborgen");
}

TEST(OdsReaderTest, RepeatedCellsWithValuesAreBoundedByTheLimits) {
  // 200 bytes that claim 17 billion cells with a value.
  std::string xml =
      R"(<table:table table:name="Bom"><table:table-row table:number-rows-repeated="1048576">)"
      R"(<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell>)"
      R"(</table:table-row></table:table>)";
  ReadOptions options;
  auto table = ReadOds(BuildOds(xml), options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(table.status().message().nl.find("rijen"), std::string::npos);
}

// Issue 26.10: the repeat bomb is refused before it is expanded, by the
// row limit or, within it, by the cell limit.
TEST(OdsReaderTest, Issue26RepeatBombIsRefusedBeforeExpanding) {
  auto bomb = [](const char* rows, const char* columns) {
    return BuildOds(
        std::string(R"(<table:table table:name="Bom"><table:table-row )"
                    R"(table:number-rows-repeated=")") +
        rows +
        R"("><table:table-cell office:value-type="string" )"
        R"(table:number-columns-repeated=")" +
        columns +
        R"("><text:p>x</text:p></table:table-cell></table:table-row>)"
        R"(</table:table>)");
  };
  auto huge = ReadOds(bomb("1000000000", "1000000000"), ReadOptions{});
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().nl.find("rijen"), std::string::npos);

  // Under the row limit, over the cell limit: 150,000 rows of 256 cells.
  ReadOptions options;
  options.limits.max_millis = 0;
  auto wide = ReadOds(bomb("150000", "1000000000"), options);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(wide.status().message().nl.find("cellen"), std::string::npos)
      << wide.status().message().nl;
}

// Issue 26.9: LibreOffice's password encrypts the parts inside an open
// ZIP and says so in the manifest; that is a password, not damaged XML.
TEST(OdsReaderTest, Issue26EncryptedOdsIsCalledPasswordProtected) {
  std::string manifest =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">)"
      R"(<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>)"
      R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="2048">)"
      R"(<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">)"
      R"(<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>)"
      R"(<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>)"
      R"(</manifest:encryption-data></manifest:file-entry></manifest:manifest>)";
  std::string noise;
  for (int i = 0; i < 2048; ++i)
    noise.push_back(static_cast<char>(i * 37 + 11));
  std::string ods = testing::BuildZip(
      {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false},
       {"content.xml", noise, false},
       {"META-INF/manifest.xml", manifest}});
  auto table = ReadTable(ods, ReadOptions{});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().nl.find("wachtwoord"), std::string::npos)
      << table.status().message().nl;
}

TEST(OdsReaderTest, RepeatedValuesWithinLimitsAreExpanded) {
  std::string xml =
      R"(<table:table table:name="Blad1"><table:table-row table:number-rows-repeated="3">)"
      R"(<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>x</text:p></table:table-cell>)"
      R"(<table:table-cell table:number-columns-repeated="3"/>)"
      R"(<table:table-cell office:value-type="string"><text:p>y</text:p></table:table-cell>)"
      R"(</table:table-row></table:table>)";
  Table table = MustRead(BuildOds(xml));
  const Sheet& s = table.sheets[0];
  ASSERT_EQ(s.row_count(), 3u);
  EXPECT_EQ(s.line(2), 3);
  EXPECT_EQ(s.RowTexts(2),
            (std::vector<std::string>{"x", "x", "", "", "", "y"}));
}

TEST(OdsReaderTest, MissingContentIsRefused) {
  auto table =
      ReadOds(testing::BuildZip(
                  {{"mimetype",
                    "application/vnd.oasis.opendocument.spreadsheet", false}}),
              ReadOptions{});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().nl.find("content.xml"), std::string::npos);
}

TEST(OdsReaderTest, EntityTricksInContentAreRefused) {
  const std::string content =
      R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"
      R"(<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body>)"
      R"(<office:spreadsheet><table:table table:name="a"><table:table-row><table:table-cell>)"
      R"(<text:p>&xxe;</text:p></table:table-cell></table:table-row></table:table>)"
      R"(</office:spreadsheet></office:body></office:document-content>)";
  auto table =
      ReadOds(testing::BuildZip(
                  {{"mimetype",
                    "application/vnd.oasis.opendocument.spreadsheet", false},
                   {"content.xml", content}}),
              ReadOptions{});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().nl.find("DOCTYPE"), std::string::npos);
}

TEST(OdsReaderTest, TruncatedAndFlippedFilesFailCleanly) {
  std::string ods = testing::StudentsAsOds();
  for (size_t cut = 0; cut < ods.size(); cut += 11) {
    (void)ReadOds(std::string_view(ods).substr(0, cut), ReadOptions{});
  }
  for (size_t at = 0; at < ods.size(); at += 3) {
    std::string flipped = ods;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x21);
    (void)ReadOds(flipped, ReadOptions{});
  }
  SUCCEED();
}

}  // namespace
}  // namespace schoolbieb::formats
