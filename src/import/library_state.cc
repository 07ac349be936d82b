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

Result<LibraryState> LoadState(store::Database& db, long long library_id,
                               long long branch_id) {
  LibraryState state;
  auto students = store::ListCustomers(db, library_id, "student");
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
  state.by_id.reserve(state.students.size());
  for (size_t index = 0; index < state.students.size(); ++index) {
    const Customer& c = state.students[index];
    state.by_id[c.id] = index;
    if (c.school_branch_id == branch_id && !c.external_number_2.empty()) {
      // A current member wins over a former one with the same number.
      auto [it, fresh] =
          state.school_by_number.emplace(c.external_number_2, index);
      if (!fresh && state.school_of.count(c.id) &&
          state.school_of[c.id].second == branch_id) {
        it->second = index;
      }
    }
    if (!c.card_number.empty()) state.by_card[c.card_number] = index;
    if (!c.birth_date.empty()) {
      state.by_person.emplace(
          PersonKey(c.name_prefix, c.last_name, c.birth_date), index);
    }
  }
  return state;
}

}  // namespace schoolbieb::import
