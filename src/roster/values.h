// Normalising single values of a student file: student numbers, dates,
// postcodes, sex codes, year groups, group keys, e-mail addresses and phone
// numbers. Each function takes the raw cell text (already trimmed by the
// caller or not: they trim themselves) and returns the value as schoolbieb
// stores it, or an InvalidArgument Status whose message (Dutch and English)
// tells a teacher what is wrong with this value and what to do. The caller
// adds row and column. Pure functions; thread-safe.
#pragma once

#include <optional>
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
// optional "-", "_", "." or space: "12AB-1234" → "1234"). Empty text is
// the default. Letters compare case-insensitively.
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
// Padding strips surplus zeros first, so "1234", "001234" and "0001234" all
// become "001234" under pad:6; longer numbers are never cut. "strip-brin"
// drops only `brin` (the school's own code) and only when something follows
// it; with an empty `brin` it does nothing.
Result<std::string> NormaliseStudentNumber(std::string_view text,
                                           const NumberRule& rule,
                                           std::string_view brin);

// How day and month are ordered in a column of text dates. Dutch files write
// day first; a column is month-first only when some value proves it (a
// second part over 12) and none proves day-first. When values prove both,
// the column is conflicting and every text date in it whose order matters is
// a problem: an ambiguous format is never guessed. Evidence comes from text
// dates with separators only ("25-03-2015", "03/25/15"); ISO dates, serial
// numbers and 8-digit dates prove nothing.
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
//    day and month for the non-ISO forms (an 8-digit date is "mmddjjjj" in a
//    month-first column).
// A "valid reading" of 8 digits is one that would be accepted as a birth
// date (exists, not after today, at most 120 years before it): "20101020" is
// 2010-10-20, not 20-10-1020. Text dates may carry a time of day
// ("04-03-2015 00:00"), serial numbers a fraction: both are dropped. A date
// cell that is not ISO is read as text; a number cell of 8 digits
// (20150304) is read as an 8-digit date. In a conflicting column a date
// whose order matters is one whose first two parts are both 1..12 and differ.
// Refused: impossible dates (31-02-2015, serial 60 = Excel's 1900-02-29),
// dates after `today` (ISO), dates more than 120 years before it, anything
// else. Empty text gives "". A `today` that is not a valid ISO date is a bug
// in the caller: Status Internal.
Result<std::string> NormaliseBirthDate(std::string_view text,
                                       formats::CellType type, DateOrder order,
                                       std::string_view today);

// A date in the school's life of a pupil (instroomdatum, uitstroomdatum)
// as ISO "jjjj-mm-dd": date cells, serial numbers, ISO text and
// "dd-mm-jjjj" text (with `order` deciding day and month, as for birth
// dates; a date the column's conflicting order leaves open is refused).
// Unlike a birth date it may lie in the future. Refused: anything that is
// no existing date between 1900 and 2199. Empty gives "".
Result<std::string> NormaliseSchoolDate(std::string_view text,
                                        formats::CellType type,
                                        DateOrder order);

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
SexMap OsoSexMap();      // 1 → V, 2 → M (OSO: the reverse of EDEX)
// The code set a school chose, by its saved name: "mv" (Wise's M/V), "jm"
// (jongen/meisje), "en" (M/F), "iso" (EDEX and ISO 5218: 1 boy, 2 girl),
// "oso" (1 girl, 2 boy). nullopt for any other name.
std::optional<SexMap> NamedSexMap(std::string_view code_set);
Result<std::string> MapSex(std::string_view text, const SexMap& map);

// The year group (jaargroep) as one character "0".."9", or "S" / "V" for
// special education groups. Accepts "5", "05", "groep 5", "Gr. 5", "leerjaar
// 2", a spreadsheet number "5.0". With `edex_codes` (EDEXML's enumeration)
// also: "11".."16" (secondary years 1..6) become "1".."6"; "B" and "D"
// (baby, dreumes) stay; "C" (combination group) and "N" (not primary or
// secondary) give "" as they carry no year; "H" (historisch) gives "H", a
// pupil who has left, which the caller must not store as a year. Refused
// otherwise. Empty gives "".
Result<std::string> NormaliseYearGroup(std::string_view text, bool edex_codes);

// The group key: trimmed, at most 10 characters, none of " ' + & < > / | \ and
// no control characters (spaces inside are allowed). A combination group's
// code is made valid: "/" becomes "-", and spaces go when the key would be
// too long ("1/2a" → "1-2a", "Groep 7/8 A" → "Groep7-8A"). Refused
// otherwise, with the reason. Empty gives "".
Result<std::string> NormaliseGroupKey(std::string_view text);

// The group name: spaces collapsed, at most 30 characters, no control
// characters. Empty gives "".
Result<std::string> NormaliseGroupName(std::string_view text);

// One e-mail address, trimmed and with a lower-case domain: refused when it
// holds CR, LF, spaces (tabs too), other control characters, commas,
// semicolons or not exactly one "@", has nothing before the "@", has no dot
// inside the domain (or an empty label: "a@.nl", "a@b..nl"), or is longer
// than 254 characters. The part before the "@" is kept as written. Empty
// gives "".
Result<std::string> NormaliseEmail(std::string_view text);

// A Dutch or foreign phone number: digits with an optional leading "+";
// spaces, dashes, dots and brackets dropped ("06-12 34 56 78" →
// "0612345678", "+31 6 1234 5678" → "+31612345678"; "+31 (0)6 …" drops the
// trunk zero too). Refused when it holds letters or any other character
// ("/" between two numbers), a "+" not at the start, or has fewer than 6 or
// more than 15 digits. Empty gives "".
Result<std::string> NormalisePhone(std::string_view text);

// House number "12", "12a", "12 A", "12-2", "12 bis" → ("12", ""),
// ("12", "A"), ("12", "2"), ("12", "bis"): the number (1..5 digits, leading
// zeros dropped, not 0) and its addition after spaces or one dash (at most 5
// ASCII letters, digits or inner dashes). A single letter is the house
// letter and is upper-cased; longer additions ("bis", "hs") stay as written.
// A spreadsheet number "12.0" is "12". Refused otherwise. Empty gives
// ("", "").
Result<std::pair<std::string, std::string>> SplitHouseNumber(
    std::string_view text);

}  // namespace schoolbieb::roster
