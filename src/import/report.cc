#include "import/report.h"

namespace schoolbieb::import {

nlohmann::json CountsJson(const PlanCounts& counts) {
  return {{"new", counts.new_students},
          {"changed", counts.changed},
          {"unchanged", counts.unchanged},
          {"leaving", counts.leaving},
          {"moved_in", counts.moved_in},
          {"conflicts", counts.conflicts},
          {"rejected_rows", counts.rejected_rows},
          {"teachers_new", counts.teachers_new},
          {"teachers_changed", counts.teachers_changed},
          {"public_memberships", counts.public_memberships}};
}

nlohmann::json ReportJson(const ImportPlan& plan, long long import_id,
                          std::string_view status, Language language,
                          bool students) {
  nlohmann::json out;
  out["import_id"] = import_id;
  out["status"] = std::string(status);
  out["profile"] = plan.profile;
  out["profile_label"] = plan.profile_label.In(language);
  out["confidence"] = plan.confidence;
  out["imported_before"] = plan.imported_before;
  out["public_membership"] = plan.public_membership;
  out["current_students"] = plan.current_students;
  out["counts"] = CountsJson(plan.counts);
  out["fingerprint"] = plan.fingerprint;
  nlohmann::json holds = nlohmann::json::array();
  for (const Hold& hold : plan.holds) {
    holds.push_back({{"kind", hold.kind},
                     {"overridable", hold.overridable},
                     {"message", hold.message.In(language)}});
  }
  out["holds"] = holds;
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& problem : plan.problems) {
    problems.push_back({{"kind", std::string(ProblemKindName(problem.kind))},
                        {"sheet", problem.sheet},
                        {"row", problem.row},
                        {"column", problem.column},
                        {"message", problem.message.In(language)},
                        {"rejects_row", problem.rejects_row}});
  }
  out["problems"] = problems;
  nlohmann::json years = nlohmann::json::object();
  for (const auto& [year, count] : plan.by_year_group) {
    years[year] = {{"before", count.before}, {"after", count.after}};
  }
  out["by_year_group"] = years;
  nlohmann::json groups = nlohmann::json::object();
  for (const auto& [group, count] : plan.by_group) {
    groups[group] = {{"before", count.before}, {"after", count.after}};
  }
  out["by_group"] = groups;
  if (students) {
    nlohmann::json list = nlohmann::json::array();
    for (const PlannedStudent& s : plan.students) {
      nlohmann::json changes = nlohmann::json::array();
      for (const FieldChange& change : s.changes) {
        changes.push_back({{"field", change.field},
                           {"before", change.before},
                           {"after", change.after}});
      }
      list.push_back({{"kind", std::string(ChangeKindName(s.kind))},
                      {"line", s.line},
                      {"student_number", s.student_number},
                      {"customer_id", s.customer_id},
                      {"name", s.display_name},
                      {"year_group_before", s.year_group_before},
                      {"year_group_after", s.year_group_after},
                      {"changes", changes},
                      {"candidates", s.candidates},
                      {"renumbered", s.renumbered},
                      {"from_branch_id", s.from_branch_id},
                      {"public_membership", s.public_membership}});
    }
    out["students"] = list;
  }
  return out;
}

}  // namespace schoolbieb::import
