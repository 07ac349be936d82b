#include "store/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/test_database.h"

namespace schoolbieb::store {
namespace {

class MigrationsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
  }
  std::unique_ptr<testing::TestDatabase> test_db_;
};

const char* const kTables[] = {"library",         "branch",     "customer",
                               "customer_notice", "membership", "account",
                               "session",         "api_token",  "upload",
                               "upload_chunk",    "import_run", "import_change",
                               "audit_event",     "outbox"};

TEST_P(MigrationsTest, FirstRunCreatesEveryTableAndSecondRunChangesNothing) {
  auto db = test_db_->Open();
  auto first = Migrate(*db);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, AllMigrations().back().version);
  EXPECT_EQ(first->applied.size(), AllMigrations().size());
  for (const char* table : kTables) {
    int rows = -1;
    db->sql() << "SELECT COUNT(*) FROM " + std::string(table), soci::into(rows);
    EXPECT_EQ(rows, 0) << table;
  }

  auto second = Migrate(*db);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, first->to_version);
  int recorded = 0;
  db->sql() << "SELECT COUNT(*) FROM schema_migrations", soci::into(recorded);
  EXPECT_EQ(recorded, static_cast<int>(AllMigrations().size()));
  EXPECT_TRUE(RequireCurrentSchema(*db).ok());
}

TEST_P(MigrationsTest, EmptyDatabaseIsReportedAsNeedingMigrate) {
  auto db = test_db_->Open();
  Status status = RequireCurrentSchema(*db);
  EXPECT_EQ(status.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(status.message().nl.find("schoolbieb migrate"), std::string::npos);
}

TEST_P(MigrationsTest, NewerDatabaseThanProgramIsRefused) {
  auto db = test_db_->Open();
  ASSERT_TRUE(Migrate(*db).ok());
  db->sql()
      << "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
         "(9999, 'from the future', 0)";
  Status status = RequireCurrentSchema(*db);
  EXPECT_EQ(status.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(status.message().en.find("Upgrade"), std::string::npos);
}

TEST_P(MigrationsTest, TwoMigratorsAtOnceApplyEachMigrationOnce) {
  {
    auto db = test_db_->Open();
    ASSERT_TRUE(SchemaVersion(*db).ok());
  }
  Status results[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      auto db = test_db_->Open();
      results[i] = Migrate(*db).status();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0].ok()) << results[0].ToString();
  EXPECT_TRUE(results[1].ok()) << results[1].ToString();
  auto db = test_db_->Open();
  int recorded = 0;
  db->sql() << "SELECT COUNT(*) FROM schema_migrations", soci::into(recorded);
  EXPECT_EQ(recorded, static_cast<int>(AllMigrations().size()));
}

TEST_P(MigrationsTest, ConnectionIsConfiguredForSafeCommits) {
  auto db = test_db_->Open();
  if (db->backend() == Backend::kSqlite) {
    std::string journal;
    int foreign_keys = 0, synchronous = 0;
    db->sql() << "PRAGMA journal_mode", soci::into(journal);
    db->sql() << "PRAGMA foreign_keys", soci::into(foreign_keys);
    db->sql() << "PRAGMA synchronous", soci::into(synchronous);
    EXPECT_EQ(journal, "wal");
    EXPECT_EQ(foreign_keys, 1);
    EXPECT_EQ(synchronous, 2);  // FULL
  } else {
    std::string zone;
    db->sql() << "SHOW TIME ZONE", soci::into(zone);
    EXPECT_EQ(zone, "UTC");
  }
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, MigrationsTest);

TEST(DatabaseUrlTest, ParsesBothBackendsAndRefusesOthers) {
  auto sqlite = ParseDatabaseUrl("sqlite:var/schoolbieb.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(sqlite->backend, Backend::kSqlite);
  EXPECT_EQ(sqlite->sqlite_path, "var/schoolbieb.db");

  auto pg = ParseDatabaseUrl(
      "postgresql://bieb:ge%40heim@db.example:5433/schoolbieb");
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  EXPECT_EQ(pg->backend, Backend::kPostgresql);
  EXPECT_NE(pg->connection_string.find("dbname='schoolbieb'"),
            std::string::npos);
  EXPECT_NE(pg->connection_string.find("host='db.example'"), std::string::npos);
  EXPECT_NE(pg->connection_string.find("port=5433"), std::string::npos);
  EXPECT_NE(pg->connection_string.find("password='ge@heim'"),
            std::string::npos);

  EXPECT_TRUE(ParseDatabaseUrl("postgres://localhost/x").ok());
  for (const char* bad : {"mysql://x/y", "sqlite:", "postgresql://host", "x.db",
                          "postgresql://h:port/db"}) {
    auto parsed = ParseDatabaseUrl(bad);
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace schoolbieb::store
