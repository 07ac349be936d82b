#include "support/test_database.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/crypto.h"

namespace schoolbieb::testing {
namespace {

std::atomic<int> counter{0};

std::string UniqueName(const char* prefix) {
  std::random_device device;
  return fmt::format("{}_{}_{}_{:08x}", prefix, getpid(), counter++, device());
}

Result<std::string> PostgresAdminUrl() {
  const char* state = std::getenv("SCHOOLBIEB_TEST_PG_STATE");
  std::string path = state ? std::string(state) + "/url" : "";
  std::ifstream in(path);
  std::string url;
  if (!state || !std::getline(in, url) || url.empty()) {
    return Status::Unavailable(
        "PostgreSQL-testserver draait niet",
        "The PostgreSQL test server is not running: run the tests through "
        "ctest "
        "(its fixture postgres.start starts it) or 'make test'.");
  }
  return url;
}

}  // namespace

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(
    store::Backend backend) {
  InitCrypto();
  std::unique_ptr<TestDatabase> db(new TestDatabase());
  db->backend_ = backend;
  if (backend == store::Backend::kSqlite) {
    db->folder_ =
        (std::filesystem::temp_directory_path() / UniqueName("schoolbieb-test"))
            .string();
    std::filesystem::create_directories(db->folder_);
    db->url_ = "sqlite:" + db->folder_ + "/test.db";
    return db;
  }
  auto admin = PostgresAdminUrl();
  if (!admin.ok()) return admin.status();
  db->admin_url_ = *admin;
  db->name_ = UniqueName("sbtest");
  auto conn = store::Database::Open(db->admin_url_);
  if (!conn.ok()) return conn.status();
  (*conn)->sql() << "CREATE DATABASE " + db->name_ +
                        " TEMPLATE template0 ENCODING 'UTF8'";
  db->url_ =
      db->admin_url_.substr(0, db->admin_url_.rfind('/') + 1) + db->name_;
  return db;
}

TestDatabase::~TestDatabase() {
  if (!folder_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  if (!name_.empty()) {
    auto conn = store::Database::Open(admin_url_);
    if (conn.ok()) {
      try {
        (*conn)->sql() << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
      } catch (const std::exception&) {
      }
    }
  }
}

std::unique_ptr<store::Database> TestDatabase::Open() const {
  auto db = store::Database::Open(url_);
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    return nullptr;
  }
  return std::move(db).value();
}

std::string BackendParamName(
    const ::testing::TestParamInfo<store::Backend>& info) {
  return std::string(store::BackendName(info.param));
}

TempDir::TempDir() {
  path_ =
      (std::filesystem::temp_directory_path() / UniqueName("schoolbieb-tmp"))
          .string();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace schoolbieb::testing
