#include "store/database.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace schoolbieb::store {
namespace {

// Percent-decoding for the user and password parts of a URL.
std::string PercentDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int value = 0;
      if (std::sscanf(std::string(in.substr(i + 1, 2)).c_str(), "%2x",
                      &value) == 1) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

// Quotes a value for a libpq key=value connection string.
std::string PqQuote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

Status BadUrl(std::string_view url) {
  return Status::InvalidArgument(
      fmt::format("De database-URL '{}' wordt niet begrepen. Gebruik "
                  "sqlite:var/schoolbieb.db of "
                  "postgresql://gebruiker@host:5432/schoolbieb.",
                  url),
      fmt::format("The database URL '{}' is not understood. Use "
                  "sqlite:var/schoolbieb.db or "
                  "postgresql://user@host:5432/schoolbieb.",
                  url));
}

}  // namespace

std::string_view BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url) {
  DatabaseUrl parsed;
  if (url.starts_with("sqlite:")) {
    parsed.backend = Backend::kSqlite;
    parsed.sqlite_path = std::string(url.substr(7));
    if (parsed.sqlite_path.starts_with("//")) {
      parsed.sqlite_path = parsed.sqlite_path.substr(2);
    }
    if (parsed.sqlite_path.empty()) return BadUrl(url);
    return parsed;
  }
  std::string_view rest;
  if (url.starts_with("postgresql://")) {
    rest = url.substr(13);
  } else if (url.starts_with("postgres://")) {
    rest = url.substr(11);
  } else {
    return BadUrl(url);
  }
  parsed.backend = Backend::kPostgresql;
  std::string user, password, host, port, dbname;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = userinfo.find(':');
    user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      password = PercentDecode(userinfo.substr(colon + 1));
    }
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return BadUrl(url);
  std::string_view hostport = rest.substr(0, slash);
  dbname = std::string(rest.substr(slash + 1));
  if (size_t q = dbname.find('?'); q != std::string::npos) dbname.resize(q);
  if (size_t colon = hostport.rfind(':');
      colon != std::string_view::npos &&
      hostport.find(']') == std::string_view::npos) {
    host = std::string(hostport.substr(0, colon));
    port = std::string(hostport.substr(colon + 1));
    if (port.empty() ||
        port.find_first_not_of("0123456789") != std::string::npos) {
      return BadUrl(url);
    }
  } else {
    host = std::string(hostport);
  }
  if (dbname.empty()) return BadUrl(url);
  std::string conn = "dbname=" + PqQuote(dbname);
  if (!host.empty()) conn += " host=" + PqQuote(host);
  if (!port.empty()) conn += " port=" + port;
  if (!user.empty()) conn += " user=" + PqQuote(user);
  if (!password.empty()) conn += " password=" + PqQuote(password);
  conn += " connect_timeout=10 application_name='schoolbieb'";
  parsed.connection_string = conn;
  return parsed;
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url) {
  auto parsed = ParseDatabaseUrl(url);
  if (!parsed.ok()) return parsed.status();
  std::unique_ptr<Database> db(new Database(parsed->backend));
  try {
    if (parsed->backend == Backend::kSqlite) {
      std::filesystem::path path(parsed->sqlite_path);
      if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
      }
      // SOCI's SQLite connection string quotes with double quotes and has
      // no escape: refuse a path it could not carry.
      if (parsed->sqlite_path.find('"') != std::string::npos)
        return BadUrl(url);
      db->sql_.open(soci::sqlite3, "db=\"" + parsed->sqlite_path +
                                       "\" timeout=10 shared_cache=false");
      db->sql_ << "PRAGMA journal_mode=WAL";
      db->sql_ << "PRAGMA foreign_keys=ON";
      db->sql_ << "PRAGMA synchronous=FULL";
    } else {
      db->sql_.open(soci::postgresql, parsed->connection_string);
      db->sql_ << "SET TIME ZONE 'UTC'";
      db->sql_ << "SET client_min_messages = warning";
    }
  } catch (const std::exception& error) {
    spdlog::warn("database open failed ({}): {}", BackendName(parsed->backend),
                 error.what());
    return Status::Unavailable(
        fmt::format("De database kan niet worden geopend ({}). Controleer de "
                    "--db instelling en of de databaseserver draait.",
                    BackendName(parsed->backend)),
        fmt::format("Cannot open the database ({}): {}. Check --db and that "
                    "the database server is running.",
                    BackendName(parsed->backend), error.what()));
  }
  return db;
}

