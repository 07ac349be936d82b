#include "roster/values.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/names.h"
#include "formats/spreadsheet_dates.h"

namespace schoolbieb::roster {
namespace {

// ---------------------------------------------------------------------------
// Text helpers. Everything here works on bytes and ASCII only: no locale.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}
bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Byte length of the white space (ASCII, NBSP, the U+2000 spaces, zero-width
// space, narrow NBSP, ideographic space, BOM) starting at `at`, or 0.
size_t SpaceLengthAt(std::string_view text, size_t at) {
  auto byte = [&](size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
  };
  unsigned char c = byte(at);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
      c == '\f') {
    return 1;
  }
  if (c == 0xC2 && byte(at + 1) == 0xA0) return 2;
  if (c == 0xE2 && byte(at + 1) == 0x80 &&
      ((byte(at + 2) >= 0x80 && byte(at + 2) <= 0x8B) ||
       byte(at + 2) == 0xAF)) {
    return 3;
  }
  if (c == 0xE3 && byte(at + 1) == 0x80 && byte(at + 2) == 0x80) return 3;
  if (c == 0xEF && byte(at + 1) == 0xBB && byte(at + 2) == 0xBF) return 3;
  return 0;
}

// Length of the white space that ends at `end` (exclusive), or 0.
size_t SpaceLengthBefore(std::string_view text, size_t end) {
  for (size_t len = 1; len <= 3 && len <= end; ++len) {
    if (SpaceLengthAt(text, end - len) == len) return len;
  }
  return 0;
}

// Removes white space (including Unicode spaces that come along when text
// is copied from a web page) at both ends; inner text is left alone.
std::string_view Trim(std::string_view text) {
  size_t begin = 0;
  while (size_t len = SpaceLengthAt(text, begin)) begin += len;
  size_t end = text.size();
  while (end > begin) {
    size_t len = SpaceLengthBefore(text, end);
    if (len == 0) break;
    end -= len;
  }
  return text.substr(begin, end - begin);
}

// Length in bytes of the UTF-8 sequence at `at`; 0 when it is not a valid
// sequence.
size_t Utf8LengthAt(std::string_view text, size_t at) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  size_t len = lead < 0x80                             ? 1
               : (lead & 0xE0) == 0xC0 && lead >= 0xC2 ? 2
               : (lead & 0xF0) == 0xE0                 ? 3
               : (lead & 0xF8) == 0xF0 && lead <= 0xF4 ? 4
                                                       : 0;
  if (len == 0 || at + len > text.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// Characters (code points) in UTF-8 text; an invalid byte counts as one.
size_t CharCount(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size();) {
    size_t len = Utf8LengthAt(text, i);
    i += len == 0 ? 1 : len;
    ++count;
  }
  return count;
}

// True for C0 controls, DEL and the C1 controls (U+0080..U+009F).
bool HasControlCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

// The raw value as a message shows it: in quotes, at most 40 characters
// (cut between characters, never inside one, and marked with "…"), control
// characters shown as "?" and invalid UTF-8 as U+FFFD so the message itself
// stays printable.
constexpr size_t kShownCharacters = 40;
std::string Quote(std::string_view raw) {
  std::string out = "\"";
  size_t shown = 0;
  for (size_t i = 0; i < raw.size();) {
    if (shown == kShownCharacters) {
      out += "…";
      break;
    }
    size_t len = Utf8LengthAt(raw, i);
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      len = 1;
    } else if (c < 0x20 || c == 0x7F ||
               (c == 0xC2 && static_cast<unsigned char>(raw[i + 1]) <= 0x9F)) {
      out += '?';
    } else {
      out.append(raw.substr(i, len));
    }
    i += len;
    ++shown;
  }
  out += '"';
  return out;
}

Status Invalid(std::string nl, std::string en) {
  return Status::InvalidArgument(std::move(nl), std::move(en));
}

// "1234.0" and "1234.00" as a spreadsheet writes a whole number: the digits
// before the point. Anything else comes back unchanged.
std::string_view WholeNumberText(std::string_view text) {
  size_t point = text.find('.');
  if (point == std::string_view::npos || point == 0) return text;
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = text.substr(point + 1);
  if (!AllDigits(whole) || fraction.empty()) return text;
  for (char c : fraction) {
    if (c != '0') return text;
  }
  return whole;
}

// The value of at most 9 ASCII digits; nullopt for anything else.
std::optional<int> SmallNumber(std::string_view digits) {
  if (!AllDigits(digits) || digits.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "a, b, c of d" / "a, b, c or d".
std::string JoinChoices(const std::vector<std::string>& items,
                        std::string_view last_word) {
  std::string out;
  for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
    if (item_idx > 0) {
      out += item_idx + 1 == items.size() ? fmt::format(" {} ", last_word)
                                          : std::string(", ");
    }
    out += items[item_idx];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Dates.

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
};

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool Exists(const Date& date) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  if (date.year < 1 || date.year > 9999) return false;
  if (date.month < 1 || date.month > 12) return false;
  int days = kDays[date.month - 1] +
             (date.month == 2 && IsLeapYear(date.year) ? 1 : 0);
  return date.day >= 1 && date.day <= days;
}

std::string IsoText(const Date& date) {
  if (date.year < 0 || date.year > 9999 || date.month < 0 || date.month > 99 ||
      date.day < 0 || date.day > 99) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
  }
  // Written by hand: fmt's parsing of the format took a twentieth of
  // BuildRoster.
  char text[10] = {static_cast<char>('0' + date.year / 1000),
                   static_cast<char>('0' + date.year / 100 % 10),
                   static_cast<char>('0' + date.year / 10 % 10),
                   static_cast<char>('0' + date.year % 10),
                   '-',
                   static_cast<char>('0' + date.month / 10),
                   static_cast<char>('0' + date.month % 10),
                   '-',
                   static_cast<char>('0' + date.day / 10),
                   static_cast<char>('0' + date.day % 10)};
  return std::string(text, sizeof text);
}
std::string DutchText(const Date& date) {
  return fmt::format("{:02}-{:02}-{:04}", date.day, date.month, date.year);
}

constexpr std::array<std::string_view, 12> kMonthsNl = {
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december"};
constexpr std::array<std::string_view, 12> kMonthsEn = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// "jjjj-mm-dd", optionally followed by a time ("T…" or " …"), as ISO cells
// and `today` are written.
std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') {
    return std::nullopt;
  }
  auto year = SmallNumber(text.substr(0, 4));
  auto month = SmallNumber(text.substr(5, 2));
  auto day = SmallNumber(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  return Date{*year, *month, *day};
}

// text.find_first_of(set) for a short set, without the memchr call per
// character that find_first_of makes.
size_t FindAny(std::string_view text, std::string_view set) {
  for (size_t i = 0; i < text.size(); ++i) {
    for (char c : set) {
      if (text[i] == c) return i;
    }
  }
  return std::string_view::npos;
}

// Drops a time of day after a date: " 00:00", "T00:00:00", " 0:00:00.000Z",
// as database exports and Excel's CSV write a date-and-time cell.
std::string_view DropTimeOfDay(std::string_view text) {
  size_t at = FindAny(text, " T");
  if (at == std::string_view::npos) return text;
  std::string_view time = Trim(text.substr(at + 1));
  if (!time.empty() && time.back() == 'Z') time.remove_suffix(1);
  size_t colon = time.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2) return text;
  for (char c : time) {
    if (!IsDigit(c) && c != ':' && c != '.') return text;
  }
  return Trim(text.substr(0, at));
}

