// ReadTable: the format comes from the content, ZIPs are opened by content,
// and every kind of file that is not a student file gets a clear refusal.
#include "formats/reader.h"

#include <gtest/gtest.h>

#include "formats/sniff.h"
#include "support/xlsx_builder.h"
#include "support/zip_builder.h"

namespace schoolbieb::formats {
namespace {

using testing::BuildZip;
using namespace std::string_literals;

std::string StudentsCsv() {
  std::string csv;
  for (const auto& row : testing::SyntheticStudents()) {
    for (size_t c = 0; c < row.size(); ++c) csv += (c ? ";" : "") + row[c];
    csv += "\r\n";
  }
  return csv;
}

void ExpectStudents(const Table& table) {
  ASSERT_FALSE(table.sheets.empty());
  const Sheet& sheet = table.sheets[0];
  const auto& rows = testing::SyntheticStudents();
  ASSERT_EQ(sheet.row_count(), rows.size()) << table.format;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      EXPECT_EQ(sheet.Text(r, static_cast<int>(c + 1)), rows[r][c])
          << table.format << " row " << r << " col " << c;
    }
  }
}

Table MustRead(const std::string& bytes, const std::string& name,
               const std::string& password = "") {
  ReadOptions options;
  options.file_name = name;
  options.password = password;
  auto table = ReadTable(bytes, options);
  EXPECT_TRUE(table.ok()) << name << ": " << table.status().ToString();
  return table.ok() ? std::move(table).value() : Table{};
}

TEST(ReadTableTest, EveryFormatAndItsZipReadToTheSameCells) {
  struct Case {
    std::string name;
    std::string bytes;
    std::string format;
  };
  std::vector<Case> cases = {
      {"leerlingen.csv", StudentsCsv(), "csv"},
      {"leerlingen.xlsx", testing::StudentsAsXlsx(false), "xlsx"},
      {"sheetjs.xlsx", testing::StudentsAsXlsx(true), "xlsx"},
      {"leerlingen.ods", testing::StudentsAsOds(), "ods"},
  };
  for (const auto& c : cases) {
    Table direct = MustRead(c.bytes, c.name);
    EXPECT_EQ(direct.format, c.format);
    ExpectStudents(direct);
    Table zipped = MustRead(BuildZip({{"__MACOSX/._" + c.name, "junk"},
                                      {"export/" + c.name, c.bytes},
                                      {"LEESMIJ.pdf", "%PDF-1.4 nothing"}}),
                            "export.zip");
    EXPECT_EQ(zipped.format, "zip/" + c.format);
    EXPECT_EQ(zipped.property("entry"), "export/" + c.name);
    ExpectStudents(zipped);
  }
}

TEST(ReadTableTest, ExtensionThatLiesIsReadAsWhatTheFileIsAndSaidSo) {
  Table table = MustRead(StudentsCsv(), "leerlingen.xlsx");
  EXPECT_EQ(table.format, "csv");
  bool noted = false;
  for (const auto& p : table.problems) {
    noted |= p.kind == ProblemKind::kFormatNote &&
             p.message.nl.find(".xlsx") != std::string::npos;
  }
  EXPECT_TRUE(noted);
  ExpectStudents(table);
}

