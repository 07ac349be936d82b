// Normalising single values of a student file: student numbers, dates,
// postcodes, sex codes, year groups, group keys, e-mail addresses and phone
// numbers. Each function takes the raw cell text (already trimmed by the
// caller or not: they trim themselves) and returns the value as schoolbieb
// stores it, or an InvalidArgument Status whose message (Dutch and English)
// tells a teacher what is wrong with this value and what to do. The caller
// adds row and column. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "formats/table.h"

namespace schoolbieb::roster {

// How a school's student numbers are made the same every year. Stored per
// school branch as text: "keep" (default), "strip-zeros" ("001234" →
// "1234"), "pad:N" (left-pad with zeros to N digits, N 1..20), each
// optionally followed by ",strip-brin" (drop a leading BRIN code with an
// optional "-", "_", "." or space: "12AB-1234" → "1234").
struct NumberRule {
  enum class Zeros { kKeep, kStrip, kPad };
  Zeros zeros = Zeros::kKeep;
  int pad_to = 0;
  bool strip_brin = false;
};
// InvalidArgument (naming the accepted forms) for unknown text.
Result<NumberRule> ParseNumberRule(std::string_view text);
std::string NumberRuleText(const NumberRule& rule);

// The student number as text: trimmed; a spreadsheet number "1234" or
// "1234.0" stays "1234"; then the rule. Refused when empty, longer than 20
// characters after normalisation, or holding control characters. Padding and
// stripping apply only to all-digit numbers (after the BRIN is dropped).
Result<std::string> NormaliseStudentNumber(std::string_view text,
                                           const NumberRule& rule,
                                           std::string_view brin);

// How day and month are ordered in a column of text dates. Dutch files write
// day first; a column is month-first only when some value proves it (a
// second part over 12) and none proves day-first. When values prove both,
// the column is conflicting and every text date in it whose order matters is
// a problem: an ambiguous format is never guessed.
enum class DateOrder { kDayFirst, kMonthFirst, kConflicting };
DateOrder DetectDateOrder(const std::vector<std::string_view>& texts);

// A birth date as ISO "jjjj-mm-dd". Accepts:
//  - cells of type kDate ("2015-03-04" or "2015-03-04T00:00:00");
//  - cells of type kNumber as Excel serial numbers (1900 system; 1 ..
//    2958465), and all-digit text of 5 digits likewise;
//  - text "dd-mm-jjjj", "d-m-jjjj", "dd/mm/jjjj", "dd.mm.jjjj",
//    "dd-mm-jj" / "dd/mm/jj" (two-digit year: the latest century that does
//    not put the date after `today`), "jjjj-mm-dd", "jjjj/mm/dd",
//    "jjjjmmdd" and "ddmmjjjj" (8 digits: whichever reading is a valid date
//    not after today; refused when both are), with `order` deciding between
//    day and month for the non-ISO forms.
// Refused: impossible dates (31-02-2015), dates after `today` (ISO), dates
// more than 120 years before it, anything else. Empty text gives "".
Result<std::string> NormaliseBirthDate(std::string_view text,
                                       formats::CellType type, DateOrder order,
                                       std::string_view today);

// "1234ab", "1234 AB", " 1234-ab " → "1234 AB". Refused: not 4 digits + 2
// letters, a first digit 0, letter pairs SA, SD, SS. Empty gives "".
Result<std::string> NormalisePostcode(std::string_view text);

// Sex codes differ between standards (EDEX 1 = boy, 2 = girl; OSO the
// reverse; Wise M/V; J/M where M is a girl): a map per source, never a code
// passed through. Values are "M", "V" or "X"; codes compare
// case-insensitively after trimming; an empty cell gives "". A code not in
// the map is refused, naming the codes the map knows.
struct SexMap {
  std::vector<std::pair<std::string, std::string>> codes;  // code → M/V/X
};
SexMap WiseSexMap();     // M, V (also "man", "vrouw", "X")
SexMap EdexSexMap();     // 1 → M, 2 → V, 0 and 9 → "" (unknown)
SexMap EnglishSexMap();  // M, F → V, "male", "female", X
SexMap BoyGirlSexMap();  // J → M, M → V ("jongen", "meisje")
Result<std::string> MapSex(std::string_view text, const SexMap& map);

// The year group (jaargroep) as one character "0".."9", or "S" / "V" for
// special education groups. Accepts "5", "05", "groep 5", "Gr. 5", "leerjaar
// 2", a spreadsheet number "5.0"; EDEX secondary codes "11".."16" become
// "1".."6" when `edex_codes` is true. Refused otherwise. Empty gives "".
Result<std::string> NormaliseYearGroup(std::string_view text, bool edex_codes);

// The group key: trimmed, at most 10 characters, none of " ' + & < > / | \.
// Refused otherwise, with the reason. Empty gives "".
Result<std::string> NormaliseGroupKey(std::string_view text);

// The group name: spaces collapsed, at most 30 characters.
Result<std::string> NormaliseGroupName(std::string_view text);

// One e-mail address, trimmed and with a lower-case domain: refused when it
// holds CR, LF, spaces, commas, semicolons or more than one "@", has no dot
// in the domain, or is longer than 254 characters. Empty gives "".
Result<std::string> NormaliseEmail(std::string_view text);

// A Dutch or foreign phone number: digits with an optional leading "+";
// spaces, dashes, dots and brackets dropped ("06-12 34 56 78" →
// "0612345678", "+31 6 1234 5678" → "+31612345678"). Refused when it holds
// letters or has fewer than 6 or more than 15 digits. Empty gives "".
Result<std::string> NormalisePhone(std::string_view text);

// House number "12", "12a", "12 A", "12-2", "12 bis" → ("12", "A"),
// ("12", "2"), ("12", "bis"): the number (1..5 digits) and its addition
// (at most 5 characters, letters upper-cased). Refused otherwise.
Result<std::pair<std::string, std::string>> SplitHouseNumber(
    std::string_view text);

}  // namespace schoolbieb::roster
