// The stored form of an upload that may not be kept as it came
// (import/stored_upload.h) is its table, encoded: every file the readers
// know, written by real programs and by our builders, reads to a table that
// decodes to exactly the same table; a damaged or cut-off encoding is
// refused, never read past its end.
#include "formats/table_codec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "formats/reader.h"
#include "support/xlsx_builder.h"

namespace schoolbieb::formats {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path Fixtures() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures";
}

void ExpectSameTable(const Table& a, const Table& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.encoding, b.encoding);
  EXPECT_EQ(a.delimiter, b.delimiter);
  EXPECT_EQ(a.properties, b.properties);
  ASSERT_EQ(a.problems.size(), b.problems.size());
  for (size_t i = 0; i < a.problems.size(); ++i) {
    const Problem& p = a.problems[i];
    const Problem& q = b.problems[i];
    EXPECT_EQ(p.kind, q.kind);
    EXPECT_EQ(p.sheet, q.sheet);
    EXPECT_EQ(p.row, q.row);
    EXPECT_EQ(p.column, q.column);
    EXPECT_EQ(p.value, q.value);
    EXPECT_EQ(p.message.nl, q.message.nl);
    EXPECT_EQ(p.message.en, q.message.en);
    EXPECT_EQ(p.rejects_row, q.rejects_row);
  }
  ASSERT_EQ(a.sheets.size(), b.sheets.size());
  for (size_t s = 0; s < a.sheets.size(); ++s) {
    const Sheet& x = a.sheets[s];
    const Sheet& y = b.sheets[s];
    EXPECT_EQ(x.name(), y.name());
    EXPECT_EQ(x.hidden(), y.hidden());
    EXPECT_EQ(x.column_count(), y.column_count());
    ASSERT_EQ(x.row_count(), y.row_count());
    for (size_t row = 0; row < x.row_count(); ++row) {
      ASSERT_EQ(x.line(row), y.line(row));
      ASSERT_EQ(x.cell_count(row), y.cell_count(row)) << "line " << x.line(row);
      for (size_t i = 0; i < x.cell_count(row); ++i) {
        const Sheet::Cell& c = x.cell_at(row, i);
        const Sheet::Cell& d = y.cell_at(row, i);
        EXPECT_EQ(c.column, d.column);
        EXPECT_EQ(c.type, d.type);
        EXPECT_EQ(x.text(c), y.text(d));
      }
    }
  }
}

void ExpectRoundTrip(const std::string& name, const std::string& bytes) {
  SCOPED_TRACE(name);
  ReadOptions options;
  options.file_name = name;
  auto table = ReadTable(bytes, options);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_GT(table->total_rows(), 0u);
  std::string encoded = EncodeTable(*table);
  EXPECT_TRUE(LooksLikeEncodedTable(encoded));
  auto decoded = DecodeTable(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectSameTable(*table, *decoded);
  EXPECT_EQ(EncodeTable(*decoded), encoded);
}

TEST(TableCodecTest, EveryFixtureDecodesToTheSameTable) {
  int files = 0;
  for (const char* folder : {"spreadsheets", "xls"}) {
    for (const auto& entry : fs::directory_iterator(Fixtures() / folder)) {
      std::string name = entry.path().filename().string();
      std::string ext = entry.path().extension().string();
      if (ext != ".csv" && ext != ".xlsx" && ext != ".ods" && ext != ".xls") {
        continue;
      }
      ExpectRoundTrip(name, ReadFile(entry.path()));
      ++files;
    }
  }
  EXPECT_GE(files, 7);
  ExpectRoundTrip("excel.xlsx", testing::StudentsAsXlsx(false));
  ExpectRoundTrip("sheetjs.xlsx", testing::StudentsAsXlsx(true));
  ExpectRoundTrip("students.ods", testing::StudentsAsOds());
}

// Types, properties, problems with values, hidden sheets, odd lines: what
// the fixtures may lack.
TEST(TableCodecTest, EveryPartOfATableSurvives) {
  Table table;
  table.format = "zip/edex2000";
  table.encoding = "windows-1252";
  table.delimiter = '|';
  table.properties = {{"brin", "99KV"}, {"schooljaar", "2026-2027"}, {"", ""}};
  Problem problem;
  problem.kind = ProblemKind::kFieldTooLong;
  problem.sheet = "leerlingen";
  problem.row = 70000;
  problem.column = 300;
  problem.value = std::string("met\0nul", 7);
  problem.message = {"Regel 70000 is te lang.", "Line 70000 is too long."};
  problem.rejects_row = true;
  table.problems = {problem, Problem{}};
  Sheet& sheet = table.sheets.emplace_back("Blad één", true);
  sheet.BeginRow(0);
  sheet.BeginRow(3);
  sheet.AddCell(1, CellType::kText, "");
  sheet.AddCell(2, CellType::kNumber, "12.5");
  sheet.AddCell(4, CellType::kDate, "2018-08-07T13:45:00");
  sheet.AddCell(5, CellType::kBoolean, "TRUE");
  sheet.AddCell(65535, CellType::kError, "#N/A");
  sheet.BeginRow(200000);
  sheet.AddCell(3, CellType::kText, std::string(70000, 'x'));
  table.sheets.emplace_back("", false);
  auto decoded = DecodeTable(EncodeTable(table));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectSameTable(table, *decoded);
  EXPECT_EQ(decoded->property("schooljaar"), "2026-2027");
}

TEST(TableCodecTest, CutOrDamagedBytesAreRefused) {
  ReadOptions options;
  auto table = ReadTable(ReadFile(Fixtures() / "spreadsheets" / "students.csv"),
                         options);
  ASSERT_TRUE(table.ok());
  std::string encoded = EncodeTable(*table);
  // Every cut is refused: the encoding knows its own end.
  for (size_t length = 0; length < encoded.size(); ++length) {
    EXPECT_FALSE(DecodeTable(encoded.substr(0, length)).ok()) << length;
  }
  EXPECT_FALSE(DecodeTable(encoded + "x").ok());
  EXPECT_FALSE(DecodeTable("SBTABLE9" + encoded.substr(8)).ok());
  // Any changed byte either still decodes (a changed letter) or is refused;
  // never a crash or a read past the end (ASan watches).
  for (size_t at = 8; at < encoded.size(); ++at) {
    std::string damaged = encoded;
    damaged[at] = static_cast<char>(damaged[at] ^ 0xFF);
    (void)DecodeTable(damaged);
  }
  // A count far beyond the bytes is refused before anything is reserved.
  std::string huge = "SBTABLE1";
  huge += std::string("\x00\x00\x00", 3);      // format, encoding, delimiter
  huge += "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F";  // 2^56 properties
  EXPECT_FALSE(DecodeTable(huge).ok());
}

}  // namespace
}  // namespace schoolbieb::formats
