// Base fixture of the store conformance suite: every test gets a fresh,
// migrated database on the backend it is instantiated for.
#pragma once

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "support/test_database.h"

namespace schoolbieb::store {

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    ASSERT_NE(db_, nullptr);
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  }

  Database& db() { return *db_; }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
};

}  // namespace schoolbieb::store