// A text date split at its separators: "04-03-2015" → {"04", "03", "2015"}.
// The two separators must be the same one of "-", "/", ".".
struct DateParts {
  std::string_view first, second, third;
};
std::optional<DateParts> SplitDate(std::string_view text) {
  size_t first_end = FindAny(text, "-/.");
  if (first_end == std::string_view::npos) return std::nullopt;
  char separator = text[first_end];
  size_t second_end = text.find(separator, first_end + 1);
  if (second_end == std::string_view::npos) return std::nullopt;
  DateParts parts{text.substr(0, first_end),
                  text.substr(first_end + 1, second_end - first_end - 1),
                  text.substr(second_end + 1)};
  if (!AllDigits(parts.first) || !AllDigits(parts.second) ||
      !AllDigits(parts.third)) {
    return std::nullopt;
  }
  return parts;
}

// Day and month of a non-ISO date whose first parts are 1 or 2 digits and
// whose year is 2 or 4 digits ("4-3-2015", "04/03/15").
struct DayMonthYear {
  int first;
  int second;
  std::string_view year;
};
std::optional<DayMonthYear> ParseDayMonthYear(std::string_view text) {
  auto parts = SplitDate(DropTimeOfDay(Trim(text)));
  if (!parts || parts->first.size() > 2 || parts->second.size() > 2 ||
      (parts->third.size() != 2 && parts->third.size() != 4)) {
    return std::nullopt;
  }
  return DayMonthYear{*SmallNumber(parts->first), *SmallNumber(parts->second),
                      parts->third};
}

bool IsMonth(int value) { return value >= 1 && value <= 12; }
bool IsDayOnly(int value) { return value >= 13 && value <= 31; }

// Day and month from the first two parts of a non-ISO date under `order`;
// nullopt when the column's order is conflicting and this date reads
// differently either way.
std::optional<std::pair<int, int>> DayAndMonth(int first, int second,
                                               DateOrder order) {
  switch (order) {
    case DateOrder::kDayFirst:
      return std::pair{first, second};
    case DateOrder::kMonthFirst:
      return std::pair{second, first};
    case DateOrder::kConflicting:
      if (IsMonth(first) && IsMonth(second) && first != second) {
        return std::nullopt;
      }
      if (IsMonth(first) && IsDayOnly(second)) return std::pair{second, first};
      return std::pair{first, second};
  }
  return std::pair{first, second};
}

Status AmbiguousOrder(std::string_view raw, int first, int second) {
  return Invalid(
      fmt::format("Geboortedatum {} kan {} {} of {} {} zijn: in deze kolom "
                  "staan datums met de dag eerst en datums met de maand eerst. "
                  "Schrijf alle datums als dd-mm-jjjj.",
                  Quote(raw), first, kMonthsNl[second - 1], second,
                  kMonthsNl[first - 1]),
      fmt::format("Birth date {} could be {} {} or {} {}: this column has "
                  "dates with the day first and dates with the month first. "
                  "Write all dates as dd-mm-yyyy.",
                  Quote(raw), first, kMonthsEn[second - 1], second,
                  kMonthsEn[first - 1]));
}

