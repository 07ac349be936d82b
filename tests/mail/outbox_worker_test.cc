// The outbox against a real SMTP server (aiosmtpd) on both databases:
// delivery, retries, giving up, concurrent workers, the crash cases of
// mail/outbox_worker.h, and header injection.
#include "mail/outbox_worker.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "mail/messages.h"
#include "mail/mime.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "store/outbox.h"
#include "support/smtp_server.h"
#include "support/test_database.h"

namespace schoolbieb::mail {
namespace {

// Starts `schoolbieb mail send-pending` as a process of its own.
pid_t SpawnSendPending(const std::string& db_url, const std::string& smtp_url) {
  std::string db_env = "SCHOOLBIEB_DB=" + db_url;
  std::string smtp_env = "SCHOOLBIEB_SMTP_URL=" + smtp_url;
  pid_t pid = fork();
  if (pid == 0) {
    char* env[] = {db_env.data(), smtp_env.data(),
                   const_cast<char*>("ASAN_OPTIONS=detect_leaks=0"), nullptr};
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execle(SCHOOLBIEB_BINARY, "schoolbieb", "mail", "send-pending",
           static_cast<char*>(nullptr), env);
    _exit(127);
  }
  return pid;
}

class OutboxWorkerTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(store::Migrate(*db_).ok());
    ASSERT_TRUE(server_.Start().ok());
    library_.code = "noord";
    library_.name = "Bibliotheek Noord";
    library_.notify_email = "scholen@noord.example";
    ASSERT_TRUE(store::AddLibrary(*db_, library_).ok());
    options_.from = "Bibliotheek Noord <schoolbieb@noord.example>";
    options_.worker_id = "worker-a";
  }

  std::unique_ptr<SmtpSender> Sender() {
    auto settings = ParseSmtpUrl(server_.url());
    EXPECT_TRUE(settings.ok());
    settings->timeout_seconds = 20;
    return std::make_unique<SmtpSender>(*settings);
  }

  UploadNotice Notice() {
    return {.library_id = library_.id,
            .recipient = library_.notify_email,
            .library_name = library_.name,
            .school_name = "Basisschool De Kievit",
            .uploader = "Juf Q. Testdocent",
            .file_name = "leerlingen groep 3-8.xlsx",
            .upload_id = 17,
            .students = 312,
            .groups = 14,
            .recognised_as = "ParnasSys-export",
            .link = "https://bieb.example/backoffice/uploads/17"};
  }

  // Enqueues inside a transaction, as the portal does with its upload.
  long long Enqueue(store::OutboxMessage message) {
    message.next_attempt_at = clock_.Now();  // due on the test's clock
    store::Transaction transaction(*db_);
    EXPECT_TRUE(store::EnqueueMessage(*db_, message).ok());
    transaction.Commit();
    return message.id;
  }

  store::OutboxMessage Row(long long id) {
    auto all = store::ListOutbox(*db_, library_.id, 1000);
    EXPECT_TRUE(all.ok());
    for (const auto& m : *all) {
      if (m.id == id) return m;
    }
    ADD_FAILURE() << "no outbox row " << id;
    return {};
  }

