// ImportPlan: everything one import of one school's student file would
// change, worked out before anything is written — new students, changed
// ones with their field-level differences, unchanged, leaving, moving in
// from another school of the library, conflicts, rejected rows — with counts
// per year group and group, and the holds that stop it from being applied.
//
// A plan is a plain value computed by PlanImport (engine.h); the preview
// shows it, and ApplyImport applies exactly it. Thread-compatible.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/problem.h"
#include "roster/roster.h"

namespace schoolbieb::import {

enum class ChangeKind {
  kNew,        // a new customer (or a former student returning)
  kChanged,    // matched; some fields differ
  kUnchanged,  // matched; nothing differs
  kLeaving,    // a current student who is not in the file
  kMovedIn,    // a student of another school of the library
  kConflict,   // matched by name and birth date, not confirmed
  kRejected,   // the row cannot be imported (see its problems)
  kFormer,     // the file says the pupil left, and they are no member here:
               // nothing changes (never created as new)
};
// "new", "changed", "unchanged", "leaving", "moved_in", "conflict",
// "rejected", "former".
std::string_view ChangeKindName(ChangeKind kind);

struct FieldChange {
  std::string field;  // roster::FieldName ("last_name", "year_group")
  std::string before;
  std::string after;
};

struct PlannedStudent {
  ChangeKind kind = ChangeKind::kNew;
  int line = 0;               // file row; 0 for a student who leaves
  int record = -1;            // index into the roster's students; -1: none
  long long customer_id = 0;  // the matched (or leaving) customer
  // For a conflict: the customers it could be. For a proposal (one
  // candidate found by name and birth date only) the one candidate.
  std::vector<long long> candidates;
  bool renumbered = false;       // matched by name and birth date in the school
  long long from_branch_id = 0;  // moved in: the school they came from
  std::string student_number;
  std::string display_name;  // for staff's preview only; never mailed
  std::string year_group_before;
  std::string year_group_after;
  std::string group_before;
  std::string group_after;
  std::vector<FieldChange> changes;
  bool public_membership = false;  // gets a public-library membership now
  // Leaving because the file says so (EDEX jaargroep H, a leaving date):
  // the school membership ends on this date. Empty for a pupil who leaves
  // by not being in the file, whose membership ends on the import's date.
  std::string leave_date;
  std::string entry_date;  // from the file; shown when after the import
};

struct Hold {
  std::string kind;          // "mass_leave", "half_leave", "too_few_rows",
                             // "other_school", "missing_columns",
                             // "no_groups", or a question's kind
                             // ("sex_codes")
  bool overridable = false;  // released by --allow-mass-leave
  Message message;
  // A question the school's mapping answers (roster::Question): released
  // only by the answer, never overridden.
  std::vector<roster::Question::Choice> choices;
};

struct PlanCounts {
  int new_students = 0;
  int changed = 0;
  int unchanged = 0;
  int leaving = 0;          // implicit (not in the file) and explicit leavers
  int leaving_in_file = 0;  // of whom the file says they left
  int former = 0;           // rows of pupils who left and are no member here
  int future_entries = 0;   // new or current pupils who join later
  int moved_in = 0;
  int conflicts = 0;
  int rejected_rows = 0;
  int teachers_new = 0;
  int teachers_changed = 0;
  int teachers_conflicts = 0;
  int public_memberships = 0;
};

// Students per year group or group, before and after the import.
struct GroupCount {
  int before = 0;
  int after = 0;
};

struct PlannedTeacher {
  int line = 0;
  long long customer_id = 0;  // 0: new
  std::string display_name;   // for staff's preview only
  bool grant_upload = false;  // gets the upload right for this school
  std::vector<FieldChange> changes;
  // The file names a teacher of another school of the library (by e-mail
  // address): nothing of theirs changes; staff decide by hand.
  bool conflict = false;
  long long other_branch_id = 0;  // the school of that teacher
  // Holds the upload right for another school: it is not moved.
  bool right_elsewhere = false;
};

struct ImportPlan {
  long long library_id = 0;
  long long branch_id = 0;
  std::string profile;
  Message profile_label;
  int confidence = 0;
  std::string file_sha256;
  bool imported_before = false;  // the last applied import had this file
  bool public_membership = false;
  std::vector<PlannedStudent> students;  // in file order, then leavers
  std::vector<PlannedTeacher> teachers;
  PlanCounts counts;
  std::vector<Hold> holds;
  std::map<std::string, GroupCount> by_year_group;
  std::map<std::string, GroupCount> by_group;
  Problems problems;
  std::vector<roster::ColumnUse> columns;  // how the file's columns were read
  int current_students = 0;                // school members before the import
  // A digest of everything the plan would write and the state it was
  // computed from: ApplyImport refuses when it no longer matches.
  std::string fingerprint;

  bool held() const { return !holds.empty(); }
  // True when every hold is overridable and `allow_mass_leave` is set.
  bool released(bool allow_mass_leave) const;
};

}  // namespace schoolbieb::import
