#include "core/names.h"

#include <gtest/gtest.h>

namespace schoolbieb {
namespace {

using Split = std::pair<std::string, std::string>;

TEST(NamesTest, SplitsKnownPrefixesOffACombinedSurname) {
  EXPECT_EQ(SplitNamePrefix("van der Poel"), Split("van der", "Poel"));
  // Both parts as written: names are never re-cased.
  EXPECT_EQ(SplitNamePrefix("Van Der Poel"), Split("Van Der", "Poel"));
  EXPECT_EQ(SplitNamePrefix("De Vries"), Split("De", "Vries"));
  EXPECT_EQ(SplitNamePrefix("'t Hart"), Split("'t", "Hart"));
  EXPECT_EQ(SplitNamePrefix("d'Arcy"), Split("d'", "Arcy"));
  EXPECT_EQ(SplitNamePrefix("van den  Berg"), Split("van den", "Berg"));
  EXPECT_EQ(SplitNamePrefix("v. d. Berg"), Split("v. d.", "Berg"));
  EXPECT_EQ(SplitNamePrefix("Vandermeulen"), Split("", "Vandermeulen"));
  EXPECT_EQ(SplitNamePrefix("Van"), Split("", "Van"));
  EXPECT_EQ(SplitNamePrefix("Dekker"), Split("", "Dekker"));
  EXPECT_EQ(SplitNamePrefix("ter Horst"), Split("ter", "Horst"));
}

TEST(NamesTest, InitialsAreDerivedWithDotsAndNoSpaces) {
  EXPECT_EQ(DeriveInitials("Timo Johannes"), "T.J.");
  EXPECT_EQ(DeriveInitials("Anne-Marie"), "A.M.");
  EXPECT_EQ(DeriveInitials("Çağla"), "Ç.");
  EXPECT_EQ(DeriveInitials("émilie"), "É.");
  EXPECT_EQ(DeriveInitials("Chr. Th."), "Chr.Th.");
  EXPECT_EQ(DeriveInitials("T.J"), "T.J.");
  EXPECT_EQ(DeriveInitials("Jo Ann"), "J.A.");
  EXPECT_EQ(DeriveInitials("T J"), "T.J.");
  EXPECT_EQ(DeriveInitials(""), "");
}

TEST(NamesTest, ShownAndSortedTheDutchWay) {
  EXPECT_EQ(DisplayName("Jan", "J.", "van der", "Poel"), "Jan van der Poel");
  // A prefix stored with capitals is shown in lower case after a name; a
  // name part that is no Dutch prefix keeps its capital.
  EXPECT_EQ(DisplayName("Jan", "J.", "Van Der", "Poel"), "Jan van der Poel");
  EXPECT_EQ(DisplayName("Sara", "S.", "El", "Amrani"), "Sara El Amrani");
  EXPECT_EQ(DisplayName("", "", "Van", "Dijk"), "Van Dijk");
  EXPECT_EQ(DisplayName("", "J.P.", "'t", "Hart"), "J.P. 't Hart");
  EXPECT_EQ(DisplayName("Émilie", "É.", "d'", "Arcy-Jansen"),
            "Émilie d'Arcy-Jansen");
  EXPECT_EQ(SortName("van der", "Poel"), "Poel, van der");
  EXPECT_EQ(SortName("", "Poel"), "Poel");
  EXPECT_EQ(NormalisePrefix("Van  Der"), "Van Der");
  EXPECT_EQ(NormalisePrefix(" El "), "El");
  EXPECT_TRUE(IsNamePrefix("VAN DEN"));
  EXPECT_FALSE(IsNamePrefix("Jansen"));
}

TEST(NamesTest, SpacesAreCollapsedIncludingNonBreakingOnes) {
  EXPECT_EQ(CollapseSpaces("  Jan\xC2\xA0 van\t der  "), "Jan van der");
  EXPECT_EQ(CollapseSpaces("\xE2\x80\x89Zoë\xE2\x80\xAF"), "Zoë");
  EXPECT_EQ(CollapseSpaces("Jansen"), "Jansen");
  EXPECT_EQ(CollapseSpaces("Groep 5a"), "Groep 5a");
  EXPECT_EQ(CollapseSpaces(""), "");
  EXPECT_EQ(CollapseSpaces(" \xC2\xA0\t"), "");
  // Bytes that start a space only in some sequences stay: U+2010 (hyphen,
  // E2 80 90) and U+00A9 (©, C2 A9) are no spaces.
  EXPECT_EQ(CollapseSpaces("a\xE2\x80\x90b \xC2\xA9"),
            "a\xE2\x80\x90b \xC2\xA9");
  // A space sequence cut off at the end is kept as text.
  EXPECT_EQ(CollapseSpaces("a\xE2\x80"), "a\xE2\x80");
}

TEST(NamesTest, BlankIsWhatCollapsesToNothing) {
  for (std::string_view text :
       {"", " ", "\t\r\n", "\xC2\xA0", "\xE2\x80\x83 \xE2\x80\xAF", "x", " x ",
        "\xC2\xA9", "\xE2\x80\x90", "\xE2\x80", "0"}) {
    EXPECT_EQ(IsBlank(text), CollapseSpaces(text).empty()) << text;
  }
  EXPECT_TRUE(IsBlank(" \xC2\xA0 "));
  EXPECT_FALSE(IsBlank(" . "));
}

}  // namespace
}  // namespace schoolbieb

namespace schoolbieb {
namespace {

TEST(MatchKeyTest, NfcNfdAndCaseGiveOneKey) {
  EXPECT_EQ(MatchKey("Zo\xC3\xAB"), "zoe");   // NFC ë
  EXPECT_EQ(MatchKey("Zoe\xCC\x88"), "zoe");  // NFD e + U+0308
  EXPECT_EQ(MatchKey("ZOE"), "zoe");
  EXPECT_EQ(MatchKey("van der Poel"), "vanderpoel");
  EXPECT_EQ(MatchKey("\xC3\x87"
                     "a\xC4\x9F"
                     "la"),
            "ca\xC4\x9F"
            "la");  // Çağla
  EXPECT_NE(MatchKey("Jan"), MatchKey("Jans"));
}

TEST(MatchKeyTest, AppendingGivesTheSameKey) {
  std::string key = "x|";
  AppendMatchKey("Van der Zo\xC3\xAB", &key);
  EXPECT_EQ(key, "x|vanderzoe");
}

TEST(ComposeLatinTest, ComposesLatinLettersOnly) {
  EXPECT_EQ(ComposeLatin("Zoe\xCC\x88"), "Zo\xC3\xAB");
  EXPECT_EQ(ComposeLatin("Rene\xCC\x81"), "Ren\xC3\xA9");
  EXPECT_EQ(ComposeLatin("Franc\xCC\xA7ois"), "Fran\xC3\xA7ois");
  EXPECT_EQ(ComposeLatin("plain"), "plain");
  // A mark with no Latin-1 composition stays as it is.
  EXPECT_EQ(ComposeLatin("g\xCC\x86"), "g\xCC\x86");
}

}  // namespace
}  // namespace schoolbieb