  SendReport Send(MailSender& sender) {
    auto report = SendPending(*db_, sender, clock_, options_);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : SendReport{};
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  testing::SmtpTestServer server_;
  store::Library library_;
  // Messages are written at the system's time (EnqueueMessage), so the
  // test's clock starts there and moves by hand.
  int64_t start_ = SystemClock::Get().Now();
  ManualClock clock_{start_};
  WorkerOptions options_;
};

TEST_P(OutboxWorkerTest, AnUploadMailsTheLibraryExactlyOnce) {
  long long id = Enqueue(UploadReceived(Notice(), Language::kDutch));
  auto sender = Sender();
  SendReport report = Send(*sender);
  EXPECT_EQ(report.sent, 1);
  EXPECT_EQ(Send(*sender).sent, 0);  // nothing left

  auto mails = server_.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  const auto& mail = mails[0];
  EXPECT_EQ(mail["mail_from"], "schoolbieb@noord.example");
  EXPECT_EQ(mail["rcpt_tos"], nlohmann::json({"scholen@noord.example"}));
  EXPECT_EQ(mail["to"], "scholen@noord.example");
  EXPECT_EQ(mail["from"], "Bibliotheek Noord <schoolbieb@noord.example>");
  EXPECT_EQ(mail["subject"], "Nieuw leerlingbestand van Basisschool De Kievit");
  EXPECT_EQ(mail["date"], FormatMailDate(Row(id).created_at));
  EXPECT_TRUE(
      mail["message_id"].get<std::string>().starts_with("<schoolbieb."));
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  EXPECT_TRUE(mail["defects"].empty()) << mail["defects"];
  std::string text = mail["text"];
  EXPECT_NE(
      text.find("Juf Q. Testdocent heeft een leerlingbestand geüpload voor "
                "Basisschool De Kievit."),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("Bestand: leerlingen groep 3-8.xlsx"), std::string::npos);
  EXPECT_NE(text.find("312 leerlingen in 14 groepen, herkend als "
                      "ParnasSys-export"),
            std::string::npos);
  EXPECT_NE(text.find("https://bieb.example/backoffice/uploads/17"),
            std::string::npos);
  std::string html = mail["html"];
  EXPECT_NE(
      html.find("<a href=\"https://bieb.example/backoffice/uploads/17\">"),
      std::string::npos)
      << html;

  store::OutboxMessage row = Row(id);
  EXPECT_EQ(row.state, "sent");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.sent_at, start_);
}

TEST_P(OutboxWorkerTest, NoStudentDataInAnyMail) {
  // Students imported into the demo library (in a second database: demo
  // data goes only into an empty one) are what a careless template could
  // leak.
  auto demo_db = testing::TestDatabase::Create(GetParam());
  ASSERT_TRUE(demo_db.ok());
  testing::TempDir dir;
  std::string csv = dir.path() + "/leerlingen.csv";
  std::ofstream(csv, std::ios::binary)
      << "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;"
         "GEBOORTEDATUM;GESLACHT;POSTCODE\n"
         "0101;5A;Groep 5A;5;Daan;van der;Berg;03-04-2016;M;1234ab\n"
         "0102;5A;Groep 5A;5;Zo\xC3\xAB;;Jansen;12-11-2015;V;\n"
         "0103;8B;Groep 8B;8;Floortje;;Wijnaldum;30-06-2013;V;5678CD\n";
  for (std::vector<std::string> args :
       {std::vector<std::string>{"migrate"},
        {"demo"},
        {"import", csv, "--library", "demo", "--school", "de-kievit", "--date",
         "2026-09-01"}}) {
    args.insert(args.begin(), {"--db", (*demo_db)->url()});
    std::istringstream in;
    std::ostringstream out, err;
    ASSERT_EQ(cli::Run(args, {in, out, err},
                       [](const char*) -> const char* { return nullptr; }),
              0)
        << err.str();
  }
  auto demo = (*demo_db)->Open();
  std::vector<std::string> personal;
  {
    std::string first, last, birth, street;
    soci::indicator i1, i2, i3, i4;
    soci::statement st =
        (demo->sql().prepare << "SELECT first_names, last_name, birth_date, "
                                "street FROM customer",
         soci::into(first, i1), soci::into(last, i2), soci::into(birth, i3),
         soci::into(street, i4));
    st.execute(false);
    while (st.fetch()) {
      for (const std::string* value : {&first, &last, &birth, &street}) {
        if (value->size() >= 4) personal.push_back(*value);
      }
    }
  }
  ASSERT_GE(personal.size(), 8u);  // three students' names and dates

  for (Language language : {Language::kDutch, Language::kEnglish}) {
    Enqueue(UploadReceived(Notice(), language));
    Enqueue(ImportApplied({library_.id, "juf@kievit.example", library_.name,
                           "Basisschool De Kievit", "groep8.csv", 4, 12, 3, 280,
                           25, "https://bieb.example/uploads/4"},
                          language));
    Enqueue(UploadRejected({library_.id,
                            "juf@kievit.example",
                            library_.name,
                            "Basisschool De Kievit",
                            "scan.pdf",
                            {"Dit is een PDF, geen leerlingbestand.",
                             "This is a PDF, not a student file."},
                            "https://bieb.example/upload"},
                           language));
    Enqueue(ImportHeld({library_.id,
                        "scholen@noord.example",
                        library_.name,
                        "Basisschool De Kievit",
                        "groep8.csv",
                        40,
                        38,
                        {{"Bijna alle leerlingen zouden vertrekken.",
                          "Nearly all students would leave."}},
                        "https://bieb.example/backoffice/imports/9"},
                       language));
    Enqueue(AccountCreated(
        {library_.id, "juf@kievit.example", library_.name, "Q. Testdocent",
         "qtestdocent", "https://bieb.example/set?t=abc", 48},
        language));
    Enqueue(PasswordForgotten(
        {library_.id, "juf@kievit.example", library_.name, "Q. Testdocent",
         "qtestdocent", "https://bieb.example/set?t=def", 1},
        language));
  }
  auto sender = Sender();
  EXPECT_EQ(Send(*sender).sent, 12);
  auto mails = server_.WaitForMessages(12);
  ASSERT_EQ(mails.size(), 12u);
  for (const auto& mail : mails) {
    EXPECT_TRUE(mail["defects"].empty());
    std::string everything =
        mail["subject"].get<std::string>() + mail["text"].get<std::string>() +
        mail["html"].get<std::string>() + mail["raw"].get<std::string>();
    for (const std::string& value : personal) {
      EXPECT_EQ(everything.find(value), std::string::npos)
          << value << " in " << mail["subject"];
    }
  }
}