TEST(ReadTableTest, NonStudentFilesAreRefusedSayingWhatTheyAre) {
  struct Case {
    std::string bytes;
    std::string says;
  };
  std::vector<Case> cases = {
      {"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "een programma"},
      {"\x7F"
       "ELF\x02\x01\x01",
       "een programma"},
      {"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "PDF"},
      {"<html><body><table><tr><td>1</td></tr></table></body></html>",
       "webpagina"},
      {"<?xml version=\"1.0\"?>\n<Workbook "
       "xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
       "XML-spreadsheet 2003"},
      {"\x1F\x8B\x08\x00\x00\x00\x00\x00", "archief"},
      {"", "leeg"},
      {std::string("\x00\x01\x02\x03\x04\x05\x06\x07", 8) +
           std::string(100, '\x03'),
       "geen tekst"},
  };
  for (const auto& c : cases) {
    ReadOptions options;
    options.file_name = "leerlingen.xls";
    auto table = ReadTable(c.bytes, options);
    ASSERT_FALSE(table.ok()) << c.says;
    EXPECT_NE(table.status().message().nl.find(c.says), std::string::npos)
        << table.status().message().nl;
  }
}

// A 2×2 white 24-bit Windows bitmap, as Paint saves one.
std::string WhiteBmp() {
  auto le32 = [](uint32_t v) {
    std::string out;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    return out;
  };
  std::string pixels;
  for (int row = 0; row < 2; ++row) pixels += std::string(6, '\xFF') + "\0\0"s;
  std::string info = le32(40) + le32(2) + le32(2) + "\x01\0\x18\0"s + le32(0) +
                     le32(static_cast<uint32_t>(pixels.size())) + le32(2835) +
                     le32(2835) + le32(0) + le32(0);
  return "BM" + le32(static_cast<uint32_t>(14 + info.size() + pixels.size())) +
         le32(0) + le32(54) + info + pixels;
}

// Issue 26.11: images renamed .xls or .csv are refused as images, not read
// as a one-cell CSV.
TEST(ReadTableTest, Issue26ImagesUnderASpreadsheetNameAreRefused) {
  std::vector<std::string> images = {
      WhiteBmp(),
      "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06"s,
      "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s,
      "GIF89a\x01\0\x01\0\x80\0\0\xFF\xFF\xFF\0\0\0!"s,
      "RIFF\x1A\0\0\0WEBPVP8L\x0D\0\0\0/\0\0\0\x10\x07\x10\x11"s,
  };
  for (const char* name : {"leerlingen.xls", "leerlingen.csv"}) {
    for (size_t i = 0; i < images.size(); ++i) {
      ReadOptions options;
      options.file_name = name;
      auto table = ReadTable(images[i], options);
      ASSERT_FALSE(table.ok()) << name << " image " << i;
      EXPECT_NE(table.status().message().nl.find("een afbeelding"),
                std::string::npos)
          << table.status().message().nl;
    }
  }
  // A CSV whose first column is "BMI" is still a CSV.
  EXPECT_EQ(SniffFileKind("BMI;naam\r\n21;Zoe\r\n", Limits{}), FileKind::kText);
}

TEST(ReadTableTest, ZipWithoutOrWithSeveralStudentFilesOrNestedZipIsRefused) {
  auto none = ReadTable(BuildZip({{"foto.jpg", "\xFF\xD8\xFF\xE0 jpeg"}}),
                        ReadOptions{});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().nl.find("geen leerlingbestand"),
            std::string::npos);

  auto several =
      ReadTable(BuildZip({{"a.csv", StudentsCsv()}, {"b.csv", StudentsCsv()}}),
                ReadOptions{});
  ASSERT_FALSE(several.ok());
  EXPECT_NE(several.status().message().nl.find("a.csv, b.csv"),
            std::string::npos);

  std::string inner = BuildZip({{"a.csv", StudentsCsv()}});
  auto nested = ReadTable(BuildZip({{"inner.zip", inner}}), ReadOptions{});
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().nl.find("ZIP"), std::string::npos);
}

TEST(ReadTableTest, PasswordProtectedZipIsOpenedWithThePassword) {
  for (const char* method : {"zipcrypt", "aes256"}) {
    std::string zip = testing::BuildEncryptedZip(
        {{"leerlingen.csv", StudentsCsv()}}, "Bieb-2026", method);
    auto without = ReadTable(zip, ReadOptions{});
    ASSERT_FALSE(without.ok()) << method;
    EXPECT_NE(without.status().message().nl.find("wachtwoord"),
              std::string::npos);
    Table table = MustRead(zip, "export.zip", "Bieb-2026");
    EXPECT_EQ(table.format, "zip/csv");
    ExpectStudents(table);
  }
}

TEST(ReadTableTest, OldExcelGetsAClearWayOut) {
  auto table = ReadTable(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                             std::string(600, '\0'),
                         ReadOptions{});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().nl.find(".xlsx"), std::string::npos);
}

TEST(SniffTest, DecidesByContent) {
  Limits limits;
  EXPECT_EQ(SniffFileKind(StudentsCsv(), limits), FileKind::kText);
  EXPECT_EQ(SniffFileKind(testing::StudentsAsXlsx(false), limits),
            FileKind::kXlsx);
  EXPECT_EQ(SniffFileKind(testing::StudentsAsOds(), limits), FileKind::kOds);
  EXPECT_EQ(SniffFileKind(BuildZip({{"a.csv", "x"}}), limits), FileKind::kZip);
  EXPECT_EQ(
      SniffFileKind("<?xml version=\"1.0\"?>\n<EDEX><school/></EDEX>", limits),
      FileKind::kEdexXml);
  EXPECT_EQ(
      SniffFileKind("\xEF\xBB\xBF<?xml version=\"1.0\"?><lg:leerlinggegevens "
                    "xmlns:lg=\"http://www.edustandaard.nl/leerresultaten/2/"
                    "leerlinggegevens\"/>",
                    limits),
      FileKind::kEdexXml);
  EXPECT_EQ(SniffFileKind(BuildZip({{"word/document.xml", "<w/>"}}), limits),
            FileKind::kOtherOffice);
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("nr;naam\r\n1;Zoe\r\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  EXPECT_EQ(SniffFileKind(utf16, limits), FileKind::kText);
}

}  // namespace
}  // namespace schoolbieb::formats
