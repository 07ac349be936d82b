#include "import/library_state.h"

#include "core/names.h"

namespace schoolbieb::import {

using store::Customer;
using store::Membership;

std::string PersonKey(std::string_view prefix, std::string_view last_name,
                      std::string_view birth_date) {
  return MatchKey(std::string(prefix) + std::string(last_name)) + "|" +
         std::string(birth_date);
}

std::string NumberUnderRule(std::string_view number,
                            const SchoolSettings& settings) {
  auto under_rule = roster::NormaliseStudentNumber(
      number, settings.roster.number_rule, settings.roster.brin);
  return under_rule.ok() ? *under_rule : std::string(number);
}

Result<LibraryState> LoadState(store::Database& db, long long library_id,
                               const SchoolSettings& settings) {
  const long long branch_id = settings.branch.id;
  LibraryState state;
  auto students = store::ListCustomerList(db, library_id, "student");
  if (!students.ok()) return students.status();
  state.students = std::move(*students);
  auto teachers = store::ListCustomers(db, library_id, "teacher");
  if (!teachers.ok()) return teachers.status();
  state.teachers = std::move(*teachers);
  auto memberships = store::ListCurrentMemberships(db, library_id);
  if (!memberships.ok()) return memberships.status();
  for (const Membership& m : *memberships) {
    if (m.scope == "school") {
      state.school_of[m.customer_id] = {m.id, m.branch_id};
    } else {
      state.public_of[m.customer_id] = m.id;
    }
  }
  const store::CustomerList& students_list = state.students;
  state.by_id.reserve(students_list.size());
  for (size_t index = 0; index < students_list.size(); ++index) {
    long long id = students_list.id(index);
    state.by_id[id] = index;
    std::string_view number =
        students_list.Text(index, &Customer::external_number_2);
    if (students_list.Int(index, &Customer::school_branch_id) == branch_id &&
        !number.empty()) {
      // A current member wins over a former one with the same number.
      auto [it, fresh] = state.school_by_number.emplace(
          NumberUnderRule(number, settings), index);
      if (!fresh && state.school_of.count(id) &&
          state.school_of[id].second == branch_id) {
        it->second = index;
      }
    }
    std::string_view card = students_list.Text(index, &Customer::card_number);
    if (!card.empty()) state.by_card[std::string(card)] = index;
    std::string_view birth_date =
        students_list.Text(index, &Customer::birth_date);
    if (!birth_date.empty()) {
      state.by_person.emplace(
          PersonKey(students_list.Text(index, &Customer::name_prefix),
                    students_list.Text(index, &Customer::last_name),
                    birth_date),
          index);
    }
  }
  return state;
}

}  // namespace schoolbieb::import
