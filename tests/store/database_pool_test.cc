// The server's connection pool: connections are reused, a connection with
// a transaction still open is never handed to the next request, at most
// `max_idle` wait, and a PostgreSQL connection the server cut off is
// replaced after the one request that found it broken.
#include "store/database_pool.h"

#include <gtest/gtest.h>

#include <vector>

#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

class DatabasePoolTest : public StoreTest {
 protected:
  long long Count(Database& db) {
    long long n = 0;
    db.sql() << "SELECT COUNT(*) FROM library", soci::into(n);
    return n;
  }
};

TEST_P(DatabasePoolTest, ConnectionsAreReused) {
  DatabasePool pool(test_db_->url(), 4);
  for (int i = 0; i < 5; ++i) {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().ToString();
    EXPECT_EQ(Count(**lease), 0);
  }
  EXPECT_EQ(pool.opened(), 1u);
  EXPECT_EQ(pool.idle(), 1u);
}

TEST_P(DatabasePoolTest, AtMostMaxIdleWait) {
  DatabasePool pool(test_db_->url(), 2);
  {
    std::vector<DatabasePool::Lease> leases;
    for (int i = 0; i < 4; ++i) leases.push_back(pool.Acquire().value());
    EXPECT_EQ(pool.opened(), 4u);
  }
  EXPECT_EQ(pool.idle(), 2u);
}

TEST_P(DatabasePoolTest, AConnectionInATransactionIsNotReused) {
  DatabasePool pool(test_db_->url(), 4);
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE((*lease)->Reusable());
  {
    Transaction tx(**lease);
    EXPECT_FALSE((*lease)->Reusable());
  }
  EXPECT_TRUE((*lease)->Reusable());
}

// PostgreSQL only: an SQLite file has no server to cut the connection.
class DatabasePoolPgTest : public DatabasePoolTest {};

TEST_P(DatabasePoolPgTest, ABrokenConnectionIsReplaced) {
  DatabasePool pool(test_db_->url(), 4);
  std::vector<int> pids(3);
  {
    // Three requests at once leave three idle connections.
    std::vector<DatabasePool::Lease> leases;
    for (int& pid : pids) {
      auto lease = pool.Acquire();
      ASSERT_TRUE(lease.ok());
      (*lease)->sql() << "SELECT pg_backend_pid()", soci::into(pid);
      leases.push_back(std::move(*lease));
    }
  }
  ASSERT_EQ(pool.idle(), 3u);
  // The server ends them all (as a restart would).
  for (int pid : pids) {
    db().sql() << "SELECT pg_terminate_backend(:p)", soci::use(pid);
  }
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    // The one request that finds its connection broken fails…
    EXPECT_ANY_THROW(Count(**lease));
  }
  // …and takes the other broken ones with it: the next request gets a new
  // connection and works.
  EXPECT_EQ(pool.idle(), 0u);
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ(Count(**lease), 0);
  EXPECT_EQ(pool.opened(), 4u);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, DatabasePoolTest);
INSTANTIATE_TEST_SUITE_P(Store, DatabasePoolPgTest,
                         ::testing::Values(Backend::kPostgresql),
                         ::schoolbieb::testing::BackendParamName);

}  // namespace
}  // namespace schoolbieb::store
