#include "import/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/names.h"
#include "import/library_state.h"
#include "import/match.h"
#include "import/report.h"
#include "store/audit_log.h"
#include "store/customer_store.h"
#include "store/library_store.h"

namespace schoolbieb::import {
namespace {

using roster::Field;
using roster::Roster;
using roster::StudentRecord;
using store::Customer;
using store::Database;
using store::Membership;

// The customer fields an import writes, and where the record has them.
struct SyncedField {
  Field field;
  std::string Customer::*customer;
  std::string StudentRecord::*record;
};
const SyncedField kSyncedFields[] = {
    {Field::kCallName, &Customer::call_name, &StudentRecord::call_name},
    {Field::kFirstNames, &Customer::first_names, &StudentRecord::first_names},
    {Field::kInitials, &Customer::initials, &StudentRecord::initials},
    {Field::kNamePrefix, &Customer::name_prefix, &StudentRecord::name_prefix},
    {Field::kLastName, &Customer::last_name, &StudentRecord::last_name},
    {Field::kBirthDate, &Customer::birth_date, &StudentRecord::birth_date},
    {Field::kSex, &Customer::sex, &StudentRecord::sex},
    {Field::kGroupKey, &Customer::group_key, &StudentRecord::group_key},
    {Field::kGroupName, &Customer::group_name, &StudentRecord::group_name},
    {Field::kYearGroup, &Customer::year_group, &StudentRecord::year_group},
    {Field::kStreet, &Customer::street, &StudentRecord::street},
    {Field::kHouseNumber, &Customer::house_number,
     &StudentRecord::house_number},
    {Field::kHouseNumberSuffix, &Customer::house_number_suffix,
     &StudentRecord::house_number_suffix},
    {Field::kPostcode, &Customer::postcode, &StudentRecord::postcode},
    {Field::kCity, &Customer::city, &StudentRecord::city},
    {Field::kPhone, &Customer::phone, &StudentRecord::phone},
    {Field::kMobile, &Customer::mobile, &StudentRecord::mobile},
    {Field::kEmail, &Customer::email, &StudentRecord::email},
    {Field::kPublicConsent, &Customer::public_consent,
     &StudentRecord::public_consent},
};

bool FieldLocked(const Customer& customer, std::string_view field) {
  std::string_view locked = customer.locked_fields;
  size_t start = 0;
  while (start <= locked.size()) {
    size_t comma = locked.find(',', start);
    if (comma == std::string_view::npos) comma = locked.size();
    if (locked.substr(start, comma - start) == field) return true;
    start = comma + 1;
  }
  return false;
}

// Field-level differences between a customer and a record. A blank in the
// file never erases (the prefix is the exception: with a last name given,
// no prefix is a value), and a field staff changed by hand stays unless the
// school's setting says otherwise.
std::vector<FieldChange> Diff(const Customer& customer,
                              const StudentRecord& record,
                              bool overwrite_locked) {
  std::vector<FieldChange> changes;
  for (const SyncedField& synced : kSyncedFields) {
    const std::string& after = record.*(synced.record);
    const std::string& before = customer.*(synced.customer);
    bool blank_counts =
        synced.field == Field::kNamePrefix && !record.last_name.empty();
    if (after.empty() && !blank_counts) continue;
    if (after == before) continue;
    std::string_view name = roster::FieldName(synced.field);
    if (!overwrite_locked && FieldLocked(customer, name)) continue;
    changes.push_back({std::string(name), before, after});
  }
  return changes;
}

bool IsFinalYear(std::string_view year, std::string_view finals) {
  if (year.empty()) return false;
  size_t start = 0;
  while (start <= finals.size()) {
    size_t comma = finals.find(',', start);
    if (comma == std::string_view::npos) comma = finals.size();
    std::string_view one = finals.substr(start, comma - start);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (one == year) return true;
    start = comma + 1;
  }
  return false;
}

std::string Display(const Customer& c) {
  return DisplayName(c.call_name, c.initials, c.name_prefix, c.last_name);
}
std::string Display(const StudentRecord& r) {
  return DisplayName(r.call_name, r.initials, r.name_prefix, r.last_name);
}

void AddHolds(const Roster& roster, const SchoolSettings& settings,
              int leaving_non_final, ImportPlan* plan) {
  const store::Branch& branch = settings.branch;
  for (const roster::Question& question : roster.questions) {
    plan->holds.push_back(
        {question.kind, false, question.text, question.choices});
  }
  std::vector<std::string> nl, en;
  for (Field field : roster.missing_fields) {
    if (field == Field::kGroupKey) continue;
    nl.push_back(roster::FieldLabel(field).nl);
    en.push_back(roster::FieldLabel(field).en);
  }
  if (!nl.empty()) {
    plan->holds.push_back(
        {"missing_columns",
         false,
         {fmt::format("Het bestand mist verplichte kolommen: {}. Exporteer "
                      "opnieuw met deze kolommen.",
                      fmt::join(nl, ", ")),
          fmt::format("The file lacks required columns: {}. Export again "
                      "with these columns.",
                      fmt::join(en, ", "))}});
  } else if (!roster.missing_fields.empty()) {
    // Only the group is missing (Wise's English template has no group
    // column): the students can be imported without one, if staff agree.
    plan->holds.push_back(
        {"no_groups",
         true,
         {"Het bestand heeft geen kolom met de groep of klas. De leerlingen "
          "worden dan zonder groep geïmporteerd. Exporteer liever opnieuw met "
          "de groep erbij; is het zo goed, importeer dan met bevestiging.",
          "The file has no column with the group or class. The students are "
          "then imported without a group. Better export again with the "
          "group; if this is right, import with confirmation."}});
  }
  if (!branch.brin.empty()) {
    for (const std::string& brin : roster.file_brins) {
      if (brin != branch.brin) {
        plan->holds.push_back(
            {"other_school",
             false,
             {fmt::format("Het bestand is van school {} (BRIN), maar wordt "
                          "geïmporteerd voor {} ({}). Kies de juiste school.",
                          brin, branch.name, branch.brin),
              fmt::format("The file is from school {} (BRIN) but is being "
                          "imported for {} ({}). Choose the right school.",
                          brin, branch.name, branch.brin)}});
        break;
      }
    }
  }
  int current = plan->current_students;
  int rows = static_cast<int>(roster.students.size()) - roster.left_rows;
  if (current > 0 && rows * 2 < current) {
    plan->holds.push_back(
        {"too_few_rows",
         false,
         {fmt::format("Het bestand heeft {} leerlingen, maar de school heeft "
                      "er nu {}. Een onvolledig bestand kan geen leerlingen "
                      "uitschrijven. Vraag de school om een volledige "
                      "export.",
                      rows, current),
          fmt::format("The file has {} students but the school now has {}. "
                      "An incomplete file cannot deregister students. Ask "
                      "the school for a complete export.",
                      rows, current)}});
    return;
  }
  int leaving = plan->counts.leaving - plan->counts.leaving_in_file;
  bool over_count = leaving_non_final > branch.leave_limit_count;
  bool over_share = current > 0 && leaving_non_final * 100 >
                                       branch.leave_limit_share * current;
  if (over_count || over_share) {
    plan->holds.push_back(
        {"mass_leave",
         true,
         {fmt::format("{} leerlingen die niet in het laatste leerjaar zitten "
                      "zouden de school verlaten (grens: {} % of {}). "
                      "Controleer het bestand; is het juist, importeer dan "
                      "met bevestiging.",
                      leaving_non_final, branch.leave_limit_share,
                      branch.leave_limit_count),
          fmt::format("{} students who are not in the final year would leave "
                      "the school (limit: {} % or {}). Check the file; if it "
                      "is right, import with confirmation.",
                      leaving_non_final, branch.leave_limit_share,
                      branch.leave_limit_count)}});
  }
  if (current > 0 && leaving * 2 > current) {
    plan->holds.push_back(
        {"half_leave",
         true,
         {fmt::format("Meer dan de helft van de leerlingen ({} van {}) zou de "
                      "school verlaten. Controleer het bestand; is het "
                      "juist, importeer dan met bevestiging.",
                      leaving, current),
          fmt::format("More than half of the students ({} of {}) would leave "
                      "the school. Check the file; if it is right, import "
                      "with confirmation.",
                      leaving, current)}});
  }
}

std::string Fingerprint(const ImportPlan& plan) {
  std::string text;
  text.reserve(plan.students.size() * 48);
  for (const PlannedStudent& s : plan.students) {
    text += fmt::format("{}|{}|{}|{}|{}|{}\n", ChangeKindName(s.kind), s.line,
                        s.customer_id, s.from_branch_id,
                        s.public_membership ? 1 : 0, s.leave_date);
    for (const FieldChange& change : s.changes) {
      text += change.field;
      text += '=';
      text += change.after;
      text += '\n';
    }
  }
  for (const PlannedTeacher& t : plan.teachers) {
    text += fmt::format("t|{}|{}|{}|{}\n", t.line, t.customer_id,
                        t.grant_upload ? 1 : 0, t.conflict ? 1 : 0);
    for (const FieldChange& change : t.changes) {
      text += change.field + '=' + change.after + '\n';
    }
  }
  for (const Hold& hold : plan.holds) text += hold.kind + "\n";
  return Sha256Hex(text);
}

// A teacher is matched by the LAS key or the e-mail address among this
// school's teachers. A school's file never touches another school's
// teachers: one of them with the same address is a conflict for staff
// (nothing changes), and an upload right held for another school is never
// moved. Every teacher is listed in the plan.
void PlanTeachers(const Roster& roster, const SchoolSettings& settings,
                  const LibraryState& state, ImportPlan* plan) {
  const long long branch_id = settings.branch.id;
  for (const roster::TeacherRecord& teacher : roster.teachers) {
    PlannedTeacher planned;
    planned.line = teacher.line;
    planned.display_name = DisplayName(teacher.call_name, teacher.initials,
                                       teacher.name_prefix, teacher.last_name);
    const Customer* match = nullptr;
    const Customer* elsewhere = nullptr;
    for (const Customer& c : state.teachers) {
      bool here = c.school_branch_id == branch_id;
      bool by_key =
          !teacher.key.empty() && here && c.external_number_2 == teacher.key;
      bool by_email = !teacher.email.empty() &&
                      MatchKey(c.email) == MatchKey(teacher.email);
      if (by_key || (by_email && here)) {
        match = &c;
        break;
      }
      if (by_email && !elsewhere) elsewhere = &c;
    }
    if (!match && elsewhere) {
      planned.conflict = true;
      planned.customer_id = elsewhere->id;
      planned.other_branch_id = elsewhere->school_branch_id;
      ++plan->counts.teachers_conflicts;
      plan->teachers.push_back(std::move(planned));
      continue;
    }
    if (match) {
      planned.customer_id = match->id;
      auto compare = [&](std::string_view field, const std::string& before,
                         const std::string& after) {
        if (!after.empty() && after != before) {
          planned.changes.push_back({std::string(field), before, after});
        }
      };
      compare("call_name", match->call_name, teacher.call_name);
      compare("initials", match->initials, teacher.initials);
      compare("name_prefix", match->name_prefix, teacher.name_prefix);
      compare("last_name", match->last_name, teacher.last_name);
      compare("email", match->email, teacher.email);
      planned.right_elsewhere =
          match->upload_branch_id != 0 && match->upload_branch_id != branch_id;
      planned.grant_upload =
          settings.teachers_get_upload_right && match->upload_branch_id == 0;
      if (!planned.changes.empty() || planned.grant_upload) {
        ++plan->counts.teachers_changed;
      }
    } else {
      planned.grant_upload = settings.teachers_get_upload_right;
      ++plan->counts.teachers_new;
    }
    plan->teachers.push_back(std::move(planned));
  }
}

// The names of the schools the loaded students belong to (a proposal names
// the school a card or person was found at): those few, not the library's.
Result<std::map<long long, std::string>> SchoolNames(
    Database& db, const LibraryState& state) {
  std::map<long long, std::string> names;
  for (size_t index = 0; index < state.students.size(); ++index) {
    long long id = state.students.Int(index, &Customer::school_branch_id);
    if (id == 0 || names.count(id)) continue;
    auto branch = store::GetBranch(db, id);
    if (!branch.ok()) return branch.status();
    names[id] = branch->name;
  }
  return names;
}

}  // namespace

void ApplyFieldChanges(const std::vector<FieldChange>& changes,
                       Customer* customer) {
  for (const FieldChange& change : changes) {
    if (change.field == "student_number") {
      customer->external_number_2 = change.after;
      continue;
    }
    for (const SyncedField& synced : kSyncedFields) {
      if (roster::FieldName(synced.field) == change.field) {
        customer->*(synced.customer) = change.after;
      }
    }
  }
}

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kNew:
      return "new";
    case ChangeKind::kChanged:
      return "changed";
    case ChangeKind::kUnchanged:
      return "unchanged";
    case ChangeKind::kLeaving:
      return "leaving";
    case ChangeKind::kMovedIn:
      return "moved_in";
    case ChangeKind::kConflict:
      return "conflict";
    case ChangeKind::kRejected:
      return "rejected";
    case ChangeKind::kFormer:
      return "former";
  }
  return "unknown";
}

