// Matching one row of a school's file to the library's students: the first
// step of planning (engine.h), read-only and on a loaded LibraryState.
//
// Matching never guesses and never reaches past the school on its own:
// (school, student number) under the school's number rule is the key; a
// card number must agree with it and with the person, and a card of another
// school's pupil is at most a proposal; a person found only by name and
// birth date (renumbered by the LAS, or from another school) is a proposal;
// several candidates, or a card that names someone else, are a conflict.
// Staff settle proposals and conflicts (Decision). Pure functions; as
// thread-safe as the state they read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/message.h"
#include "import/library_state.h"
#include "roster/roster.h"

namespace schoolbieb::import {

struct RowMatch {
  std::optional<size_t> customer;  // index in state.students
  // A proposal (one candidate) or a conflict: who the row may be.
  std::vector<size_t> candidates;
  // The candidates contradict the row (a card of another person, a card and
  // a number of two people): never settled by --confirm-matches.
  bool contradiction = false;
  // Why the row needs a person to decide, for staff ("Regel 7: …").
  Message doubt;
};

// Matches `record` (not rejected, not left). `numbers_in_file`: every
// student number of the file, under the rule; `school_names`: the library's
// branches by id, to name another school.
RowMatch MatchRow(const LibraryState& state, const SchoolSettings& settings,
                  const roster::StudentRecord& record,
                  const std::unordered_set<std::string>& numbers_in_file,
                  const std::map<long long, std::string>& school_names);

}  // namespace schoolbieb::import
