// Issue 18, point 6: one upload is imported once. Two staff members — two
// browsers, a browser and a script, two scripts — press "Importeren" for
// the same upload at the same moment, many times over, on both databases,
// while the real mail worker (its own connection, a real SMTP server) is
// sending and writing the outbox: exactly one import applies, the other
// answers 409 saying the file is "al geïmporteerd", the teacher gets one
// mail, and no one is told 503 because the database was busy.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <latch>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>

#include "mail/outbox_worker.h"
#include "mail/sender.h"
#include "store/account_store.h"
#include "store/outbox.h"
#include "support/smtp_server.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

std::string Fingerprint(const std::string& html) {
  std::smatch match;
  static const std::regex pattern(
      R"re(name="fingerprint" value="([0-9a-f]{64})")re");
  return std::regex_search(html, match, pattern) ? match[1].str() : "";
}

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

class ImportOnceTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    ASSERT_TRUE(smtp_.Start().ok());
    auto settings = mail::ParseSmtpUrl(smtp_.url());
    ASSERT_TRUE(settings.ok());
    mail::WorkerOptions options;
    options.first_retry_seconds = 1;
    // Looks every few milliseconds as well as when woken: it is writing
    // (claims, hand-overs, outcomes) all through the imports.
    worker_ = std::make_unique<mail::OutboxWorker>(
        database_->url(), std::make_unique<mail::SmtpSender>(*settings),
        SystemClock::Get(), options, std::chrono::milliseconds(5));
    ASSERT_TRUE(worker_->Start().ok());
    auto staff = store::FindAccountByLogin(*db_, "medewerker");
    ASSERT_TRUE(staff.ok());
    auto token = store::CreateApiToken(*db_, staff->id, "script");
    ASSERT_TRUE(token.ok());
    token_ = *token;
  }

  void TearDown() override {
    if (worker_) worker_->Stop();
    WebTest::TearDown();
  }

  // One way of pressing "Importeren": the back office's form (with the
  // preview's fingerprint), or the staff API with or without it.
  enum class Way { kPage, kApi, kApiBlind };

  struct Answer {
    int status = 0;
    std::string body;
  };

  Answer Import(Way way, long long id, const std::string& session,
                const std::string& csrf, const std::string& fingerprint) {
    auto client = Client();
    client.set_read_timeout(60, 0);
    std::string path = "/backoffice/uploads/" + std::to_string(id) + "/import";
    auto send = [&]() -> httplib::Result {
      if (way == Way::kPage) {
        return client.Post(
            path, Cookie(session),
            httplib::Params{{"csrf", csrf}, {"fingerprint", fingerprint}});
      }
      nlohmann::json body = nlohmann::json::object();
      if (way == Way::kApi) body["fingerprint"] = fingerprint;
      return client.Post("/api/v1/uploads/" + std::to_string(id) + "/import",
                         {{"Authorization", "Bearer " + token_}}, body.dump(),
                         "application/json");
    };
    httplib::Result res = send();
    if (!res) return {0, "no answer"};
    return {res->status, res->body};
  }

  static bool Applied(Way way, const Answer& answer) {
    return answer.status == (way == Way::kPage ? 303 : 200);
  }

  testing::SmtpTestServer smtp_;
  std::unique_ptr<mail::OutboxWorker> worker_;
  std::string token_;
};

