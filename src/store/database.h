// A connection to the schoolbieb database: SQLite (embedded default) or
// PostgreSQL, behind one code path (SOCI).
//
// Every repository takes a Database& and runs the same SQL on both backends;
// where the dialects differ (DDL, locking) the difference lives here or in
// migrations.cc, nowhere else. Rows are read into typed variables: SOCI's
// untyped soci::row reports different types per backend.
//
// A Database is one connection and is not thread-safe: use one per thread.
// Timestamps are stored as BIGINT seconds since the Unix epoch (UTC); dates
// as ISO text "YYYY-MM-DD". Both compare and sort the same on both backends.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace schoolbieb::store {

enum class Backend { kSqlite, kPostgresql };

std::string_view BackendName(Backend backend);

// A parsed --db URL.
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;        // for sqlite:PATH
  std::string connection_string;  // SOCI's, for PostgreSQL
};

// Parses "sqlite:PATH" or "postgresql://[user[:password]@]host[:port]/db"
// (also "postgres://"). Returns InvalidArgument with an example otherwise.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url);

class Database {
 public:
  // Opens (creating an SQLite file and its folder if needed) and sets the
  // connection up: SQLite in WAL mode with foreign keys on and
  // synchronous=FULL; PostgreSQL with UTC as time zone.
  static Result<std::unique_ptr<Database>> Open(std::string_view url);

  Backend backend() const { return backend_; }
  soci::session& sql() { return sql_; }

  // Runs a script of statements separated by ";" at line ends.
  void ExecuteScript(std::string_view script);

 private:
  friend class Transaction;
  explicit Database(Backend backend) : backend_(backend) {}

  Backend backend_;
  soci::session sql_;
  int transaction_depth_ = 0;
  bool rollback_only_ = false;
};

// Hands out ids for rows that a bulk writer inserts with an explicit id, so
// that no insert needs RETURNING (on SQLite, RETURNING costs a temporary
// table per statement; without it many rows fit in one INSERT). Use inside
// a transaction that already holds the database's write lock (SQLite) —
// the import's school lock does. SQLite: the ids after both MAX(id) and the
// AUTOINCREMENT counter, so an id of a deleted row is never reused, as
// before. PostgreSQL: taken from the table's identity sequence, a block at a
// time, so concurrent inserts elsewhere never collide. Throws
// soci::soci_error like the session. Not thread-safe.
class IdSource {
 public:
  // `table` is a table of our schema (never user input).
  IdSource(Database& db, std::string table);
  long long Next();

 private:
  Database& db_;
  std::string table_;
  std::vector<long long> reserved_;  // PostgreSQL: unused ids, last first
  long long next_ = 0;               // SQLite: the next id
};

// A transaction that joins an enclosing one: only the outermost begins and
// commits. An inner one left without Commit() dooms the outer one, so a
// failure deep inside can never be half-committed. Rolls back on destruction
// unless committed. Commit() throws soci::soci_error when the database
// refuses or when an inner transaction failed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

// Turns a SOCI exception into a Status: unique and foreign-key violations
// become AlreadyExists / FailedPrecondition with `what` (Dutch, English)
// naming the thing; a lost connection becomes Unavailable; the rest Internal.
Status FromDatabaseError(const std::exception& error, const Message& what);

}  // namespace schoolbieb::store
