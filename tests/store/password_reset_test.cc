// Password links: stored only as a hash, single use, short-lived, the newest
// one only, never for a disabled account, the password rules still apply,
// and setting a password ends every session — on both databases.
#include "store/password_reset.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/library_store.h"
#include "store/session_store.h"
#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

constexpr const char* kOldPassword = "Oude-zin-van-de-juf-26";
constexpr const char* kNewPassword = "Nieuwe-zin-van-de-juf-26";

class PasswordResetTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    library_.code = "demo";
    library_.name = "Bibliotheek Demostad";
    ASSERT_TRUE(AddLibrary(db(), library_).ok());
    account_ = Make("juf.test", "juf@kievit.example");
  }

  Account Make(const std::string& login, const std::string& email,
               bool with_password = true) {
    Account account;
    account.library_id = library_.id;
    account.login = login;
    account.role = Role::kStaff;
    account.email = email;
    Status status = with_password
                        ? AddAccount(db(), account, kOldPassword)
                        : AddPortalAccountWithoutPassword(db(), account, false);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return account;
  }

  std::string Token(long long account_id,
                    PasswordPurpose purpose = PasswordPurpose::kReset,
                    int64_t valid_seconds = kResetPasswordSeconds) {
    auto token =
        CreatePasswordToken(db(), account_id, purpose, clock_, valid_seconds);
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? *token : "";
  }

  bool LogsIn(const std::string& login, const std::string& password) {
    return Login(db(), login, password, "10.0.0.1", policy_, clock_).ok();
  }

  ManualClock clock_{1'800'000'000};
  SessionPolicy policy_;
  Library library_;
  Account account_;
};

TEST_P(PasswordResetTest, OnlyTheHashIsStoredAndATokenWorksOnce) {
  std::string token = Token(account_.id);
  EXPECT_GE(token.size(), 43u);  // 256 bits in base64
  int clear = -1, hashed = -1;
  db().sql() << "SELECT COUNT(*) FROM password_token WHERE token_hash = :t",
      soci::use(token), soci::into(clear);
  std::string hash = Sha256Hex(token);
  db().sql() << "SELECT COUNT(*) FROM password_token WHERE token_hash = :t",
      soci::use(hash), soci::into(hashed);
  EXPECT_EQ(clear, 0);
  EXPECT_EQ(hashed, 1);

  auto checked = CheckPasswordToken(db(), token, clock_);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(checked->account.login, "juf.test");
  EXPECT_EQ(checked->purpose, PasswordPurpose::kReset);

  auto used = UsePasswordToken(db(), token, kNewPassword, clock_);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(used->id, account_.id);
  EXPECT_TRUE(LogsIn("juf.test", kNewPassword));
  EXPECT_FALSE(LogsIn("juf.test", kOldPassword));

  auto again = UsePasswordToken(db(), token, "Nog-een-andere-zin-26", clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(again.status().message(Language::kDutch),
            "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.");
  EXPECT_TRUE(LogsIn("juf.test", kNewPassword));
}

TEST_P(PasswordResetTest, UnknownAndEmptyTokensGetTheSameAnswer) {
  Token(account_.id);
  for (const std::string& token :
       {std::string(), std::string("geraden"), RandomToken(32)}) {
    auto checked = CheckPasswordToken(db(), token, clock_);
    ASSERT_FALSE(checked.ok());
    EXPECT_EQ(checked.status().code(), Status::Code::kFailedPrecondition);
    EXPECT_FALSE(UsePasswordToken(db(), token, kNewPassword, clock_).ok());
  }
  EXPECT_TRUE(LogsIn("juf.test", kOldPassword));
}

TEST_P(PasswordResetTest, ATokenExpires) {
  std::string token = Token(account_.id);
  clock_.Advance(kResetPasswordSeconds - 1);
  EXPECT_TRUE(CheckPasswordToken(db(), token, clock_).ok());
  clock_.Advance(1);
  auto late = UsePasswordToken(db(), token, kNewPassword, clock_);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_TRUE(LogsIn("juf.test", kOldPassword));
  // A new account's link lasts a day.
  std::string set_token =
      Token(account_.id, PasswordPurpose::kSet, kSetPasswordSeconds);
  clock_.Advance(kSetPasswordSeconds - 60);
  auto checked = CheckPasswordToken(db(), set_token, clock_);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(checked->purpose, PasswordPurpose::kSet);
  clock_.Advance(60);
  EXPECT_FALSE(CheckPasswordToken(db(), set_token, clock_).ok());
}

TEST_P(PasswordResetTest, ANewTokenEndsTheEarlierOnes) {
  std::string first = Token(account_.id);
  std::string second = Token(account_.id, PasswordPurpose::kSet);
  std::string third = Token(account_.id);
  EXPECT_FALSE(CheckPasswordToken(db(), first, clock_).ok());
  EXPECT_FALSE(CheckPasswordToken(db(), second, clock_).ok());
  // Another account's link is not touched.
  Account other = Make("meester.test", "meester@kievit.example");
  std::string others = Token(other.id);
  EXPECT_TRUE(UsePasswordToken(db(), third, kNewPassword, clock_).ok());
  EXPECT_TRUE(UsePasswordToken(db(), others, kNewPassword, clock_).ok());
  EXPECT_FALSE(UsePasswordToken(db(), first, kNewPassword, clock_).ok());
}

TEST_P(PasswordResetTest, ADisabledAccountCannotUseOrGetALink) {
  std::string token = Token(account_.id);
  ASSERT_TRUE(DisableAccount(db(), account_.id, clock_).ok());
  auto used = UsePasswordToken(db(), token, kNewPassword, clock_);
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.status().code(), Status::Code::kPermissionDenied);
  auto made = CreatePasswordToken(db(), account_.id, PasswordPurpose::kReset,
                                  clock_, kResetPasswordSeconds);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().code(), Status::Code::kFailedPrecondition);
  auto unknown = CreatePasswordToken(db(), account_.id + 1000,
                                     PasswordPurpose::kReset, clock_, 60);
  EXPECT_EQ(unknown.status().code(), Status::Code::kNotFound);
  std::string hash;
  db().sql() << "SELECT password_hash FROM account WHERE id = :id",
      soci::use(account_.id), soci::into(hash);
  EXPECT_TRUE(VerifyPassword(kOldPassword, hash));
}