bool Database::ConnectionLost() {
  if (backend_ != Backend::kPostgresql) return false;
  // The status libpq keeps (no round trip): BAD once a query found the
  // server gone.
  auto* backend =
      static_cast<soci::postgresql_session_backend*>(sql_.get_backend());
  return !backend || !backend->conn_ ||
         PQstatus(backend->conn_) != CONNECTION_OK;
}

bool Database::Reusable() {
  if (transaction_depth_ != 0 || rollback_only_) return false;
  return !ConnectionLost();
}

void Database::ExecuteScript(std::string_view script) {
  size_t start = 0;
  while (start < script.size()) {
    size_t end = script.find(";\n", start);
    if (end == std::string_view::npos) end = script.size();
    std::string statement(script.substr(start, end - start));
    start = end + 1;
    if (statement.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    sql_ << statement;
  }
}

IdSource::IdSource(Database& db, std::string table)
    : db_(db), table_(std::move(table)) {
  if (db_.backend() != Backend::kSqlite) return;
  long long max_id = 0, counter = 0;
  soci::indicator max_ind = soci::i_ok, counter_ind = soci::i_ok;
  db_.sql() << fmt::format("SELECT MAX(id) FROM {}", table_),
      soci::into(max_id, max_ind);
  db_.sql() << "SELECT MAX(seq) FROM sqlite_sequence WHERE name = :t",
      soci::use(table_), soci::into(counter, counter_ind);
  if (max_ind != soci::i_ok) max_id = 0;
  if (counter_ind != soci::i_ok) counter = 0;
  next_ = std::max(max_id, counter) + 1;
}

long long IdSource::Next() {
  if (db_.backend() == Backend::kSqlite) return next_++;
  if (reserved_.empty()) {
    // One round trip per block; a block's unused ids are skipped, as a
    // rolled-back insert skips its id. Blocks grow, so a large import asks
    // a few times and a small one skips few ids.
    int block = block_;
    block_ = std::min(block_ * 2, 16384);
    reserved_.resize(block);
    // The sequence is looked up once (MATERIALIZED): inlined, the catalog
    // lookup ran for every id and cost seven times the nextval.
    db_.sql() << fmt::format(
        "WITH s AS MATERIALIZED (SELECT CAST(pg_get_serial_sequence('{}', "
        "'id') AS regclass) AS seq) SELECT nextval(s.seq) FROM s CROSS JOIN "
        "generate_series(1, {})",
        table_, block),
        soci::into(reserved_);
    std::reverse(reserved_.begin(), reserved_.end());
  }
  long long id = reserved_.back();
  reserved_.pop_back();
  return id;
}

namespace {

PGconn* PgConnection(Database& db) {
  return static_cast<soci::postgresql_session_backend*>(db.sql().get_backend())
      ->conn_;
}

sqlite_api::sqlite3* SqliteConnection(Database& db) {
  return static_cast<soci::sqlite3_session_backend*>(db.sql().get_backend())
      ->conn_;
}

[[noreturn]] void ThrowPg(PGconn* conn, PGresult* result) {
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  const char* state =
      result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  if (result) PQclear(result);
  // Drain what is left so the connection can serve the rollback.
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
  sqlstate.resize(5, ' ');
  throw soci::postgresql_soci_error(message, sqlstate.c_str());
}

[[noreturn]] void ThrowSqlite(sqlite_api::sqlite3* conn, int code) {
  throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(conn), code);
}

sqlite_api::sqlite3_stmt* SqlitePrepare(sqlite_api::sqlite3* conn,
                                        const std::string& sql) {
  sqlite_api::sqlite3_stmt* statement = nullptr;
  int code = sqlite_api::sqlite3_prepare_v2(
      conn, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) ThrowSqlite(conn, code);
  return statement;
}

// COPY's text format: backslash escapes for the delimiter, line ends and
// the backslash itself; everything else as it is.
void AppendCopyText(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// The values of the rows a bulk writer holds, in row order: texts in one
// string, each followed by a NUL (PostgreSQL reads text parameters up to
// it, as SOCI sends c_str()).
class HeldRows {
 public:
  enum class Kind : unsigned char { kText, kInt, kNull };
  struct Value {
    Kind kind = Kind::kNull;
    uint32_t size = 0;
    long long number = 0;  // kInt: the value; kText: offset into text_
  };

  void Text(std::string_view value) {
    values_.push_back({Kind::kText, static_cast<uint32_t>(value.size()),
                       static_cast<long long>(text_.size())});
    text_.append(value);
    text_.push_back('\0');
  }
  void Int(long long value) { values_.push_back({Kind::kInt, 0, value}); }
  void Null() { values_.push_back({Kind::kNull, 0, 0}); }

  size_t size() const { return values_.size(); }
  const Value& operator[](size_t index) const { return values_[index]; }
  const char* text(const Value& value) const {
    return text_.data() + value.number;
  }
  size_t bytes() const { return text_.size() + values_.size() * sizeof(Value); }
  void Clear() {
    values_.clear();
    text_.clear();
  }

 private:
  std::vector<Value> values_;
  std::string text_;
};

// SQLite takes at most 32,766 parameters a statement; a few hundred rows a
// statement already spread its per-statement cost (with foreign keys on,
// each writing statement opens a statement journal and copies every page it
// touches into it) thinly.
size_t SqliteRowsPerStatement(size_t width) {
  return std::max<size_t>(1, std::min<size_t>(256, 32766 / width));
}

void SqliteBind(sqlite_api::sqlite3* conn, sqlite_api::sqlite3_stmt* st,
                int index, const HeldRows& rows, const HeldRows::Value& value) {
  int code = SQLITE_OK;
  switch (value.kind) {
    case HeldRows::Kind::kText:
      // The held rows outlive the step.
      code = sqlite_api::sqlite3_bind_text(st, index, rows.text(value),
                                           static_cast<int>(value.size),
                                           SQLITE_STATIC);
      break;
    case HeldRows::Kind::kInt:
      code = sqlite_api::sqlite3_bind_int64(st, index, value.number);
      break;
    case HeldRows::Kind::kNull:
      code = sqlite_api::sqlite3_bind_null(st, index);
      break;
  }
  if (code != SQLITE_OK) ThrowSqlite(conn, code);
}

// Binds rows [first, first + count) of `rows` (each `width` values) to the
// statement's parameters in order, steps it once and returns the rows it
// changed.
int SqliteRun(sqlite_api::sqlite3* conn, sqlite_api::sqlite3_stmt* st,
              const HeldRows& rows, size_t width, size_t first, size_t count) {
  int param = 0;
  for (size_t index = first * width; index < (first + count) * width; ++index) {
    SqliteBind(conn, st, ++param, rows, rows[index]);
  }
  int code = sqlite_api::sqlite3_step(st);
  sqlite_api::sqlite3_reset(st);
  if (code != SQLITE_DONE) ThrowSqlite(conn, code);
  return sqlite_api::sqlite3_changes(conn);
}

// "(?, ?), (?, ?)": `count` tuples of `width` parameters.
std::string SqliteTuples(size_t width, size_t count) {
  std::string one = "(";
  for (size_t column = 0; column < width; ++column) {
    one += column ? ", ?" : "?";
  }
  one += ')';
  std::string out;
  out.reserve((one.size() + 2) * count);
  for (size_t row = 0; row < count; ++row) {
    if (row) out += ", ";
    out += one;
  }
  return out;
}

struct SqliteStatement {
  sqlite_api::sqlite3_stmt* statement = nullptr;
  SqliteStatement() = default;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() { Reset(); }
  void Reset(sqlite_api::sqlite3_stmt* next = nullptr) {
    if (statement) sqlite_api::sqlite3_finalize(statement);
    statement = next;
  }
};

// Runs `rows` through statements of up to SqliteRowsPerStatement rows:
// `full` (prepared on first use) for whole batches, a statement of its own
// for the rest. `sql(count)` is the statement for `count` rows. Returns the
// rows changed.
template <typename MakeSql>
size_t SqliteRunAll(sqlite_api::sqlite3* conn, SqliteStatement& full,
                    const HeldRows& rows, size_t width, MakeSql sql) {
  const size_t per = SqliteRowsPerStatement(width);
  const size_t total = rows.size() / width;
  size_t changed = 0;
  for (size_t first = 0; first < total; first += per) {
    size_t count = std::min(per, total - first);
    if (count == per) {
      if (!full.statement) full.Reset(SqlitePrepare(conn, sql(per)));
      changed += SqliteRun(conn, full.statement, rows, width, first, count);
    } else {
      SqliteStatement rest;
      rest.Reset(SqlitePrepare(conn, sql(count)));
      changed += SqliteRun(conn, rest.statement, rows, width, first, count);
    }
  }
  return changed;
}

}  // namespace

struct BulkInsert::Impl {
  Database& db;
  std::string table;
  std::vector<std::string> columns;
  HeldRows rows;
  SqliteStatement full;  // SQLite: the INSERT of a whole batch

  Impl(Database& db, std::string table, std::vector<std::string> columns)
      : db(db), table(std::move(table)), columns(std::move(columns)) {}
};

BulkInsert::BulkInsert(Database& db, std::string table,
                       std::vector<std::string> columns)
    : impl_(std::make_unique<Impl>(db, std::move(table), std::move(columns))) {}

BulkInsert::~BulkInsert() = default;

void BulkInsert::Text(std::string_view value) { impl_->rows.Text(value); }
void BulkInsert::Int(long long value) { impl_->rows.Int(value); }
void BulkInsert::Null() { impl_->rows.Null(); }
void BulkInsert::EndRow() {
  if (impl_->rows.size() % impl_->columns.size() != 0) {
    throw std::logic_error("BulkInsert: a row with the wrong number of values");
  }
}
size_t BulkInsert::pending_bytes() const { return impl_->rows.bytes(); }

void BulkInsert::Flush() {
  Impl& impl = *impl_;
  if (impl.rows.size() == 0) return;
  const size_t width = impl.columns.size();
  if (impl.db.backend() == Backend::kSqlite) {
    std::string head = fmt::format("INSERT INTO {} ({}) VALUES ", impl.table,
                                   fmt::join(impl.columns, ", "));
    SqliteRunAll(
        SqliteConnection(impl.db), impl.full, impl.rows, width,
        [&](size_t count) { return head + SqliteTuples(width, count); });
    impl.rows.Clear();
    return;
  }
  // COPY's text format: tab between values, a line per row, \N for null.
  std::string copy;
  copy.reserve(impl.rows.bytes());
  for (size_t index = 0; index < impl.rows.size(); ++index) {
    const HeldRows::Value& value = impl.rows[index];
    if (index % width) copy += '\t';
    switch (value.kind) {
      case HeldRows::Kind::kText:
        AppendCopyText(std::string_view(impl.rows.text(value), value.size),
                       copy);
        break;
      case HeldRows::Kind::kInt:
        fmt::format_to(std::back_inserter(copy), "{}", value.number);
        break;
      case HeldRows::Kind::kNull:
        copy += "\\N";
        break;
    }
    if (index % width == width - 1) copy += '\n';
  }
  impl.rows.Clear();
  PGconn* conn = PgConnection(impl.db);
  std::string sql = fmt::format("COPY {} ({}) FROM STDIN", impl.table,
                                fmt::join(impl.columns, ", "));
  PGresult* result = PQexec(conn, sql.c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) ThrowPg(conn, result);
  PQclear(result);
  if (PQputCopyData(conn, copy.data(), static_cast<int>(copy.size())) != 1 ||
      PQputCopyEnd(conn, nullptr) != 1) {
    ThrowPg(conn, nullptr);
  }
  result = PQgetResult(conn);
  if (PQresultStatus(result) != PGRES_COMMAND_OK) ThrowPg(conn, result);
  PQclear(result);
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
}

struct BulkUpdate::Impl {
  Database& db;
  std::string table;
  std::vector<Column> columns;
  HeldRows rows;         // id first, then the columns
  SqliteStatement full;  // SQLite: the UPDATE of a whole batch

  Impl(Database& db, std::string table, std::vector<Column> columns)
      : db(db), table(std::move(table)), columns(std::move(columns)) {}
};

BulkUpdate::BulkUpdate(Database& db, std::string table,
                       std::vector<Column> columns)
    : impl_(std::make_unique<Impl>(db, std::move(table), std::move(columns))) {}

BulkUpdate::~BulkUpdate() = default;

void BulkUpdate::Id(long long id) { impl_->rows.Int(id); }
void BulkUpdate::Text(std::string_view value) { impl_->rows.Text(value); }
void BulkUpdate::Int(long long value) { impl_->rows.Int(value); }
void BulkUpdate::Null() { impl_->rows.Null(); }
void BulkUpdate::EndRow() {
  if (impl_->rows.size() % (impl_->columns.size() + 1) != 0) {
    throw std::logic_error("BulkUpdate: a row with the wrong number of values");
  }
}
size_t BulkUpdate::pending_bytes() const { return impl_->rows.bytes(); }

void BulkUpdate::Flush() {
  Impl& impl = *impl_;
  if (impl.rows.size() == 0) return;
  const size_t width = impl.columns.size() + 1;
  const size_t total = impl.rows.size() / width;
  std::string names = "id", sets;
  for (const Column& column : impl.columns) {
    names += ", " + column.name;
  }
  auto missing = [&] {
    impl.rows.Clear();
    return std::runtime_error(
        fmt::format("update of a {} row that does not exist", impl.table));
  };
  if (impl.db.backend() == Backend::kSqlite) {
    for (const Column& column : impl.columns) {
      sets += fmt::format("{}{} = v.{}", sets.empty() ? "" : ", ", column.name,
                          column.name);
    }
    size_t changed = SqliteRunAll(
        SqliteConnection(impl.db), impl.full, impl.rows, width,
        [&](size_t count) {
          return fmt::format(
              "WITH v({}) AS (VALUES {}) UPDATE {} SET {} FROM v WHERE "
              "{}.id = v.id",
              names, SqliteTuples(width, count), impl.table, sets, impl.table);
        });
    if (changed != total) throw missing();
    impl.rows.Clear();
    return;
  }
  for (const Column& column : impl.columns) {
    sets +=
        fmt::format("{}{} = v.{}{}", sets.empty() ? "" : ", ", column.name,
                    column.name, column.type == Type::kInt ? "::bigint" : "");
  }
  PGconn* conn = PgConnection(impl.db);
  // PostgreSQL takes at most 65,535 parameters a statement.
  const size_t per = 65535 / width;
  std::string numbers;  // the integers as text, NUL-terminated
  std::vector<size_t> number_at(impl.rows.size());
  for (size_t index = 0; index < impl.rows.size(); ++index) {
    if (impl.rows[index].kind != HeldRows::Kind::kInt) continue;
    number_at[index] = numbers.size();
    fmt::format_to(std::back_inserter(numbers), "{}", impl.rows[index].number);
    numbers.push_back('\0');
  }
  std::vector<const char*> params;
  for (size_t first = 0; first < total; first += per) {
    size_t count = std::min(per, total - first);
    std::string tuples;
    params.clear();
    for (size_t row = 0; row < count; ++row) {
      tuples += row ? ",(" : "(";
      for (size_t column = 0; column < width; ++column) {
        size_t index = (first + row) * width + column;
        tuples +=
            fmt::format("{}${}", column ? "," : "", row * width + column + 1);
        const HeldRows::Value& value = impl.rows[index];
        switch (value.kind) {
          case HeldRows::Kind::kText:
            params.push_back(impl.rows.text(value));
            break;
          case HeldRows::Kind::kInt:
            params.push_back(numbers.data() + number_at[index]);
            break;
          case HeldRows::Kind::kNull:
            params.push_back(nullptr);
            break;
        }
      }
      tuples += ')';
    }
    // Every parameter is text; the SET casts where the column is not.
    std::vector<Oid> types(params.size(), 25);
    std::string sql = fmt::format(
        "UPDATE {} AS t SET {} FROM (VALUES {}) AS v({}) WHERE t.id = "
        "v.id::bigint",
        impl.table, sets, tuples, names);
    PGresult* result =
        PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()),
                     types.data(), params.data(), nullptr, nullptr, 0);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) ThrowPg(conn, result);
    size_t updated = std::strtoull(PQcmdTuples(result), nullptr, 10);
    PQclear(result);
    if (updated != count) throw missing();
  }
  impl.rows.Clear();
}

