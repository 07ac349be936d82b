// Every input the fuzzers once crashed on (tests/fixtures/fuzz/) must now be
// refused or read, under the sanitizers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats/reader.h"

namespace schoolbieb::formats {
namespace {

namespace fs = std::filesystem;

fs::path FixtureDir() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "fuzz";
}

TEST(FuzzRegressionTest, EveryFormerCrashIsHandled) {
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(FixtureDir())) {
    if (entry.path().extension() != ".bin") continue;
    ++seen;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    std::string name = entry.path().filename().string();
    auto table = ReadTable(bytes, ReadOptions{});
    if (!table.ok()) {
      EXPECT_FALSE(table.status().message().nl.empty()) << name;
    }
    if (name.starts_with("zip-")) (void)ReadZip(bytes, ReadOptions{});
    if (name.starts_with("xlsx-")) (void)ReadXlsx(bytes, ReadOptions{});
    if (name.starts_with("ods-")) (void)ReadOds(bytes, ReadOptions{});
    if (name.starts_with("csv-")) (void)ReadCsv(bytes, ReadOptions{});
    if (name.starts_with("xls-")) (void)ReadXls(bytes, ReadOptions{});
    if (name.starts_with("edex-")) (void)ReadEdexXml(bytes, ReadOptions{});
  }
  EXPECT_GT(seen, 0);
}

}  // namespace
}  // namespace schoolbieb::formats
