#include "cli/cli.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/clock.h"
#include "core/totp.h"
#include "store/migrations.h"
#include "store/two_factor.h"
#include "support/test_database.h"

namespace schoolbieb::cli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    db_ = std::move(created).value();
  }

  // Runs `schoolbieb --db <this test's database> args...`.
  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--db", db_->url()});
    return RunRaw(args, input);
  }

  static Outcome RunRaw(const std::vector<std::string>& args,
                        const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = cli::Run(args, {in, out, err},
                        [](const char*) -> const char* { return nullptr; });
    return {code, out.str(), err.str()};
  }

  std::unique_ptr<testing::TestDatabase> db_;
};

TEST_P(CliTest, MigrateTwiceChangesNothingTheSecondTime) {
  Outcome first = Run({"migrate"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  EXPECT_NE(
      first.out.find("van versie 0 naar " +
                     std::to_string(store::AllMigrations().back().version)),
      std::string::npos)
      << first.out;
  Outcome second = Run({"migrate"});
  ASSERT_EQ(second.code, kExitOk) << second.err;
  EXPECT_NE(second.out.find("niets veranderd"), std::string::npos)
      << second.out;
  Outcome json = Run({"migrate", "--json"});
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_TRUE(parsed["applied"].empty());
  EXPECT_EQ(parsed["from_version"], parsed["to_version"]);
}

TEST_P(CliTest, CommandsOnAnUnmigratedDatabaseSayToMigrate) {
  Outcome out = Run({"library", "list"});
  EXPECT_EQ(out.code, kExitRefused);
  EXPECT_NE(out.err.find("schoolbieb migrate"), std::string::npos) << out.err;
}

TEST_P(CliTest, SetUpALibraryByScriptAndRefuseDuplicates) {
  ASSERT_EQ(Run({"migrate"}).code, kExitOk);
  Outcome library =
      Run({"library", "add", "noord", "--name", "Bibliotheek Noord", "--notify",
           "scholen@noord.example"});
  ASSERT_EQ(library.code, kExitOk) << library.err;
  EXPECT_NE(library.out.find("toegevoegd"), std::string::npos);

  Outcome dup_library = Run({"library", "add", "noord", "--name", "Nog een"});
  EXPECT_EQ(dup_library.code, kExitRefused);
  EXPECT_NE(dup_library.err.find("Er is al een bibliotheek met code 'noord'"),
            std::string::npos)
      << dup_library.err;
  EXPECT_EQ(std::count(dup_library.err.begin(), dup_library.err.end(), '\n'),
            1);

  Outcome branch =
      Run({"branch", "add", "noord", "de-kievit", "--name",
           "Basisschool De Kievit", "--kind", "school", "--brin", "12AB"});
  ASSERT_EQ(branch.code, kExitOk) << branch.err;
  Outcome dup_branch = Run({"branch", "add", "noord", "de-kievit", "--name",
                            "X", "--kind", "school"});
  EXPECT_EQ(dup_branch.code, kExitRefused);
  EXPECT_NE(dup_branch.err.find("al een vestiging"), std::string::npos);
  Outcome unknown_library =
      Run({"branch", "add", "zuid", "x", "--name", "X", "--kind", "public"});
  EXPECT_EQ(unknown_library.code, kExitRefused);
  EXPECT_NE(unknown_library.err.find("geen bibliotheek met code 'zuid'"),
            std::string::npos);
  Outcome bad_kind =
      Run({"branch", "add", "noord", "y", "--name", "Y", "--kind", "shop"});
  EXPECT_EQ(bad_kind.code, kExitRefused);
  EXPECT_NE(bad_kind.err.find("school of public"), std::string::npos);

  Outcome account =
      Run({"account", "add", "noord", "juf.anna", "--role", "teacher",
           "--branch", "de-kievit", "--grant-upload", "--password-stdin"},
          "Een-lange-zin-als-wachtwoord\n");
  ASSERT_EQ(account.code, kExitOk) << account.err;
  Outcome dup_account = Run({"account", "add", "noord", "juf.anna", "--role",
                             "staff", "--password-stdin"},
                            "Een-lange-zin-als-wachtwoord\n");
  EXPECT_EQ(dup_account.code, kExitRefused);
  EXPECT_NE(dup_account.err.find("al in gebruik"), std::string::npos);
  Outcome unknown_branch =
      Run({"account", "add", "noord", "meester.bob", "--role", "teacher",
           "--branch", "nergens", "--password-stdin"},
          "Een-lange-zin-als-wachtwoord\n");
  EXPECT_EQ(unknown_branch.code, kExitRefused);
  EXPECT_NE(unknown_branch.err.find("'nergens'"), std::string::npos);
  Outcome weak = Run({"account", "add", "noord", "meester.bob", "--role",
                      "staff", "--password-stdin"},
                     "kort\n");
  EXPECT_EQ(weak.code, kExitRefused);
  EXPECT_NE(weak.err.find("te kort"), std::string::npos);

  Outcome token = Run({"token", "create", "juf.anna", "--json"});
  ASSERT_EQ(token.code, kExitOk) << token.err;
  auto parsed = nlohmann::json::parse(token.out);
  EXPECT_EQ(parsed["login"], "juf.anna");
  EXPECT_EQ(parsed["token"].get<std::string>().rfind("sbt_", 0), 0u);
  Outcome unknown_login = Run({"token", "create", "niemand"});
  EXPECT_EQ(unknown_login.code, kExitRefused);
  EXPECT_NE(unknown_login.err.find("'niemand'"), std::string::npos);

  Outcome accounts = Run({"account", "list", "noord", "--json"});
  ASSERT_EQ(accounts.code, kExitOk);
  auto list = nlohmann::json::parse(accounts.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["branch"], "de-kievit");
}

TEST_P(CliTest, DemoLoadsOnceAndPrintsTheLogins) {
  Outcome first = Run({"demo"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  EXPECT_NE(first.out.find("geladen"), std::string::npos);
  EXPECT_NE(first.out.find("docent.kievit"), std::string::npos);
  Outcome second = Run({"demo", "--json"});
  ASSERT_EQ(second.code, kExitOk) << second.err;
  auto parsed = nlohmann::json::parse(second.out);
  EXPECT_FALSE(parsed["loaded"].get<bool>());
  EXPECT_EQ(parsed["logins"].size(), 5u);

  Outcome branches = Run({"branch", "list", "demo", "--json"});
  auto list = nlohmann::json::parse(branches.out);
  int schools = 0, publics = 0;
  for (const auto& b : list) {
    if (b["kind"] == "school") {
      ++schools;
      EXPECT_EQ(b["brin"].get<std::string>().size(), 4u);
    } else {
      ++publics;
    }
  }
  EXPECT_EQ(schools, 3);
  EXPECT_EQ(publics, 1);
}

TEST_P(CliTest, EnglishMessagesOnRequest) {
  Outcome out = Run({"--lang", "en", "library", "list"});
  EXPECT_EQ(out.code, kExitRefused);
  EXPECT_NE(out.err.find("error: The database schema is out of date"),
            std::string::npos)
      << out.err;
}

TEST_P(CliTest, JsonErrorsAreMachineReadable) {
  ASSERT_EQ(Run({"migrate"}).code, kExitOk);
  Outcome out = Run({"token", "create", "niemand", "--json"});
  EXPECT_EQ(out.code, kExitRefused);
  auto parsed = nlohmann::json::parse(out.out);
  EXPECT_EQ(parsed["error"]["code"], "not_found");
}

// A lost phone without recovery codes: two-step verification is turned off
// from the server, the account's sessions end.
TEST_P(CliTest, TwoFactorOffForALostPhone) {
  ASSERT_EQ(Run({"demo"}).code, kExitOk);
  auto db = db_->Open();
  auto staff = store::FindAccountByLogin(*db, "medewerker");
  ASSERT_TRUE(staff.ok());
  store::UploadKey key = store::UploadKey::Generate();
  auto secret = store::StartTotpEnrolment(*db, key, staff->id);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  auto codes = store::ConfirmTotpEnrolment(
      *db, key, staff->id, TotpCode(*secret, SystemClock::Get().Now()),
      "127.0.0.1");
  ASSERT_TRUE(codes.ok()) << codes.status().ToString();
  ASSERT_TRUE(store::CreateSession(*db, staff->id, "127.0.0.1").ok());
  Outcome off = Run({"account", "two-factor-off", "medewerker"});
  EXPECT_EQ(off.code, kExitOk) << off.err;
  EXPECT_FALSE(store::GetTwoFactorState(*db, *staff)->enabled);
  long long sessions = -1;
  db->sql() << "SELECT COUNT(*) FROM session", soci::into(sessions);
  EXPECT_EQ(sessions, 0);
  EXPECT_EQ(Run({"account", "two-factor-off", "niemand"}).code, kExitRefused);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Cli, CliTest);

TEST(CliUsageTest, UsageErrorsExitWithTwo) {
  std::istringstream in;
  std::ostringstream out, err;
  auto env = [](const char*) -> const char* { return nullptr; };
  EXPECT_EQ(cli::Run({"frobnicate"}, {in, out, err}, env), kExitUsage);
  EXPECT_NE(err.str().find("migrate"), std::string::npos);
  EXPECT_EQ(cli::Run({}, {in, out, err}, env), kExitUsage);
  EXPECT_EQ(cli::Run({"library", "add", "x"}, {in, out, err}, env), kExitUsage);
  EXPECT_EQ(cli::Run({"--db", "mysql://x/y", "migrate"}, {in, out, err}, env),
            kExitRefused);
  EXPECT_EQ(cli::Run({"--log-level", "loud", "migrate"}, {in, out, err}, env),
            kExitUsage);
}

TEST(CliUsageTest, HelpAndVersionExitWithZero) {
  std::istringstream in;
  std::ostringstream out, err;
  auto env = [](const char*) -> const char* { return nullptr; };
  EXPECT_EQ(cli::Run({"--help"}, {in, out, err}, env), kExitOk);
  EXPECT_NE(out.str().find("migrate"), std::string::npos);
  EXPECT_NE(out.str().find("--db"), std::string::npos);
  std::ostringstream version;
  EXPECT_EQ(cli::Run({"--version"}, {in, version, err}, env), kExitOk);
  EXPECT_EQ(version.str().rfind("schoolbieb ", 0), 0u);
}

}  // namespace
}  // namespace schoolbieb::cli
