// Files written by real spreadsheet programs (tests/fixtures/spreadsheets/,
// how each was made is in its README) read to exactly the cells of the
// synthetic student table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats/reader.h"
#include "support/xlsx_builder.h"

namespace schoolbieb::formats {
namespace {

namespace fs = std::filesystem;

fs::path Dir() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures" /
         "spreadsheets";
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

TEST(RealWritersTest, EveryWritersFileReadsToTheStudentTable) {
  const auto& rows = testing::SyntheticStudents();
  int files = 0;
  for (const auto& entry : fs::directory_iterator(Dir())) {
    std::string ext = entry.path().extension().string();
    if (ext != ".xlsx" && ext != ".ods" && ext != ".csv") continue;
    ++files;
    std::string name = entry.path().filename().string();
    ReadOptions options;
    options.file_name = name;
    auto table = ReadTable(Slurp(entry.path()), options);
    ASSERT_TRUE(table.ok()) << name << ": " << table.status().ToString();
    ASSERT_FALSE(table->sheets.empty()) << name;
    const Sheet& sheet = table->sheets[0];
    ASSERT_EQ(sheet.row_count(), rows.size()) << name;
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        EXPECT_EQ(sheet.Text(r, static_cast<int>(c + 1)), rows[r][c])
            << name << " row " << r + 1 << " column " << c + 1;
      }
    }
    if (ext != ".csv") {
      EXPECT_EQ(sheet.Type(1, testing::kBirthDateColumn + 1), CellType::kDate)
          << name;
    }
    for (const auto& p : table->problems)
      ADD_FAILURE() << name << ": " << p.message.en;
  }
  EXPECT_GE(files, 5);
}

}  // namespace
}  // namespace schoolbieb::formats