TEST_P(OutboxWorkerTest, ServerDownThenUpDeliversOnce) {
  long long id = Enqueue(UploadReceived(Notice(), Language::kEnglish));
  server_.Stop();
  auto sender = Sender();
  SendReport down = Send(*sender);
  EXPECT_EQ(down.retrying, 1);
  store::OutboxMessage row = Row(id);
  EXPECT_EQ(row.state, "pending");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, start_ + options_.first_retry_seconds);
  EXPECT_NE(row.last_error.find("mail server did not take"), std::string::npos)
      << row.last_error;
  EXPECT_EQ(row.sent_at, 0);  // never handed over

  // Back-off: not before it is due, then twice as long after a second miss.
  clock_.Advance(options_.first_retry_seconds - 1);
  EXPECT_EQ(Send(*sender).retrying, 0);
  clock_.Advance(1);
  EXPECT_EQ(Send(*sender).retrying, 1);
  EXPECT_EQ(Row(id).next_attempt_at,
            clock_.Now() + 2 * options_.first_retry_seconds);

  ASSERT_TRUE(server_.Start().ok());
  clock_.Advance(2 * options_.first_retry_seconds);
  EXPECT_EQ(Send(*sender).sent, 1);
  clock_.Advance(3600);
  EXPECT_EQ(Send(*sender).sent, 0);
  auto mails = server_.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["subject"], "New student file from Basisschool De Kievit");
  EXPECT_EQ(Row(id).state, "sent");
  EXPECT_EQ(Row(id).attempts, 3);
}

TEST_P(OutboxWorkerTest, GivesUpAfterTheConfiguredTime) {
  options_.give_up_after_seconds = 3 * 3600;
  long long id = Enqueue(UploadReceived(Notice(), Language::kDutch));
  server_.Stop();
  auto sender = Sender();
  int attempts = 0;
  while (Row(id).state == "pending" && attempts < 100) {
    SendReport report = Send(*sender);
    attempts += report.retrying + report.failed;
    clock_.Set(std::max<int64_t>(clock_.Now(), Row(id).next_attempt_at));
  }
  store::OutboxMessage row = Row(id);
  EXPECT_EQ(row.state, "failed");
  EXPECT_NE(row.last_error.find("gave up after"), std::string::npos)
      << row.last_error;
  // 1, 2, 4, 8, 16, 32, 60, 60 minutes … until three hours had passed.
  EXPECT_GE(clock_.Now() - start_, 3 * 3600);
  EXPECT_LT(row.attempts, 12);
  ASSERT_TRUE(server_.Start().ok());
  clock_.Advance(86400);
  EXPECT_EQ(Send(*sender).sent, 0);  // failed stays failed
  EXPECT_TRUE(server_.Messages().empty());
}

