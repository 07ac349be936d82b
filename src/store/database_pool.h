// Database connections for the server: a request borrows one and gives it
// back, so no request pays for opening a connection (SQLite: opening the
// file and three PRAGMAs; PostgreSQL: a TCP connection and authentication,
// a few milliseconds). A connection comes back only in a clean state — no
// transaction open, still connected —, otherwise it is closed; at most
// `max_idle` wait for the next request, the rest are closed. A PostgreSQL
// connection that broke (the server restarted) fails its request; then
// every idle connection is dropped with it (they broke too), so the server
// reconnects by itself after one failed request. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

class DatabasePool {
 public:
  struct Return {
    DatabasePool* pool = nullptr;
    void operator()(Database* db) const;
  };
  // A borrowed connection; given back when it goes out of scope.
  using Lease = std::unique_ptr<Database, Return>;

  DatabasePool(std::string url, size_t max_idle);
  DatabasePool(const DatabasePool&) = delete;
  DatabasePool& operator=(const DatabasePool&) = delete;

  // An idle connection, or a new one (Database::Open's errors).
  Result<Lease> Acquire();

  const std::string& url() const { return url_; }
  size_t idle() const;
  // Connections opened so far (tests).
  size_t opened() const;

 private:
  void Release(Database* db);

  const std::string url_;
  const size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
  size_t opened_ = 0;
};

}  // namespace schoolbieb::store
