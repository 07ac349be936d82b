#include "roster/values.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

namespace schoolbieb::roster {
namespace {

using formats::CellType;
using HouseNumber = std::pair<std::string, std::string>;

constexpr std::string_view kToday = "2025-06-15";

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t len = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    if (len == 0 || i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

// A refusal as the contract asks: InvalidArgument, a Dutch and an English
// message that differ, both valid UTF-8 and both naming `shown` when given.
template <typename T>
::testing::AssertionResult Refused(const Result<T>& result,
                                   std::string_view shown = "") {
  if (result.ok()) return ::testing::AssertionFailure() << "was accepted";
  const Status& status = result.status();
  if (status.code() != Status::Code::kInvalidArgument) {
    return ::testing::AssertionFailure() << status.ToString();
  }
  const std::string& nl = status.message(Language::kDutch);
  const std::string& en = status.message(Language::kEnglish);
  if (nl.empty() || en.empty() || nl == en) {
    return ::testing::AssertionFailure()
           << "messages missing or untranslated: nl=\"" << nl << "\" en=\""
           << en << "\"";
  }
  if (!IsValidUtf8(nl) || !IsValidUtf8(en)) {
    return ::testing::AssertionFailure() << "message is not UTF-8: " << en;
  }
  if (!shown.empty() && (nl.find(shown) == std::string::npos ||
                         en.find(shown) == std::string::npos)) {
    return ::testing::AssertionFailure()
           << "messages do not name \"" << shown << "\": nl=\"" << nl
           << "\" en=\"" << en << "\"";
  }
  return ::testing::AssertionSuccess() << "refused: " << en;
}

template <typename T>
std::string Nl(const Result<T>& result) {
  return result.status().message(Language::kDutch);
}
template <typename T>
std::string En(const Result<T>& result) {
  return result.status().message(Language::kEnglish);
}

// The value, or the English message so a failing EXPECT_EQ shows why.
std::string ValueOr(const Result<std::string>& result) {
  return result.ok() ? result.value() : "refused: " + En(result);
}

std::string Date(std::string_view text, CellType type = CellType::kText,
                 DateOrder order = DateOrder::kDayFirst,
                 std::string_view today = kToday) {
  return ValueOr(NormaliseBirthDate(text, type, order, today));
}
Result<std::string> DateResult(std::string_view text,
                               CellType type = CellType::kText,
                               DateOrder order = DateOrder::kDayFirst,
                               std::string_view today = kToday) {
  return NormaliseBirthDate(text, type, order, today);
}

// --- Number rules ----------------------------------------------------------

NumberRule Rule(std::string_view text) {
  auto rule = ParseNumberRule(text);
  EXPECT_TRUE(rule.ok()) << rule.status().ToString();
  return rule.ok() ? *rule : NumberRule{};
}

TEST(NumberRuleTest, ParsesEachForm) {
  EXPECT_EQ(Rule("keep").zeros, NumberRule::Zeros::kKeep);
  EXPECT_FALSE(Rule("keep").strip_brin);
  EXPECT_EQ(Rule("strip-zeros").zeros, NumberRule::Zeros::kStrip);
  NumberRule pad = Rule("pad:6");
  EXPECT_EQ(pad.zeros, NumberRule::Zeros::kPad);
  EXPECT_EQ(pad.pad_to, 6);
  EXPECT_EQ(Rule("pad:1").pad_to, 1);
  EXPECT_EQ(Rule("pad:20").pad_to, 20);
  NumberRule brin = Rule("strip-zeros,strip-brin");
  EXPECT_EQ(brin.zeros, NumberRule::Zeros::kStrip);
  EXPECT_TRUE(brin.strip_brin);
  EXPECT_TRUE(Rule("pad:8,strip-brin").strip_brin);
}

TEST(NumberRuleTest, EmptyTextIsTheDefaultAndCaseAndSpacesDoNotMatter) {
  EXPECT_EQ(Rule("").zeros, NumberRule::Zeros::kKeep);
  EXPECT_EQ(Rule("  ").zeros, NumberRule::Zeros::kKeep);
  NumberRule rule = Rule(" Keep , Strip-BRIN ");
  EXPECT_EQ(rule.zeros, NumberRule::Zeros::kKeep);
  EXPECT_TRUE(rule.strip_brin);
}

TEST(NumberRuleTest, RefusesUnknownTextNamingTheAcceptedForms) {
  for (std::string_view text :
       {"pad:0", "pad:21", "pad:", "pad:x", "pad:-3", "strip", "strip-brin",
        "keep,strip-brin,keep", "keep,pad:3", "keep;strip-brin", "bewaar"}) {
    auto rule = ParseNumberRule(text);
    EXPECT_TRUE(Refused(rule, text)) << text;
    if (!rule.ok()) {
      EXPECT_NE(Nl(rule).find("strip-zeros"), std::string::npos);
      EXPECT_NE(En(rule).find("pad:N"), std::string::npos);
    }
  }
}

TEST(NumberRuleTest, TextRoundTrips) {
  for (std::string_view text :
       {"keep", "strip-zeros", "pad:6", "pad:20", "keep,strip-brin",
        "strip-zeros,strip-brin", "pad:1,strip-brin"}) {
    EXPECT_EQ(NumberRuleText(Rule(text)), text);
  }
  EXPECT_EQ(NumberRuleText(NumberRule{}), "keep");
}

// --- Student numbers -------------------------------------------------------

std::string Student(std::string_view text, std::string_view rule = "keep",
                    std::string_view brin = "12AB") {
  return ValueOr(NormaliseStudentNumber(text, Rule(rule), brin));
}

TEST(StudentNumberTest, TrimsAndTurnsSpreadsheetNumbersIntoText) {
  EXPECT_EQ(Student(" 1234 "), "1234");
  EXPECT_EQ(Student("\xC2\xA0"
                    "1234\t"),
            "1234");
  EXPECT_EQ(Student("1234.0"), "1234");
  EXPECT_EQ(Student("1234.00"), "1234");
  EXPECT_EQ(Student("1234.5"), "1234.5");
  EXPECT_EQ(Student("A-1234"), "A-1234");
  EXPECT_EQ(Student("001234"), "001234");
}

TEST(StudentNumberTest, StripsLeadingZerosOfDigitsOnly) {
  EXPECT_EQ(Student("001234", "strip-zeros"), "1234");
  EXPECT_EQ(Student("1234", "strip-zeros"), "1234");
  EXPECT_EQ(Student("001234.0", "strip-zeros"), "1234");
  EXPECT_EQ(Student("0000", "strip-zeros"), "0");
  EXPECT_EQ(Student("00A12", "strip-zeros"), "00A12");
}

TEST(StudentNumberTest, PadsToTheSameWidthWhateverZerosCameIn) {
  EXPECT_EQ(Student("1234", "pad:6"), "001234");
  EXPECT_EQ(Student("001234", "pad:6"), "001234");
  EXPECT_EQ(Student("0001234", "pad:6"), "001234");
  EXPECT_EQ(Student("1234567", "pad:6"), "1234567");
  EXPECT_EQ(Student("A12", "pad:6"), "A12");
  EXPECT_EQ(Student("7", "pad:20"), "00000000000000000007");
}

TEST(StudentNumberTest, DropsTheSchoolsBrinCodeWhenAsked) {
  EXPECT_EQ(Student("12AB-1234", "keep,strip-brin"), "1234");
  EXPECT_EQ(Student("12ab_1234", "keep,strip-brin"), "1234");
  EXPECT_EQ(Student("12AB.1234", "keep,strip-brin"), "1234");
  EXPECT_EQ(Student("12AB 1234", "keep,strip-brin"), "1234");
  EXPECT_EQ(Student("12AB1234", "keep,strip-brin"), "1234");
  EXPECT_EQ(Student("12AB-001234", "strip-zeros,strip-brin"), "1234");
  EXPECT_EQ(Student("12AB-34", "pad:6,strip-brin"), "000034");
  // Another school's code, no code given, or nothing after it: unchanged.
  EXPECT_EQ(Student("34CD-1234", "keep,strip-brin"), "34CD-1234");
  EXPECT_EQ(Student("12AB-1234", "keep,strip-brin", ""), "12AB-1234");
  EXPECT_EQ(Student("12AB", "keep,strip-brin"), "12AB");
  EXPECT_EQ(Student("12AB-", "keep,strip-brin"), "12AB-");
  EXPECT_EQ(Student("12AB--1", "keep,strip-brin"), "12AB--1");
  // Without the rule the code stays.
  EXPECT_EQ(Student("12AB-1234"), "12AB-1234");
}

TEST(StudentNumberTest, RefusesEmptyTooLongAndControlCharacters) {
  EXPECT_TRUE(Refused(NormaliseStudentNumber("", NumberRule{}, "12AB")));
  EXPECT_TRUE(Refused(NormaliseStudentNumber("  \t ", NumberRule{}, "12AB")));
  EXPECT_TRUE(Refused(NormaliseStudentNumber("12\t34", NumberRule{}, "")));
  EXPECT_TRUE(
      Refused(NormaliseStudentNumber("12\x01"
                                     "34",
                                     NumberRule{}, "")));
  EXPECT_TRUE(
      Refused(NormaliseStudentNumber("12\xC2\x85"
                                     "34",
                                     NumberRule{}, "")));
  EXPECT_EQ(Student(std::string(20, '9')), std::string(20, '9'));
  EXPECT_TRUE(
      Refused(NormaliseStudentNumber(std::string(21, '9'), NumberRule{}, ""),
              std::string(21, '9')));
  // Characters, not bytes, count.
  std::string twenty_e;
  for (int i = 0; i < 20; ++i) twenty_e += "é";
  EXPECT_EQ(Student(twenty_e), twenty_e);
  EXPECT_TRUE(
      Refused(NormaliseStudentNumber(twenty_e + "é", NumberRule{}, "")));
  // Measured after the rule: stripping can make a long number fit.
  EXPECT_EQ(Student("0000000000000000000001", "strip-zeros"), "1");
}

// --- Date order -----------------------------------------------------------

TEST(DetectDateOrderTest, DayFirstUnlessProvenOtherwise) {
  EXPECT_EQ(DetectDateOrder({}), DateOrder::kDayFirst);
  EXPECT_EQ(DetectDateOrder({"04-03-2015", "01-02-2016"}),
            DateOrder::kDayFirst);
  EXPECT_EQ(DetectDateOrder({"2015-03-25", "2016-12-31"}),
            DateOrder::kDayFirst);
  EXPECT_EQ(DetectDateOrder({"", "onbekend", "42067", "04032015"}),
            DateOrder::kDayFirst);
  // Neither part can be a month: proves nothing.
  EXPECT_EQ(DetectDateOrder({"31-13-2015", "45-03-2015"}),
            DateOrder::kDayFirst);
}

TEST(DetectDateOrderTest, DayFirstEvidence) {
  EXPECT_EQ(DetectDateOrder({"04-03-2015", "25-03-2015"}),
            DateOrder::kDayFirst);
  EXPECT_EQ(DetectDateOrder({"31/12/15"}), DateOrder::kDayFirst);
}

TEST(DetectDateOrderTest, MonthFirstEvidence) {
  EXPECT_EQ(DetectDateOrder({"04/03/2015", "03/25/2015"}),
            DateOrder::kMonthFirst);
  EXPECT_EQ(DetectDateOrder({"12/31/99"}), DateOrder::kMonthFirst);
  EXPECT_EQ(DetectDateOrder({" 3.13.2015 00:00 "}), DateOrder::kMonthFirst);
}

TEST(DetectDateOrderTest, BothKindsOfEvidenceConflict) {
  EXPECT_EQ(DetectDateOrder({"25-03-2015", "03-25-2015"}),
            DateOrder::kConflicting);
  EXPECT_EQ(DetectDateOrder({"04-03-2015", "13/01/2015", "01/13/2015"}),
            DateOrder::kConflicting);
}

// --- Birth dates -------------------------------------------------------------

TEST(BirthDateTest, EmptyGivesEmpty) {
  EXPECT_EQ(Date(""), "");
  EXPECT_EQ(Date("   "), "");
  EXPECT_EQ(Date("", CellType::kEmpty), "");
}

TEST(BirthDateTest, DateCells) {
  EXPECT_EQ(Date("2015-03-04", CellType::kDate), "2015-03-04");
  EXPECT_EQ(Date("2015-03-04T00:00:00", CellType::kDate), "2015-03-04");
  EXPECT_EQ(Date("2024-02-29", CellType::kDate), "2024-02-29");
  EXPECT_TRUE(Refused(DateResult("2023-02-29", CellType::kDate), "2023-02-29"));
  EXPECT_TRUE(Refused(DateResult("2030-01-01", CellType::kDate)));
}

TEST(BirthDateTest, ExcelSerialNumbers) {
  EXPECT_EQ(Date("42067", CellType::kNumber), "2015-03-04");
  EXPECT_EQ(Date("42067.0", CellType::kNumber), "2015-03-04");
  EXPECT_EQ(Date("42067.75", CellType::kNumber), "2015-03-04");
  EXPECT_EQ(Date("36585", CellType::kNumber), "2000-02-29");
  EXPECT_EQ(Date("45351", CellType::kNumber), "2024-02-29");
  // A date typed as a number in an 8-digit form is no serial.
  EXPECT_EQ(Date("20150304", CellType::kNumber), "2015-03-04");
  EXPECT_EQ(Date("25032015", CellType::kNumber), "2015-03-25");
  // Five-digit text is a serial number too.
  EXPECT_EQ(Date("42067"), "2015-03-04");
  EXPECT_EQ(Date(" 42067 "), "2015-03-04");
}

TEST(BirthDateTest, ExcelSerialsAroundTheFictitiousLeapDay) {
  constexpr std::string_view kLongAgo = "1990-01-01";
  EXPECT_EQ(Date("1", CellType::kNumber, DateOrder::kDayFirst, kLongAgo),
            "1900-01-01");
  EXPECT_EQ(Date("59", CellType::kNumber, DateOrder::kDayFirst, kLongAgo),
            "1900-02-28");
  EXPECT_EQ(Date("61", CellType::kNumber, DateOrder::kDayFirst, kLongAgo),
            "1900-03-01");
  auto fictitious =
      DateResult("60", CellType::kNumber, DateOrder::kDayFirst, kLongAgo);
  EXPECT_TRUE(Refused(fictitious, "29-02-1900"));
  EXPECT_EQ(
      Date("2958465", CellType::kNumber, DateOrder::kDayFirst, "9999-12-31"),
      "9999-12-31");
}

TEST(BirthDateTest, RefusesSerialsOutOfRange) {
  for (std::string_view serial :
       {"0", "-5", "0.5", "2958466", "1e300", "abc", "", "inf", "nan"}) {
    if (serial.empty()) continue;
    EXPECT_TRUE(Refused(DateResult(serial, CellType::kNumber,
                                   DateOrder::kDayFirst, "9999-12-31"),
                        serial))
        << serial;
  }
  // A serial that is a date, but long ago: the message shows the date read.
  auto old = DateResult("1", CellType::kNumber);
  EXPECT_TRUE(Refused(old, "01-01-1900"));
}

TEST(BirthDateTest, DayFirstTextForms) {
  EXPECT_EQ(Date("04-03-2015"), "2015-03-04");
  EXPECT_EQ(Date("4-3-2015"), "2015-03-04");
  EXPECT_EQ(Date("04/03/2015"), "2015-03-04");
  EXPECT_EQ(Date("04.03.2015"), "2015-03-04");
  EXPECT_EQ(Date("04-03-15"), "2015-03-04");
  EXPECT_EQ(Date("04/03/15"), "2015-03-04");
  EXPECT_EQ(Date(" 04-03-2015 "), "2015-03-04");
  EXPECT_EQ(Date("04-03-2015 00:00"), "2015-03-04");
  EXPECT_EQ(Date("4-3-2015 0:00:00"), "2015-03-04");
}

TEST(BirthDateTest, IsoTextForms) {
  EXPECT_EQ(Date("2015-03-04"), "2015-03-04");
  EXPECT_EQ(Date("2015/03/04"), "2015-03-04");
  EXPECT_EQ(Date("2015-03-04T00:00:00"), "2015-03-04");
  // ISO is never read month-first or refused for a conflicting column.
  EXPECT_EQ(Date("2015-03-04", CellType::kText, DateOrder::kMonthFirst),
            "2015-03-04");
  EXPECT_EQ(Date("2015-03-04", CellType::kText, DateOrder::kConflicting),
            "2015-03-04");
}

TEST(BirthDateTest, MonthFirstColumns) {
  EXPECT_EQ(Date("03/04/2015", CellType::kText, DateOrder::kMonthFirst),
            "2015-03-04");
  EXPECT_EQ(Date("3/25/15", CellType::kText, DateOrder::kMonthFirst),
            "2015-03-25");
  EXPECT_TRUE(Refused(
      DateResult("25/03/2015", CellType::kText, DateOrder::kMonthFirst)));
}

TEST(BirthDateTest, ConflictingColumnsRefuseOnlyDatesWhoseOrderMatters) {
  auto ambiguous =
      DateResult("04-03-2015", CellType::kText, DateOrder::kConflicting);
  EXPECT_TRUE(Refused(ambiguous, "04-03-2015"));
  EXPECT_NE(Nl(ambiguous).find("4 maart"), std::string::npos) << Nl(ambiguous);
  EXPECT_NE(Nl(ambiguous).find("3 april"), std::string::npos) << Nl(ambiguous);
  EXPECT_NE(En(ambiguous).find("4 March"), std::string::npos) << En(ambiguous);
  EXPECT_EQ(Date("25-03-2015", CellType::kText, DateOrder::kConflicting),
            "2015-03-25");
  EXPECT_EQ(Date("03-25-2015", CellType::kText, DateOrder::kConflicting),
            "2015-03-25");
  EXPECT_EQ(Date("05-05-2015", CellType::kText, DateOrder::kConflicting),
            "2015-05-05");
  EXPECT_TRUE(Refused(
      DateResult("04032015", CellType::kText, DateOrder::kConflicting)));
}

TEST(BirthDateTest, LeapYears) {
  EXPECT_EQ(Date("29-02-2000"), "2000-02-29");
  EXPECT_EQ(Date("29-02-2024"), "2024-02-29");
  EXPECT_TRUE(Refused(DateResult("29-02-2023"), "29-02-2023"));
  // 1900 is not a leap year (divisible by 100, not by 400).
  auto no_leap_day = DateResult("29-02-1900", CellType::kText,
                                DateOrder::kDayFirst, "1990-01-01");
  EXPECT_TRUE(Refused(no_leap_day, "29-02-1900"));
  EXPECT_NE(Nl(no_leap_day).find("bestaat niet"), std::string::npos);
  EXPECT_EQ(
      Date("28-02-1900", CellType::kText, DateOrder::kDayFirst, "1990-01-01"),
      "1900-02-28");
}

TEST(BirthDateTest, TwoDigitYearsTakeTheLatestCenturyNotAfterToday) {
  EXPECT_EQ(Date("01-02-15"), "2015-02-01");
  EXPECT_EQ(Date("15-06-25"), "2025-06-15");  // today itself
  EXPECT_EQ(Date("16-06-25"), "1925-06-16");  // tomorrow would be future
  EXPECT_EQ(Date("01-02-30"), "1930-02-01");
  EXPECT_EQ(Date("31-12-99"), "1999-12-31");
  EXPECT_EQ(Date("01-01-00"), "2000-01-01");
  EXPECT_EQ(Date("29-02-00"), "2000-02-29");
  EXPECT_EQ(
      Date("01-02-15", CellType::kText, DateOrder::kDayFirst, "2010-01-01"),
      "1915-02-01");
  // 2100 has no 29 February, so the latest century that has one is 2000.
  EXPECT_EQ(
      Date("29-02-00", CellType::kText, DateOrder::kDayFirst, "2100-03-01"),
      "2000-02-29");
  // Neither 1925 nor 2025 has one.
  EXPECT_TRUE(Refused(DateResult("29-02-25"), "29-02-25"));
}

TEST(BirthDateTest, EightDigitsTakeTheReadingThatIsABirthDate) {
  EXPECT_EQ(Date("20150304"), "2015-03-04");
  EXPECT_EQ(Date("04032015"), "2015-03-04");
  EXPECT_EQ(Date("03042015", CellType::kText, DateOrder::kMonthFirst),
            "2015-03-04");
  EXPECT_EQ(Date("29022000"), "2000-02-29");
  EXPECT_EQ(Date("20000229"), "2000-02-29");
  // "20101020" is also 20-10-1020, which is no birth date: not ambiguous.
  EXPECT_EQ(Date("20101020"), "2010-10-20");
  EXPECT_TRUE(Refused(DateResult("12345678"), "12345678"));
  EXPECT_TRUE(Refused(DateResult("31022015"), "31022015"));
  EXPECT_TRUE(Refused(DateResult("01012099"), "01012099"));
}

TEST(BirthDateTest, EightDigitsReadableBothWaysAreRefused) {
  // Only a `today` far in the past lets both readings be birth dates:
  // 1112-12-01 and 11-12-1201.
  auto both = DateResult("11121201", CellType::kText, DateOrder::kDayFirst,
                         "1220-01-01");
  EXPECT_TRUE(Refused(both, "01-12-1112"));
  EXPECT_NE(Nl(both).find("11-12-1201"), std::string::npos) << Nl(both);
}

TEST(BirthDateTest, RefusesImpossibleDates) {
  auto result = DateResult("31-02-2015");
  EXPECT_TRUE(Refused(result, "31-02-2015"));
  EXPECT_NE(Nl(result).find("bestaat niet"), std::string::npos);
  EXPECT_NE(Nl(result).find("dd-mm-jjjj"), std::string::npos);
  EXPECT_NE(En(result).find("does not exist"), std::string::npos);
  EXPECT_NE(En(result).find("dd-mm-yyyy"), std::string::npos);
  EXPECT_TRUE(Refused(DateResult("31-04-2015")));
  EXPECT_TRUE(Refused(DateResult("00-00-2015")));
  EXPECT_TRUE(Refused(DateResult("01-13-2015")));
  EXPECT_TRUE(Refused(DateResult("2015-13-01")));
  EXPECT_TRUE(Refused(DateResult("2015-02-30")));
}

TEST(BirthDateTest, RefusesDatesAfterToday) {
  EXPECT_TRUE(Refused(DateResult("16-06-2025"), "16-06-2025"));
  EXPECT_TRUE(Refused(DateResult("2026-01-01")));
  EXPECT_TRUE(Refused(DateResult("45900")));
  EXPECT_EQ(Date("15-06-2025"), "2025-06-15");
}

TEST(BirthDateTest, RefusesDatesMoreThan120YearsAgo) {
  EXPECT_EQ(Date("15-06-1905"), "1905-06-15");
  EXPECT_TRUE(Refused(DateResult("14-06-1905"), "14-06-1905"));
  EXPECT_TRUE(Refused(DateResult("1066-10-14")));
}

TEST(BirthDateTest, RefusesAnythingElse) {
  for (std::string_view text :
       {"gisteren", "04-03", "04-03-2015-1", "04-03/2015", "2015-03-04-",
        "1-1-123", "123-1-2015", "4 maart 2015", "04 03 2015", "1234", "123456",
        "042067", "04-03-2015 later", "2015-03-04X", "--"}) {
    EXPECT_TRUE(Refused(DateResult(text), text)) << text;
  }
  EXPECT_TRUE(Refused(DateResult("TRUE", CellType::kBoolean), "TRUE"));
  EXPECT_TRUE(Refused(DateResult("#N/A", CellType::kError), "#N/A"));
}

TEST(BirthDateTest, DateCellsThatAreNotIsoAreReadAsText) {
  EXPECT_EQ(Date("04-03-2015", CellType::kDate), "2015-03-04");
  EXPECT_TRUE(Refused(DateResult("morgen", CellType::kDate)));
}

TEST(BirthDateTest, ABadTodayIsABugNotTheTeachersFault) {
  auto result = NormaliseBirthDate("04-03-2015", CellType::kText,
                                   DateOrder::kDayFirst, "vandaag");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInternal);
  EXPECT_FALSE(NormaliseBirthDate("04-03-2015", CellType::kText,
                                  DateOrder::kDayFirst, "2025-02-30")
                   .ok());
}

// --- Postcodes -------------------------------------------------------------

TEST(PostcodeTest, NormalisesToFourDigitsSpaceTwoCapitals) {
  EXPECT_EQ(ValueOr(NormalisePostcode("1234ab")), "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode("1234 AB")), "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode(" 1234-ab ")), "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode("1234  aB")), "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode("1234 - AB")), "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode("1234\xC2\xA0"
                                      "AB")),
            "1234 AB");
  EXPECT_EQ(ValueOr(NormalisePostcode("9999ZZ")), "9999 ZZ");
  EXPECT_EQ(ValueOr(NormalisePostcode("1234 SB")), "1234 SB");
  EXPECT_EQ(ValueOr(NormalisePostcode("")), "");
  EXPECT_EQ(ValueOr(NormalisePostcode("  ")), "");
}

