#include "store/database.h"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

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
    // rolled-back insert skips its id.
    constexpr int kBlock = 1000;
    reserved_.resize(kBlock);
    db_.sql() << fmt::format(
        "SELECT nextval(pg_get_serial_sequence('{}', 'id')) FROM "
        "generate_series(1, {})",
        table_, kBlock),
        soci::into(reserved_);
    std::reverse(reserved_.begin(), reserved_.end());
  }
  long long id = reserved_.back();
  reserved_.pop_back();
  return id;
}

Transaction::Transaction(Database& db) : db_(db) {
  if (db_.transaction_depth_ == 0) {
    db_.sql_.begin();
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
  if (auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    std::string text = e->what();
    if (text.find("UNIQUE") != std::string::npos) unique = true;
    if (text.find("FOREIGN KEY") != std::string::npos) foreign = true;
    if (e->result() == 5 /* SQLITE_BUSY */) {
      return Status::Unavailable(
          "De database is bezig. Probeer het zo opnieuw.",
          "The database is busy. Try again in a moment.");
    }
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
