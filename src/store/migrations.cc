#include "store/migrations.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"
#include "store/customer_store.h"
#include "store/library_store.h"

namespace schoolbieb::store {
namespace {

// Version 1: every table of the design. Column comments name the customer
// record's tab so the back office and the schema stay recognisably one.
constexpr const char* kInitialSchema = R"SQL(
CREATE TABLE library (
  id {ID},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  notify_email TEXT,
  card_prefix TEXT NOT NULL DEFAULT '',
  card_range_start BIGINT NOT NULL DEFAULT 1,
  card_range_end BIGINT NOT NULL DEFAULT 999999999,
  card_next BIGINT NOT NULL DEFAULT 1,
  settings_json TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE TABLE branch (
  id {ID},
  library_id BIGINT NOT NULL REFERENCES library(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('school', 'public')),
  brin TEXT,
  dependance TEXT,
  las_kind TEXT,
  notify_email TEXT,
  public_membership_default INTEGER NOT NULL DEFAULT 0,
  leave_limit_share INTEGER NOT NULL DEFAULT 10,
  leave_limit_count INTEGER NOT NULL DEFAULT 25,
  final_year_groups TEXT NOT NULL DEFAULT '8',
  number_normalisation TEXT NOT NULL DEFAULT 'keep',
  mapping_json TEXT,
  settings_json TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  UNIQUE (library_id, code)
);
CREATE INDEX branch_brin ON branch (brin);
CREATE TABLE customer (
  id {ID},
  library_id BIGINT NOT NULL REFERENCES library(id),
  kind TEXT NOT NULL DEFAULT 'student' CHECK (kind IN ('student', 'teacher', 'other')),
  card_number TEXT,
  card_blocked INTEGER NOT NULL DEFAULT 0,
  card_blocked_reason TEXT,
  home_branch_id BIGINT REFERENCES branch(id),
  school_branch_id BIGINT REFERENCES branch(id),
  call_name TEXT NOT NULL DEFAULT '',
  first_names TEXT NOT NULL DEFAULT '',
  initials TEXT NOT NULL DEFAULT '',
  name_prefix TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL,
  birth_date TEXT,
  sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'M', 'V', 'X')),
  street TEXT NOT NULL DEFAULT '',
  house_number TEXT NOT NULL DEFAULT '',
  house_number_suffix TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  mobile TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  subscription_type TEXT NOT NULL DEFAULT '',
  subscription_start TEXT,
  subscription_end TEXT,
  fees_due_cents BIGINT NOT NULL DEFAULT 0,
  remarks TEXT NOT NULL DEFAULT '',
  public_consent TEXT NOT NULL DEFAULT '' CHECK (public_consent IN ('', 'yes', 'no')),
  public_consent_at BIGINT,
  public_consent_source TEXT,
  print_slips INTEGER NOT NULL DEFAULT 1,
  reservation_messages INTEGER NOT NULL DEFAULT 1,
  external_number TEXT NOT NULL DEFAULT '',
  external_number_2 TEXT NOT NULL DEFAULT '',
  year_group TEXT NOT NULL DEFAULT '',
  group_key TEXT NOT NULL DEFAULT '',
  group_name TEXT NOT NULL DEFAULT '',
  upload_branch_id BIGINT REFERENCES branch(id),
  classification TEXT NOT NULL DEFAULT '',
  preferred_language TEXT NOT NULL DEFAULT 'nl_NL',
  locked_fields TEXT NOT NULL DEFAULT '',
  anonymised_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (library_id, card_number)
);
CREATE INDEX customer_student ON customer (school_branch_id, external_number_2);
CREATE INDEX customer_number_2 ON customer (library_id, external_number_2);
CREATE INDEX customer_name ON customer (library_id, last_name);
CREATE INDEX customer_upload_branch ON customer (upload_branch_id);
CREATE TABLE customer_notice (
  id {ID},
  customer_id BIGINT NOT NULL REFERENCES customer(id),
  body TEXT NOT NULL,
  author_account_id BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX customer_notice_customer ON customer_notice (customer_id);
CREATE TABLE import_run (
  id {ID},
  library_id BIGINT NOT NULL REFERENCES library(id),
  branch_id BIGINT NOT NULL REFERENCES branch(id),
  upload_id BIGINT,
  account_id BIGINT,
  actor TEXT NOT NULL DEFAULT '',
  file_sha256 TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL DEFAULT '',
  options_json TEXT NOT NULL DEFAULT '{}',
  counts_json TEXT NOT NULL DEFAULT '{}',
  report_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN ('previewed', 'held', 'applied', 'undone', 'rejected')),
  created_at BIGINT NOT NULL,
  applied_at BIGINT,
  undone_at BIGINT
);
CREATE INDEX import_run_branch ON import_run (branch_id, id);
CREATE TABLE membership (
  id {ID},
  customer_id BIGINT NOT NULL REFERENCES customer(id),
  scope TEXT NOT NULL CHECK (scope IN ('school', 'public')),
  branch_id BIGINT NOT NULL REFERENCES branch(id),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  end_reason TEXT,
  consent_based INTEGER NOT NULL DEFAULT 0,
  import_run_id BIGINT REFERENCES import_run(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX membership_customer ON membership (customer_id);
CREATE INDEX membership_branch ON membership (branch_id, scope, ended_on);
CREATE TABLE import_change (
  id {ID},
  import_run_id BIGINT NOT NULL REFERENCES import_run(id),
  customer_id BIGINT REFERENCES customer(id),
  kind TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX import_change_run ON import_change (import_run_id);
CREATE TABLE account (
  id {ID},
  library_id BIGINT NOT NULL REFERENCES library(id),
  login TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('teacher', 'staff', 'admin')),
  password_hash TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'nl',
  customer_id BIGINT REFERENCES customer(id),
  branch_id BIGINT REFERENCES branch(id),
  totp_secret TEXT,
  disabled_at BIGINT,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT
);
CREATE TABLE session (
  id {ID},
  token_hash TEXT NOT NULL UNIQUE,
  account_id BIGINT NOT NULL REFERENCES account(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_account ON session (account_id);
CREATE TABLE api_token (
  id {ID},
  account_id BIGINT NOT NULL REFERENCES account(id),
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE TABLE upload (
  id {ID},
  library_id BIGINT NOT NULL REFERENCES library(id),
  branch_id BIGINT NOT NULL REFERENCES branch(id),
  account_id BIGINT REFERENCES account(id),
  original_name TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'imported', 'rejected', 'purged')),
  report_json TEXT NOT NULL DEFAULT '{}',
  reject_reason TEXT,
  encryption_header TEXT NOT NULL DEFAULT '',
  key_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  purged_at BIGINT
);
CREATE INDEX upload_branch ON upload (branch_id, created_at);
CREATE TABLE upload_chunk (
  upload_id BIGINT NOT NULL REFERENCES upload(id),
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (upload_id, seq)
);
CREATE TABLE audit_event (
  id {ID},
  library_id BIGINT,
  account_id BIGINT,
  actor TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  object_kind TEXT NOT NULL DEFAULT '',
  object_id BIGINT,
  details_json TEXT NOT NULL DEFAULT '{}',
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_library ON audit_event (library_id, at);
CREATE TABLE outbox (
  id {ID},
  library_id BIGINT,
  kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'nl',
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at)
)SQL";

// Failed logins, for throttling per account and per address across every
// server process (issue 5); old rows are pruned as new ones are written.
constexpr const char* kLoginFailures = R"SQL(
CREATE TABLE login_failure (
  id {ID},
  login TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failure_login ON login_failure (login, at);
CREATE INDEX login_failure_addr ON login_failure (remote_addr, at)
)SQL";

// Undo finds every change row of a customer it removes.
constexpr const char* kImportChangeByCustomer = R"SQL(
CREATE INDEX import_change_customer ON import_change (customer_id)
)SQL";

// A failed message is sent again at most once: the copy's id is kept on
// it, and a second retry (a double click, two staff at once) is refused.
constexpr const char* kOutboxRetriedAs = R"SQL(
ALTER TABLE outbox ADD COLUMN retried_as BIGINT
)SQL";

// Single-use links to set a password (issue 7): only the token's SHA-256 is
// kept. Rows of an account are looked up by account and age (the
// "wachtwoord vergeten" throttle and the invalidation of older links).
constexpr const char* kPasswordTokens = R"SQL(
CREATE TABLE password_token (
  id {ID},
  account_id BIGINT NOT NULL REFERENCES account(id),
  token_hash TEXT NOT NULL UNIQUE,
  purpose TEXT NOT NULL CHECK (purpose IN ('set', 'reset')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX password_token_account ON password_token (account_id, created_at)
)SQL";

// PostgreSQL checks a foreign key once per inserted row. The import writes
// a change row per customer write and a membership per new student, every
// one pointing at the run its own transaction has just inserted: for a
// 100,000-student school those two keys took 1.2 s of 6.0 (median of 5,
// docs/performance.md) and guarded nothing the code does not: only the
// import writes these rows, with its own run's id, and runs are never
// deleted. The keys to the customer and the branch stay (a purge must
// remove a customer's change rows, which hold before-images, first).
// SQLite's checks are cheap there and stay.
constexpr const char* kRunKeys = R"SQL(
{PG} ALTER TABLE import_change DROP CONSTRAINT IF EXISTS import_change_import_run_id_fkey;
{PG} ALTER TABLE membership DROP CONSTRAINT IF EXISTS membership_import_run_id_fkey
)SQL";

// The library's colour for its pages (issue 8): "#rrggbb", checked by
// store::CheckLibrary; the default is the colour the pages had before.
constexpr const char* kBrandColour = R"SQL(
ALTER TABLE library ADD COLUMN brand_colour TEXT NOT NULL DEFAULT '#154273'
)SQL";

// Two-factor sign-in (issue 10): an account's TOTP secret, sealed under a
// key derived from the upload key (never in the clear; account.totp_secret
// of version 1 was never written and stays unused), the last time step
// used so a code works once, the recovery codes as argon2id hashes, wrong
// codes for throttling (apart from login_failure, which a correct password
// clears), the library's requirement for staff and admins, and the session
// that has passed the password and waits for its code.
constexpr const char* kTwoFactor = R"SQL(
CREATE TABLE account_totp (
  account_id BIGINT PRIMARY KEY REFERENCES account(id),
  secret_sealed TEXT NOT NULL,
  key_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_step BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE recovery_code (
  id {ID},
  account_id BIGINT NOT NULL REFERENCES account(id),
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX recovery_code_account ON recovery_code (account_id);
CREATE TABLE second_factor_failure (
  id {ID},
  account_id BIGINT NOT NULL,
  remote_addr TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX second_factor_failure_account ON second_factor_failure (account_id, at);
CREATE INDEX second_factor_failure_addr ON second_factor_failure (remote_addr, at);
ALTER TABLE session ADD COLUMN awaiting_second_factor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE library ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0
)SQL";

// Issue 18: what is kept of an upload — the file ("original") or, when
// reading it left out data the library may not hold, the table read from
// it ("table"); the size and SHA-256 of what is stored when it is not the
// original (size_bytes and sha256 stay the file's); and when the library
// was told that an upload nobody decided on will be purged.
constexpr const char* kUploadStoredForm = R"SQL(
ALTER TABLE upload ADD COLUMN stored_form TEXT NOT NULL DEFAULT 'original';
ALTER TABLE upload ADD COLUMN stored_size BIGINT;
ALTER TABLE upload ADD COLUMN stored_sha256 TEXT;
ALTER TABLE upload ADD COLUMN purge_notice_at BIGINT
)SQL";

// Issue 20: an import reads only what its school's file can touch: the
// school's customers by (school, kind) — without that index SQLite reads the
// school's through an index on the library, i.e. the whole library. A
// person is found under another number or school by an indexed key
// (customer.person_key, PersonKey, kept by every write), teachers by their
// address through a partial index, and new card numbers come from a
// counter (SQLite: library.card_next; PostgreSQL: a sequence per library)
// instead of a scan of every card: concurrent imports never take the same
// number.
constexpr const char* kMatchingBySchool = R"SQL(
ALTER TABLE customer ADD COLUMN person_key TEXT;
CREATE INDEX customer_school_kind ON customer (school_branch_id, kind);
CREATE INDEX customer_person ON customer (library_id, person_key);
CREATE INDEX customer_teacher_email ON customer (library_id, LOWER(email)) WHERE kind = 'teacher'
)SQL";

// The highest number under the library's prefix that a card of the range
// carries (prefix, the number, a check digit), or 0.
long long HighestCardNumber(Database& db, long long library_id,
                            const std::string& prefix) {
  long long highest = 0;
  std::string card;
  soci::statement st =
      (db.sql().prepare << "SELECT card_number FROM customer WHERE "
                           "library_id = :lib AND card_number IS NOT NULL",
       soci::into(card), soci::use(library_id));
  st.execute(false);
  while (st.fetch()) {
    if (!card.starts_with(prefix) || card.size() < prefix.size() + 2) continue;
    std::string_view body(card);
    body.remove_prefix(prefix.size());
    body.remove_suffix(1);
    if (body.size() > 18) continue;
    long long value = 0;
    bool digits = true;
    for (char c : body) {
      if (c < '0' || c > '9') digits = false;
      value = value * 10 + (c - '0');
    }
    if (digits) highest = std::max(highest, value);
  }
  return highest;
}

void MatchingBySchool(Database& db) {
  struct Row {
    long long id;
    std::string prefix, last, birth;
  };
  std::vector<Row> rows;
  {
    Row row;
    soci::statement st =
        (db.sql().prepare << "SELECT id, name_prefix, last_name, birth_date "
                             "FROM customer WHERE birth_date IS NOT NULL AND "
                             "last_name <> ''",
         soci::into(row.id), soci::into(row.prefix), soci::into(row.last),
         soci::into(row.birth));
    st.execute(false);
    while (st.fetch()) rows.push_back(row);
  }
  long long id = 0;
  std::string key;
  soci::statement update =
      (db.sql().prepare << "UPDATE customer SET person_key = :k WHERE id = :id",
       soci::use(key), soci::use(id));
  for (const Row& row : rows) {
    key = PersonKey(row.prefix, row.last, row.birth);
    id = row.id;
    update.execute(true);
  }

  struct LibraryRow {
    long long id, start;
    std::string prefix;
  };
  std::vector<LibraryRow> libraries;
  {
    LibraryRow lib;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, card_range_start, card_prefix FROM library",
         soci::into(lib.id), soci::into(lib.start), soci::into(lib.prefix));
    st.execute(false);
    while (st.fetch()) libraries.push_back(lib);
  }
  for (const LibraryRow& lib : libraries) {
    long long next = std::max(
        {HighestCardNumber(db, lib.id, lib.prefix) + 1, lib.start, 1LL});
    db.sql() << "UPDATE library SET card_next = :n WHERE id = :id",
        soci::use(next), soci::use(lib.id);
    if (db.backend() == Backend::kPostgresql) {
      db.sql() << fmt::format("CREATE SEQUENCE {} START WITH {} MINVALUE 1",
                              CardSequenceName(lib.id), next);
    }
  }
}