TEST(PostcodeTest, RefusesOtherShapes) {
  for (std::string_view text :
       {"123AB", "12345AB", "1234 A", "1234ABC", "1234 A1", "12 34 AB",
        "1234--AB", "AB 1234", "B-1000", "1234 ÄB", "1234", "postcode"}) {
    EXPECT_TRUE(Refused(NormalisePostcode(text), text)) << text;
  }
}

TEST(PostcodeTest, RefusesALeadingZeroAndUnusedLetterPairs) {
  EXPECT_TRUE(Refused(NormalisePostcode("0123 AB"), "0123 AB"));
  for (std::string_view text : {"1234 SA", "1234sd", "1234 SS", "1234 ss"}) {
    auto result = NormalisePostcode(text);
    EXPECT_TRUE(Refused(result, text)) << text;
    EXPECT_NE(Nl(result).find("SS"), std::string::npos);
  }
}

// --- Sex codes ---------------------------------------------------------------

std::string Sex(std::string_view text, const SexMap& map) {
  return ValueOr(MapSex(text, map));
}

TEST(SexTest, WiseCodes) {
  SexMap map = WiseSexMap();
  EXPECT_EQ(Sex("M", map), "M");
  EXPECT_EQ(Sex("v", map), "V");
  EXPECT_EQ(Sex(" Man ", map), "M");
  EXPECT_EQ(Sex("VROUW", map), "V");
  EXPECT_EQ(Sex("x", map), "X");
  EXPECT_EQ(Sex("", map), "");
  EXPECT_EQ(Sex("  ", map), "");
  auto unknown = MapSex("J", map);
  EXPECT_TRUE(Refused(unknown, "\"J\""));
  EXPECT_NE(Nl(unknown).find("M, V, man, vrouw of X"), std::string::npos)
      << Nl(unknown);
  EXPECT_NE(En(unknown).find("M, V, man, vrouw or X"), std::string::npos)
      << En(unknown);
}

