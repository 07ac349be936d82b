// `schoolbieb mail send-pending|list|retry` in-process, on both databases.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "mail/messages.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "store/outbox.h"
#include "support/smtp_server.h"
#include "support/test_database.h"

namespace schoolbieb::cli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class MailCliTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    ASSERT_TRUE(store::Migrate(*db_).ok());
    library_.code = "noord";
    library_.name = "Bibliotheek Noord";
    ASSERT_TRUE(store::AddLibrary(*db_, library_).ok());
  }

  Outcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", test_db_->url()});
    std::istringstream in;
    std::ostringstream out, err;
    int code = cli::Run(args, {in, out, err}, [this](const char* name) {
      auto found = env_.find(name);
      return found == env_.end() ? nullptr : found->second.c_str();
    });
    return {code, out.str(), err.str()};
  }

  long long Enqueue(const std::string& recipient) {
    mail::UploadNotice notice;
    notice.library_id = library_.id;
    notice.recipient = recipient;
    notice.school_name = "De Kievit";
    store::OutboxMessage message =
        mail::UploadReceived(notice, Language::kDutch);
    EXPECT_TRUE(store::EnqueueMessage(*db_, message).ok());
    return message.id;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  store::Library library_;
  std::map<std::string, std::string> env_;
};

TEST_P(MailCliTest, WithoutAServerMessagesWaitInThePostvakUit) {
  Enqueue("scholen@noord.example");
  Outcome send = Run({"mail", "send-pending"});
  EXPECT_EQ(send.code, kExitRefused);
  EXPECT_NE(send.err.find("geen mailserver ingesteld"), std::string::npos)
      << send.err;
  Outcome list = Run({"mail", "list", "--library", "noord"});
  ASSERT_EQ(list.code, kExitOk) << list.err;
  EXPECT_NE(list.out.find("Postvak uit van Bibliotheek Noord"),
            std::string::npos);
  EXPECT_NE(list.out.find("wacht"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Nieuw leerlingbestand van De Kievit"),
            std::string::npos);
}

TEST_P(MailCliTest, SendPendingDeliversAndListShowsWhatHappened) {
  testing::SmtpTestServer server;
  ASSERT_TRUE(server.Start().ok());
  env_["SCHOOLBIEB_SMTP_URL"] = server.url();
  env_["SCHOOLBIEB_MAIL_FROM"] = "schoolbieb@noord.example";
  long long good = Enqueue("scholen@noord.example");
  long long bad = Enqueue("scholen@noord.example\nBcc: x@y.example");

  Outcome send = Run({"mail", "send-pending", "--json"});
  ASSERT_EQ(send.code, kExitOk) << send.err;
  auto report = nlohmann::json::parse(send.out);
  EXPECT_EQ(report["sent"], 1);
  EXPECT_EQ(report["failed"], 1);
  EXPECT_EQ(server.WaitForMessages(1).size(), 1u);

  Outcome failed = Run(
      {"mail", "list", "--library", "noord", "--state", "failed", "--json"});
  ASSERT_EQ(failed.code, kExitOk) << failed.err;
  auto rows = nlohmann::json::parse(failed.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["id"], bad);
  EXPECT_NE(rows[0]["last_error"].get<std::string>().find("regeleinde"),
            std::string::npos);
  Outcome sent = Run({"--lang", "en", "mail", "list", "--library", "noord"});
  EXPECT_NE(sent.out.find("Outbox of Bibliotheek Noord"), std::string::npos);
  EXPECT_NE(sent.out.find("sent"), std::string::npos) << sent.out;

  Outcome retry_sent =
      Run({"mail", "retry", std::to_string(good), "--library", "noord"});
  EXPECT_EQ(retry_sent.code, kExitRefused);
  EXPECT_NE(retry_sent.err.find("niet mislukt"), std::string::npos);
  Outcome retry =
      Run({"mail", "retry", std::to_string(bad), "--library", "noord"});
  EXPECT_EQ(retry.code, kExitOk) << retry.err;
  EXPECT_NE(retry.out.find("staat opnieuw klaar als bericht"),
            std::string::npos);
  EXPECT_EQ(Run({"mail", "retry", "99999", "--library", "noord"}).code,
            kExitRefused);
}

TEST_P(MailCliTest, ABadGiveUpTimeIsRefused) {
  env_["SCHOOLBIEB_SMTP_URL"] = "smtp://127.0.0.1:1";
  env_["SCHOOLBIEB_MAIL_GIVE_UP_AFTER"] = "twee dagen";
  Outcome send = Run({"mail", "send-pending"});
  EXPECT_EQ(send.code, kExitRefused);
  EXPECT_NE(send.err.find("geen duur"), std::string::npos) << send.err;
}

SCHOOLBIEB_ON_BOTH_DATABASES(Mail, MailCliTest);

}  // namespace
}  // namespace schoolbieb::cli
