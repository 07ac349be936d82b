#include "store/import_runs.h"

#include <fmt/format.h>

namespace schoolbieb::store {
namespace {

const Message kRunWhat{"Deze import", "This import"};
// pg_try_advisory_xact_lock's first key: the class of lock ("SB").
constexpr int kImportLockClass = 0x5342;

}  // namespace

Status LockSchoolImports(Database& db, long long branch_id) {
  try {
    if (db.backend() == Backend::kPostgresql) {
      int got = 0;
      int key = static_cast<int>(branch_id);
      db.sql() << "SELECT CASE WHEN pg_try_advisory_xact_lock(:c, :b) THEN 1 "
                  "ELSE 0 END",
          soci::use(kImportLockClass), soci::use(key), soci::into(got);
      if (!got) {
        return Status::FailedPrecondition(
            "Er loopt al een import voor deze school. Wacht tot die klaar is "
            "en probeer het dan opnieuw.",
            "An import for this school is already running. Wait until it has "
            "finished and try again.");
      }
      return Status::Ok();
    }
    db.sql() << "UPDATE branch SET settings_json = settings_json WHERE id = :b",
        soci::use(branch_id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Result<ImportRunState> GetImportRunState(Database& db, long long run_id) {
  try {
    ImportRunState state;
    state.id = run_id;
    db.sql() << "SELECT library_id, branch_id, status FROM import_run WHERE "
                "id = :id",
        soci::into(state.library_id), soci::into(state.branch_id),
        soci::into(state.status), soci::use(run_id);
    if (!db.sql().got_data()) {
      return Status::NotFound(fmt::format("Import {} bestaat niet.", run_id),
                              fmt::format("Import {} does not exist.", run_id));
    }
    soci::indicator later_ind = soci::i_ok;
    db.sql() << "SELECT MIN(id) FROM import_run WHERE branch_id = :b AND id "
                "> :id AND status = 'applied'",
        soci::into(state.later_applied, later_ind), soci::use(state.branch_id),
        soci::use(run_id);
    if (later_ind != soci::i_ok) state.later_applied = 0;
    db.sql() << "SELECT COUNT(*) FROM customer WHERE anonymised_at IS NOT "
                "NULL AND id IN (SELECT customer_id FROM import_change WHERE "
                "import_run_id = :run)",
        soci::into(state.anonymised), soci::use(run_id);
    return state;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Result<std::vector<ImportChange>> ListImportChanges(Database& db,
                                                    long long run_id) {
  try {
    std::vector<ImportChange> changes;
    ImportChange row;
    soci::indicator before_ind, after_ind, customer_ind;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, customer_id, kind, before_json, after_json FROM "
                "import_change WHERE import_run_id = :run ORDER BY id",
         soci::into(row.id), soci::into(row.customer_id, customer_ind),
         soci::into(row.kind), soci::into(row.before_json, before_ind),
         soci::into(row.after_json, after_ind), soci::use(run_id));
    st.execute(false);
    while (st.fetch()) {
      ImportChange copy = row;
      if (before_ind == soci::i_null) copy.before_json.clear();
      if (after_ind == soci::i_null) copy.after_json.clear();
      if (customer_ind == soci::i_null) copy.customer_id = 0;
      changes.push_back(std::move(copy));
    }
    return changes;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Result<bool> ChangedByLaterRun(Database& db, long long customer_id,
                               long long run_id) {
  try {
    long long count = 0;
    db.sql() << "SELECT COUNT(*) FROM import_change c JOIN import_run r ON "
                "r.id = c.import_run_id WHERE c.customer_id = :c AND "
                "c.import_run_id > :run AND r.status = 'applied'",
        soci::into(count), soci::use(customer_id), soci::use(run_id);
    return count > 0;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Status DeleteMembership(Database& db, long long membership_id) {
  try {
    db.sql() << "DELETE FROM membership WHERE id = :id",
        soci::use(membership_id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Status ReopenMembership(Database& db, long long membership_id) {
  try {
    db.sql() << "UPDATE membership SET ended_on = NULL, end_reason = NULL "
                "WHERE id = :id",
        soci::use(membership_id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Status DeleteImportedCustomer(Database& db, long long customer_id) {
  try {
    db.sql() << "UPDATE import_change SET customer_id = NULL WHERE "
                "customer_id = :id",
        soci::use(customer_id);
    db.sql() << "DELETE FROM customer WHERE id = :id", soci::use(customer_id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

Status MarkRunUndone(Database& db, long long run_id, long long now) {
  try {
    db.sql() << "UPDATE import_run SET status = 'undone', undone_at = :at "
                "WHERE id = :id",
        soci::use(now), soci::use(run_id);
    db.sql() << "UPDATE upload SET status = 'in_progress' WHERE status = "
                "'imported' AND id = (SELECT upload_id FROM import_run WHERE "
                "id = :id)",
        soci::use(run_id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRunWhat);
  }
}

}  // namespace schoolbieb::store
