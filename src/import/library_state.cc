#include "import/library_state.h"

#include "core/names.h"
#include "store/customer_store.h"

namespace schoolbieb::import {

using store::Customer;
using store::Membership;

std::string NumberUnderRule(std::string_view number,
                            const SchoolSettings& settings) {
  auto under_rule = roster::NormaliseStudentNumber(
      number, settings.roster.number_rule, settings.roster.brin);
  return under_rule.ok() ? *under_rule : std::string(number);
}

namespace {

// Adds `customers` not yet in `state` (students only).
void AddStudents(std::vector<Customer> customers, LibraryState* state) {
  for (Customer& c : customers) {
    if (c.kind != "student" || state->by_id.count(c.id)) continue;
    state->by_id[c.id] = state->students.size();
    state->students.Add(c);
  }
}

}  // namespace

Result<LibraryState> LoadState(store::Database& db, long long library_id,
                               const SchoolSettings& settings,
                               const roster::Roster& roster) {
  const long long branch_id = settings.branch.id;
  LibraryState state;
  std::vector<std::string> cards, keys, emails;
  for (const roster::StudentRecord& r : roster.students) {
    if (!r.card_number.empty()) cards.push_back(r.card_number);
    std::string key =
        store::PersonKey(r.name_prefix, r.last_name, r.birth_date);
    if (!key.empty()) keys.push_back(std::move(key));
  }
  for (const roster::TeacherRecord& t : roster.teachers) {
    if (!t.email.empty()) emails.push_back(t.email);
  }

  auto school = store::ListSchoolStudents(db, library_id, branch_id);
  if (!school.ok()) return school.status();
  AddStudents(std::move(*school), &state);
  // A member whose record names another school (it should not happen)
  // still leaves when not in the file.
  auto members = store::ListSchoolMemberIds(db, branch_id);
  if (!members.ok()) return members.status();
  std::vector<long long> missing;
  for (long long id : *members) {
    if (!state.by_id.count(id)) missing.push_back(id);
  }
  for (auto found :
       {store::FindCustomersById(db, library_id, missing),
        store::FindCustomersByCard(db, library_id, cards, branch_id),
        store::FindCustomersByPersonKey(db, library_id, keys, branch_id)}) {
    if (!found.ok()) return found.status();
    AddStudents(std::move(*found), &state);
  }
  auto teachers = store::FindTeachers(db, library_id, branch_id, emails);
  if (!teachers.ok()) return teachers.status();
  state.teachers = std::move(*teachers);

  std::vector<long long> ids;
  ids.reserve(state.students.size());
  for (size_t index = 0; index < state.students.size(); ++index) {
    ids.push_back(state.students.id(index));
  }
  auto memberships = store::ListCurrentMembershipsOf(db, ids);
  if (!memberships.ok()) return memberships.status();
  for (const Membership& m : *memberships) {
    if (m.scope == "school") {
      state.school_of[m.customer_id] = {m.id, m.branch_id};
    } else {
      state.public_of[m.customer_id] = m.id;
    }
  }

  const store::CustomerList& students = state.students;
  for (size_t index = 0; index < students.size(); ++index) {
    long long id = students.id(index);
    std::string_view number =
        students.Text(index, &Customer::external_number_2);
    if (students.Int(index, &Customer::school_branch_id) == branch_id &&
        !number.empty()) {
      // A current member wins over a former one with the same number.
      auto [it, fresh] = state.school_by_number.emplace(
          NumberUnderRule(number, settings), index);
      if (!fresh && state.school_of.count(id) &&
          state.school_of[id].second == branch_id) {
        it->second = index;
      }
    }
    std::string_view card = students.Text(index, &Customer::card_number);
    if (!card.empty()) state.by_card[std::string(card)] = index;
    std::string_view key = students.Text(index, &Customer::person_key);
    if (!key.empty()) state.by_person.emplace(std::string(key), index);
  }
  return state;
}

}  // namespace schoolbieb::import
