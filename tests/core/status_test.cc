#include "core/status.h"

#include <gtest/gtest.h>

namespace schoolbieb {
namespace {

Status Fails() { return Status::NotFound("Niet gevonden.", "Not found."); }

Status Propagates() {
  SB_RETURN_IF_ERROR(Fails());
  return Status::Internal("niet bereikt", "not reached");
}

TEST(StatusTest, CarriesCodeAndBothLanguages) {
  Status s = Status::InvalidArgument("Regel 14: fout.", "Line 14: wrong.");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.code_name(), "invalid_argument");
  EXPECT_EQ(s.message(Language::kDutch), "Regel 14: fout.");
  EXPECT_EQ(s.message(Language::kEnglish), "Line 14: wrong.");
  EXPECT_EQ(s.ToString(), "invalid_argument: Line 14: wrong.");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, ReturnIfErrorStopsAtTheFirstFailure) {
  EXPECT_EQ(Propagates().code(), Status::Code::kNotFound);
}

TEST(ResultTest, HoldsAValueOrAStatus) {
  Result<int> value = 42;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 42);
  Result<int> failure = Fails();
  EXPECT_FALSE(failure.ok());
  EXPECT_EQ(failure.status().code(), Status::Code::kNotFound);
}

TEST(LanguageTest, DutchUnlessEnglishIsAskedFor) {
  EXPECT_EQ(ParseLanguage("en"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("EN-gb"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("en_US"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("nl_NL"), Language::kDutch);
  EXPECT_EQ(ParseLanguage("eng"), Language::kDutch);
  EXPECT_EQ(ParseLanguage(""), Language::kDutch);
  EXPECT_EQ(LanguageCode(Language::kEnglish), "en");
}

}  // namespace
}  // namespace schoolbieb