TEST_P(OutboxWorkerTest, TwoWorkersSendEachMessageOnce) {
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) {
    UploadNotice notice = Notice();
    notice.school_name = "School " + std::to_string(i);
    Enqueue(UploadReceived(notice, Language::kDutch));
  }
  std::atomic<int> sent{0};
  std::vector<std::thread> workers;
  for (std::string id : {"worker-a", "worker-b", "worker-c"}) {
    workers.emplace_back([&, id] {
      auto db = test_db_->Open();  // a connection of its own
      auto sender = Sender();
      WorkerOptions options = options_;
      options.worker_id = id;
      SystemClock clock;
      auto report = SendPending(*db, *sender, clock, options);
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      sent += report->sent;
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(sent, kMessages);
  auto mails = server_.WaitForMessages(kMessages);
  // Give a duplicate time to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  mails = server_.Messages();
  std::map<std::string, int> subjects;
  for (const auto& mail : mails) ++subjects[mail["subject"]];
  EXPECT_EQ(mails.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(subjects.size(), static_cast<size_t>(kMessages));
  for (const auto& [subject, count] : subjects) EXPECT_EQ(count, 1) << subject;
  auto rows = store::ListOutbox(*db_, library_.id, 1000, "sent");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), static_cast<size_t>(kMessages));
}

TEST_P(OutboxWorkerTest, TwoProcessesSendEachMessageOnce) {
  constexpr int kMessages = 30;
  for (int i = 0; i < kMessages; ++i) {
    UploadNotice notice = Notice();
    notice.school_name = "School " + std::to_string(i);
    Enqueue(UploadReceived(notice, Language::kDutch));
  }
  pid_t first = SpawnSendPending(test_db_->url(), server_.url());
  pid_t second = SpawnSendPending(test_db_->url(), server_.url());
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  for (pid_t pid : {first, second}) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  server_.WaitForMessages(kMessages);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto mails = server_.Messages();
  std::set<std::string> subjects;
  for (const auto& mail : mails) subjects.insert(mail["subject"]);
  EXPECT_EQ(mails.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(subjects.size(), static_cast<size_t>(kMessages));
  auto sent = store::ListOutbox(*db_, library_.id, 1000, "sent");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->size(), static_cast<size_t>(kMessages));
}

// A process that dies inside Send: the exception leaves SendPending exactly
// where a crash would leave the database.
struct Crash {};

class CrashingSender : public MailSender {
 public:
  CrashingSender(MailSender* real, bool after_hand_over)
      : real_(real), after_hand_over_(after_hand_over) {}
  Status Send(std::string_view from, std::string_view to, std::string_view data,
              const std::function<bool()>& before_content) override {
    if (!after_hand_over_) throw Crash();
    Status status = real_->Send(from, to, data, before_content);
    EXPECT_TRUE(status.ok()) << status.ToString();
    throw Crash();  // delivered, but never marked sent
  }

 private:
  MailSender* real_;
  bool after_hand_over_;
};

TEST_P(OutboxWorkerTest, ACrashBeforeTheHandOverIsSentAgainOnce) {
  long long id = Enqueue(UploadReceived(Notice(), Language::kDutch));
  auto real = Sender();
  CrashingSender crashing(real.get(), /*after_hand_over=*/false);
  EXPECT_THROW(SendPending(*db_, crashing, clock_, options_), Crash);
  EXPECT_EQ(Row(id).state, "sending");
  EXPECT_EQ(Row(id).sent_at, 0);

  // Another worker leaves a live claim alone …
  options_.worker_id = "worker-b";
  SendReport early = Send(*real);
  EXPECT_EQ(early.sent + early.requeued, 0);
  EXPECT_EQ(Row(id).state, "sending");
  // … and sends it once the claim has expired.
  clock_.Advance(options_.claim_seconds + 1);
  SendReport report = Send(*real);
  EXPECT_EQ(report.requeued, 1);
  EXPECT_EQ(report.sent, 1);
  EXPECT_EQ(server_.WaitForMessages(1).size(), 1u);
  EXPECT_EQ(Row(id).state, "sent");
  EXPECT_EQ(Row(id).attempts, 2);
}

TEST_P(OutboxWorkerTest, ACrashAfterTheHandOverIsNeverSentTwice) {
  long long id = Enqueue(UploadReceived(Notice(), Language::kDutch));
  auto real = Sender();
  CrashingSender crashing(real.get(), /*after_hand_over=*/true);
  EXPECT_THROW(SendPending(*db_, crashing, clock_, options_), Crash);
  EXPECT_EQ(server_.WaitForMessages(1).size(), 1u);
  EXPECT_EQ(Row(id).state, "sending");
  EXPECT_EQ(Row(id).sent_at, start_);

  options_.worker_id = "worker-b";
  clock_.Advance(options_.claim_seconds + 1);
  SendReport report = Send(*real);
  EXPECT_EQ(report.uncertain, 1);
  EXPECT_EQ(report.sent, 0);
  store::OutboxMessage row = Row(id);
  EXPECT_EQ(row.state, "failed");
  EXPECT_EQ(row.last_error, store::kUncertainDelivery);
  clock_.Advance(86400);
  EXPECT_EQ(Send(*real).sent, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_.Messages().size(), 1u);

  // Staff who find it missing send it again on purpose, as a new message.
  auto copy = store::RequeueFailedMessage(*db_, library_.id, id, clock_.Now());
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_NE(*copy, id);
  EXPECT_EQ(Send(*real).sent, 1);
  EXPECT_EQ(server_.WaitForMessages(2).size(), 2u);
  EXPECT_EQ(Row(id).state, "failed");
  EXPECT_NE(Row(id).last_error.find(std::to_string(*copy)), std::string::npos);
  EXPECT_EQ(Row(*copy).state, "sent");
  EXPECT_FALSE(
      store::RequeueFailedMessage(*db_, library_.id, *copy, clock_.Now()).ok());
}

TEST_P(OutboxWorkerTest, AKilledSendPendingProcessLeavesOneMail) {
  // The real thing: `schoolbieb mail send-pending` killed while the server
  // holds the end of DATA ("slow" recipients wait 5 s before answering).
  store::OutboxMessage message = UploadReceived(Notice(), Language::kDutch);
  message.recipient = "slow@noord.example";
  long long id = Enqueue(message);
  pid_t pid = SpawnSendPending(test_db_->url(), server_.url());
  ASSERT_GT(pid, 0);
  // Wait until the content is on its way, then kill the process.
  bool handed_over = false;
  for (int i = 0; i < 400 && !handed_over; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    handed_over = Row(id).sent_at != 0;
  }
  // The content is a few kilobytes: gone within a second, while the server
  // waits five before it answers.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ASSERT_TRUE(handed_over);
  EXPECT_EQ(Row(id).state, "sending");
  // The server has stored it; its answer goes to a dead client.
  EXPECT_EQ(server_.WaitForMessages(1, 15).size(), 1u);

  options_.worker_id = "worker-b";
  clock_.Set(Row(id).sent_at + options_.claim_seconds + 60);
  SendReport report = Send(*Sender());
  EXPECT_EQ(report.uncertain, 1);
  EXPECT_EQ(report.sent, 0);
  EXPECT_EQ(Row(id).state, "failed");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_.Messages().size(), 1u);
}