Transaction::Transaction(Database& db) : db_(db) {
  if (db_.transaction_depth_ == 0) {
    if (db_.backend_ == Backend::kSqlite) {
      // The write lock first, waiting for it up to the busy timeout. A
      // deferred BEGIN takes it only at the first write; when another
      // connection (the mail worker, the retention) committed after this
      // transaction's first read, SQLite cannot wait — what was read is
      // stale — and fails that write at once with SQLITE_BUSY, which the
      // pages answered 503 "de database is bezig". Our transactions are
      // there to write, so taking the lock up front costs no concurrency
      // (readers outside a transaction still read alongside).
      db_.sql_ << "BEGIN IMMEDIATE";
    } else {
      db_.sql_.begin();
    }
    db_.rollback_only_ = false;
  }
  ++db_.transaction_depth_;
}

Transaction::~Transaction() {
  if (done_) return;
  --db_.transaction_depth_;
  if (db_.transaction_depth_ == 0) {
    try {
      db_.sql_.rollback();
    } catch (const std::exception& error) {
      spdlog::warn("rollback failed: {}", error.what());
    }
    // Rolled back whole: an inner failure no longer dooms anything.
    db_.rollback_only_ = false;
  } else {
    db_.rollback_only_ = true;
  }
}

void Transaction::Commit() {
  done_ = true;
  --db_.transaction_depth_;
  if (db_.transaction_depth_ > 0) return;
  if (db_.rollback_only_) {
    db_.rollback_only_ = false;
    db_.sql_.rollback();
    throw soci::soci_error("transaction rolled back: an inner step failed");
  }
  db_.sql_.commit();
}

