// What the import engine reads of a library before planning one school's
// file: the customers that file can touch, and nothing else — the school's
// students (current and former) and current members, and by index the
// customers the file's card numbers and person keys name, with their
// current memberships; the school's teachers and those the file names by
// address. So an import costs what its school holds, not what the library
// holds. Internal to import/; built once per plan (and once more, inside
// the transaction, when applying). Not thread-safe; a plain value.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/status.h"
#include "import/engine.h"
#include "store/customer_store.h"
#include "store/database.h"

namespace schoolbieb::import {

struct LibraryState {
  // The students the file can touch (a compact list).
  store::CustomerList students;
  std::unordered_map<long long, size_t> by_id;
  // This school's students (current and former) by student number.
  std::unordered_map<std::string, size_t> school_by_number;
  std::unordered_map<std::string, size_t> by_card;
  // By PersonKey: the same person under another number or school.
  std::unordered_multimap<std::string, size_t> by_person;
  // Current school membership per customer: (membership id, branch).
  std::unordered_map<long long, std::pair<long long, long long>> school_of;
  // Current public membership per customer: membership id.
  std::unordered_map<long long, long long> public_of;
  std::vector<store::Customer> teachers;
};

// What `roster` can touch of the library: `settings` gives the school and
// its number rule. Stored student numbers are indexed under the rule in
// force now, so that a school that changes it ("strip-zeros") finds
// "0000845" when its file says "845".
Result<LibraryState> LoadState(store::Database& db, long long library_id,
                               const SchoolSettings& settings,
                               const roster::Roster& roster);

// A stored student number as the school's number rule in force writes it
// (as stored when the rule refuses it).
std::string NumberUnderRule(std::string_view number,
                            const SchoolSettings& settings);

// Writes each change's `after` into the customer field it names
// (roster::FieldName, or "student_number" for Extern nummer-2). The plan
// and the writer share it so what is previewed is what is written.
void ApplyFieldChanges(const std::vector<FieldChange>& changes,
                       store::Customer* customer);

// PlanImport on a state already loaded.
Result<ImportPlan> PlanWithState(store::Database& db, const LibraryState& state,
                                 const ImportRequest& request,
                                 const SchoolSettings& settings,
                                 const roster::Roster& roster);

}  // namespace schoolbieb::import