TEST(SexTest, EdexCodesAreIso5218) {
  SexMap map = EdexSexMap();
  EXPECT_EQ(Sex("1", map), "M");
  EXPECT_EQ(Sex("2", map), "V");
  EXPECT_EQ(Sex("0", map), "");
  EXPECT_EQ(Sex("9", map), "");
  EXPECT_TRUE(Refused(MapSex("3", map), "1, 2, 0"));
  EXPECT_NE(Nl(MapSex("3", map)).find("1, 2, 0 of 9"), std::string::npos);
  EXPECT_TRUE(Refused(MapSex("M", map)));
}

TEST(SexTest, EnglishCodes) {
  SexMap map = EnglishSexMap();
  EXPECT_EQ(Sex("M", map), "M");
  EXPECT_EQ(Sex("f", map), "V");
  EXPECT_EQ(Sex("Female", map), "V");
  EXPECT_EQ(Sex("male", map), "M");
  EXPECT_EQ(Sex("X", map), "X");
  EXPECT_TRUE(Refused(MapSex("V", map)));
}

TEST(SexTest, BoyGirlCodesWhereMIsAGirl) {
  SexMap map = BoyGirlSexMap();
  EXPECT_EQ(Sex("J", map), "M");
  EXPECT_EQ(Sex("M", map), "V");
  EXPECT_EQ(Sex("jongen", map), "M");
  EXPECT_EQ(Sex("Meisje", map), "V");
  EXPECT_TRUE(Refused(MapSex("V", map)));
}

