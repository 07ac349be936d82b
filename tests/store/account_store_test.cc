#include "store/account_store.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

constexpr const char* kPassword = "Lange-zin-voor-de-test";

class AccountStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    library_.code = "demo";
    library_.name = "Bibliotheek Demostad";
    ASSERT_TRUE(AddLibrary(db(), library_).ok());
    school_.library_id = library_.id;
    school_.code = "de-kievit";
    school_.name = "Basisschool De Kievit";
    school_.brin = "99KV";
    ASSERT_TRUE(AddBranch(db(), school_).ok());
  }

  Account Teacher(const std::string& login) {
    Account account;
    account.library_id = library_.id;
    account.login = login;
    account.role = Role::kTeacher;
    account.branch_id = school_.id;
    account.display_name = "Juf Test";
    return account;
  }

  int Count(const std::string& table) {
    int n = -1;
    db().sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  Library library_;
  Branch school_;
};

TEST_P(AccountStoreTest, PasswordIsStoredOnlyAsArgon2idHash) {
  Account account = Teacher("juf.test");
  ASSERT_TRUE(AddAccount(db(), account, kPassword).ok());
  auto hash = PasswordHash(db(), account.id);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash->find(kPassword), std::string::npos);
  EXPECT_TRUE(VerifyPassword(kPassword, *hash));
  EXPECT_FALSE(VerifyPassword("Lange-zin-voor-de-tesT", *hash));
}

TEST_P(AccountStoreTest, LoginNamesAreUniqueOverAllLibraries) {
  Account first = Teacher("juf.test");
  ASSERT_TRUE(AddAccount(db(), first, kPassword).ok());
  Library other;
  other.code = "elders";
  other.name = "Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());
  Account second = Teacher("juf.test");
  second.library_id = other.id;
  second.branch_id = 0;
  Status status = AddAccount(db(), second, kPassword);
  EXPECT_EQ(status.code(), Status::Code::kAlreadyExists);
  EXPECT_NE(status.message().nl.find("al in gebruik"), std::string::npos);
}

TEST_P(AccountStoreTest, WeakPasswordsAreRefusedWithTheRule) {
  Account account = Teacher("juf.test");
  Status short_one = AddAccount(db(), account, "kort-wacht");
  EXPECT_EQ(short_one.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(short_one.message().nl.find("12 tekens"), std::string::npos);
  EXPECT_EQ(AddAccount(db(), account, "Wachtwoord123").code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(AddAccount(db(), account, "JUF.TEST").code(),
            Status::Code::kInvalidArgument);
  // Twelve code points, more bytes: long enough.
  EXPECT_TRUE(CheckPasswordRules("ééééééééééé1", "x").ok());
  EXPECT_EQ(Count("account"), 0);
}

TEST_P(AccountStoreTest, TeacherAccountGetsCustomerRecordWithUploadRight) {
  Account account = Teacher("juf.test");
  ASSERT_TRUE(
      AddPortalAccount(db(), account, kPassword, /*grant_upload=*/true).ok());
  ASSERT_GT(account.customer_id, 0);
  auto customer = GetCustomer(db(), account.customer_id);
  ASSERT_TRUE(customer.ok());
  EXPECT_EQ(customer->kind, "teacher");
  EXPECT_EQ(customer->upload_branch_id, school_.id);
  EXPECT_EQ(customer->school_branch_id, school_.id);
  auto found = FindAccountByLogin(db(), "juf.test");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->customer_id, account.customer_id);
  EXPECT_EQ(found->role, Role::kTeacher);
}

TEST_P(AccountStoreTest, FailedAccountLeavesNoCustomerBehind) {
  Account account = Teacher("juf.test");
  // The customer is written first; the weak password fails after it.
  Status status =
      AddPortalAccount(db(), account, "te-kort", /*grant_upload=*/true);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Count("customer"), 0);
  EXPECT_EQ(Count("account"), 0);
}

TEST_P(AccountStoreTest, ApiTokenIsShownOnceAndStoredHashed) {
  Account account = Teacher("juf.test");
  ASSERT_TRUE(AddAccount(db(), account, kPassword).ok());
  auto token = CreateApiToken(db(), account.id, "LAS-koppeling");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->rfind("sbt_", 0), 0u);
  EXPECT_GE(token->size(), 4u + 43u);  // 256 bits in base64
  std::string stored;
  db().sql() << "SELECT token_hash FROM api_token", soci::into(stored);
  EXPECT_EQ(stored, Sha256Hex(*token));
  EXPECT_EQ(stored.find(token->substr(4)), std::string::npos);

  auto found = FindAccountByApiToken(db(), *token);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, account.id);
  EXPECT_EQ(FindAccountByApiToken(db(), "sbt_wrong").status().code(),
            Status::Code::kNotFound);
  auto second = CreateApiToken(db(), account.id, "");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, *token);
}

TEST_P(AccountStoreTest, DisabledAccountTokensStopWorking) {
  Account account = Teacher("juf.test");
  ASSERT_TRUE(AddAccount(db(), account, kPassword).ok());
  auto token = CreateApiToken(db(), account.id, "");
  ASSERT_TRUE(token.ok());
  db().sql() << "UPDATE account SET disabled_at = 1 WHERE id = :id",
      soci::use(account.id);
  EXPECT_EQ(FindAccountByApiToken(db(), *token).status().code(),
            Status::Code::kNotFound);
  EXPECT_EQ(CreateApiToken(db(), account.id, "").status().code(),
            Status::Code::kFailedPrecondition);
}

TEST_P(AccountStoreTest, RolesParseInEnglishAndDutch) {
  EXPECT_EQ(ParseRole("docent"), Role::kTeacher);
  EXPECT_EQ(ParseRole("medewerker"), Role::kStaff);
  EXPECT_EQ(ParseRole("beheerder"), Role::kAdmin);
  EXPECT_EQ(ParseRole("admin"), Role::kAdmin);
  EXPECT_FALSE(ParseRole("root").has_value());
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, AccountStoreTest);

}  // namespace
}  // namespace schoolbieb::store
