#include "import/report.h"

namespace schoolbieb::import {

Message ColumnUseNote(const roster::ColumnUse& use) {
  if (!use.field) {
    return {"onbekende kolom: niet gelezen", "unknown column: not read"};
  }
  if (use.duplicate) {
    return {"nog een kolom voor hetzelfde gegeven: niet gelezen",
            "another column for the same value: not read"};
  }
  switch (*use.field) {
    case roster::Field::kIgnored:
      return {"bekend, niet nodig: niet gelezen",
              "known, not needed: not read"};
    case roster::Field::kForbidden:
      return {"mag de bibliotheek niet bewaren: overgeslagen",
              "the library may not keep this: skipped"};
    default:
      break;
  }
  Message label = roster::FieldLabel(*use.field);
  if (use.from_mapping) {
    return {label.nl + " (volgens de opgeslagen kolomindeling)",
            label.en + " (by the saved column mapping)"};
  }
  return label;
}

bool ColumnUseRead(const roster::ColumnUse& use) {
  return use.field && !use.duplicate && *use.field != roster::Field::kIgnored &&
         *use.field != roster::Field::kForbidden;
}

nlohmann::json ColumnsJson(const std::vector<roster::ColumnUse>& uses,
                           Language language) {
  nlohmann::json out = nlohmann::json::array();
  for (const roster::ColumnUse& use : uses) {
    out.push_back({{"column", use.column},
                   {"header", use.header},
                   {"field", use.field ? nlohmann::json(std::string(
                                             roster::FieldName(*use.field)))
                                       : nlohmann::json()},
                   {"read", ColumnUseRead(use)},
                   {"label", ColumnUseNote(use).In(language)}});
  }
  return out;
}

nlohmann::json CountsJson(const PlanCounts& counts) {
  return {{"new", counts.new_students},
          {"changed", counts.changed},
          {"unchanged", counts.unchanged},
          {"leaving", counts.leaving},
          {"leaving_in_file", counts.leaving_in_file},
          {"former", counts.former},
          {"future_entries", counts.future_entries},
          {"moved_in", counts.moved_in},
          {"conflicts", counts.conflicts},
          {"rejected_rows", counts.rejected_rows},
          {"teachers_new", counts.teachers_new},
          {"teachers_changed", counts.teachers_changed},
          {"teachers_conflicts", counts.teachers_conflicts},
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
    nlohmann::json item = {{"kind", hold.kind},
                           {"overridable", hold.overridable},
                           {"message", hold.message.In(language)}};
    if (!hold.choices.empty()) {
      item["choices"] = nlohmann::json::array();
      for (const roster::Question::Choice& choice : hold.choices) {
        item["choices"].push_back(
            {{"id", choice.id}, {"label", choice.label.In(language)}});
      }
    }
    holds.push_back(std::move(item));
  }
  out["holds"] = holds;
  out["columns"] = ColumnsJson(plan.columns, language);
  nlohmann::json teachers = nlohmann::json::array();
  for (const PlannedTeacher& t : plan.teachers) {
    nlohmann::json changes = nlohmann::json::array();
    for (const FieldChange& change : t.changes) {
      changes.push_back({{"field", change.field},
                         {"before", change.before},
                         {"after", change.after}});
    }
    std::string kind = t.conflict                             ? "conflict"
                       : t.customer_id == 0                   ? "new"
                       : !t.changes.empty() || t.grant_upload ? "changed"
                                                              : "unchanged";
    nlohmann::json item = {{"line", t.line},
                           {"kind", kind},
                           {"customer_id", t.customer_id},
                           {"grant_upload", t.grant_upload},
                           {"right_elsewhere", t.right_elsewhere},
                           {"other_school_id", t.other_branch_id},
                           {"changes", changes}};
    if (students) item["name"] = t.display_name;
    teachers.push_back(std::move(item));
  }
  out["teachers"] = teachers;
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& problem : plan.problems) {
    problems.push_back({{"kind", std::string(ProblemKindName(problem.kind))},
                        {"sheet", problem.sheet},
                        {"row", problem.row},
                        {"column", problem.column},
                        {"message", problem.message.In(language)},
                        {"rejects_row", problem.rejects_row},
                        {"count", problem.count}});
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
                      {"public_membership", s.public_membership},
                      {"leave_date", s.leave_date},
                      {"entry_date", s.entry_date}});
    }
    out["students"] = list;
  }
  return out;
}

}  // namespace schoolbieb::import