TEST_P(PasswordResetTest, ThePasswordRulesApplyAndABadTryKeepsTheToken) {
  std::string token = Token(account_.id);
  for (const char* bad : {"te-kort", "wachtwoord1234"}) {
    auto used = UsePasswordToken(db(), token, bad, clock_);
    ASSERT_FALSE(used.ok()) << bad;
    EXPECT_EQ(used.status().code(), Status::Code::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(LogsIn("juf.test", kOldPassword));
  EXPECT_TRUE(UsePasswordToken(db(), token, kNewPassword, clock_).ok());
}

TEST_P(PasswordResetTest,
       SettingThePasswordEndsEverySessionAndForgetsFailures) {
  auto first = CreateSession(db(), account_.id, "10.0.0.1", policy_, clock_);
  auto second = CreateSession(db(), account_.id, "10.0.0.2", policy_, clock_);
  ASSERT_TRUE(first.ok() && second.ok());
  for (int attempt = 0; attempt < policy_.max_failures_per_login; ++attempt) {
    EXPECT_FALSE(LogsIn("juf.test", "geraden-wachtwoord-1"));
  }
  EXPECT_EQ(Login(db(), "juf.test", kOldPassword, "10.0.0.1", policy_, clock_)
                .status()
                .code(),
            Status::Code::kResourceExhausted);
  ASSERT_TRUE(
      UsePasswordToken(db(), Token(account_.id), kNewPassword, clock_).ok());
  EXPECT_FALSE(ValidateSession(db(), first->token, policy_, clock_).ok());
  EXPECT_FALSE(ValidateSession(db(), second->token, policy_, clock_).ok());
  EXPECT_TRUE(LogsIn("juf.test", kNewPassword));
}

TEST_P(PasswordResetTest, TheHourlyLimitRefusesWithoutSpoilingTheLastLink) {
  std::string last;
  for (int i = 0; i < 3; ++i) {
    auto token = CreatePasswordToken(db(), account_.id, PasswordPurpose::kReset,
                                     clock_, kResetPasswordSeconds, 3);
    ASSERT_TRUE(token.ok()) << i << ": " << token.status().ToString();
    last = *token;
    clock_.Advance(60);
  }
  auto fourth = CreatePasswordToken(db(), account_.id, PasswordPurpose::kReset,
                                    clock_, kResetPasswordSeconds, 3);
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.status().code(), Status::Code::kResourceExhausted);
  EXPECT_TRUE(CheckPasswordToken(db(), last, clock_).ok());
  // An hour after the first, one more may go.
  clock_.Advance(60 * 60 - 3 * 60 + 1);
  EXPECT_TRUE(CreatePasswordToken(db(), account_.id, PasswordPurpose::kReset,
                                  clock_, kResetPasswordSeconds, 3)
                  .ok());
}

TEST_P(PasswordResetTest, AnAccountWithoutPasswordLogsInOnlyAfterItsLink) {
  Account fresh = Make("docent.nieuw", "nieuw@kievit.example", false);
  EXPECT_FALSE(LogsIn("docent.nieuw", ""));
  EXPECT_FALSE(LogsIn("docent.nieuw", kOldPassword));
  std::string token =
      Token(fresh.id, PasswordPurpose::kSet, kSetPasswordSeconds);
  ASSERT_TRUE(UsePasswordToken(db(), token, kNewPassword, clock_).ok());
  EXPECT_TRUE(LogsIn("docent.nieuw", kNewPassword));

  Account no_email;
  no_email.library_id = library_.id;
  no_email.login = "zonder.adres";
  Status refused = AddPortalAccountWithoutPassword(db(), no_email, false);
  EXPECT_EQ(refused.code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(FindAccountByLogin(db(), "zonder.adres").ok());
}

TEST_P(PasswordResetTest, TheForgotFormFindsAccountsByLoginOrAddress) {
  Account twin = Make("juf.test2", "JUF@kievit.example");
  Account silent = Make("zonder.mail", "");
  Account gone = Make("weg.test", "juf@kievit.example");
  ASSERT_TRUE(DisableAccount(db(), gone.id, clock_).ok());

  auto by_login = FindAccountsForPasswordMail(db(), "juf.test");
  ASSERT_TRUE(by_login.ok());
  ASSERT_EQ(by_login->size(), 1u);
  EXPECT_EQ(by_login->front().id, account_.id);

  auto by_address = FindAccountsForPasswordMail(db(), "Juf@Kievit.example");
  ASSERT_TRUE(by_address.ok());
  ASSERT_EQ(by_address->size(), 2u);
  EXPECT_EQ((*by_address)[0].id, account_.id);
  EXPECT_EQ((*by_address)[1].id, twin.id);

  for (const char* nobody : {"zonder.mail", "weg.test", "onbekend", ""}) {
    auto found = FindAccountsForPasswordMail(db(), nobody);
    ASSERT_TRUE(found.ok()) << nobody;
    EXPECT_TRUE(found->empty()) << nobody;
  }
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, PasswordResetTest);

}  // namespace
}  // namespace schoolbieb::store
