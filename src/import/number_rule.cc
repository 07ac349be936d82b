#include "import/number_rule.h"

#include <fmt/format.h>

#include <map>

#include "store/customer_store.h"

namespace schoolbieb::import {

Message NumberRuleEffect::Describe() const {
  std::vector<std::string> shown;
  for (const auto& [from, to] : examples) {
    shown.push_back(fmt::format("{} → {}", from, to));
  }
  std::string list = fmt::format("{}", fmt::join(shown, ", "));
  Message text{
      fmt::format("Met deze regel worden {} van de {} leerlingnummers van deze "
                  "school anders gelezen, en bij de volgende import zo "
                  "opgeslagen{}.",
                  rewritten, students,
                  shown.empty() ? "" : ", bijvoorbeeld " + list),
      fmt::format("With this rule {} of the school's {} student numbers are "
                  "read differently, and stored so at the next import{}.",
                  rewritten, students,
                  shown.empty() ? "" : ", for example " + list)};
  if (!collisions.empty()) {
    std::string clash = fmt::format("{}", fmt::join(collisions, ", "));
    text.nl += fmt::format(
        " Let op: {} nummers vallen dan samen met een ander ({}); die "
        "leerlingen zijn dan niet meer uit elkaar te houden.",
        collisions.size(), clash);
    text.en += fmt::format(
        " Note: {} numbers then coincide with another ({}); those students "
        "can then no longer be told apart.",
        collisions.size(), clash);
  }
  return text;
}

Result<NumberRuleEffect> PreviewNumberRule(store::Database& db,
                                           const store::Branch& school,
                                           const roster::NumberRule& rule) {
  constexpr size_t kExamples = 3;
  constexpr size_t kCollisionsNamed = 5;
  auto numbers = store::ListSchoolStudentNumbers(db, school.id);
  if (!numbers.ok()) return numbers.status();
  NumberRuleEffect effect;
  std::map<std::string, std::string> first_with;  // new form → stored number
  for (const auto& [id, stored] : *numbers) {
    ++effect.students;
    auto under = roster::NormaliseStudentNumber(stored, rule, school.brin);
    std::string read = under.ok() ? *under : stored;
    if (read != stored) {
      ++effect.rewritten;
      if (effect.examples.size() < kExamples) {
        effect.examples.emplace_back(stored, read);
      }
    }
    auto [it, fresh] = first_with.emplace(read, stored);
    if (!fresh && it->second != stored &&
        effect.collisions.size() < kCollisionsNamed) {
      effect.collisions.push_back(fmt::format("{} = {}", it->second, stored));
    }
  }
  return effect;
}

}  // namespace schoolbieb::import