Status NotADate(std::string_view raw) {
  return Invalid(
      fmt::format("Geboortedatum {} is geen datum. Schrijf de datum als "
                  "dd-mm-jjjj, bijvoorbeeld 04-03-2015.",
                  Quote(raw)),
      fmt::format("Birth date {} is not a date. Write the date as dd-mm-yyyy, "
                  "for example 04-03-2015.",
                  Quote(raw)));
}

Status DoesNotExist(std::string_view raw) {
  return Invalid(
      fmt::format("Geboortedatum {} bestaat niet. Schrijf de datum als "
                  "dd-mm-jjjj.",
                  Quote(raw)),
      fmt::format("Birth date {} does not exist. Write the date as "
                  "dd-mm-yyyy.",
                  Quote(raw)));
}

// The date as it was read, for messages about values that do not show it
// plainly (serial numbers, two-digit years, month-first dates).
std::string ReadAs(std::string_view raw, const Date& date, bool dutch) {
  std::string shown = DutchText(date);
  if (raw == shown) return "";
  return dutch ? fmt::format(" (gelezen als {})", shown)
               : fmt::format(" (read as {})", shown);
}

// Refuses a date after today or more than 120 years before it.
Status CheckRange(std::string_view raw, const Date& date, const Date& today) {
  if (date > today) {
    return Invalid(
        fmt::format("Geboortedatum {}{} ligt na vandaag. Controleer de datum.",
                    Quote(raw), ReadAs(raw, date, true)),
        fmt::format("Birth date {}{} is after today. Check the date.",
                    Quote(raw), ReadAs(raw, date, false)));
  }
  if (date < Date{today.year - 120, today.month, today.day}) {
    return Invalid(
        fmt::format("Geboortedatum {}{} ligt meer dan 120 jaar terug. "
                    "Controleer het jaartal.",
                    Quote(raw), ReadAs(raw, date, true)),
        fmt::format("Birth date {}{} is more than 120 years ago. Check the "
                    "year.",
                    Quote(raw), ReadAs(raw, date, false)));
  }
  return Status::Ok();
}

bool Acceptable(const Date& date, const Date& today) {
  return Exists(date) && date <= today &&
         date >= Date{today.year - 120, today.month, today.day};
}

Result<std::string> Checked(std::string_view raw, const Date& date,
                            const Date& today) {
  if (!Exists(date)) return DoesNotExist(raw);
  SB_RETURN_IF_ERROR(CheckRange(raw, date, today));
  return IsoText(date);
}

// An Excel serial number in the 1900 system, which counts the fictitious
// 1900-02-29 as day 60: serial 1 is 1900-01-01, serial 61 is 1900-03-01.
Result<std::string> FromSerial(std::string_view raw, std::string_view number,
                               const Date& today) {
  double serial = 0;
  auto [end, ec] =
      std::from_chars(number.data(), number.data() + number.size(), serial);
  if (ec != std::errc() || end != number.data() + number.size() ||
      !std::isfinite(serial)) {
    return NotADate(raw);
  }
  // A time of day on a birth date means nothing: keep the day.
  serial = std::floor(serial);
  if (serial < 1 || serial > 2958465) return NotADate(raw);
  if (serial == 60) {
    return Invalid(
        fmt::format("Geboortedatum {} is in Excel 29-02-1900, een datum die "
                    "niet bestaat. Schrijf de datum als dd-mm-jjjj.",
                    Quote(raw)),
        fmt::format("Birth date {} is 29-02-1900 in Excel, a date that does "
                    "not exist. Write the date as dd-mm-yyyy.",
                    Quote(raw)));
  }
  auto date = ParseIsoDate(formats::SerialToIso(serial, /*date1904=*/false));
  if (!date) return NotADate(raw);
  return Checked(raw, *date, today);
}

// "jjjjmmdd" or "ddmmjjjj" (month first when the column is): the reading
// that is an acceptable birth date. Neither or both is a problem.
Result<std::string> FromEightDigits(std::string_view raw, DateOrder order,
                                    const Date& today) {
  Date iso{*SmallNumber(raw.substr(0, 4)), *SmallNumber(raw.substr(4, 2)),
           *SmallNumber(raw.substr(6, 2))};
  int first = *SmallNumber(raw.substr(0, 2));
  int second = *SmallNumber(raw.substr(2, 2));
  int year = *SmallNumber(raw.substr(4, 4));
  auto day_month = DayAndMonth(first, second, order);
  std::optional<Date> other;
  if (day_month) other = Date{year, day_month->second, day_month->first};

  bool iso_ok = Acceptable(iso, today);
  bool other_ok = other && Acceptable(*other, today);
  if (iso_ok && other_ok && iso != *other) {
    return Invalid(
        fmt::format("Geboortedatum {} kan {} zijn en ook {}. Schrijf de datum "
                    "met streepjes als dd-mm-jjjj.",
                    Quote(raw), DutchText(iso), DutchText(*other)),
        fmt::format("Birth date {} could be {} and also {}. Write the date "
                    "with dashes as dd-mm-yyyy.",
                    Quote(raw), DutchText(iso), DutchText(*other)));
  }
  if (iso_ok) return IsoText(iso);
  if (other_ok) return IsoText(*other);
  // Explain with the reading that exists, the Dutch one first.
  if (!day_month && Acceptable(Date{year, first, second}, today)) {
    return AmbiguousOrder(raw, first, second);
  }
  if (other && Exists(*other)) return Checked(raw, *other, today);
  if (Exists(iso)) return Checked(raw, iso, today);
  return NotADate(raw);
}

