#include "store/upload_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "store/library_store.h"
#include "store_fixture.h"

namespace schoolbieb::store {
namespace {

class UploadStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Library library;
    library.code = "bieb";
    library.name = "Bibliotheek";
    ASSERT_TRUE(AddLibrary(db(), library).ok());
    Branch school;
    school.library_id = library.id;
    school.code = "kievit";
    school.name = "De Kievit";
    ASSERT_TRUE(AddBranch(db(), school).ok());
    upload_.library_id = library.id;
    upload_.branch_id = school.id;
    upload_.original_name = "leerlingen.csv";
  }

  // More than two chunks, with a recognisable marker.
  static std::string Content() {
    std::string content;
    while (content.size() < 2'500'000) {
      content += "LEERLINGNUMMER;NAAM\n1234;Geheimenaam\n";
    }
    return content;
  }

  UploadKey key_ = UploadKey::Generate();
  Upload upload_;
};

TEST_P(UploadStoreTest, RoundTripsAndNeverStoresTheClearText) {
  std::string content = Content();
  ASSERT_TRUE(StoreUpload(db(), key_, upload_, content).ok());
  EXPECT_GT(upload_.id, 0);
  EXPECT_EQ(upload_.size_bytes, static_cast<long long>(content.size()));
  auto read = ReadUploadContent(db(), key_, upload_.id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, content);
  int chunks = 0;
  db().sql() << "SELECT COUNT(*) FROM upload_chunk WHERE upload_id = :u",
      soci::into(chunks), soci::use(upload_.id);
  EXPECT_EQ(chunks, 3);
  int clear = 0;
  db().sql() << "SELECT COUNT(*) FROM upload_chunk WHERE data LIKE "
                "'%Geheimenaam%'",
      soci::into(clear);
  EXPECT_EQ(clear, 0);
  // An empty file is a valid upload too.
  Upload empty = upload_;
  ASSERT_TRUE(StoreUpload(db(), key_, empty, "").ok());
  auto nothing = ReadUploadContent(db(), key_, empty.id);
  ASSERT_TRUE(nothing.ok());
  EXPECT_EQ(*nothing, "");
}

TEST_P(UploadStoreTest, AlteredRemovedOrReorderedChunksAreRefused) {
  ASSERT_TRUE(StoreUpload(db(), key_, upload_, Content()).ok());
  std::string first, second;
  db().sql() << "SELECT data FROM upload_chunk WHERE upload_id = :u AND seq "
                "= 0",
      soci::into(first), soci::use(upload_.id);
  db().sql() << "SELECT data FROM upload_chunk WHERE upload_id = :u AND seq "
                "= 1",
      soci::into(second), soci::use(upload_.id);
  auto expect_damaged = [&](const char* what) {
    auto read = ReadUploadContent(db(), key_, upload_.id);
    ASSERT_FALSE(read.ok()) << what;
    EXPECT_NE(read.status().message().nl.find("beschadigd"), std::string::npos)
        << what;
  };
  // One flipped character.
  std::string flipped = first;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  db().sql() << "UPDATE upload_chunk SET data = :d WHERE upload_id = :u AND "
                "seq = 0",
      soci::use(flipped), soci::use(upload_.id);
  expect_damaged("flipped");
  // Swapped chunks.
  db().sql() << "UPDATE upload_chunk SET data = :d WHERE upload_id = :u AND "
                "seq = 0",
      soci::use(second), soci::use(upload_.id);
  db().sql() << "UPDATE upload_chunk SET data = :d WHERE upload_id = :u AND "
                "seq = 1",
      soci::use(first), soci::use(upload_.id);
  expect_damaged("swapped");
  // Restored, then the last chunk dropped.
  db().sql() << "UPDATE upload_chunk SET data = :d WHERE upload_id = :u AND "
                "seq = 0",
      soci::use(first), soci::use(upload_.id);
  db().sql() << "UPDATE upload_chunk SET data = :d WHERE upload_id = :u AND "
                "seq = 1",
      soci::use(second), soci::use(upload_.id);
  ASSERT_TRUE(ReadUploadContent(db(), key_, upload_.id).ok());
  db().sql() << "DELETE FROM upload_chunk WHERE upload_id = :u AND seq = 2",
      soci::use(upload_.id);
  expect_damaged("truncated");
}

TEST_P(UploadStoreTest, AnotherKeyIsNamedAndPurgingKeepsTheRecord) {
  ASSERT_TRUE(StoreUpload(db(), key_, upload_, "a;b\n1;2\n").ok());
  UploadKey other = UploadKey::Generate();
  auto wrong = ReadUploadContent(db(), other, upload_.id);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(wrong.status().message().nl.find(key_.id()), std::string::npos);

  ASSERT_TRUE(PurgeUpload(db(), upload_.id).ok());
  auto gone = ReadUploadContent(db(), key_, upload_.id);
  EXPECT_EQ(gone.status().code(), Status::Code::kFailedPrecondition);
  auto record = GetUpload(db(), upload_.id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->status, "purged");
  EXPECT_EQ(record->original_name, "leerlingen.csv");
  EXPECT_GT(record->purged_at, 0);
  int chunks = -1;
  db().sql() << "SELECT COUNT(*) FROM upload_chunk WHERE upload_id = :u",
      soci::into(chunks), soci::use(upload_.id);
  EXPECT_EQ(chunks, 0);
  auto listed = ListUploads(db(), upload_.library_id, upload_.branch_id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, UploadStoreTest);

TEST(UploadKeyTest, CreatedOnceWithModeSixHundredAndReadBack) {
  testing::TempDir dir;
  std::string path = dir.path() + "/var/upload.key";
  auto created = UploadKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  auto again = UploadKey::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id(), created->id());
  EXPECT_EQ(again->bytes(), created->bytes());
  EXPECT_FALSE(UploadKey::FromBase64("dGVzdA==").ok());  // 4 bytes
  auto round = UploadKey::FromBase64(created->Base64());
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->id(), created->id());
}

}  // namespace
}  // namespace schoolbieb::store
