#include "store/database_pool.h"

namespace schoolbieb::store {

void DatabasePool::Return::operator()(Database* db) const {
  if (pool) {
    pool->Release(db);
  } else {
    delete db;
  }
}

DatabasePool::DatabasePool(std::string url, size_t max_idle)
    : url_(std::move(url)), max_idle_(max_idle) {}

Result<DatabasePool::Lease> DatabasePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (!idle_.empty()) {
      std::unique_ptr<Database> db = std::move(idle_.back());
      idle_.pop_back();
      if (db->Reusable()) return Lease(db.release(), Return{this});
    }
  }
  auto db = Database::Open(url_);
  if (!db.ok()) return db.status();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++opened_;
  }
  return Lease(db->release(), Return{this});
}

void DatabasePool::Release(Database* raw) {
  std::unique_ptr<Database> db(raw);
  if (db->ConnectionLost()) {
    // The server went away (a restart, a failover): the idle connections
    // are gone too, though libpq does not know it yet. Drop them all, so
    // only this one request failed.
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.clear();
    return;
  }
  if (!db->Reusable()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

size_t DatabasePool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

size_t DatabasePool::opened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

}  // namespace schoolbieb::store