TEST(SexTest, AnyMapWorks) {
  SexMap map{{{"H", "M"}, {"F", "V"}}};
  EXPECT_EQ(Sex("h", map), "M");
  EXPECT_TRUE(Refused(MapSex("M", map), "\"M\""));
  EXPECT_NE(En(MapSex("M", map)).find("H or F"), std::string::npos);
  EXPECT_TRUE(Refused(MapSex("M", SexMap{})));
}

// --- Year groups -------------------------------------------------------------

std::string Year(std::string_view text, bool edex_codes = false) {
  return ValueOr(NormaliseYearGroup(text, edex_codes));
}

TEST(YearGroupTest, AcceptedForms) {
  EXPECT_EQ(Year("5"), "5");
  EXPECT_EQ(Year("05"), "5");
  EXPECT_EQ(Year(" 8 "), "8");
  EXPECT_EQ(Year("0"), "0");
  EXPECT_EQ(Year("9"), "9");
  EXPECT_EQ(Year("5.0"), "5");
  EXPECT_EQ(Year("groep 5"), "5");
  EXPECT_EQ(Year("Groep 5"), "5");
  EXPECT_EQ(Year("groep5"), "5");
  EXPECT_EQ(Year("Gr. 5"), "5");
  EXPECT_EQ(Year("gr.5"), "5");
  EXPECT_EQ(Year("GR 5"), "5");
  EXPECT_EQ(Year("leerjaar 2"), "2");
  EXPECT_EQ(Year("Jaargroep 3"), "3");
  EXPECT_EQ(Year("s"), "S");
  EXPECT_EQ(Year("V"), "V");
  EXPECT_EQ(Year(""), "");
}