bool ImportPlan::released(bool allow_mass_leave) const {
  if (holds.empty()) return true;
  if (!allow_mass_leave) return false;
  return std::all_of(holds.begin(), holds.end(),
                     [](const Hold& hold) { return hold.overridable; });
}

Result<SchoolSettings> LoadSchoolSettings(Database& db, long long branch_id,
                                          std::string_view today) {
  SchoolSettings settings;
  auto branch = store::GetBranch(db, branch_id);
  if (!branch.ok()) return branch.status();
  settings.branch = *branch;
  if (branch->kind != store::BranchKind::kSchool) {
    return Status::InvalidArgument(
        fmt::format("{} is geen school. Kies de vestiging van de school.",
                    branch->name),
        fmt::format("{} is not a school. Choose the school's branch.",
                    branch->name));
  }
  auto rule = roster::ParseNumberRule(branch->number_normalisation);
  if (!rule.ok()) return rule.status();
  auto mapping_json = store::GetBranchMapping(db, branch_id);
  if (!mapping_json.ok()) return mapping_json.status();
  auto mapping = roster::ParseMapping(*mapping_json);
  if (!mapping.ok()) return mapping.status();
  auto settings_json = store::GetBranchSettings(db, branch_id);
  if (!settings_json.ok()) return settings_json.status();
  nlohmann::json extra = nlohmann::json::parse(*settings_json, nullptr, false);
  if (extra.is_object()) {
    settings.roster.drop_forbidden_columns =
        extra.value("drop_forbidden_columns", false);
    settings.overwrite_locked_fields =
        extra.value("overwrite_locked_fields", false);
    settings.teachers_get_upload_right =
        extra.value("teachers_get_upload_right", true);
  }
  settings.roster.number_rule = *rule;
  settings.roster.brin = branch->brin;
  settings.roster.las_kind = branch->las_kind;
  settings.roster.mapping = std::move(*mapping);
  settings.roster.today = std::string(today);
  return settings;
}

