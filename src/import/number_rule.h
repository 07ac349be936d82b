// What a change of a school's student-number rule would do, before it takes
// effect: the import matches stored numbers under the rule in force
// (NumberUnderRule), so a new rule rewrites how every stored number is read
// and, at the next import, how it is stored. Staff see this and confirm.
// Reads only; thread-safe as the Database it is given.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/message.h"
#include "core/status.h"
#include "roster/values.h"
#include "store/database.h"
#include "store/library_store.h"

namespace schoolbieb::import {

struct NumberRuleEffect {
  int students = 0;   // the school's students with a number
  int rewritten = 0;  // whose number the new rule writes otherwise
  std::vector<std::pair<std::string, std::string>> examples;  // a few
  // Numbers that become one under the new rule ("0845" and "845"): the
  // import can then tell those students apart no longer.
  std::vector<std::string> collisions;

  bool matters() const { return rewritten > 0 || !collisions.empty(); }
  // "Met deze regel worden 245 van de 300 leerlingnummers anders gelezen,
  // bijvoorbeeld 0000845 → 845. …", for staff.
  Message Describe() const;
};

// The effect of reading school `school`'s stored numbers under `rule`.
Result<NumberRuleEffect> PreviewNumberRule(store::Database& db,
                                           const store::Branch& school,
                                           const roster::NumberRule& rule);

}  // namespace schoolbieb::import
