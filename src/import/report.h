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

// {"new", "changed", "unchanged", "leaving", "moved_in", "conflicts",
//  "rejected_rows", "teachers_new", "teachers_changed",
//  "public_memberships"}.
nlohmann::json CountsJson(const PlanCounts& counts);

// {"import_id", "status", "profile", "profile_label", "confidence",
//  "imported_before", "counts", "holds": [{"kind", "overridable",
//  "message"}], "problems": [{"kind", "row", "column", "sheet", "message",
//  "rejects_row"}], "by_year_group": {year: {"before", "after"}}}. Messages in
// `language`. With `students`, also "students": [{"kind", "line",
// "student_number", "customer_id", "name", "changes": [{"field", "before",
// "after"}], "candidates", "public_membership"}].
nlohmann::json ReportJson(const ImportPlan& plan, long long import_id,
                          std::string_view status, Language language,
                          bool students);

}  // namespace schoolbieb::import
