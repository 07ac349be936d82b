// The import engine: one school's student file becomes correct memberships.
//
//   Recognise  table → roster (roster/) with the school's settings
//   PlanImport roster + the library's customers → ImportPlan (read-only)
//   ApplyImport  re-plans inside one transaction under the school's import
//              lock and writes exactly that plan, with before-images
//   UndoImport restores every customer and membership a run touched
//
// Matching never guesses: (school, student number) is the key; the card
// number when the file has one; a student found only by birth date and names
// is a proposal that staff confirm (Decision), and two candidates are a
// conflict. Nothing about importing lives in the web layer or the CLI.
// Functions take a Database& and are as thread-safe as it is (one per
// thread).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "formats/table.h"
#include "import/plan.h"
#include "roster/roster.h"
#include "store/database.h"
#include "store/library_store.h"

namespace schoolbieb::import {

// Staff's answer for one row that was a proposal or a conflict.
struct Decision {
  int line = 0;               // the file row
  long long customer_id = 0;  // "this is that person"; 0: "a new person"
};

struct ImportOutcome;

struct ImportRequest {
  long long library_id = 0;
  long long branch_id = 0;
  std::string file_name;
  std::string file_sha256;
  long long upload_id = 0;
  long long account_id = 0;  // 0: the command line
  std::string actor;         // login name or "cli:<user>"
  std::string today;         // ISO date of the import
  // Public-library membership for new students; nullopt: the school's
  // default. With a consent column only students with consent get it.
  std::optional<bool> public_membership;
  std::string subscription_type;
  bool allow_mass_leave = false;
  // Accept every proposal that has exactly one candidate (the CLI's
  // --confirm-matches); conflicts still need a Decision.
  bool confirm_proposals = false;
  std::vector<Decision> decisions;
  // Called inside the import's transaction once the run is recorded
  // (applied, previewed or held), just before it commits: what must happen
  // together with the run or not at all, such as the mail to the teacher.
  // A failure rolls the whole run back and is returned.
  std::function<Status(store::Database&, const ImportOutcome&)> on_recorded;
};

// The school's settings applied to reading a file for it.
struct SchoolSettings {
  store::Branch branch;
  roster::RosterOptions roster;
  bool overwrite_locked_fields = false;
  bool teachers_get_upload_right = true;
  std::string leave_reason = "Niet meer in het leerlingbestand";
};
Result<SchoolSettings> LoadSchoolSettings(store::Database& db,
                                          long long branch_id,
                                          std::string_view today);

// Recognises and normalises `table` for the school.
Result<roster::Roster> Recognise(const formats::Table& table,
                                 const SchoolSettings& settings);

// Works out what importing `roster` would change. Reads only.
Result<ImportPlan> PlanImport(store::Database& db, const ImportRequest& request,
                              const SchoolSettings& settings,
                              const roster::Roster& roster);

struct ImportOutcome {
  long long import_id = 0;
  std::string status;  // "applied", "previewed", "held"
  ImportPlan plan;
};

// Records a preview (status "previewed" or "held") without changing any
// customer: the run row keeps the counts and report for the history.
Result<ImportOutcome> RecordPreview(store::Database& db,
                                    const ImportRequest& request,
                                    const ImportPlan& plan);

// Applies the import in one transaction under the school's lock. When
// `expected_fingerprint` is not empty and the plan computed now differs
// (the data changed since the preview), nothing is written and
// FailedPrecondition asks to preview again. A held plan is recorded as held
// and not applied unless every hold is overridable and allow_mass_leave is
// set. On any failure nothing of the import is written.
Result<ImportOutcome> ApplyImport(store::Database& db,
                                  const ImportRequest& request,
                                  const SchoolSettings& settings,
                                  const roster::Roster& roster,
                                  std::string_view expected_fingerprint = "");

struct UndoOutcome {
  long long import_id = 0;
  int customers_restored = 0;
  int customers_removed = 0;
  int memberships_removed = 0;
  int memberships_restored = 0;
};

// What undoing a run would do, worked out without writing: the counts, and
// the students whose records or memberships something later changed (a
// staff edit of a field the run wrote, an import of any school) — undoing
// those would lose that work.
struct UndoPlan {
  UndoOutcome counts;
  struct Blocked {
    long long customer_id = 0;
    std::string name;  // for staff only
    Message why;
  };
  std::vector<Blocked> blocked;
};
// FailedPrecondition when the run cannot be undone at all (not applied, a
// later applied import of the same school, anonymised students).
Result<UndoPlan> PlanUndo(store::Database& db, long long import_id);

// Restores, in one transaction, what run `import_id` changed: field by
// field, and only where the value is still the one the run wrote, so a
// staff edit of another field stays. Refused (FailedPrecondition, saying
// which and why) when PlanUndo refuses or blocks any student; nothing is
// written then.
Result<UndoOutcome> UndoImport(store::Database& db, long long import_id,
                               long long account_id, std::string_view actor);

// The counts of the applied import of upload `upload_id` (the newest one);
// nullopt when none is applied (anymore). For "Mijn uploads".
Result<std::optional<PlanCounts>> AppliedCounts(store::Database& db,
                                                long long upload_id);

// A card number for the library: prefix, the number zero-padded to the
// width of the range's end, and a Luhn check digit.
std::string CardNumber(std::string_view prefix, long long number,
                       long long range_end);
// True when the last digit of `card` is the Luhn check digit of the rest.
bool CardCheckDigitValid(std::string_view card);

}  // namespace schoolbieb::import