TEST(YearGroupTest, EdexSecondaryCodesOnlyWhenAsked) {
  EXPECT_EQ(Year("11", true), "1");
  EXPECT_EQ(Year("16", true), "6");
  EXPECT_EQ(Year("5", true), "5");
  EXPECT_TRUE(Refused(NormaliseYearGroup("11", false), "\"11\""));
  EXPECT_TRUE(Refused(NormaliseYearGroup("10", true), "11"));
  EXPECT_TRUE(Refused(NormaliseYearGroup("17", true)));
}

// Every value of EDEXML's jaargroep enumeration reads as the standard means
// it: B and D kept, C (combination group) and N (not PO/VO) carry no year,
// H (historisch) marks a pupil who left. Only EDEX files use these codes.
TEST(YearGroupTest, EdexEnumerationReadAsTheStandardMeansIt) {
  for (std::string_view code : {"0", "1", "2", "3", "4", "5", "6", "7", "8"}) {
    EXPECT_EQ(Year(code, true), code);
  }
  for (int secondary = 11; secondary <= 16; ++secondary) {
    EXPECT_EQ(Year(std::to_string(secondary), true),
              std::to_string(secondary - 10));
  }
  EXPECT_EQ(Year("B", true), "B");
  EXPECT_EQ(Year("D", true), "D");
  EXPECT_EQ(Year("S", true), "S");
  EXPECT_EQ(Year("V", true), "V");
  EXPECT_EQ(Year("H", true), "H");
  EXPECT_EQ(Year("h", true), "H");
  EXPECT_TRUE(NormaliseYearGroup("C", true).ok());
  EXPECT_EQ(Year("C", true), "");
  EXPECT_TRUE(NormaliseYearGroup("N", true).ok());
  EXPECT_EQ(Year("N", true), "");
  // Outside EDEX these letters are no year group.
  for (std::string_view code : {"B", "D", "C", "N", "H"}) {
    EXPECT_TRUE(Refused(NormaliseYearGroup(code, false), code)) << code;
  }
}

