#include "store/upload_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/retention.h"
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

// Retention: an upload's content goes a set time after its import or
// rejection, with an audit event; one still waiting for the library stays
// however old it is, and so does one decided more recently.
TEST_P(UploadStoreTest, DecidedUploadsArePurgedAfterTheRetention) {
  const long long kNow = 1'800'000'000;
  const long long kDay = 86400;
  auto stored = [&](const char* status, long long decided_at) {
    Upload upload = upload_;
    EXPECT_TRUE(StoreUpload(db(), key_, upload, "LEERLINGNUMMER\n1\n").ok());
    // SOCI binds by reference: named values, no temporaries.
    std::string state = status;
    long long created = kNow - 400 * kDay;
    db().sql() << "UPDATE upload SET status = :s, decided_at = :d, "
                  "created_at = :c WHERE id = :id",
        soci::use(state), soci::use(decided_at), soci::use(created),
        soci::use(upload.id);
    return upload.id;
  };
  long long imported = stored("imported", kNow - 31 * kDay);
  long long rejected = stored("rejected", kNow - 30 * kDay);
  long long recent = stored("imported", kNow - 29 * kDay);
  long long waiting = stored("received", 0);

  RetentionOptions options;  // 30 days
  auto report = ApplyRetention(db(), kNow, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->uploads_purged,
            (std::vector<long long>{imported, rejected}));
  for (long long id : {imported, rejected}) {
    auto content = ReadUploadContent(db(), key_, id);
    EXPECT_EQ(content.status().code(), Status::Code::kFailedPrecondition);
    EXPECT_EQ(GetUpload(db(), id)->status, "purged");
    long long chunks = 1;
    db().sql() << "SELECT COUNT(*) FROM upload_chunk WHERE upload_id = :id",
        soci::use(id), soci::into(chunks);
    EXPECT_EQ(chunks, 0);
  }
  for (long long id : {recent, waiting}) {
    EXPECT_TRUE(ReadUploadContent(db(), key_, id).ok()) << id;
  }
  AuditFilter filter;
  filter.action = "upload.purge";
  auto events = ListAudit(db(), upload_.library_id, filter);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);
  // A second run (or a second server) finds nothing more to do.
  auto again = ApplyRetention(db(), kNow, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->uploads_purged.empty());
}

