#include "web/upload_name.h"

#include <gtest/gtest.h>

namespace schoolbieb::web {
namespace {

TEST(UploadNameTest, PlainNamesWithTheAllowedExtensionsPass) {
  for (const char* name :
       {"leerlingen.csv", "Leerlingen 2026.XLSX", "groep_5-6.ods", "export.xls",
        "EDEX.ZIP", "Basisschool Zoë.csv", "Çağla lijst.csv"}) {
    EXPECT_TRUE(CheckUploadName(name).ok()) << name;
  }
}

TEST(UploadNameTest, OtherExtensionsAreRefusedNamingTheAllowedOnes) {
  for (const char* name : {"leerlingen.pdf", "leerlingen", "leerlingen.csv.exe",
                           "leerlingen.txt"}) {
    Status status = CheckUploadName(name);
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_NE(status.message().nl.find(".csv, .ods, .xls, .xlsx, .zip"),
              std::string::npos)
        << status.message().nl;
  }
}

TEST(UploadNameTest, PunctuationIsNamedAndACleanNameSuggested) {
  Status status = CheckUploadName("leerlingen (2026).csv");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().nl.find("\"(\""), std::string::npos)
      << status.message().nl;
  EXPECT_NE(status.message().nl.find("\")\""), std::string::npos);
  EXPECT_NE(status.message().nl.find("\"leerlingen 2026.csv\""),
            std::string::npos)
      << status.message().nl;
  EXPECT_NE(status.message().en.find("For example"), std::string::npos);
  // A second dot is punctuation too.
  Status dots = CheckUploadName("leerlingen.2026.csv");
  ASSERT_FALSE(dots.ok());
  EXPECT_NE(dots.message().nl.find("\".\""), std::string::npos);
  for (const char* name :
       {"a,b.csv", "a;b.csv", "a'b.csv", "a&b.csv", "a+b.csv", "a/b.csv",
        "a\\b.csv", "a!b.csv", "a#b.csv", ".csv"}) {
    EXPECT_FALSE(CheckUploadName(name).ok()) << name;
  }
}

TEST(UploadNameTest, LookAlikesControlAndBidiCharactersCount) {
  // A fullwidth full stop, a Cyrillic "а", an en dash.
  for (const char* name :
       {"leerlingen\xEF\xBC\x8E"
        "2026.csv",
        "le\xD0\xB0rlingen.csv", "groep 5 \xE2\x80\x93 6.csv"}) {
    EXPECT_FALSE(CheckUploadName(name).ok()) << name;
  }
  // Right-to-left override: "leerlingen<RLO>vsc.exe" would show reversed.
  Status bidi = CheckUploadName(
      "leerlingen\xE2\x80\xAE"
      "exe.csv");
  ASSERT_FALSE(bidi.ok());
  EXPECT_NE(bidi.message().nl.find("U+202E (tekstrichting)"), std::string::npos)
      << bidi.message().nl;
  Status control = CheckUploadName(std::string("lijst\x07.csv"));
  ASSERT_FALSE(control.ok());
  EXPECT_NE(control.message().nl.find("U+0007 (stuurteken)"),
            std::string::npos);
  EXPECT_FALSE(CheckUploadName("lijst\xFF.csv").ok());  // invalid UTF-8
}

TEST(UploadNameTest, TheRuleIsConfigurable) {
  UploadNameRule strict;
  strict.extra_allowed = "";
  EXPECT_FALSE(CheckUploadName("groep_5.csv", strict).ok());
  EXPECT_EQ(CleanUploadName("groep_5 (b).CSV", strict), "groep5b.csv");
  UploadNameRule txt;
  txt.extensions.push_back("txt");
  EXPECT_TRUE(CheckUploadName("EDEXLL.TXT", txt).ok());
}

}  // namespace
}  // namespace schoolbieb::web