TEST(YearGroupTest, RefusesEverythingElse) {
  for (std::string_view text : {"C", "5A", "groep", "groep 5/6", "-1", "10",
                                "5.5", "vijf", "0005", "groep 12", "1 2"}) {
    EXPECT_TRUE(Refused(NormaliseYearGroup(text, false), text)) << text;
  }
}

// --- Group keys and names --------------------------------------------------

TEST(GroupKeyTest, TrimsAndKeeps) {
  EXPECT_EQ(ValueOr(NormaliseGroupKey(" 5A ")), "5A");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("5 A")), "5 A");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("1234567890")), "1234567890");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("Grünegroep")), "Grünegroep");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("5-6")), "5-6");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("")), "");
}

// Combination groups are common; their codes become a key without a
// problem for the school.
TEST(GroupKeyTest, CombinationGroupCodesBecomeValidKeys) {
  EXPECT_EQ(ValueOr(NormaliseGroupKey("1/2a")), "1-2a");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("5/6")), "5-6");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("Groep 7/8")), "Groep 7-8");
  EXPECT_EQ(ValueOr(NormaliseGroupKey("Groep 7/8 A")), "Groep7-8A");
  // Still too long, or with another forbidden character: refused as before.
  EXPECT_TRUE(Refused(NormaliseGroupKey("Combinatie 7/8")));
  EXPECT_TRUE(Refused(NormaliseGroupKey("7/8 & 9")));
}