// ---------------------------------------------------------------------------
// Sex maps.

SexMap MakeSexMap(
    std::initializer_list<std::pair<const char*, const char*>> codes) {
  SexMap map;
  for (const auto& [code, value] : codes) map.codes.emplace_back(code, value);
  return map;
}

}  // namespace

// ---------------------------------------------------------------------------

Result<NumberRule> ParseNumberRule(std::string_view text) {
  std::string lower = AsciiLower(Trim(text));
  auto unknown = [&] {
    return Invalid(
        fmt::format("Onbekende instelling voor leerlingnummers: {}. Kies "
                    "keep, strip-zeros of pad:N (N van 1 tot 20), eventueel "
                    "gevolgd door ,strip-brin.",
                    Quote(Trim(text))),
        fmt::format("Unknown setting for student numbers: {}. Choose keep, "
                    "strip-zeros or pad:N (N from 1 to 20), optionally "
                    "followed by ,strip-brin.",
                    Quote(Trim(text))));
  };
  NumberRule rule;
  if (lower.empty()) return rule;
  std::string_view zeros = lower;
  size_t comma = lower.find(',');
  if (comma != std::string::npos) {
    if (Trim(std::string_view(lower).substr(comma + 1)) != "strip-brin") {
      return unknown();
    }
    rule.strip_brin = true;
    zeros = Trim(std::string_view(lower).substr(0, comma));
  }
  if (zeros == "keep") {
    rule.zeros = NumberRule::Zeros::kKeep;
  } else if (zeros == "strip-zeros") {
    rule.zeros = NumberRule::Zeros::kStrip;
  } else if (zeros.starts_with("pad:")) {
    auto digits = SmallNumber(Trim(zeros.substr(4)));
    if (!digits || *digits < 1 || *digits > 20) return unknown();
    rule.zeros = NumberRule::Zeros::kPad;
    rule.pad_to = *digits;
  } else {
    return unknown();
  }
  return rule;
}

std::string NumberRuleText(const NumberRule& rule) {
  std::string text;
  switch (rule.zeros) {
    case NumberRule::Zeros::kKeep:
      text = "keep";
      break;
    case NumberRule::Zeros::kStrip:
      text = "strip-zeros";
      break;
    case NumberRule::Zeros::kPad:
      text = fmt::format("pad:{}", rule.pad_to);
      break;
  }
  if (rule.strip_brin) text += ",strip-brin";
  return text;
}

Result<std::string> NormaliseStudentNumber(std::string_view text,
                                           const NumberRule& rule,
                                           std::string_view brin) {
  std::string_view raw = Trim(text);
  if (raw.empty()) {
    return Invalid(
        "Het leerlingnummer ontbreekt. Vul het leerlingnummer uit het "
        "leerlingadministratiesysteem in.",
        "The student number is missing. Fill in the student number from the "
        "student administration system.");
  }
  if (HasControlCharacter(raw)) {
    return Invalid(
        fmt::format("Leerlingnummer {} bevat een onzichtbaar teken (zoals een "
                    "tab of een regeleinde). Typ het nummer opnieuw.",
                    Quote(raw)),
        fmt::format("Student number {} holds an invisible character (such as "
                    "a tab or a line break). Type the number again.",
                    Quote(raw)));
  }
  std::string_view number = WholeNumberText(raw);
  brin = Trim(brin);
  if (rule.strip_brin && !brin.empty() && number.size() > brin.size() &&
      EqualsIgnoringAsciiCase(number.substr(0, brin.size()), brin)) {
    std::string_view rest = number.substr(brin.size());
    if (rest.size() > 1 && (rest[0] == '-' || rest[0] == '_' ||
                            rest[0] == '.' || rest[0] == ' ')) {
      rest.remove_prefix(1);
    }
    if (!rest.empty() && rest[0] != '-' && rest[0] != '_' && rest[0] != '.' &&
        rest[0] != ' ') {
      number = rest;
    }
  }
  std::string out(number);
  if (AllDigits(out) && rule.zeros != NumberRule::Zeros::kKeep) {
    // Stripping first makes padding consistent too: "1234", "001234" and
    // "0001234" all become "001234" under pad:6.
    size_t first_significant = out.find_first_not_of('0');
    out = first_significant == std::string::npos
              ? "0"
              : out.substr(first_significant);
    if (rule.zeros == NumberRule::Zeros::kPad &&
        out.size() < static_cast<size_t>(rule.pad_to)) {
      out.insert(0, static_cast<size_t>(rule.pad_to) - out.size(), '0');
    }
  }
  if (size_t length = CharCount(out); length > 20) {
    return Invalid(
        fmt::format("Leerlingnummer {} is te lang ({} tekens). Een "
                    "leerlingnummer heeft hoogstens 20 tekens.",
                    Quote(raw), length),
        fmt::format("Student number {} is too long ({} characters). A student "
                    "number has at most 20 characters.",
                    Quote(raw), length));
  }
  return out;
}

DateOrder DetectDateOrder(const std::vector<std::string_view>& texts) {
  bool day_first = false;
  bool month_first = false;
  for (std::string_view text : texts) {
    auto date = ParseDayMonthYear(text);
    if (!date) continue;
    if (IsDayOnly(date->first) && IsMonth(date->second)) day_first = true;
    if (IsMonth(date->first) && IsDayOnly(date->second)) month_first = true;
  }
  if (day_first && month_first) return DateOrder::kConflicting;
  return month_first ? DateOrder::kMonthFirst : DateOrder::kDayFirst;
}

