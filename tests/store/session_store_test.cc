#include "store/session_store.h"

#include <gtest/gtest.h>

#include "store/library_store.h"
#include "store_fixture.h"

namespace schoolbieb::store {
namespace {

constexpr const char* kPassword = "Leesplezier-voor-iedereen-26";

class SessionStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Library library;
    library.code = "bieb";
    library.name = "Bibliotheek";
    ASSERT_TRUE(AddLibrary(db(), library).ok());
    for (const char* login : {"docent.een", "docent.twee"}) {
      Account account;
      account.library_id = library.id;
      account.login = login;
      account.role = Role::kStaff;
      Status status = AddAccount(db(), account, kPassword);
      ASSERT_TRUE(status.ok()) << status.ToString();
      accounts_.push_back(account.id);
    }
  }

  ManualClock clock_{1'800'000'000};
  SessionPolicy policy_;
  std::vector<long long> accounts_;
};

TEST_P(SessionStoreTest, OnlyTheHashIsStoredAndEveryLoginGetsANewToken) {
  auto first = CreateSession(db(), accounts_[0], "127.0.0.1", policy_, clock_);
  auto second = CreateSession(db(), accounts_[0], "127.0.0.1", policy_, clock_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->token, second->token);
  EXPECT_GE(first->token.size(), 43u);  // 256 bits in base64
  EXPECT_NE(first->session.csrf_token, second->session.csrf_token);
  int clear = 0;
  db().sql() << "SELECT COUNT(*) FROM session WHERE token_hash = :t",
      soci::use(first->token), soci::into(clear);
  EXPECT_EQ(clear, 0);
  auto valid = ValidateSession(db(), first->token, policy_, clock_);
  ASSERT_TRUE(valid.ok()) << valid.status().ToString();
  EXPECT_EQ(valid->account_id, accounts_[0]);
  EXPECT_FALSE(ValidateSession(db(), "made-up", policy_, clock_).ok());
  EXPECT_FALSE(ValidateSession(db(), "", policy_, clock_).ok());
}

TEST_P(SessionStoreTest, IdleAndAbsoluteTimeoutsEndASession) {
  auto idle = CreateSession(db(), accounts_[0], "", policy_, clock_);
  ASSERT_TRUE(idle.ok());
  clock_.Advance(policy_.idle_seconds - 60);
  ASSERT_TRUE(ValidateSession(db(), idle->token, policy_, clock_).ok());
  clock_.Advance(policy_.idle_seconds);
  auto expired = ValidateSession(db(), idle->token, policy_, clock_);
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.status().message().nl.find("Log opnieuw in"),
            std::string::npos);

  auto busy = CreateSession(db(), accounts_[0], "", policy_, clock_);
  ASSERT_TRUE(busy.ok());
  for (int64_t t = 0; t + 20 * 60 < policy_.absolute_seconds; t += 20 * 60) {
    clock_.Advance(20 * 60);
    ASSERT_TRUE(ValidateSession(db(), busy->token, policy_, clock_).ok());
  }
  clock_.Advance(20 * 60);
  EXPECT_FALSE(ValidateSession(db(), busy->token, policy_, clock_).ok());
}

// Activity is written at most once a minute (no write per request).
TEST_P(SessionStoreTest, ActivityIsWrittenOnceAMinute) {
  auto session = CreateSession(db(), accounts_[0], "", policy_, clock_);
  ASSERT_TRUE(session.ok());
  auto seen = [&] {
    long long at = 0;
    db().sql() << "SELECT last_seen_at FROM session", soci::into(at);
    return at;
  };
  long long created = clock_.Now();
  clock_.Advance(30);
  ASSERT_TRUE(ValidateSession(db(), session->token, policy_, clock_).ok());
  EXPECT_EQ(seen(), created);
  clock_.Advance(30);
  ASSERT_TRUE(ValidateSession(db(), session->token, policy_, clock_).ok());
  EXPECT_EQ(seen(), created + 60);
}

TEST_P(SessionStoreTest, LogoutAndDisablingEndSessions) {
  auto a = CreateSession(db(), accounts_[0], "", policy_, clock_);
  auto b = CreateSession(db(), accounts_[1], "", policy_, clock_);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(EndSession(db(), a->token).ok());
  EXPECT_FALSE(ValidateSession(db(), a->token, policy_, clock_).ok());
  ASSERT_TRUE(DisableAccount(db(), accounts_[1], clock_).ok());
  EXPECT_FALSE(ValidateSession(db(), b->token, policy_, clock_).ok());
  EXPECT_FALSE(
      Login(db(), "docent.twee", kPassword, "10.0.0.1", policy_, clock_).ok());
}