TEST(GroupKeyTest, RefusesLongKeysAndForbiddenCharactersSayingWhy) {
  auto long_key = NormaliseGroupKey("12345678901");
  EXPECT_TRUE(Refused(long_key, "12345678901"));
  EXPECT_NE(Nl(long_key).find("10 tekens"), std::string::npos);
  for (std::string_view character :
       {"\"", "'", "+", "&", "<", ">", "|", "\\"}) {
    std::string key = "5" + std::string(character) + "6";
    auto result = NormaliseGroupKey(key);
    EXPECT_TRUE(Refused(result)) << key;
    EXPECT_NE(Nl(result).find("het teken " + std::string(character)),
              std::string::npos)
        << Nl(result);
  }
  EXPECT_TRUE(Refused(NormaliseGroupKey("5\t6")));
}

TEST(GroupNameTest, CollapsesSpacesAndLimitsTheLength) {
  EXPECT_EQ(ValueOr(NormaliseGroupName("  Groep \t 5A ")), "Groep 5A");
  EXPECT_EQ(ValueOr(NormaliseGroupName("groep 5/6 & \"De kevers\"")),
            "groep 5/6 & \"De kevers\"");
  EXPECT_EQ(ValueOr(NormaliseGroupName(std::string(30, 'x'))),
            std::string(30, 'x'));
  std::string thirty_e;
  for (int i = 0; i < 30; ++i) thirty_e += "é";
  EXPECT_EQ(ValueOr(NormaliseGroupName(thirty_e)), thirty_e);
  EXPECT_TRUE(Refused(NormaliseGroupName(thirty_e + "é")));
  EXPECT_TRUE(Refused(NormaliseGroupName(std::string(31, 'x'))));
  EXPECT_TRUE(
      Refused(NormaliseGroupName("Groep\x01"
                                 "5")));
  EXPECT_EQ(ValueOr(NormaliseGroupName("")), "");
}

// --- E-mail ----------------------------------------------------------------

TEST(EmailTest, TrimsAndLowersTheDomainOnly) {
  EXPECT_EQ(ValueOr(NormaliseEmail(" Jan.Jansen@School.NL ")),
            "Jan.Jansen@school.nl");
  EXPECT_EQ(ValueOr(NormaliseEmail("a+b@x.y.nl")), "a+b@x.y.nl");
  EXPECT_EQ(ValueOr(NormaliseEmail("")), "");
}