Result<std::string> NormaliseBirthDate(std::string_view text,
                                       formats::CellType type, DateOrder order,
                                       std::string_view today_text) {
  auto today = ParseIsoDate(Trim(today_text));
  if (!today || !Exists(*today)) {
    return Status::Internal(
        fmt::format("Interne fout: de datum van vandaag {} is ongeldig.",
                    Quote(today_text)),
        fmt::format("Internal error: today's date {} is not valid.",
                    Quote(today_text)));
  }
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();

  switch (type) {
    case formats::CellType::kDate:
      // Readers write date cells as ISO; anything else is read as text.
      if (auto date = ParseIsoDate(raw)) return Checked(raw, *date, *today);
      break;
    case formats::CellType::kNumber:
      // 20150304 typed into a number cell is far beyond any serial (year
      // 9999 is 2958465): read it as the 8-digit date it was meant to be.
      if (AllDigits(raw) && raw.size() == 8) {
        return FromEightDigits(raw, order, *today);
      }
      return FromSerial(raw, raw, *today);
    case formats::CellType::kBoolean:
    case formats::CellType::kError:
      return NotADate(raw);
    case formats::CellType::kEmpty:
    case formats::CellType::kText:
      break;
  }

  if (AllDigits(raw) && raw.size() == 5) return FromSerial(raw, raw, *today);
  if (AllDigits(raw) && raw.size() == 8) {
    return FromEightDigits(raw, order, *today);
  }
  auto parts = SplitDate(DropTimeOfDay(raw));
  if (!parts) return NotADate(raw);
  if (parts->first.size() == 4 && parts->second.size() <= 2 &&
      parts->third.size() <= 2) {
    return Checked(raw,
                   Date{*SmallNumber(parts->first), *SmallNumber(parts->second),
                        *SmallNumber(parts->third)},
                   *today);
  }
  auto dmy = ParseDayMonthYear(raw);
  if (!dmy) return NotADate(raw);
  auto day_month = DayAndMonth(dmy->first, dmy->second, order);
  if (!day_month) return AmbiguousOrder(raw, dmy->first, dmy->second);
  auto [day, month] = *day_month;
  int year = *SmallNumber(dmy->year);
  if (dmy->year.size() == 4)
    return Checked(raw, Date{year, month, day}, *today);

  // Two-digit year: the latest century that gives an existing date not after
  // today ("01-02-15" is 2015 in 2025, "01-02-30" is 1930).
  int century = today->year / 100 * 100;
  for (int candidate : {century + year, century - 100 + year}) {
    Date date{candidate, month, day};
    if (Exists(date) && date <= *today) return Checked(raw, date, *today);
  }
  return DoesNotExist(raw);
}

Result<std::string> NormaliseSchoolDate(std::string_view text,
                                        formats::CellType type,
                                        DateOrder order) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  auto refuse = [&] {
    return Invalid(
        fmt::format("Datum {} is geen datum die schoolbieb kan lezen. "
                    "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld "
                    "31-07-2026.",
                    Quote(raw)),
        fmt::format("Date {} is not a date schoolbieb can read. Write the "
                    "date as dd-mm-yyyy, for example 31-07-2026.",
                    Quote(raw)));
  };
  auto checked = [&](const Date& date) -> Result<std::string> {
    if (!Exists(date) || date.year < 1900 || date.year > 2199) {
      return refuse();
    }
    return IsoText(date);
  };
  std::optional<Date> iso;
  if (type == formats::CellType::kNumber) {
    double serial = 0;
    auto [end, ec] =
        std::from_chars(raw.data(), raw.data() + raw.size(), serial);
    if (ec != std::errc() || end != raw.data() + raw.size() ||
        !std::isfinite(serial) || serial < 61 || serial > 2958465) {
      return refuse();
    }
    iso = ParseIsoDate(formats::SerialToIso(std::floor(serial), false));
  } else {
    iso = ParseIsoDate(DropTimeOfDay(raw).substr(0, 10));
  }
  if (iso) return checked(*iso);
  auto parts = SplitDate(DropTimeOfDay(raw));
  if (parts && parts->first.size() == 4) {
    return checked(Date{*SmallNumber(parts->first), *SmallNumber(parts->second),
                        *SmallNumber(parts->third)});
  }
  auto dmy = ParseDayMonthYear(raw);
  if (!dmy || dmy->year.size() != 4) return refuse();
  auto day_month = DayAndMonth(dmy->first, dmy->second, order);
  if (!day_month) return refuse();
  return checked(
      Date{*SmallNumber(dmy->year), day_month->second, day_month->first});
}