// Issue 18, point 4: an upload nobody imports or rejects is not kept for
// ever. The library is told a week before it goes (one mail, to the
// library's address, with the dates and no student data; audited), and it
// goes the retention after it came in, but never sooner than a week after
// that notice; one decided on meanwhile follows the decided rule.
TEST_P(UploadStoreTest, UndecidedUploadsAreToldOfThenPurged) {
  const long long kDay = 86400;
  const long long kStart = 1'800'000'000;
  db().sql() << "UPDATE library SET notify_email = 'bieb@noord.example'";
  auto stored = [&](const char* status, long long created) {
    Upload upload = upload_;
    EXPECT_TRUE(StoreUpload(db(), key_, upload, "LEERLINGNUMMER\n1\n").ok());
    std::string state = status;
    db().sql() << "UPDATE upload SET status = :s, created_at = :c WHERE id = "
                  ":id",
        soci::use(state), soci::use(created), soci::use(upload.id);
    return upload.id;
  };
  // Came in 23 days ago (told now), 16 days ago (told a week later), and one
  // that is 40 days old but has never been told (the server was off): told now,
  // purged no sooner than a week from now.
  long long looked_at = stored("in_progress", kStart - 23 * kDay);
  long long fresh = stored("received", kStart - 16 * kDay);
  long long forgotten = stored("received", kStart - 40 * kDay);
  RetentionOptions options;  // 30 days, told 7 days before
  std::vector<std::pair<long long, long long>> composed;  // upload, purge_at
  options.compose_purge_notice =
      [&](Database& tx_db, const Upload& upload,
          int64_t purge_at) -> Result<std::optional<OutboxMessage>> {
    composed.emplace_back(upload.id, purge_at);
    OutboxMessage message;
    message.library_id = upload.library_id;
    message.kind = "upload_purge_notice";
    message.recipient = "bieb@noord.example";
    message.subject = "Wordt verwijderd: " + upload.original_name;
    message.body_text = "Upload " + std::to_string(upload.id);
    message.body_html = message.body_text;
    // Within the notice's transaction, on its connection.
    EXPECT_EQ(&tx_db, &db());
    return std::optional<OutboxMessage>(message);
  };
  auto mails = [&] {
    long long n = 0;
    db().sql() << "SELECT COUNT(*) FROM outbox WHERE kind = "
                  "'upload_purge_notice'",
        soci::into(n);
    return n;
  };

  auto dry = options;
  dry.dry_run = true;
  auto counted = ApplyRetention(db(), kStart, dry);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->purge_notices,
            (std::vector<long long>{looked_at, forgotten}));
  EXPECT_EQ(mails(), 0);

  auto first = ApplyRetention(db(), kStart, options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->purge_notices,
            (std::vector<long long>{looked_at, forgotten}));
  EXPECT_TRUE(first->uploads_purged.empty());
  ASSERT_EQ(composed.size(), 2u);
  EXPECT_EQ(composed[0].second, kStart + 7 * kDay);  // 30 days after it came
  EXPECT_EQ(composed[1].second, kStart + 7 * kDay);  // a week after the notice
  EXPECT_EQ(mails(), 2);
  EXPECT_EQ(GetUpload(db(), looked_at)->purge_notice_at, kStart);
  EXPECT_EQ(GetUpload(db(), fresh)->purge_notice_at, 0);
  // Told once: the next hour's run sends nothing more.
  auto hour = ApplyRetention(db(), kStart + 3600, options);
  ASSERT_TRUE(hour.ok());
  EXPECT_TRUE(hour->purge_notices.empty());
  EXPECT_TRUE(hour->uploads_purged.empty());
  EXPECT_EQ(mails(), 2);

  // A day before the date: still there.
  auto early = ApplyRetention(db(), kStart + 6 * kDay, options);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->uploads_purged.empty());
  EXPECT_TRUE(ReadUploadContent(db(), key_, forgotten).ok());
  // On the date: both told ones go, with their audit event; the fresh one
  // (now 23 days old) is told.
  auto due = ApplyRetention(db(), kStart + 7 * kDay, options);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(due->uploads_purged,
            (std::vector<long long>{looked_at, forgotten}));
  EXPECT_EQ(due->purge_notices, (std::vector<long long>{fresh}));
  for (long long id : {looked_at, forgotten}) {
    EXPECT_EQ(GetUpload(db(), id)->status, "purged");
    EXPECT_EQ(ReadUploadContent(db(), key_, id).status().code(),
              Status::Code::kFailedPrecondition);
    long long chunks = 1;
    db().sql() << "SELECT COUNT(*) FROM upload_chunk WHERE upload_id = :id",
        soci::use(id), soci::into(chunks);
    EXPECT_EQ(chunks, 0);
  }
  AuditFilter filter;
  filter.action = "upload.purge_notice";
  auto notices = ListAudit(db(), upload_.library_id, filter);
  ASSERT_TRUE(notices.ok());
  EXPECT_EQ(notices->size(), 3u);
  filter.action = "upload.purge";
  auto purges = ListAudit(db(), upload_.library_id, filter);
  ASSERT_TRUE(purges.ok());
  EXPECT_EQ(purges->size(), 2u);

  // Imported after its notice: the decided rule (30 days after the import)
  // applies, not the notice.
  long long imported_at = kStart + 8 * kDay;
  db().sql() << "UPDATE upload SET status = 'imported', decided_at = :at "
                "WHERE id = :id",
      soci::use(imported_at), soci::use(fresh);
  auto later = ApplyRetention(db(), kStart + 20 * kDay, options);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->uploads_purged.empty());
  EXPECT_TRUE(ReadUploadContent(db(), key_, fresh).ok());
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