Status FromDatabaseError(const std::exception& error, const Message& what) {
  auto category = soci::soci_error::unknown;
  std::string sqlstate;
  if (auto* e = dynamic_cast<const soci::soci_error*>(&error)) {
    category = e->get_error_category();
  }
  if (auto* e = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    sqlstate = e->sqlstate();
  }
  bool unique = sqlstate == "23505";
  bool foreign = sqlstate == "23503";
  bool storage =
      sqlstate == "53100" /* disk_full */ || sqlstate == "58030" /* io_error */;
  if (auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    std::string text = e->what();
    if (text.find("UNIQUE") != std::string::npos) unique = true;
    if (text.find("FOREIGN KEY") != std::string::npos) foreign = true;
    if (e->result() == 5 /* SQLITE_BUSY */) {
      return Status::Unavailable(
          "De database is bezig. Probeer het zo opnieuw.",
          "The database is busy. Try again in a moment.");
    }
    // SQLITE_FULL (no space), SQLITE_IOERR (a write refused, e.g. a file
    // size limit).
    if (e->result() == 13 || e->result() == 10) storage = true;
  }
  if (storage) {
    spdlog::error("database cannot write: {}", error.what());
    return Status::Unavailable(
        "De server kan nu niets opslaan: de schijf is vol of weigert. Er is "
        "niets bewaard. Probeer het later opnieuw en meld het aan de "
        "bibliotheek als het blijft gebeuren.",
        "The server cannot store anything now: its disk is full or refuses "
        "to write. Nothing was kept. Try again later and tell the library if "
        "it keeps happening.");
  }
  if (unique) {
    return Status::AlreadyExists(what.nl + " bestaat al.",
                                 what.en + " already exists.");
  }
  if (foreign) {
    return Status::FailedPrecondition(
        what.nl + " verwijst naar iets dat niet bestaat of nog in gebruik is.",
        what.en +
            " refers to something that does not exist or is still in use.");
  }
  spdlog::error("database error: {}", error.what());
  if (category == soci::soci_error::connection_error ||
      sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
    return Status::Unavailable(
        "De verbinding met de database is verbroken. Probeer het zo opnieuw.",
        "The connection to the database was lost. Try again in a moment.");
  }
  return Status::Internal(
      "Er ging iets mis in de database. De fout is gelogd; neem contact op met "
      "de beheerder als dit blijft gebeuren.",
      std::string("A database error occurred: ") + error.what());
}

}  // namespace schoolbieb::store