TEST_P(ImportOnceTest, TwoImportsAtOnceApplyOnceAndMailOnce) {
  constexpr int kRounds = 24;
  std::string teacher = TeacherSession();
  std::string staff = StaffSession();
  std::string other_staff = StaffSession();  // a colleague, own session
  ASSERT_FALSE(staff.empty());
  const std::string csrf = CsrfFor(staff);
  const std::string other_csrf = CsrfFor(other_staff);
  const Way ways[][2] = {{Way::kPage, Way::kPage},
                         {Way::kPage, Way::kApi},
                         {Way::kApiBlind, Way::kApiBlind},
                         {Way::kApiBlind, Way::kPage}};
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto uploaded = Upload(teacher, "leerlingen.csv", StudentsCsv());
    ASSERT_EQ(uploaded->status, 303);
    long long id = Count("SELECT MAX(id) FROM upload");
    auto preview =
        Client().Get("/backoffice/uploads/" + std::to_string(id) + "/preview",
                     Cookie(staff));
    ASSERT_EQ(preview->status, 200);
    std::string fingerprint = Fingerprint(preview->body);
    ASSERT_FALSE(fingerprint.empty());

    const Way* way = ways[round % 4];
    Answer answers[2];
    std::latch ready(2);
    std::thread first([&] {
      ready.arrive_and_wait();
      answers[0] = Import(way[0], id, staff, csrf, fingerprint);
    });
    std::thread second([&] {
      ready.arrive_and_wait();
      answers[1] = Import(way[1], id, other_staff, other_csrf, fingerprint);
    });
    first.join();
    second.join();

    int applied = 0;
    for (int side = 0; side < 2; ++side) {
      const Answer& answer = answers[side];
      ASSERT_LT(answer.status, 500) << answer.body.substr(0, 2000);
      if (Applied(way[side], answer)) {
        ++applied;
        continue;
      }
      EXPECT_EQ(answer.status, 409) << answer.body.substr(0, 2000);
      EXPECT_TRUE(Has(answer.body, "al geïmporteerd"))
          << answer.body.substr(0, 3000);
    }
    EXPECT_EQ(applied, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM import_run WHERE status = "
                    "'applied' AND upload_id = " +
                    std::to_string(id)),
              1);
    EXPECT_EQ(store::GetUpload(*db_, id)->status, "imported");
    // Afterwards too: a third try is refused the same way.
    Answer late = Import(Way::kApiBlind, id, staff, csrf, fingerprint);
    EXPECT_EQ(late.status, 409);
    EXPECT_TRUE(Has(late.body, "al geïmporteerd")) << late.body;
  }
  // One mail per import to the teacher, and each upload's one to the
  // library: in the outbox and, through the worker, at the SMTP server.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE kind = 'import_applied'"),
            kRounds);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 2 * kRounds);
  worker_->Wake();
  auto mails = smtp_.WaitForMessages(2 * kRounds, 30);
  EXPECT_EQ(mails.size(), static_cast<size_t>(2 * kRounds));
  int to_teacher = 0;
  for (const auto& mail : mails) {
    for (const auto& to : mail["rcpt_tos"]) {
      to_teacher += to == "docent.kievit@school-demostad.example";
    }
  }
  EXPECT_EQ(to_teacher, kRounds);
}

// Undo gives the upload back: it may then be imported again, once.
TEST_P(ImportOnceTest, AfterAnUndoItIsImportedOnceMore) {
  std::string teacher = TeacherSession();
  std::string staff = StaffSession();
  ASSERT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
  long long id = Count("SELECT MAX(id) FROM upload");
  const std::string csrf = CsrfFor(staff);
  for (int round = 0; round < 3; ++round) {
    auto preview =
        Client().Get("/backoffice/uploads/" + std::to_string(id) + "/preview",
                     Cookie(staff));
    std::string fingerprint = Fingerprint(preview->body);
    Answer answers[2];
    std::latch ready(2);
    std::thread first([&] {
      ready.arrive_and_wait();
      answers[0] = Import(Way::kPage, id, staff, csrf, fingerprint);
    });
    std::thread second([&] {
      ready.arrive_and_wait();
      answers[1] = Import(Way::kApiBlind, id, staff, csrf, fingerprint);
    });
    first.join();
    second.join();
    EXPECT_EQ(
        Applied(Way::kPage, answers[0]) + Applied(Way::kApiBlind, answers[1]),
        1)
        << answers[0].status << " " << answers[1].status;
    long long run = Count(
        "SELECT MAX(id) FROM import_run WHERE status = 'applied' AND "
        "upload_id = " +
        std::to_string(id));
    ASSERT_GT(run, 0);
    auto undone =
        PostForm(staff, "/backoffice/imports/" + std::to_string(run) + "/undo",
                 {{"confirm", "1"}});
    ASSERT_EQ(undone->status, 303) << undone->body.substr(0, 2000);
    EXPECT_EQ(store::GetUpload(*db_, id)->status, "in_progress");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM import_run WHERE status = 'undone' "
                  "AND upload_id = " +
                  std::to_string(id)),
            3);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, ImportOnceTest);

}  // namespace
}  // namespace schoolbieb::web