Result<std::string> NormalisePostcode(std::string_view text) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  // Four digits, then spaces or one dash, then two letters.
  std::string_view digits = raw.substr(0, std::min<size_t>(4, raw.size()));
  std::string_view rest = Trim(raw.substr(digits.size()));
  if (!rest.empty() && rest[0] == '-') rest = Trim(rest.substr(1));
  bool shape = AllDigits(digits) && digits.size() == 4 && rest.size() == 2 &&
               IsAsciiLetter(rest[0]) && IsAsciiLetter(rest[1]);
  if (!shape) {
    return Invalid(
        fmt::format("Postcode {} klopt niet. Een postcode is 4 cijfers en 2 "
                    "letters, zoals 1234 AB.",
                    Quote(raw)),
        fmt::format("Postcode {} is not right. A postcode is 4 digits and 2 "
                    "letters, such as 1234 AB.",
                    Quote(raw)));
  }
  std::string letters{AsciiUpper(rest[0]), AsciiUpper(rest[1])};
  if (digits[0] == '0') {
    return Invalid(
        fmt::format("Postcode {} begint met een 0. Een postcode begint met "
                    "een cijfer van 1 tot 9, zoals 1234 AB.",
                    Quote(raw)),
        fmt::format("Postcode {} starts with a 0. A postcode starts with a "
                    "digit from 1 to 9, such as 1234 AB.",
                    Quote(raw)));
  }
  if (letters == "SA" || letters == "SD" || letters == "SS") {
    return Invalid(
        fmt::format("Postcode {} bestaat niet: de letters SA, SD en SS komen "
                    "in postcodes niet voor. Controleer de postcode.",
                    Quote(raw)),
        fmt::format("Postcode {} does not exist: the letters SA, SD and SS "
                    "are not used in postcodes. Check the postcode.",
                    Quote(raw)));
  }
  return std::string(digits) + " " + letters;
}

SexMap WiseSexMap() {
  return MakeSexMap(
      {{"M", "M"}, {"V", "V"}, {"man", "M"}, {"vrouw", "V"}, {"X", "X"}});
}
SexMap EdexSexMap() {
  return MakeSexMap({{"1", "M"}, {"2", "V"}, {"0", ""}, {"9", ""}});
}
SexMap EnglishSexMap() {
  return MakeSexMap(
      {{"M", "M"}, {"F", "V"}, {"male", "M"}, {"female", "V"}, {"X", "X"}});
}
SexMap BoyGirlSexMap() {
  return MakeSexMap({{"J", "M"}, {"M", "V"}, {"jongen", "M"}, {"meisje", "V"}});
}
SexMap OsoSexMap() {
  return MakeSexMap({{"1", "V"}, {"2", "M"}, {"0", ""}, {"9", ""}});
}

std::optional<SexMap> NamedSexMap(std::string_view code_set) {
  if (code_set == "mv") return WiseSexMap();
  if (code_set == "jm") return BoyGirlSexMap();
  if (code_set == "en") return EnglishSexMap();
  if (code_set == "iso") return EdexSexMap();
  if (code_set == "oso") return OsoSexMap();
  return std::nullopt;
}

Result<std::string> MapSex(std::string_view text, const SexMap& map) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  for (const auto& [code, value] : map.codes) {
    if (EqualsIgnoringAsciiCase(raw, code)) return value;
  }
  std::vector<std::string> codes;
  for (const auto& entry : map.codes) codes.push_back(entry.first);
  if (codes.empty()) {
    return Invalid(
        fmt::format("Geslacht {} is onbekend. Laat het vak leeg.", Quote(raw)),
        fmt::format("Sex {} is unknown. Leave the cell empty.", Quote(raw)));
  }
  return Invalid(
      fmt::format("Geslacht {} is onbekend. Gebruik {}, of laat het vak leeg.",
                  Quote(raw), JoinChoices(codes, "of")),
      fmt::format("Sex {} is unknown. Use {}, or leave the cell empty.",
                  Quote(raw), JoinChoices(codes, "or")));
}

Result<std::string> NormaliseYearGroup(std::string_view text, bool edex_codes) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  std::string lower = AsciiLower(raw);
  std::string_view value = lower;
  // Longest first: "groep" must not leave "roep 5" behind "gr".
  for (std::string_view word :
       {"jaargroep", "leerjaar", "groep", "gr.", "gr"}) {
    if (value.starts_with(word)) {
      value = Trim(value.substr(word.size()));
      break;
    }
  }
  if (value == "s" || value == "v") return std::string(1, AsciiUpper(value[0]));
  if (edex_codes && value.size() == 1) {
    // EDEXML's jaargroep: B (baby) and D (dreumes) are kept as written; C (a
    // combination group: the year is per pupil) and N (neither primary nor
    // secondary) carry no year; H (historisch) marks a pupil who has left.
    switch (value[0]) {
      case 'b':
      case 'd':
      case 'h':
        return std::string(1, AsciiUpper(value[0]));
      case 'c':
      case 'n':
        return std::string();
    }
  }
  std::string_view whole = WholeNumberText(value);
  if (AllDigits(whole) && whole.size() <= 3) {
    int number = *SmallNumber(whole);
    if (number <= 9) return std::to_string(number);
    if (edex_codes && number >= 11 && number <= 16) {
      return std::to_string(number - 10);
    }
  }
  if (edex_codes) {
    return Invalid(
        fmt::format("Jaargroep {} klopt niet. Gebruik een cijfer van 0 tot 9 "
                    "(5 voor groep 5), 11 tot 16 voor leerjaar 1 tot 6 van "
                    "het voortgezet onderwijs, of een van de EDEX-codes B, "
                    "D, S, V, C, N en H.",
                    Quote(raw)),
        fmt::format("Year group {} is not right. Use a digit from 0 to 9 (5 "
                    "for year group 5), 11 to 16 for secondary years 1 to 6, "
                    "or one of the EDEX codes B, D, S, V, C, N and H.",
                    Quote(raw)));
  }
  return Invalid(
      fmt::format("Jaargroep {} klopt niet. Gebruik een cijfer van 0 tot 9 "
                  "(5 voor groep 5), of S of V.",
                  Quote(raw)),
      fmt::format("Year group {} is not right. Use a digit from 0 to 9 (5 for "
                  "year group 5), or S or V.",
                  Quote(raw)));
}

