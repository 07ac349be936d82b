// The bookkeeping of imports in the database: the per-school import lock,
// an applied run's state and the change rows it wrote (import_change), and
// the writes an undo replays. The engine (import/) decides; the SQL lives
// here. Functions take a Database& and are as thread-safe as it is; each
// joins the caller's transaction.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

// One import per school at a time, until the caller's transaction ends.
// PostgreSQL: a transaction-scoped advisory lock, refused at once
// (FailedPrecondition) when another process holds it. SQLite: the database's
// write lock, taken now by a write, so a second import waits (busy timeout)
// and then sees the first one's result.
Status LockSchoolImports(Database& db, long long branch_id);

struct ImportRunState {
  long long id = 0;
  long long library_id = 0;
  long long branch_id = 0;
  std::string status;  // "previewed", "held", "applied", "undone"
  // The first applied run of the same school after this one; 0: none.
  long long later_applied = 0;
  // Customers of the run anonymised since (retention): their images are
  // gone.
  long long anonymised = 0;
};
// NotFound when there is no such run.
Result<ImportRunState> GetImportRunState(Database& db, long long run_id);

// One row of import_change: what one write of the run was.
struct ImportChange {
  long long id = 0;
  long long customer_id = 0;  // 0: unlinked (the customer is gone)
  std::string kind;  // "customer_new", "customer_update", "membership_new",
                     // "membership_end"
  std::string before_json;
  std::string after_json;
};
// In the order they were written.
Result<std::vector<ImportChange>> ListImportChanges(Database& db,
                                                    long long run_id);

// Whether an applied run other than `run_id` wrote anything about the
// customer after it.
Result<bool> ChangedByLaterRun(Database& db, long long customer_id,
                               long long run_id);

// The writes of an undo.
Status DeleteMembership(Database& db, long long membership_id);
Status ReopenMembership(Database& db, long long membership_id);
// Deletes a customer the run created; the run's change rows stay as history
// without the link.
Status DeleteImportedCustomer(Database& db, long long customer_id);
// The run is undone now; its upload, when imported, is back in progress.
Status MarkRunUndone(Database& db, long long run_id, long long now);

}  // namespace schoolbieb::store