Result<Roster> Recognise(const formats::Table& table,
                         const SchoolSettings& settings) {
  return roster::BuildRoster(table, settings.roster);
}

Result<ImportPlan> PlanImport(Database& db, const ImportRequest& request,
                              const SchoolSettings& settings,
                              const Roster& roster) {
  auto state = LoadState(db, request.library_id, settings, roster);
  if (!state.ok()) return state.status();
  return PlanWithState(db, *state, request, settings, roster);
}

Result<ImportPlan> PlanWithState(Database& db, const LibraryState& state,
                                 const ImportRequest& request,
                                 const SchoolSettings& settings,
                                 const Roster& roster) {
  const long long branch_id = settings.branch.id;

  ImportPlan plan;
  plan.library_id = request.library_id;
  plan.branch_id = branch_id;
  plan.profile = roster.profile;
  plan.profile_label = roster.profile_label;
  plan.confidence = roster.confidence;
  plan.file_sha256 = request.file_sha256;
  plan.problems = roster.problems;
  plan.columns = roster.column_uses;
  plan.public_membership = request.public_membership.value_or(
      settings.branch.public_membership_default);
  const bool consent_column = roster.has_field(Field::kPublicConsent);

  // Who is a member of this school now.
  std::vector<long long> members;
  for (const auto& [customer_id, membership] : state.school_of) {
    if (membership.second == branch_id) members.push_back(customer_id);
  }
  std::sort(members.begin(), members.end());
  plan.current_students = static_cast<int>(members.size());
  for (long long id : members) {
    auto it = state.by_id.find(id);
    if (it == state.by_id.end()) continue;
    ++plan.by_year_group[std::string(state.students.Text(
                             it->second, &Customer::year_group))]
          .before;
    ++plan.by_group[std::string(
                        state.students.Text(it->second, &Customer::group_name))]
          .before;
  }

  // Numbers in the file (also of rejected rows): such students are there.
  std::unordered_set<std::string> numbers_in_file;
  for (const StudentRecord& record : roster.students) {
    if (!record.student_number.empty()) {
      numbers_in_file.insert(record.student_number);
    }
  }
  auto school_names = SchoolNames(db, state);
  if (!school_names.ok()) return school_names.status();
  std::unordered_map<int, long long> decided;
  for (const Decision& decision : request.decisions) {
    decided[decision.line] = decision.customer_id;
  }

  plan.students.reserve(roster.students.size() + members.size());
  std::unordered_set<long long> taken;  // customers matched to a row
  // Matched customers whose after-state the counts already hold.
  std::unordered_set<long long> counted_after;
  auto is_member_here = [&](long long id) {
    auto it = state.school_of.find(id);
    return it != state.school_of.end() && it->second.second == branch_id;
  };

  int leaving_non_final = 0;
  // Current rows first, then the rows of pupils who left, so that a pupil
  // who left never takes a customer a current row has (numbers are reused).
  std::vector<size_t> row_order;
  row_order.reserve(roster.students.size());
  for (bool left : {false, true}) {
    for (size_t index = 0; index < roster.students.size(); ++index) {
      if (roster.students[index].left == left) row_order.push_back(index);
    }
  }
  for (size_t index : row_order) {
    const StudentRecord& record = roster.students[index];
    PlannedStudent planned;
    planned.line = record.line;
    planned.record = static_cast<int>(index);
    planned.student_number = record.student_number;
    planned.display_name = Display(record);
    planned.entry_date = record.entry_date;

    // The matched student's index in state.students: by number only for a
    // pupil who left, by every key for a current one.
    std::optional<size_t> match;
    auto by_number = state.school_by_number.find(record.student_number);
    if (!record.student_number.empty() &&
        by_number != state.school_by_number.end()) {
      match = by_number->second;
    }
    if (record.left) {
      // The file says this pupil left: a current member of this school
      // leaves on that date; anyone else is left alone.
      long long id = match ? state.students.id(*match) : 0;
      if (match && !taken.count(id) && is_member_here(id)) {
        const Customer c = state.students.Get(*match);
        planned.kind = ChangeKind::kLeaving;
        planned.customer_id = id;
        planned.display_name = Display(c);
        planned.year_group_before = c.year_group;
        planned.group_before = c.group_name;
        planned.leave_date =
            !record.leave_date.empty() && record.leave_date < request.today
                ? record.leave_date
                : request.today;
        taken.insert(id);
        counted_after.insert(id);
        // Not counted for the mass-leave holds: those guard against pupils
        // missing from an incomplete file, and the school names these.
        ++plan.counts.leaving;
        ++plan.counts.leaving_in_file;
      } else {
        planned.kind = ChangeKind::kFormer;
        ++plan.counts.former;
      }
      plan.students.push_back(std::move(planned));
      continue;
    }
    if (record.entry_date > request.today) ++plan.counts.future_entries;
    if (record.rejected) {
      planned.kind = ChangeKind::kRejected;
      if (match) {
        planned.customer_id = state.students.id(*match);
        taken.insert(planned.customer_id);
      }
      ++plan.counts.rejected_rows;
      plan.students.push_back(std::move(planned));
      continue;
    }

    RowMatch found =
        MatchRow(state, settings, record, numbers_in_file, *school_names);
    match = found.customer;
    for (size_t c : found.candidates) {
      planned.candidates.push_back(state.students.id(c));
    }
    if (!found.candidates.empty()) {
      // Staff decisions and --confirm-matches settle proposals and
      // conflicts.
      auto decision = decided.find(record.line);
      bool settled = false;
      if (decision != decided.end()) {
        if (decision->second == 0) {
          settled = true;
          planned.candidates.clear();
        } else if (std::find(planned.candidates.begin(),
                             planned.candidates.end(),
                             decision->second) != planned.candidates.end()) {
          settled = true;
          match = state.by_id.at(decision->second);
        }
      } else if (request.confirm_proposals && !found.contradiction &&
                 found.candidates.size() == 1) {
        settled = true;
        match = found.candidates.front();
      }
      if (!settled) {
        planned.kind = ChangeKind::kConflict;
        ++plan.counts.conflicts;
        if (found.candidates.size() == 1) {
          // What confirming would change, for staff to judge.
          const Customer candidate =
              state.students.Get(found.candidates.front());
          planned.display_name = Display(candidate);
          planned.changes =
              Diff(candidate, record, settings.overwrite_locked_fields);
          planned.from_branch_id = candidate.school_branch_id;
        }
        Problem problem;
        problem.kind = ProblemKind::kConflict;
        problem.row = record.line;
        problem.value = record.student_number;
        problem.message = found.doubt;
        plan.problems.push_back(std::move(problem));
        // A candidate who is a member here stays: the row may be them.
        for (long long id : planned.candidates) taken.insert(id);
        plan.students.push_back(std::move(planned));
        continue;
      }
    }

    if (match && taken.count(state.students.id(*match))) {
      // Two rows for one customer (e.g. a card number on a second row).
      planned.kind = ChangeKind::kConflict;
      planned.candidates = {state.students.id(*match)};
      ++plan.counts.conflicts;
      plan.students.push_back(std::move(planned));
      continue;
    }

    bool wants_public = plan.public_membership &&
                        (!consent_column || record.public_consent == "yes");
    if (!match) {
      planned.kind = ChangeKind::kNew;
      planned.year_group_after = record.year_group;
      planned.group_after = record.group_name;
      planned.public_membership = wants_public;
      ++plan.counts.new_students;
    } else {
      const Customer customer = state.students.Get(*match);
      const Customer* matched = &customer;
      taken.insert(matched->id);
      planned.customer_id = matched->id;
      planned.display_name = Display(*matched);
      planned.year_group_before = matched->year_group;
      planned.group_before = matched->group_name;
      planned.changes =
          Diff(*matched, record, settings.overwrite_locked_fields);
      if (matched->external_number_2 != record.student_number) {
        planned.renumbered = matched->school_branch_id == branch_id;
        planned.changes.push_back({"student_number", matched->external_number_2,
                                   record.student_number});
      }
      Customer after = *matched;
      ApplyFieldChanges(planned.changes, &after);
      planned.year_group_after = after.year_group;
      planned.group_after = after.group_name;
      bool has_public = state.public_of.count(matched->id) > 0;
      if (is_member_here(matched->id)) {
        planned.kind = planned.changes.empty() ? ChangeKind::kUnchanged
                                               : ChangeKind::kChanged;
        planned.public_membership =
            !has_public && consent_column && wants_public;
      } else if (state.school_of.count(matched->id)) {
        planned.kind = ChangeKind::kMovedIn;
        planned.from_branch_id = state.school_of.at(matched->id).second;
        planned.public_membership = !has_public && wants_public;
      } else {
        // A former student (of this school or another) returns.
        planned.kind = ChangeKind::kNew;
        planned.public_membership = !has_public && wants_public;
      }
      if (planned.public_membership && planned.kind == ChangeKind::kUnchanged) {
        planned.kind = ChangeKind::kChanged;
      }
      switch (planned.kind) {
        case ChangeKind::kChanged:
          ++plan.counts.changed;
          break;
        case ChangeKind::kUnchanged:
          ++plan.counts.unchanged;
          break;
        case ChangeKind::kMovedIn:
          ++plan.counts.moved_in;
          break;
        default:
          ++plan.counts.new_students;
      }
    }
    if (planned.public_membership) ++plan.counts.public_memberships;
    if (planned.customer_id) counted_after.insert(planned.customer_id);
    ++plan.by_year_group[planned.year_group_after].after;
    ++plan.by_group[planned.group_after].after;
    plan.students.push_back(std::move(planned));
  }

  // Everyone in the school who is not in the file leaves it.
  for (long long id : members) {
    if (taken.count(id)) {
      auto it = state.by_id.find(id);
      // Rejected and conflicting rows keep their student where they were.
      if (it != state.by_id.end()) {
        bool counted = counted_after.count(id) > 0;
        if (!counted) {
          ++plan.by_year_group[std::string(state.students.Text(
                                   it->second, &Customer::year_group))]
                .after;
          ++plan.by_group[std::string(state.students.Text(
                              it->second, &Customer::group_name))]
                .after;
        }
      }
      continue;
    }
    auto it = state.by_id.find(id);
    if (it == state.by_id.end()) continue;  // a teacher's school membership
    const Customer c = state.students.Get(it->second);
    PlannedStudent leaving;
    leaving.kind = ChangeKind::kLeaving;
    leaving.customer_id = id;
    leaving.student_number = c.external_number_2;
    leaving.display_name = Display(c);
    leaving.year_group_before = c.year_group;
    leaving.group_before = c.group_name;
    plan.students.push_back(std::move(leaving));
    ++plan.counts.leaving;
    if (!IsFinalYear(c.year_group, settings.branch.final_year_groups)) {
      ++leaving_non_final;
    }
  }

  PlanTeachers(roster, settings, state, &plan);
  AddHolds(roster, settings, leaving_non_final, &plan);

  // The same file as the last applied import: said, not held.
  try {
    long long last_id = 0;
    std::string last_sha;
    soci::indicator sha_ind = soci::i_ok;
    db.sql() << "SELECT id, file_sha256 FROM import_run WHERE branch_id = :b "
                "AND status = 'applied' ORDER BY id DESC LIMIT 1",
        soci::into(last_id), soci::into(last_sha, sha_ind),
        soci::use(branch_id);
    plan.imported_before = db.sql().got_data() &&
                           !request.file_sha256.empty() &&
                           last_sha == request.file_sha256;
  } catch (const std::exception& error) {
    return store::FromDatabaseError(
        error, {"De importgeschiedenis", "The import history"});
  }
  plan.fingerprint = Fingerprint(plan);
  return plan;
}

namespace {

// The Luhn check digit of the run of digits `text` ends with.
char LuhnDigit(std::string_view text) {
  int sum = 0;
  bool twice = true;
  for (auto it = text.rbegin(); it != text.rend() && *it >= '0' && *it <= '9';
       ++it) {
    int digit = *it - '0';
    if (twice) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

std::string CardNumber(std::string_view prefix, long long number,
                       long long range_end) {
  int width = static_cast<int>(std::to_string(range_end).size());
  std::string card =
      std::string(prefix) + fmt::format("{:0{}d}", number, width);
  // The check digit covers the printed number's digits, prefix included, so
  // a scanner or a person typing it can verify the whole card.
  card += LuhnDigit(card);
  return card;
}

bool CardCheckDigitValid(std::string_view card) {
  if (card.size() < 2) return false;
  char last = card.back();
  std::string_view payload = card.substr(0, card.size() - 1);
  if (last < '0' || last > '9' || payload.empty() || payload.back() < '0' ||
      payload.back() > '9') {
    return false;
  }
  return LuhnDigit(payload) == last;
}

}  // namespace schoolbieb::import