TEST_P(OutboxWorkerTest, ARefusedRecipientIsRetriedButNeverHandedOver) {
  store::OutboxMessage message = UploadReceived(Notice(), Language::kDutch);
  message.recipient = "reject-me@noord.example";
  long long id = Enqueue(message);
  auto sender = Sender();
  SendReport report = Send(*sender);
  EXPECT_EQ(report.retrying, 1);
  store::OutboxMessage row = Row(id);
  EXPECT_EQ(row.state, "pending");
  EXPECT_EQ(row.sent_at, 0);
  EXPECT_NE(row.last_error.find("550"), std::string::npos) << row.last_error;
  EXPECT_TRUE(server_.Messages().empty());
}

TEST_P(OutboxWorkerTest, LineBreaksInHeadersFailTheMessageAndSendNothing) {
  UploadNotice notice = Notice();
  notice.school_name = "De Kievit\r\nBcc: spy@evil.example";
  long long bad_subject = Enqueue(UploadReceived(notice, Language::kDutch));
  store::OutboxMessage message = UploadReceived(Notice(), Language::kDutch);
  message.recipient = "scholen@noord.example\r\nBcc: spy@evil.example";
  long long bad_recipient = Enqueue(message);
  // A file name with a line break only reaches the body: harmless there.
  UploadNotice file = Notice();
  file.file_name = "lijst\r\nBcc: spy@evil.example.xlsx";
  long long good = Enqueue(UploadReceived(file, Language::kDutch));

  auto sender = Sender();
  SendReport report = Send(*sender);
  EXPECT_EQ(report.failed, 2);
  EXPECT_EQ(report.sent, 1);
  EXPECT_EQ(Row(bad_subject).state, "failed");
  EXPECT_NE(Row(bad_subject).last_error.find("Subject"), std::string::npos);
  EXPECT_EQ(Row(bad_recipient).state, "failed");
  EXPECT_EQ(Row(good).state, "sent");
  auto mails = server_.WaitForMessages(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  mails = server_.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["rcpt_tos"], nlohmann::json({"scholen@noord.example"}));
  for (const auto& header : mails[0]["headers"]) {
    EXPECT_NE(header[0], "Bcc");
  }
  // Failed at once: a later run does not try them again.
  clock_.Advance(86400);
  EXPECT_EQ(Send(*sender).sent + Send(*sender).failed, 0);
}

