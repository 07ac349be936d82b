// A fresh, empty database per test, on SQLite (a file in a temporary folder)
// or on the run's PostgreSQL server (a new database on the server that
// tests/support/postgres.sh started; its URL is read from
// $SCHOOLBIEB_TEST_PG_STATE/url). Removed again when the object goes.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::testing {

class TestDatabase {
 public:
  // Creates an empty database. Fails with a clear message when the
  // PostgreSQL test server is not running (run the tests through ctest).
  static Result<std::unique_ptr<TestDatabase>> Create(store::Backend backend);
  ~TestDatabase();

  const std::string& url() const { return url_; }
  store::Backend backend() const { return backend_; }
  // A new connection to it.
  std::unique_ptr<store::Database> Open() const;

 private:
  TestDatabase() = default;

  store::Backend backend_ = store::Backend::kSqlite;
  std::string url_;
  std::string admin_url_;  // PostgreSQL: the server's "postgres" database
  std::string name_;       // PostgreSQL: this test's database
  std::string folder_;     // SQLite: the temporary folder
};

// "sqlite" / "postgresql", for parameterised test names.
std::string BackendParamName(
    const ::testing::TestParamInfo<store::Backend>& info);

// A scratch folder removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace schoolbieb::testing

// Instantiates a fixture parameterised by store::Backend for both databases:
// tests are named Store/<Fixture>.<Test>/sqlite and .../postgresql.
#define SCHOOLBIEB_ON_BOTH_DATABASES(prefix, fixture)               \
  INSTANTIATE_TEST_SUITE_P(                                         \
      prefix, fixture,                                              \
      ::testing::Values(::schoolbieb::store::Backend::kSqlite,      \
                        ::schoolbieb::store::Backend::kPostgresql), \
      ::schoolbieb::testing::BackendParamName)
