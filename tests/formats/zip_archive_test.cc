#include "formats/zip_archive.h"

#include <gtest/gtest.h>

#include "support/zip_builder.h"

namespace schoolbieb::formats {
namespace {

using testing::BuildZip;
using testing::ZipItem;

TEST(ZipArchiveTest, ReadsStoredAndDeflatedEntries) {
  std::string big(100000, 'x');
  std::string zip =
      BuildZip({{"a.csv", "hallo;wereld\n", false}, {"dir/b.txt", big, true}});
  auto archive = ZipArchive::Open(zip, Limits{});
  ASSERT_TRUE(archive.ok()) << archive.status().ToString();
  ASSERT_EQ(archive->entries().size(), 2u);
  auto a = archive->ReadAll(*archive->Find("a.csv"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "hallo;wereld\n");
  auto b = archive->ReadAll(*archive->FindIgnoringCase("DIR/B.TXT"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, big);
}

// Found by fuzz_zip (tests/fixtures/fuzz/zip-zip64-offset-wraps.bin): a
// ZIP64 locator whose offset wraps the bounds check around 2^64.
TEST(ZipArchiveTest, Zip64LocatorPastTheEndIsRefused) {
  std::string locator = "PK\x06\x07" + std::string(4, '\0') +
                        std::string(8, '\xFF') + std::string("\x01\0\0\0", 4);
  std::string eocd = "PK\x05\x06" + std::string(18, '\0');
  auto archive =
      ZipArchive::Open(std::string(64, 'x') + locator + eocd, Limits{});
  ASSERT_FALSE(archive.ok());
  EXPECT_NE(archive.status().message().en.find("zip64"), std::string::npos)
      << archive.status().message().en;
}

TEST(ZipArchiveTest, OverlappingEntryBombIsRefusedBeforeInflating) {
  std::string bomb = testing::BuildOverlappingZip(1000, 1 << 20);
  auto archive = ZipArchive::Open(bomb, Limits{});
  ASSERT_FALSE(archive.ok());
  EXPECT_NE(archive.status().message().nl.find("overlappen"),
            std::string::npos);
}

TEST(ZipArchiveTest, SymlinksDuplicatesAndEscapingNamesAreRefused) {
  ZipItem link{"leerlingen.csv", "/etc/passwd", false, true};
  EXPECT_NE(ZipArchive::Open(BuildZip({link}), Limits{})
                .status()
                .message()
                .nl.find("symlink"),
            std::string::npos);
  auto dup =
      ZipArchive::Open(BuildZip({{"a.csv", "1"}, {"A.csv", "2"}}), Limits{});
  EXPECT_NE(dup.status().message().nl.find("twee keer"), std::string::npos);
  for (const char* name : {"../../etc/cron.d/x", "/etc/passwd", "a/../../b",
                           "C:\\x.csv", "..\\..\\x.csv"}) {
    auto slip = ZipArchive::Open(BuildZip({{name, "x"}}), Limits{});
    EXPECT_FALSE(slip.ok()) << name;
    EXPECT_NE(slip.status().message().nl.find("buiten de ZIP"),
              std::string::npos)
        << name;
  }
}

TEST(ZipArchiveTest, HighRatioIsRefusedOnTheDeclaredSize) {
  std::string zeros(50 << 20, '\0');
  auto archive = ZipArchive::Open(BuildZip({{"zeros.csv", zeros}}), Limits{});
  ASSERT_FALSE(archive.ok());
  EXPECT_NE(archive.status().message().en.find("expands to more than"),
            std::string::npos);
}

TEST(ZipArchiveTest, LyingDeclaredSizeIsCaughtWhileInflating) {
  // The header claims 100 bytes; the data inflates to 5 MB of zeros.
  std::string zeros(5 << 20, '\0');
  ZipItem liar{"x.csv", zeros, true, false, 100};
  std::string zip = BuildZip({liar});
  auto archive = ZipArchive::Open(zip, Limits{});
  ASSERT_TRUE(archive.ok()) << archive.status().ToString();
  auto data = archive->ReadAll(archive->entries()[0]);
  ASSERT_FALSE(data.ok());
  EXPECT_LT(data.status().message().en.size(), 400u);
}

TEST(ZipArchiveTest, InflatedBytesAreCountedOverAllEntries) {
  Limits limits;
  limits.max_inflated_bytes = 150000;
  std::string chunk(100000, 'a');
  std::string zip = BuildZip({{"a", chunk}, {"b", chunk}});
  auto archive = ZipArchive::Open(zip, limits);
  ASSERT_TRUE(archive.ok());
  EXPECT_TRUE(archive->ReadAll(*archive->Find("a")).ok());
  auto second = archive->ReadAll(*archive->Find("b"));
  EXPECT_EQ(second.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(second.status().message().nl.find("150000"), std::string::npos);
}

TEST(ZipArchiveTest, TooManyEntriesAreRefused) {
  Limits limits;
  limits.max_zip_entries = 10;
  std::vector<ZipItem> items;
  for (int i = 0; i < 11; ++i) items.push_back({"f" + std::to_string(i), "x"});
  auto archive = ZipArchive::Open(BuildZip(items), limits);
  EXPECT_EQ(archive.status().code(), Status::Code::kResourceExhausted);
}

TEST(ZipArchiveTest, TruncatedAndByteFlippedArchivesAreRefusedWithoutCrashing) {
  std::string zip =
      BuildZip({{"a.csv", std::string(5000, 'q')}, {"b.csv", "x;y\n"}});
  for (size_t cut = 0; cut < zip.size(); cut += 7) {
    auto archive =
        ZipArchive::Open(std::string_view(zip).substr(0, cut), Limits{});
    if (archive.ok()) {
      for (const auto& e : archive->entries()) (void)archive->ReadAll(e);
    }
  }
  for (size_t at = 0; at < zip.size(); ++at) {
    std::string flipped = zip;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5A);
    auto archive = ZipArchive::Open(flipped, Limits{});
    if (archive.ok()) {
      for (const auto& e : archive->entries()) (void)archive->ReadAll(e);
    }
  }
  SUCCEED();
}

TEST(ZipArchiveTest, EncryptedEntriesNeedTheRightPassword) {
  for (const char* method : {"zipcrypt", "aes256"}) {
    std::string zip = testing::BuildEncryptedZip(
        {{"leerlingen.csv", "nr;naam\n1;Zoë\n"}}, "geheim-2026", method);
    auto archive = ZipArchive::Open(zip, Limits{});
    ASSERT_TRUE(archive.ok()) << method << ": " << archive.status().ToString();
    ASSERT_TRUE(archive->any_encrypted()) << method;
    const ZipEntry& entry = archive->entries()[0];
    auto none = archive->ReadAll(entry);
    EXPECT_EQ(none.status().code(), Status::Code::kPermissionDenied) << method;
    EXPECT_NE(none.status().message().nl.find("wachtwoord"), std::string::npos);
    auto wrong = archive->ReadAll(entry, "fout");
    EXPECT_FALSE(wrong.ok()) << method;
    auto right = archive->ReadAll(entry, "geheim-2026");
    ASSERT_TRUE(right.ok()) << method << ": " << right.status().ToString();
    EXPECT_EQ(*right, "nr;naam\n1;Zoë\n");
  }
}

}  // namespace
}  // namespace schoolbieb::formats
