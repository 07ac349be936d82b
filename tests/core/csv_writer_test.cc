#include "core/csv_writer.h"

#include <gtest/gtest.h>

namespace schoolbieb {
namespace {

// What a spreadsheet would run as a formula is shown as text instead.
TEST(CsvWriterTest, FormulaLikeCellsAreNeutralised) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("+31612345678"), "'+31612345678");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\t=1"), "'\t=1");
  EXPECT_EQ(CsvCell("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvCell("\xEF\xBC\x9D"
                    "1+1"),
            "'\xEF\xBC\x9D"
            "1+1");
}

// Ordinary text, including the Dutch prefix 't, stays exactly as it was.
TEST(CsvWriterTest, OrdinaryTextAndTheDutchPrefixSurvive) {
  EXPECT_EQ(CsvCell("'t"), "'t");
  EXPECT_EQ(CsvCell("van 't Hof"), "van 't Hof");
  EXPECT_EQ(CsvCell("Jansen-de Vries"), "Jansen-de Vries");
  EXPECT_EQ(CsvCell("ouder@example.org"), "ouder@example.org");
  EXPECT_EQ(CsvCell("Zoë"), "Zoë");
  EXPECT_EQ(CsvCell(""), "");
}

TEST(CsvWriterTest, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(CsvCell("a;b"), "\"a;b\"");
  EXPECT_EQ(CsvCell("zeg \"hoi\""), "\"zeg \"\"hoi\"\"\"");
  EXPECT_EQ(CsvCell("regel\nregel"), "\"regel\nregel\"");
  EXPECT_EQ(CsvLine({"1", "=1", "'t", "a;b"}), "1;'=1;'t;\"a;b\"\r\n");
}

}  // namespace
}  // namespace schoolbieb