const std::vector<Migration> kMigrations = {
    {1, "initial schema", kInitialSchema},
    {2, "login failures", kLoginFailures},
    {3, "import changes by customer", kImportChangeByCustomer},
    {4, "outbox retried as", kOutboxRetriedAs},
    {5, "password tokens", kPasswordTokens},
    {6, "no run keys on import rows", kRunKeys},
    {7, "library brand colour", kBrandColour},
    {8, "two-factor sign-in", kTwoFactor},
    {9, "what is kept of an upload", kUploadStoredForm},
    {10, "matching by school", kMatchingBySchool, &MatchingBySchool},
};

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

void EnsureMigrationTable(Database& db) {
  db.sql() << "CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
              "applied_at BIGINT NOT NULL)";
}

int CurrentVersion(Database& db) {
  int version = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT MAX(version) FROM schema_migrations",
      soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

const Message kWhat{"De databasemigratie", "The database migration"};

}  // namespace

const std::vector<Migration>& AllMigrations() { return kMigrations; }

std::string MigrationSql(const Migration& migration, Backend backend) {
  // A statement marked {PG} or {SQLITE} runs on that backend only.
  std::string sql;
  std::string_view script = migration.sql;
  size_t start = 0;
  while (start < script.size()) {
    size_t end = script.find(";\n", start);
    if (end == std::string_view::npos) end = script.size();
    std::string_view statement = script.substr(start, end - start);
    start = end + 2;
    size_t first = statement.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) continue;
    statement.remove_prefix(first);
    if (statement.starts_with("{PG}")) {
      if (backend != Backend::kPostgresql) continue;
      statement.remove_prefix(4);
    } else if (statement.starts_with("{SQLITE}")) {
      if (backend != Backend::kSqlite) continue;
      statement.remove_prefix(8);
    }
    sql += statement;
    sql += ";\n";
  }
  ReplaceAll(sql, "{ID}",
             backend == Backend::kSqlite
                 ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                 : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return sql;
}