TEST_P(OutboxWorkerTest, TheWorkerThreadDeliversAndStops) {
  Enqueue(UploadReceived(Notice(), Language::kDutch));
  SystemClock clock;
  OutboxWorker worker(test_db_->url(), Sender(), clock, options_,
                      std::chrono::seconds(60));
  ASSERT_TRUE(worker.Start().ok());
  EXPECT_FALSE(worker.Start().ok());
  EXPECT_EQ(server_.WaitForMessages(1).size(), 1u);
  Enqueue(UploadReceived(Notice(), Language::kEnglish));
  worker.Wake();  // no need to wait a minute
  EXPECT_EQ(server_.WaitForMessages(2).size(), 2u);
  worker.Stop();
  worker.Stop();
}

TEST_P(OutboxWorkerTest, ServeGetsItsWorkerFromTheConfiguration) {
  Config config;
  config.db_url = test_db_->url();
  SystemClock clock;
  auto none = WorkerFromConfig(config, clock);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);  // no SMTP server: messages wait

  config.smtp_url = server_.url();
  config.mail_from = "Bibliotheek Noord <schoolbieb@noord.example>";
  config.mail_give_up_after = "2 dagen";
  EXPECT_FALSE(WorkerFromConfig(config, clock).ok());
  config.mail_give_up_after = "2d";
  config.mail_from = "geen adres";
  EXPECT_FALSE(WorkerFromConfig(config, clock).ok());
  config.mail_from = "schoolbieb@noord.example";
  auto worker = WorkerFromConfig(config, clock);
  ASSERT_TRUE(worker.ok()) << worker.status().ToString();
  ASSERT_NE(*worker, nullptr);
  Enqueue(UploadReceived(Notice(), Language::kDutch));
  ASSERT_TRUE((*worker)->Start().ok());
  EXPECT_EQ(server_.WaitForMessages(1).size(), 1u);
  (*worker)->Stop();
}

SCHOOLBIEB_ON_BOTH_DATABASES(Mail, OutboxWorkerTest);

}  // namespace
}  // namespace schoolbieb::mail