Result<std::string> NormaliseGroupKey(std::string_view text) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  // A combination group's code ("1/2a", "Groep 7/8") is the school's own
  // way of writing its key: made valid without troubling anyone.
  if (raw.find('/') != std::string_view::npos &&
      FindAny(raw, "\"'+&<>|\\") == std::string_view::npos &&
      !HasControlCharacter(raw)) {
    std::string key(raw);
    std::replace(key.begin(), key.end(), '/', '-');
    if (CharCount(key) > 10) std::erase(key, ' ');
    if (CharCount(key) <= 10) return key;
  }
  if (HasControlCharacter(raw)) {
    return Invalid(
        fmt::format("Groepscode {} bevat een onzichtbaar teken (zoals een tab "
                    "of een regeleinde). Typ de code opnieuw.",
                    Quote(raw)),
        fmt::format("Group key {} holds an invisible character (such as a tab "
                    "or a line break). Type the key again.",
                    Quote(raw)));
  }
  size_t bad = FindAny(raw, "\"'+&<>/|\\");
  if (bad != std::string_view::npos) {
    return Invalid(
        fmt::format("Groepscode {} bevat het teken {}. Een groepscode mag "
                    "geen \" ' + & < > / | of \\ bevatten; zet zulke tekens "
                    "alleen in de groepsnaam.",
                    Quote(raw), raw[bad]),
        fmt::format("Group key {} holds the character {}. A group key may not "
                    "hold \" ' + & < > / | or \\; put such characters only in "
                    "the group name.",
                    Quote(raw), raw[bad]));
  }
  if (size_t length = CharCount(raw); length > 10) {
    return Invalid(
        fmt::format("Groepscode {} is te lang ({} tekens). Een groepscode "
                    "heeft hoogstens 10 tekens; zet de volledige naam in de "
                    "groepsnaam.",
                    Quote(raw), length),
        fmt::format("Group key {} is too long ({} characters). A group key "
                    "has at most 10 characters; put the full name in the "
                    "group name.",
                    Quote(raw), length));
  }
  return std::string(raw);
}

Result<std::string> NormaliseGroupName(std::string_view text) {
  std::string name = CollapseSpaces(text);
  if (HasControlCharacter(name)) {
    return Invalid(
        fmt::format("Groepsnaam {} bevat een onzichtbaar teken. Typ de naam "
                    "opnieuw.",
                    Quote(name)),
        fmt::format("Group name {} holds an invisible character. Type the "
                    "name again.",
                    Quote(name)));
  }
  if (size_t length = CharCount(name); length > 30) {
    return Invalid(
        fmt::format("Groepsnaam {} is te lang ({} tekens). Een groepsnaam "
                    "heeft hoogstens 30 tekens.",
                    Quote(name), length),
        fmt::format("Group name {} is too long ({} characters). A group name "
                    "has at most 30 characters.",
                    Quote(name), length));
  }
  return name;
}

Result<std::string> NormaliseEmail(std::string_view text) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  auto refuse = [&](std::string_view nl_reason, std::string_view en_reason) {
    return Invalid(
        fmt::format("E-mailadres {} {}. Vul één e-mailadres in, zoals "
                    "naam@voorbeeld.nl.",
                    Quote(raw), nl_reason),
        fmt::format("E-mail address {} {}. Fill in one e-mail address, such "
                    "as name@example.com.",
                    Quote(raw), en_reason));
  };
  // One pass (find_first_of with a set calls memchr per character).
  bool line_break = false, separator = false, space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\r' || c == '\n') {
      line_break = true;
    } else if (c == ',' || c == ';') {
      separator = true;
    } else if ((c <= ' ' || c == 0xC2 || c == 0xE2) &&
               SpaceLengthAt(raw, i) > 0) {
      space = true;
    }
  }
  if (line_break) return refuse("bevat een regeleinde", "holds a line break");
  if (separator) {
    return refuse(
        "bevat een komma of puntkomma: misschien staan er twee "
        "adressen in",
        "holds a comma or semicolon: it may hold two addresses");
  }
  if (space) return refuse("bevat een spatie", "holds a space");
  if (HasControlCharacter(raw)) {
    return refuse("bevat een onzichtbaar teken",
                  "holds an invisible character");
  }
  size_t at = raw.find('@');
  if (at == std::string_view::npos) {
    return refuse("mist een @", "has no @");
  }
  if (raw.find('@', at + 1) != std::string_view::npos) {
    return refuse("bevat meer dan één @", "holds more than one @");
  }
  std::string_view local = raw.substr(0, at);
  std::string_view domain = raw.substr(at + 1);
  size_t dot = domain.find('.');
  if (local.empty() || dot == std::string_view::npos || dot == 0 ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return refuse(
        "is niet compleet: na de @ hoort een naam met een punt, "
        "zoals school.nl",
        "is not complete: after the @ comes a name with a dot, "
        "such as school.nl");
  }
  if (size_t length = CharCount(raw); length > 254) {
    return Invalid(
        fmt::format("E-mailadres {} is te lang ({} tekens). Een e-mailadres "
                    "heeft hoogstens 254 tekens.",
                    Quote(raw), length),
        fmt::format("E-mail address {} is too long ({} characters). An e-mail "
                    "address has at most 254 characters.",
                    Quote(raw), length));
  }
  return std::string(local) + "@" + AsciiLower(domain);
}

