// Issue 18, point 6: a writer never gets "de database is bezig" (503)
// because the mail worker is writing. A request's transaction often reads
// before it writes (a rejection reads the upload, an undo its run); on
// SQLite a deferred transaction would then fail its first write at once
// with SQLITE_BUSY whenever the worker committed in between, since the
// snapshot it read is stale and waiting cannot help. Transactions take the
// write lock when they begin, waiting for it up to the busy timeout. On
// PostgreSQL the same steps never conflict (rows, not the database, are
// locked); the test runs there too.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "store/library_store.h"
#include "store/outbox.h"
#include "store/store_fixture.h"
#include "store/upload_store.h"

namespace schoolbieb::store {
namespace {

class WriteLockTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    library_.code = "noord";
    library_.name = "Bibliotheek Noord";
    ASSERT_TRUE(AddLibrary(db(), library_).ok());
    Branch school;
    school.library_id = library_.id;
    school.code = "de-es";
    school.name = "De Es";
    school.kind = BranchKind::kSchool;
    ASSERT_TRUE(AddBranch(db(), school).ok());
    upload_.library_id = library_.id;
    upload_.branch_id = school.id;
    upload_.original_name = "leerlingen.csv";
    ASSERT_TRUE(
        StoreUpload(db(), UploadKey::Generate(), upload_, "LEERLINGNUMMER\n1\n")
            .ok());
  }

  // A message for the worker to claim.
  void Enqueue() {
    OutboxMessage message;
    message.library_id = library_.id;
    message.kind = "upload_received";
    message.recipient = "bieb@noord.example";
    message.subject = "Nieuw leerlingbestand";
    message.body_text = "Er is een bestand.";
    message.body_html = "<p>Er is een bestand.</p>";
    ASSERT_TRUE(EnqueueMessage(db(), message).ok());
  }

  Library library_;
  Upload upload_;
};

TEST_P(WriteLockTest, AWriterThatReadFirstWaitsForTheMailWorker) {
  Enqueue();
  auto worker_db = test_db_->Open();
  ASSERT_NE(worker_db, nullptr);
  std::atomic<bool> claimed = false;
  Status rejected;
  {
    // A staff member's rejection: read the upload, then write it.
    Transaction tx(db());
    auto upload = GetUpload(db(), upload_.id);
    ASSERT_TRUE(upload.ok());
    ASSERT_EQ(upload->status, "received");
    // Meanwhile the worker claims the message (a write of its own).
    std::thread worker([&] {
      long long now = SystemClock::Get().Now();
      auto claim = ClaimDueMessages(*worker_db, "worker-1", now + 60, now + 900,
                                    10, nullptr);
      EXPECT_TRUE(claim.ok()) << claim.status().ToString();
      if (claim.ok()) EXPECT_EQ(claim->size(), 1u);
      claimed = true;
    });
    // Long enough for the worker's claim to commit, were it not waiting.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (GetParam() == Backend::kSqlite) {
      EXPECT_FALSE(claimed) << "the worker wrote inside our transaction";
    }
    rejected = MarkUploadRejected(db(), upload_.id, "Vorig jaar",
                                  SystemClock::Get().Now());
    if (rejected.ok()) {
      try {
        tx.Commit();
      } catch (const std::exception& error) {
        rejected = FromDatabaseError(error, {"De test", "The test"});
      }
    }
    worker.join();
  }
  EXPECT_TRUE(rejected.ok()) << rejected.ToString();
  EXPECT_TRUE(claimed);
  EXPECT_EQ(GetUpload(db(), upload_.id)->status, "rejected");
}

// The wait is bounded: a writer behind a lock that is never given up
// waits the busy timeout (10 s), then is told the database is busy (503)
// rather than hanging on to the request.
TEST_P(WriteLockTest, AWriterWaitsAtMostTheBusyTimeout) {
  if (GetParam() != Backend::kSqlite) {
    GTEST_SKIP() << "PostgreSQL locks rows, not the database";
  }
  auto holder_db = test_db_->Open();
  Transaction holder(*holder_db);  // holds the write lock throughout
  auto start = std::chrono::steady_clock::now();
  Status status;
  try {
    Transaction tx(db());
    status = MarkUploadRejected(db(), upload_.id, "Vorig jaar",
                                SystemClock::Get().Now());
    if (status.ok()) tx.Commit();
  } catch (const std::exception& error) {
    status = FromDatabaseError(error, {"De test", "The test"});
  }
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), Status::Code::kUnavailable) << status.ToString();
  EXPECT_NE(status.message().nl.find("bezig"), std::string::npos);
  EXPECT_GE(waited, std::chrono::seconds(9));
  EXPECT_LT(waited, std::chrono::seconds(30));
  EXPECT_EQ(GetUpload(*holder_db, upload_.id)->status, "received");
}

// Many times over, from both sides at once: the worker claiming, handing
// over and marking sent while staff reject and purge in transactions that
// read first. Not one of them is told the database is busy.
TEST_P(WriteLockTest, NoWriterIsToldTheDatabaseIsBusy) {
  constexpr int kMessages = 150;
  for (int i = 0; i < kMessages; ++i) Enqueue();
  std::atomic<bool> stop = false;
  std::atomic<int> sent = 0;
  std::thread worker([&] {
    auto worker_db = test_db_->Open();
    while (!stop && sent < kMessages) {
      long long now = SystemClock::Get().Now();
      auto claim =
          ClaimDueMessages(*worker_db, "worker-1", now, now + 900, 1, nullptr);
      ASSERT_TRUE(claim.ok()) << claim.status().ToString();
      for (const OutboxMessage& message : *claim) {
        auto handing = MarkHandingOver(*worker_db, message.id, "worker-1", now);
        ASSERT_TRUE(handing.ok()) << handing.status().ToString();
        ASSERT_TRUE(MarkSent(*worker_db, message.id, "worker-1", now).ok());
        ++sent;
      }
    }
  });
  int busy = 0;
  // Staff keep writing for as long as the worker does (at least 50 times,
  // at most a minute).
  auto until = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  for (int round = 0; round < 50 || (sent < kMessages &&
                                     std::chrono::steady_clock::now() < until);
       ++round) {
    Upload upload = upload_;
    upload.id = 0;
    Status status =
        StoreUpload(db(), UploadKey::Generate(), upload, "LEERLINGNUMMER\n1\n");
    try {
      Transaction tx(db());
      auto read = GetUpload(db(), upload.id);
      if (status.ok()) status = read.status();
      if (status.ok()) {
        status = MarkUploadRejected(db(), upload.id, "Vorig jaar",
                                    SystemClock::Get().Now());
      }
      if (status.ok()) tx.Commit();
    } catch (const std::exception& error) {
      status = FromDatabaseError(error, {"De test", "The test"});
    }
    if (status.code() == Status::Code::kUnavailable) ++busy;
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  stop = true;
  worker.join();
  EXPECT_EQ(busy, 0);
  EXPECT_EQ(sent, kMessages);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, WriteLockTest);

}  // namespace
}  // namespace schoolbieb::store
