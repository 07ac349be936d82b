#include "import/match.h"

#include <fmt/format.h>

#include "core/names.h"

namespace schoolbieb::import {
namespace {

using roster::StudentRecord;
using store::Customer;
using store::CustomerList;

std::string GivenKey(std::string_view call_name, std::string_view first_names,
                     std::string_view initials) {
  if (!call_name.empty()) return MatchKey(call_name);
  if (!first_names.empty()) {
    return MatchKey(first_names.substr(0, first_names.find(' ')));
  }
  return MatchKey(initials);
}

// The given names agree: the same call name (or first first name, or
// initials), or the same initials.
bool GivenAgrees(const CustomerList& students, size_t c,
                 const StudentRecord& r) {
  std::string_view initials = students.Text(c, &Customer::initials);
  return GivenKey(students.Text(c, &Customer::call_name),
                  students.Text(c, &Customer::first_names), initials) ==
             GivenKey(r.call_name, r.first_names, r.initials) ||
         MatchKey(initials) == MatchKey(r.initials);
}

// Whether customer `c` can be the person of the row: surname, given name
// and (where both have one) birth date agree.
bool SamePerson(const CustomerList& students, size_t c,
                const StudentRecord& r) {
  std::string_view birth = students.Text(c, &Customer::birth_date);
  if (!birth.empty() && !r.birth_date.empty() && birth != r.birth_date) {
    return false;
  }
  std::string stored(students.Text(c, &Customer::name_prefix));
  stored += students.Text(c, &Customer::last_name);
  return MatchKey(stored) == MatchKey(r.name_prefix + r.last_name) &&
         GivenAgrees(students, c, r);
}

std::string SchoolName(const std::map<long long, std::string>& names,
                       long long id) {
  auto found = names.find(id);
  return found == names.end() ? std::string("?") : found->second;
}

Message CardOfAnother(const StudentRecord& r) {
  return {fmt::format("Regel {}: pasnummer {} hoort bij een andere klant "
                      "(andere naam of geboortedatum). Controleer het "
                      "pasnummer; kies wie het is, of een nieuwe klant.",
                      r.line, r.card_number),
          fmt::format("Row {}: card number {} belongs to another customer "
                      "(another name or birth date). Check the card number; "
                      "choose who it is, or a new customer.",
                      r.line, r.card_number)};
}

Message CardAndNumberDisagree(const StudentRecord& r) {
  return {fmt::format("Regel {}: leerlingnummer {} en pasnummer {} horen bij "
                      "twee verschillende klanten. Kies wie het is.",
                      r.line, r.student_number, r.card_number),
          fmt::format("Row {}: student number {} and card number {} belong to "
                      "two different customers. Choose who it is.",
                      r.line, r.student_number, r.card_number)};
}

// One candidate found by the person (or their card) elsewhere: said as
// what it is, naming the other school.
Message Proposal(const LibraryState& state, const SchoolSettings& settings,
                 const StudentRecord& r, size_t c, bool by_card,
                 const std::map<long long, std::string>& names) {
  long long school = state.students.Int(c, &Customer::school_branch_id);
  std::string_view number =
      state.students.Text(c, &Customer::external_number_2);
  if (school == settings.branch.id) {
    return {fmt::format("Regel {}: leerling {} is waarschijnlijk een bestaande "
                        "leerling van deze school (zelfde naam en "
                        "geboortedatum, ander leerlingnummer: {}). Bevestig "
                        "of dit dezelfde persoon is.",
                        r.line, r.student_number, number),
            fmt::format("Row {}: student {} is probably an existing student of "
                        "this school (same name and birth date, another "
                        "student number: {}). Confirm whether this is the "
                        "same person.",
                        r.line, r.student_number, number)};
  }
  bool current = state.school_of.count(state.students.id(c)) > 0;
  std::string where = school ? SchoolName(names, school) : std::string();
  std::string how_nl = by_card ? "met dit pasnummer"
                       : NumberUnderRule(number, settings) == r.student_number
                           ? "zelfde naam, geboortedatum en "
                             "leerlingnummer"
                           : "zelfde naam en geboortedatum";
  std::string how_en = by_card ? "with this card number"
                       : NumberUnderRule(number, settings) == r.student_number
                           ? "same name, birth date and student "
                             "number"
                           : "same name and birth date";
  if (!current) {
    std::string of_nl = where.empty() ? "" : " van " + where;
    std::string of_en = where.empty() ? "" : " of " + where;
    return {fmt::format("Regel {}: leerling {} lijkt een oud-leerling{} die "
                        "terugkomt ({}). Bevestig of dit dezelfde persoon is.",
                        r.line, r.student_number, of_nl, how_nl),
            fmt::format("Row {}: student {} looks like a former student{} who "
                        "returns ({}). Confirm whether this is the same "
                        "person.",
                        r.line, r.student_number, of_en, how_en)};
  }
  return {fmt::format("Regel {}: leerling {} lijkt een leerling van {} ({}). "
                      "Bevestig of dit dezelfde persoon is die van school "
                      "wisselt; pas dan gaat de leerling over.",
                      r.line, r.student_number, where, how_nl),
          fmt::format("Row {}: student {} looks like a student of {} ({}). "
                      "Confirm whether this is the same person changing "
                      "schools; only then does the student move.",
                      r.line, r.student_number, where, how_en)};
}

Message Several(const StudentRecord& r, size_t count) {
  return {fmt::format("Regel {}: leerling {} past bij {} klanten. Kies wie "
                      "het is, of een nieuwe klant.",
                      r.line, r.student_number, count),
          fmt::format("Row {}: student {} matches {} customers. Choose who it "
                      "is, or a new customer.",
                      r.line, r.student_number, count)};
}

}  // namespace

RowMatch MatchRow(const LibraryState& state, const SchoolSettings& settings,
                  const StudentRecord& record,
                  const std::unordered_set<std::string>& numbers_in_file,
                  const std::map<long long, std::string>& school_names) {
  const long long branch_id = settings.branch.id;
  const CustomerList& students = state.students;
  RowMatch match;
  auto by_number = state.school_by_number.find(record.student_number);
  if (!record.student_number.empty() &&
      by_number != state.school_by_number.end()) {
    match.customer = by_number->second;
  }

  // The card number is a second key. It must agree with the number and the
  // person, and it never moves another school's pupil on its own.
  if (!record.card_number.empty()) {
    auto by_card = state.by_card.find(record.card_number);
    if (by_card != state.by_card.end()) {
      size_t owner = by_card->second;
      if (match.customer && *match.customer != owner) {
        match.candidates = {*match.customer, owner};
        match.customer.reset();
        match.contradiction = true;
        match.doubt = CardAndNumberDisagree(record);
        return match;
      }
      if (!match.customer) {
        if (!SamePerson(students, owner, record)) {
          match.candidates = {owner};
          match.contradiction = true;
          match.doubt = CardOfAnother(record);
        } else if (students.Int(owner, &Customer::school_branch_id) ==
                   branch_id) {
          match.customer = owner;
        } else {
          match.candidates = {owner};
          match.doubt = Proposal(state, settings, record, owner,
                                 /*by_card=*/true, school_names);
        }
        return match;
      }
    }
  }
  if (match.customer || record.birth_date.empty()) return match;

  // Not found by number: the same person under another number (the LAS
  // renumbered them) or from another school of the library.
  auto range = state.by_person.equal_range(store::PersonKey(
      record.name_prefix, record.last_name, record.birth_date));
  for (auto it = range.first; it != range.second; ++it) {
    size_t c = it->second;
    if (!GivenAgrees(students, c, record)) continue;
    // Someone whose own number is still in this school's file is another
    // person.
    if (students.Int(c, &Customer::school_branch_id) == branch_id &&
        numbers_in_file.count(NumberUnderRule(
            students.Text(c, &Customer::external_number_2), settings))) {
      continue;
    }
    match.candidates.push_back(c);
  }
  if (match.candidates.size() == 1) {
    match.doubt = Proposal(state, settings, record, match.candidates.front(),
                           /*by_card=*/false, school_names);
  } else if (!match.candidates.empty()) {
    match.doubt = Several(record, match.candidates.size());
  }
  return match;
}

}  // namespace schoolbieb::import