Result<std::string> NormalisePhone(std::string_view text) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::string();
  std::string digits;
  size_t digit_count = 0;
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (IsDigit(c)) {
      digits += c;
      ++digit_count;
      ++i;
    } else if (c == '+' && digits.empty()) {
      digits += c;
      ++i;
    } else if (c == '(' && digits.starts_with('+') &&
               raw.substr(i).starts_with("(0)")) {
      // "+31 (0)6 …": the trunk zero is dialled only inside the country.
      i += 3;
    } else if (c == '-' || c == '.' || c == '(' || c == ')') {
      ++i;
    } else if (size_t len = SpaceLengthAt(raw, i)) {
      i += len;
    } else if (IsAsciiLetter(c)) {
      return Invalid(
          fmt::format("Telefoonnummer {} bevat letters. Vul alleen het "
                      "nummer in, zoals 06-12345678.",
                      Quote(raw)),
          fmt::format("Phone number {} holds letters. Fill in only the "
                      "number, such as 06-12345678.",
                      Quote(raw)));
    } else {
      size_t len = Utf8LengthAt(raw, i);
      std::string_view character = raw.substr(i, len == 0 ? 1 : len);
      return Invalid(
          fmt::format("Telefoonnummer {} bevat het teken {}. Vul één nummer "
                      "in met alleen cijfers, en eventueel een + aan het "
                      "begin, zoals 06-12345678.",
                      Quote(raw), Quote(character)),
          fmt::format("Phone number {} holds the character {}. Fill in one "
                      "number with only digits, and optionally a + at the "
                      "start, such as 06-12345678.",
                      Quote(raw), Quote(character)));
    }
  }
  if (digit_count < 6) {
    return Invalid(
        fmt::format("Telefoonnummer {} is te kort ({} cijfers). Vul het hele "
                    "nummer in, met netnummer.",
                    Quote(raw), digit_count),
        fmt::format("Phone number {} is too short ({} digits). Fill in the "
                    "whole number, with the area code.",
                    Quote(raw), digit_count));
  }
  if (digit_count > 15) {
    return Invalid(
        fmt::format("Telefoonnummer {} is te lang ({} cijfers). Vul één "
                    "nummer in.",
                    Quote(raw), digit_count),
        fmt::format("Phone number {} is too long ({} digits). Fill in one "
                    "number.",
                    Quote(raw), digit_count));
  }
  return digits;
}

Result<std::pair<std::string, std::string>> SplitHouseNumber(
    std::string_view text) {
  std::string_view raw = Trim(text);
  if (raw.empty()) return std::pair<std::string, std::string>();
  auto refuse = [&] {
    return Invalid(
        fmt::format("Huisnummer {} klopt niet. Schrijf het nummer met "
                    "eventueel een letter of toevoeging, zoals 12, 12A of "
                    "12-2.",
                    Quote(raw)),
        fmt::format("House number {} is not right. Write the number with an "
                    "optional letter or addition, such as 12, 12A or 12-2.",
                    Quote(raw)));
  };
  std::string_view value = WholeNumberText(raw);
  size_t digits_end = 0;
  while (digits_end < value.size() && IsDigit(value[digits_end])) ++digits_end;
  std::string_view number = value.substr(0, digits_end);
  size_t first_significant = number.find_first_not_of('0');
  if (first_significant == std::string_view::npos) return refuse();
  number.remove_prefix(first_significant);
  if (number.size() > 5) {
    return Invalid(
        fmt::format("Huisnummer {} is te lang. Een huisnummer heeft "
                    "hoogstens 5 cijfers; zet een toevoeging erachter, zoals "
                    "12-2.",
                    Quote(raw)),
        fmt::format("House number {} is too long. A house number has at most "
                    "5 digits; put an addition after it, such as 12-2.",
                    Quote(raw)));
  }
  // Between number and addition: spaces, or one dash ("12 A", "12-2").
  std::string_view rest = Trim(value.substr(digits_end));
  if (!rest.empty() && rest[0] == '-') {
    rest = Trim(rest.substr(1));
    if (rest.empty()) return refuse();
  }
  if (!rest.empty() && (rest.front() == '-' || rest.back() == '-')) {
    return refuse();
  }
  for (char c : rest) {
    if (!IsAsciiLetter(c) && !IsDigit(c) && c != '-') return refuse();
  }
  if (rest.size() > 5) {
    return Invalid(
        fmt::format("De toevoeging bij huisnummer {} is te lang. Een "
                    "toevoeging heeft hoogstens 5 tekens, zoals A, 2 of bis.",
                    Quote(raw)),
        fmt::format("The addition to house number {} is too long. An addition "
                    "has at most 5 characters, such as A, 2 or bis.",
                    Quote(raw)));
  }
  // A single letter is the house letter, written in capitals ("12a" →
  // "12A"); longer additions ("bis", "hs") stay as written.
  std::string addition(rest);
  if (addition.size() == 1) addition[0] = AsciiUpper(addition[0]);
  return std::pair{std::string(number), addition};
}

}  // namespace schoolbieb::roster