TEST_P(SessionStoreTest, WrongNameAndWrongPasswordGetTheSameAnswer) {
  auto good = Login(db(), "docent.een", kPassword, "10.0.0.1", policy_, clock_);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->id, accounts_[0]);
  auto bad_password = Login(db(), "docent.een", "verkeerd-wachtwoord",
                            "10.0.0.1", policy_, clock_);
  auto bad_name =
      Login(db(), "docent.niemand", kPassword, "10.0.0.1", policy_, clock_);
  ASSERT_FALSE(bad_password.ok());
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_password.status().message().nl, bad_name.status().message().nl);
  EXPECT_EQ(bad_password.status().code(), bad_name.status().code());
}

TEST_P(SessionStoreTest, LoginsAreThrottledPerNameAndPerAddress) {
  for (int attempt = 0; attempt < policy_.max_failures_per_login; ++attempt) {
    EXPECT_EQ(Login(db(), "docent.een", "fout", "10.0.0.1", policy_, clock_)
                  .status()
                  .code(),
              Status::Code::kPermissionDenied);
  }
  // Throttled: even the right password is not checked now.
  auto throttled =
      Login(db(), "docent.een", kPassword, "10.0.0.2", policy_, clock_);
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.status().code(), Status::Code::kResourceExhausted);
  // The other account is not affected from another address.
  EXPECT_TRUE(
      Login(db(), "docent.twee", kPassword, "10.0.0.3", policy_, clock_).ok());
  clock_.Advance(policy_.failure_window_seconds + 1);
  EXPECT_TRUE(
      Login(db(), "docent.een", kPassword, "10.0.0.2", policy_, clock_).ok());

  // One address trying many names.
  for (int attempt = 0; attempt < policy_.max_failures_per_address; ++attempt) {
    (void)Login(db(), "naam" + std::to_string(attempt), "fout", "10.9.9.9",
                policy_, clock_);
  }
  auto from_there =
      Login(db(), "docent.twee", kPassword, "10.9.9.9", policy_, clock_);
  EXPECT_EQ(from_there.status().code(), Status::Code::kResourceExhausted);
}

TEST_P(SessionStoreTest, ASessionWaitingForItsCodeIsNotSignedIn) {
  auto waiting =
      CreateSession(db(), accounts_[0], "127.0.0.1", policy_, clock_, true);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(
      ValidateSession(db(), waiting->token, policy_, clock_).status().code(),
      Status::Code::kPermissionDenied);
  auto any = ValidateAnySession(db(), waiting->token, policy_, clock_);
  ASSERT_TRUE(any.ok());
  EXPECT_TRUE(any->awaiting_second_factor);

  auto signed_in = CompleteSecondStep(db(), waiting->session.id, "127.0.0.1",
                                      policy_, clock_);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  EXPECT_NE(signed_in->token, waiting->token);
  EXPECT_NE(signed_in->session.csrf_token, waiting->session.csrf_token);
  EXPECT_EQ(signed_in->session.account_id, accounts_[0]);
  EXPECT_TRUE(ValidateSession(db(), signed_in->token, policy_, clock_).ok());
  EXPECT_FALSE(ValidateAnySession(db(), waiting->token, policy_, clock_).ok());
  // Only once: a second request with the same waiting session loses.
  EXPECT_FALSE(
      CompleteSecondStep(db(), waiting->session.id, "", policy_, clock_).ok());
  // A signed-in session is not "completed" again either.
  EXPECT_FALSE(
      CompleteSecondStep(db(), signed_in->session.id, "", policy_, clock_)
          .ok());

  // The wait is short.
  auto slow =
      CreateSession(db(), accounts_[0], "127.0.0.1", policy_, clock_, true);
  ASSERT_TRUE(slow.ok());
  clock_.Advance(policy_.second_step_seconds);
  EXPECT_FALSE(ValidateAnySession(db(), slow->token, policy_, clock_).ok());
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, SessionStoreTest);

}  // namespace
}  // namespace schoolbieb::store
