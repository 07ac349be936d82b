// The import report as JSON: what `schoolbieb import --json` prints, what an
// import run keeps in report_json, and what the back office and the API
// show. Counts and problems only at the top level; the per-student plan
// (names included) is only for staff's preview and never mailed.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/message.h"
#include "import/plan.h"

namespace schoolbieb::import {

// What became of a header column: the field's label, or why it is not
// read ("onbekende kolom: niet gelezen"). One text for the CLI, the
// teacher's quick report, the staff preview and the API.
Message ColumnUseNote(const roster::ColumnUse& use);
// True when the column's values are read into a field.
bool ColumnUseRead(const roster::ColumnUse& use);
// [{"column", "header", "field" (null when unknown), "read", "label"}].
nlohmann::json ColumnsJson(const std::vector<roster::ColumnUse>& uses,
                           Language language);

// {"new", "changed", "unchanged", "leaving", "leaving_in_file", "former",
//  "future_entries", "moved_in", "conflicts", "rejected_rows",
//  "teachers_new", "teachers_changed", "public_memberships"}.
nlohmann::json CountsJson(const PlanCounts& counts);

// {"import_id", "status", "profile", "profile_label", "confidence",
//  "imported_before", "counts", "holds": [{"kind", "overridable",
//  "message", "choices" (a question's: [{"id", "label"}])}], "columns"
//  (ColumnsJson), "teachers": [{"line", "kind" (new, changed, unchanged,
//  conflict), "customer_id", "grant_upload", "right_elsewhere",
//  "other_school_id", "changes", and with `students` "name"}],
//  "problems": [{"kind", "row", "column", "sheet", "message",
//  "rejects_row", "count"}], "by_year_group": {year: {"before", "after"}}}.
//  Messages in
// `language`. With `students`, also "students": [{"kind", "line",
// "student_number", "customer_id", "name", "changes": [{"field", "before",
// "after"}], "candidates", "public_membership", "leave_date",
// "entry_date"}].
nlohmann::json ReportJson(const ImportPlan& plan, long long import_id,
                          std::string_view status, Language language,
                          bool students);

}  // namespace schoolbieb::import