Result<int> SchemaVersion(Database& db) {
  try {
    EnsureMigrationTable(db);
    return CurrentVersion(db);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

Result<MigrateReport> Migrate(Database& db) {
  MigrateReport report;
  try {
    EnsureMigrationTable(db);
    report.from_version = CurrentVersion(db);
    for (const Migration& migration : kMigrations) {
      if (migration.version <= report.from_version) continue;
      // Each migration in its own transaction, re-checked under the lock so a
      // second migrator running at the same time waits and then skips it.
      if (db.backend() == Backend::kSqlite) {
        db.sql() << "BEGIN IMMEDIATE";
      } else {
        db.sql() << "BEGIN";
        db.sql() << "SELECT pg_advisory_xact_lock(7215001)";
      }
      try {
        if (CurrentVersion(db) >= migration.version) {
          db.sql() << "COMMIT";
          continue;
        }
        db.ExecuteScript(MigrationSql(migration, db.backend()));
        if (migration.code) migration.code(db);
        long long now = SystemClock::Get().Now();
        int version = migration.version;
        std::string name = migration.name;
        db.sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
                    "VALUES (:v, :n, :t)",
            soci::use(version), soci::use(name), soci::use(now);
        db.sql() << "COMMIT";
      } catch (...) {
        try {
          db.sql() << "ROLLBACK";
        } catch (...) {
        }
        throw;
      }
      report.applied.push_back(
          fmt::format("{} {}", migration.version, migration.name));
      spdlog::info("migration applied: {} {}", migration.version,
                   migration.name);
    }
    report.to_version = CurrentVersion(db);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
  return report;
}

Status RequireCurrentSchema(Database& db) {
  auto version = SchemaVersion(db);
  if (!version.ok()) return version.status();
  int newest = kMigrations.back().version;
  if (*version < newest) {
    return Status::FailedPrecondition(
        fmt::format("De database is niet bijgewerkt (versie {}, nodig {}). "
                    "Voer eerst 'schoolbieb migrate' uit.",
                    *version, newest),
        fmt::format("The database schema is out of date (version {}, need {}). "
                    "Run 'schoolbieb migrate' first.",
                    *version, newest));
  }
  if (*version > newest) {
    return Status::FailedPrecondition(
        fmt::format(
            "De database is nieuwer (versie {}) dan dit programma ({}). "
            "Werk schoolbieb bij.",
            *version, newest),
        fmt::format(
            "The database (version {}) is newer than this program ({}). "
            "Upgrade schoolbieb.",
            *version, newest));
  }
  return Status::Ok();
}

}  // namespace schoolbieb::store