TEST(EmailTest, RefusesWhatIsNotOneAddress) {
  for (std::string_view text :
       {"a@b.nl, c@d.nl", "a@b.nl;c@d.nl", "a b@c.nl", "a\tb@c.nl", "a@b@c.nl",
        "ab.nl", "a@bnl", "a@.nl", "a@b.", "@b.nl", "a@b..nl",
        "a@b.nl\r\nBcc: x@y.nl", "a@b.nl\nc", "a\x01@b.nl"}) {
    EXPECT_TRUE(Refused(NormaliseEmail(text))) << text;
  }
  EXPECT_TRUE(Refused(NormaliseEmail("jan@school"), "jan@school"));
}

TEST(EmailTest, AtMost254Characters) {
  std::string domain = "@school.nl";
  std::string fits = std::string(254 - domain.size(), 'a') + domain;
  EXPECT_EQ(ValueOr(NormaliseEmail(fits)), fits);
  auto too_long = NormaliseEmail("a" + fits);
  EXPECT_TRUE(Refused(too_long, "255"));
}

// --- Phone numbers -----------------------------------------------------------

TEST(PhoneTest, DropsSeparators) {
  EXPECT_EQ(ValueOr(NormalisePhone("06-12 34 56 78")), "0612345678");
  EXPECT_EQ(ValueOr(NormalisePhone("+31 6 1234 5678")), "+31612345678");
  EXPECT_EQ(ValueOr(NormalisePhone("(020) 123.45.67")), "0201234567");
  EXPECT_EQ(ValueOr(NormalisePhone("+31 (0)6 12345678")), "+31612345678");
  EXPECT_EQ(ValueOr(NormalisePhone("0031 6 12345678")), "0031612345678");
  EXPECT_EQ(ValueOr(NormalisePhone("123456")), "123456");
  EXPECT_EQ(ValueOr(NormalisePhone("+123456789012345")), "+123456789012345");
  EXPECT_EQ(ValueOr(NormalisePhone("")), "");
}

TEST(PhoneTest, RefusesLettersAndWrongLengths) {
  auto letters = NormalisePhone("06-1234abcd");
  EXPECT_TRUE(Refused(letters, "06-1234abcd"));
  EXPECT_NE(Nl(letters).find("letters"), std::string::npos);
  EXPECT_TRUE(Refused(NormalisePhone("tel. 0612345678")));
  EXPECT_TRUE(Refused(NormalisePhone("12345"), "5"));
  EXPECT_TRUE(Refused(NormalisePhone("1234567890123456"), "16"));
  EXPECT_TRUE(Refused(NormalisePhone("06+12345678")));
  EXPECT_TRUE(Refused(NormalisePhone("0612345678 / 0201234567"), "\"/\""));
  EXPECT_TRUE(Refused(NormalisePhone("06–12345678")));  // en dash
}

// --- House numbers -----------------------------------------------------------

HouseNumber House(std::string_view text) {
  auto result = SplitHouseNumber(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  return result.ok() ? *result : HouseNumber{"refused", ""};
}

TEST(HouseNumberTest, SplitsNumberAndAddition) {
  EXPECT_EQ(House("12"), HouseNumber("12", ""));
  EXPECT_EQ(House("12a"), HouseNumber("12", "A"));
  EXPECT_EQ(House("12 A"), HouseNumber("12", "A"));
  EXPECT_EQ(House("12-2"), HouseNumber("12", "2"));
  EXPECT_EQ(House("12 - 2"), HouseNumber("12", "2"));
  EXPECT_EQ(House("12 bis"), HouseNumber("12", "bis"));
  EXPECT_EQ(House("12A-3"), HouseNumber("12", "A-3"));
  EXPECT_EQ(House(" 12.0 "), HouseNumber("12", ""));
  EXPECT_EQ(House("012"), HouseNumber("12", ""));
  EXPECT_EQ(House("99999 hs"), HouseNumber("99999", "hs"));
  EXPECT_EQ(House("1 abcde"), HouseNumber("1", "abcde"));
  EXPECT_EQ(House(""), HouseNumber("", ""));
}

TEST(HouseNumberTest, RefusesOtherShapes) {
  for (std::string_view text : {"123456", "A12", "0", "12 abcdef", "12/2",
                                "12--2", "12 -", "12 A B", "twaalf", "12 ½"}) {
    EXPECT_TRUE(Refused(SplitHouseNumber(text), text)) << text;
  }
}

// --- Messages
// ------------------------------------------------------------------

TEST(MessageTest, LongValuesAreCutBetweenCharacters) {
  std::string long_number;
  for (int i = 0; i < 30; ++i) long_number += "é1";
  auto result = NormaliseStudentNumber(long_number, NumberRule{}, "");
  ASSERT_TRUE(Refused(result));
  std::string shown;
  for (int i = 0; i < 20; ++i) shown += "é1";
  EXPECT_NE(Nl(result).find("\"" + shown + "…\""), std::string::npos)
      << Nl(result);
  EXPECT_EQ(Nl(result).find(long_number), std::string::npos);
}

TEST(MessageTest, InvisibleAndBrokenCharactersStayPrintable) {
  auto control = NormaliseStudentNumber(
      "12\x01"
      "34",
      NumberRule{}, "");
  EXPECT_TRUE(Refused(control, "\"12?34\""));
  auto broken = NormaliseGroupKey("5\xFF&6");
  EXPECT_TRUE(Refused(broken, "\"5\xEF\xBF\xBD&6\""));
}

}  // namespace
}  // namespace schoolbieb::roster
