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

  // Whether the server ended the connection (PostgreSQL: libpq's status,
  // no round trip; SQLite: never).
  bool ConnectionLost();
  // True when the connection can serve another request: no transaction
  // open and, for PostgreSQL, still connected (DatabasePool).
  bool Reusable();

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
  int block_ = 1000;                 // PostgreSQL: the next block's size
  long long next_ = 0;               // SQLite: the next id
};

// Inserts many rows into one table with few statements. Rows are held until
// Flush(): PostgreSQL then gets one COPY (a statement per row made a large
// import wait on ~400,000 round trips), SQLite multi-row INSERTs of a few
// hundred rows (with foreign keys on, SQLite opens a statement journal per
// writing statement and copies each page the statement touches into it, so
// a statement per row cost more than the rows). Since nothing is written
// before Flush(), a caller whose rows reference each other (foreign keys)
// flushes the referenced table first; rows still held when the writer is
// destroyed are dropped (after an error the transaction is rolled back
// anyway). Use inside a transaction; not thread-safe. Throws
// soci::soci_error (the backend's subclass, so FromDatabaseError maps
// constraint violations as for SOCI's own statements). `table` and
// `columns` come from our schema, never from input.
class BulkInsert {
 public:
  BulkInsert(Database& db, std::string table, std::vector<std::string> columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  // The next row's values, in column order, then EndRow() (which checks
  // the count: a wrong one is a bug and throws std::logic_error).
  void Text(std::string_view value);
  void Int(long long value);
  void Null();
  void TextOrNull(std::string_view value, bool null) {
    null ? Null() : Text(value);
  }
  void IntOrNull(long long value, bool null) { null ? Null() : Int(value); }
  void EndRow();

  // Writes every row not yet written.
  void Flush();
  // Bytes held for the next Flush().
  size_t pending_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Updates many rows of one table by id, setting the same columns in each,
// held until Flush() like BulkInsert: each backend gets `UPDATE … FROM
// (VALUES …)` statements (PostgreSQL up to 65,535 parameters each, SQLite a
// few hundred rows). Each row must name an existing id, at most once per
// Flush() (the caller flushes before updating a row again): when a row
// matched nothing, Flush() throws std::runtime_error naming the table.
class BulkUpdate {
 public:
  enum class Type { kText, kInt };
  struct Column {
    std::string name;
    Type type = Type::kText;
  };
  BulkUpdate(Database& db, std::string table, std::vector<Column> columns);
  ~BulkUpdate();
  BulkUpdate(const BulkUpdate&) = delete;
  BulkUpdate& operator=(const BulkUpdate&) = delete;

  // The row's id, then its values in column order, then EndRow().
  void Id(long long id);
  void Text(std::string_view value);
  void Int(long long value);
  void Null();
  void TextOrNull(std::string_view value, bool null) {
    null ? Null() : Text(value);
  }
  void IntOrNull(long long value, bool null) { null ? Null() : Int(value); }
  void EndRow();

  void Flush();
  size_t pending_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
