// Versioned schema migrations, applied in order, each in its own transaction.
//
// The schema is written once; the few words that differ between SQLite and
// PostgreSQL (identity columns) are placeholders filled per backend. The
// table schema_migrations records what ran, so Migrate is idempotent, and
// concurrent migrators are serialised (an advisory lock on PostgreSQL, an
// immediate write transaction on SQLite).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct Migration {
  int version;
  const char* name;
  // Statements separated by ";\n", with {ID} placeholders; a statement
  // that starts with {PG} or {SQLITE} runs on that backend only.
  const char* sql;
  // Then, in the same transaction, what SQL cannot say (values computed by
  // the program, such as person keys); nullptr for none. Throws on failure.
  void (*code)(Database& db) = nullptr;
};

// All migrations, oldest first.
const std::vector<Migration>& AllMigrations();

// The SQL of `migration` as `backend` runs it.
std::string MigrationSql(const Migration& migration, Backend backend);

struct MigrateReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // "3 outbox", in order
};

// Applies every migration not yet applied. On failure the failing
// migration is rolled back and the earlier ones stay applied.
Result<MigrateReport> Migrate(Database& db);

// The highest applied version, 0 for an empty database.
Result<int> SchemaVersion(Database& db);

// OK when the schema is at the newest version; FailedPrecondition telling the
// user to run `schoolbieb migrate` otherwise.
Status RequireCurrentSchema(Database& db);

}  // namespace schoolbieb::store
