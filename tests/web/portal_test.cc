// The portal over real HTTP on loopback: login and sessions, the upload in
// every format with its quick report, every refusal (no session, no right,
// another school, no CSRF token, punctuation, wrong content, too large, cut
// off), what is stored (encrypted, with the library's mail queued), the JSON
// API, and admins managing accounts. The demo library supplies the people.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "core/clock.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "mail/outbox_worker.h"
#include "mail/sender.h"
#include "store/account_store.h"
#include "store/demo_data.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "store/outbox.h"
#include "store/upload_store.h"
#include "support/smtp_server.h"
#include "support/test_database.h"
#include "support/xlsx_builder.h"
#include "support/zip_builder.h"
#include "web/server.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

class PortalTest : public WebTest {};

TEST_P(PortalTest, ATeacherUploadsEveryFormatAndSeesTheQuickReport) {
  std::string session = TeacherSession();
  ASSERT_FALSE(session.empty());
  std::string csv = StudentsCsv();
  struct Case {
    std::string name;
    std::string content;
  };
  std::vector<Case> cases = {
      {"leerlingen 2026.csv", csv},
      {"leerlingen.XLSX", testing::StudentsAsXlsx(false)},
      {"leerlingen.ods", testing::StudentsAsOds()},
      {"leerlingen.xls",
       ReadFile(FixtureDir() / "xls" / "libreoffice_students.xls")},
      {"leerlingen.zip", testing::BuildZip({{"leerlingen.csv", csv}})},
  };
  long long before = Count("SELECT COUNT(*) FROM upload");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto res = Upload(session, c.name, c.content);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body.substr(0, 2000);
    std::string location = res->get_header_value("Location");
    ASSERT_EQ(location.rfind("/uploads/", 0), 0u);
    auto page = Client().Get(location, Cookie(session));
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("6 leerlingen in"), std::string::npos)
        << page->body;
    EXPECT_NE(page->body.find("herkend als"), std::string::npos);
    EXPECT_NE(page->body.find("Upload ontvangen"), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), before + 5);
  // "Mijn uploads" lists them with their status.
  auto mine = Client().Get("/uploads", Cookie(session));
  EXPECT_NE(mine->body.find("leerlingen.ods"), std::string::npos);
  EXPECT_NE(mine->body.find("ontvangen"), std::string::npos);
  // The library is told, once per upload, without any student's data.
  auto outbox = store::ListOutbox(*db_, library_id_);
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 5u);
  for (const auto& message : *outbox) {
    EXPECT_EQ(message.kind, "upload_received");
    EXPECT_EQ(message.recipient, "schoolbieb@bibliotheek-demostad.example");
    EXPECT_NE(message.body_text.find("6 leerlingen in"), std::string::npos);
    EXPECT_NE(
        message.body_text.find("https://bieb.example/backoffice/uploads/"),
        std::string::npos);
    for (const char* personal : {"Steekproef", "Zoë", "2018-08-07", "000123"}) {
      EXPECT_EQ(message.body_text.find(personal), std::string::npos)
          << personal;
      EXPECT_EQ(message.body_html.find(personal), std::string::npos)
          << personal;
    }
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload.create'"),
            5);
}

// End to end: an upload through the portal becomes exactly one mail to the
// library on a real SMTP server, with counts and a link and no student's
// data.
TEST_P(PortalTest, AnUploadReachesTheLibrarysMailboxOnce) {
  testing::SmtpTestServer smtp;
  ASSERT_TRUE(smtp.Start().ok());
  std::string session = TeacherSession();
  ASSERT_EQ(Upload(session, "leerlingen.csv", StudentsCsv())->status, 303);
  auto settings = mail::ParseSmtpUrl(smtp.url());
  ASSERT_TRUE(settings.ok());
  mail::SmtpSender sender(*settings);
  auto report = mail::SendPending(*db_, sender, SystemClock::Get());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(mail::SendPending(*db_, sender, SystemClock::Get())->sent, 0);
  auto mails = smtp.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["rcpt_tos"],
            nlohmann::json({"schoolbieb@bibliotheek-demostad.example"}));
  EXPECT_EQ(mails[0]["subject"],
            "Nieuw leerlingbestand van Basisschool De Kievit");
  std::string text =
      mails[0]["text"].get<std::string>() + mails[0]["html"].get<std::string>();
  EXPECT_NE(text.find("6 leerlingen in 4 groepen"), std::string::npos) << text;
  EXPECT_NE(text.find("https://bieb.example/backoffice/uploads/"),
            std::string::npos);
  for (const char* personal : {"Steekproef", "Zoë", "2018-08-07", "000123"}) {
    EXPECT_EQ(text.find(personal), std::string::npos) << personal;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(smtp.Messages().size(), 1u);
}

TEST_P(PortalTest, MyUploadsFollowsTheImportOfAnUpload) {
  std::string session = TeacherSession();
  ASSERT_EQ(Upload(session, "leerlingen.csv", StudentsCsv())->status, 303);
  long long id = Count("SELECT MAX(id) FROM upload");
  // The library imports it (the back office does this through the engine).
  auto content = store::ReadUploadContent(*db_, *options_.upload_key, id);
  ASSERT_TRUE(content.ok());
  auto table = formats::ReadTable(*content, {});
  ASSERT_TRUE(table.ok());
  std::string today = FormatIsoDate(SystemClock::Get().Now());
  auto settings = import::LoadSchoolSettings(*db_, kievit_, today);
  ASSERT_TRUE(settings.ok());
  auto roster = import::Recognise(*table, *settings);
  ASSERT_TRUE(roster.ok());
  import::ImportRequest request;
  request.library_id = library_id_;
  request.branch_id = kievit_;
  request.upload_id = id;
  request.actor = "medewerker";
  request.today = today;
  auto plan = import::PlanImport(*db_, request, *settings, *roster);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(import::RecordPreview(*db_, request, *plan).ok());
  auto mine = Client().Get("/uploads", Cookie(session));
  EXPECT_NE(mine->body.find("in behandeling"), std::string::npos);
  auto applied = import::ApplyImport(*db_, request, *settings, *roster);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->status, "applied");
  auto counts = import::AppliedCounts(*db_, id);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  ASSERT_TRUE(counts->has_value());
  EXPECT_EQ((*counts)->new_students, 6);
  mine = Client().Get("/uploads", Cookie(session));
  EXPECT_NE(mine->body.find("geïmporteerd"), std::string::npos);
  EXPECT_NE(mine->body.find("6 nieuw, 0 gewijzigd, 0 vertrokken"),
            std::string::npos)
      << mine->body;
  // Rejected (by the library, issue 6), the teacher reads why.
  std::string reason = "Dit is het bestand van vorig jaar <b>";
  db_->sql() << "UPDATE upload SET status = 'rejected', reject_reason = :r "
                "WHERE id = :id",
      soci::use(reason), soci::use(id);
  mine = Client().Get("/uploads", Cookie(session));
  EXPECT_NE(mine->body.find("afgewezen"), std::string::npos);
  EXPECT_NE(mine->body.find("Dit is het bestand van vorig jaar &lt;b&gt;"),
            std::string::npos);
  db_->sql() << "UPDATE upload SET status = 'imported' WHERE id = :id",
      soci::use(id);
  // Undone, it is no longer imported.
  ASSERT_TRUE(
      import::UndoImport(*db_, applied->import_id, 0, "medewerker").ok());
  mine = Client().Get("/uploads", Cookie(session));
  EXPECT_EQ(mine->body.find("geïmporteerd"), std::string::npos);
  EXPECT_NE(mine->body.find("in behandeling"), std::string::npos);
}

TEST_P(PortalTest, StoredBytesAreEncryptedAndReadBackWhole) {
  std::string session = TeacherSession();
  std::string csv = StudentsCsv();
  auto res = Upload(session, "leerlingen.csv", csv);
  ASSERT_EQ(res->status, 303);
  long long id = Count("SELECT MAX(id) FROM upload");
  std::string stored;
  soci::rowset<std::string> chunks =
      (db_->sql().prepare << "SELECT data FROM upload_chunk WHERE upload_id = "
                          << id << " ORDER BY seq");
  for (const std::string& chunk : chunks) {
    stored += FromBase64(chunk);
  }
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.find("Voorbeeld"), std::string::npos);
  EXPECT_EQ(stored.find("LEERLINGNUMMER"), std::string::npos);
  auto back = store::ReadUploadContent(*db_, *options_.upload_key, id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, csv);
}

TEST_P(PortalTest, WithoutTheRightOrForAnotherSchoolItIsForbidden) {
  store::Account account;
  account.library_id = library_id_;
  account.login = "docent.zonderrecht";
  account.display_name = "Meester Zonder Recht";
  account.branch_id = kievit_;
  ASSERT_TRUE(store::AddPortalAccount(*db_, account, "Zonder-recht-2026-x",
                                      /*grant_upload=*/false)
                  .ok());
  std::string without = Login("docent.zonderrecht", "Zonder-recht-2026-x");
  ASSERT_FALSE(without.empty());
  auto page = Client().Get("/upload", Cookie(without));
  EXPECT_NE(page->body.find("Mag lenergegevens uploaden voor"),
            std::string::npos);
  EXPECT_EQ(page->body.find("type=\"file\""), std::string::npos);
  auto refused = Upload(without, "leerlingen.csv", StudentsCsv());
  EXPECT_EQ(refused->status, 403);

  std::string teacher = TeacherSession();
  auto other = Upload(teacher, "leerlingen.csv", StudentsCsv(), palet_);
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
}

TEST_P(PortalTest, NoSessionMeansTheLoginPage) {
  for (const char* path : {"/", "/upload", "/uploads", "/admin/accounts"}) {
    auto res = Client().Get(path);
    EXPECT_EQ(res->status, 303) << path;
    EXPECT_EQ(res->get_header_value("Location"), "/login") << path;
  }
  httplib::MultipartFormDataItems items = {
      {"file", StudentsCsv(), "leerlingen.csv", "text/csv"}};
  auto upload = Client().Post("/upload", items);
  EXPECT_EQ(upload->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
  auto login = Client().Get("/login");
  EXPECT_NE(login->body.find("Gebruikersnaam"), std::string::npos);
  EXPECT_NE(login->body.find("Wachtwoord"), std::string::npos);
  EXPECT_NE(login->body.find("Inloggen"), std::string::npos);
}

TEST_P(PortalTest, AFormWithoutItsCsrfTokenIsRefused) {
  std::string session = TeacherSession();
  auto upload = Upload(session, "leerlingen.csv", StudentsCsv(), 0, "");
  EXPECT_EQ(upload->status, 403);
  auto wrong = Upload(session, "leerlingen.csv", StudentsCsv(), 0,
                      "x" + CsrfOf(session));
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
  auto logout = Client().Post("/logout", Cookie(session), httplib::Params{});
  EXPECT_EQ(logout->status, 403);
  // The session still works: the refused logout changed nothing.
  EXPECT_EQ(Client().Get("/", Cookie(session))->status, 200);
  // The login form needs its own token too.
  auto login = Client().Post(
      "/login", httplib::Params{{"login", "docent.kievit"},
                                {"password", "Kievit-leesplezier-26"}});
  EXPECT_EQ(login->status, 403);
  EXPECT_TRUE(SetCookieValue(login, "sb_session").empty());
}

TEST_P(PortalTest, PunctuationInTheNameIsRefusedNamingTheCharacters) {
  std::string session = TeacherSession();
  auto res = Upload(session, "leerlingen (2026)!.csv", StudentsCsv());
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("leerlingen 2026.csv"), std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("!"), std::string::npos);
  // A look-alike full stop in the name counts as punctuation too.
  auto lookalike = Upload(session,
                          "leerlingen\xEF\xBC\x8E"
                          "2026.csv",
                          StudentsCsv());
  EXPECT_EQ(lookalike->status, 400);
  auto kind = Upload(session, "leerlingen.pdf", StudentsCsv());
  EXPECT_EQ(kind->status, 415);
  EXPECT_NE(kind->body.find(".csv"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
}

TEST_P(PortalTest, WrongContentGetsAClearMessageAndIsNotKept) {
  std::string session = TeacherSession();
  auto garbage = Upload(session, "leerlingen.xlsx", "dit is geen spreadsheet");
  EXPECT_EQ(garbage->status, 422);
  EXPECT_NE(garbage->body.find("role=\"alert\""), std::string::npos);
  auto no_students = Upload(session, "lijst.csv",
                            "Boek;Schrijver\nDe Gruffalo;Julia Donaldson\n");
  EXPECT_EQ(no_students->status, 422);
  auto empty = Upload(session, "leeg.csv", "");
  EXPECT_EQ(empty->status, 422);
  EXPECT_NE(empty->body.find("leeg"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(PortalTest, ATooLargeFileIsRefusedBeforeItIsRead) {
  std::string session = TeacherSession();
  std::string big(options_.max_upload_bytes + 1, 'x');
  auto res = Upload(session, "groot.csv", big);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
}

// Sends a request head and part of its body, then hangs up.
void SendAndHangUp(int port, const std::string& head, const std::string& body) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address),
            0);
  send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  send(fd, body.data(), body.size(), MSG_NOSIGNAL);
  close(fd);
}

TEST_P(PortalTest, AnUploadCutOffHalfwayLeavesNothing) {
  std::string session = TeacherSession();
  std::string csrf = CsrfOf(session);
  std::string boundary = "----schoolbiebgrens";
  std::string csv = StudentsCsv();
  std::string file_content = csv + std::string(200000, ' ');
  std::string body =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
      "\r\n--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"leerlingen.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
      file_content + "\r\n--" + boundary + "--\r\n";
  std::string head =
      "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sb_session=" +
      session + "\r\nContent-Type: multipart/form-data; boundary=" + boundary +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  SendAndHangUp(port_, head, body.substr(0, body.size() / 2));
  // The server notices the hang-up; then neither a row nor a file remains.
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (Client().Get("/health")) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload_chunk"), 0);
  size_t files = 0;
  if (fs::exists(options_.spool_dir)) {
    for ([[maybe_unused]] const auto& entry :
         fs::directory_iterator(options_.spool_dir)) {
      ++files;
    }
  }
  EXPECT_EQ(files, 0u);
  // The whole body, sent again, is taken in.
  auto whole = Upload(session, "leerlingen.csv", file_content);
  EXPECT_EQ(whole->status, 303);
}

TEST_P(PortalTest, LoginGivesANewTokenAndIgnoresOneTheBrowserBrought) {
  std::string planted = "aangeboden-door-een-aanvaller";
  EXPECT_EQ(Client().Get("/", Cookie(planted))->status, 303);
  std::string session =
      Login("docent.kievit", "Kievit-leesplezier-26", planted);
  ASSERT_FALSE(session.empty());
  EXPECT_NE(session, planted);
  EXPECT_EQ(session.size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(Client().Get("/", Cookie(session))->status, 200);
  EXPECT_EQ(Client().Get("/", Cookie(planted))->status, 303);
  // A second login is a second, different session.
  std::string again = Login("docent.kievit", "Kievit-leesplezier-26", session);
  EXPECT_NE(again, session);
  EXPECT_EQ(Client().Get("/", Cookie(session))->status, 303);
}

TEST_P(PortalTest, SessionCookiesAndSecurityHeaders) {
  auto client = Client();
  auto page = client.Get("/login");
  std::string pre = SetCookieValue(page, "sb_login");
  auto res =
      client.Post("/login", {{"Cookie", "sb_login=" + pre}},
                  httplib::Params{{"csrf", pre},
                                  {"login", "docent.kievit"},
                                  {"password", "Kievit-leesplezier-26"}});
  std::string cookie = SetCookieLine(res, "sb_session");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here
  auto home = client.Get("/", Cookie(SetCookieValue(res, "sb_session")));
  EXPECT_EQ(home->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(home->get_header_value("X-Content-Type-Options"), "nosniff");
  std::string csp = home->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_FALSE(home->get_header_value("Referrer-Policy").empty());
  // No inline script anywhere in the page.
  EXPECT_EQ(home->body.find("<script>"), std::string::npos);
  auto css = client.Get("/static/style.css");
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_P(PortalTest, LogoutAndIdleTimeoutEndTheSession) {
  std::string session = TeacherSession();
  auto logout = Client().Post("/logout", Cookie(session),
                              httplib::Params{{"csrf", CsrfOf(session)}});
  EXPECT_EQ(logout->status, 303);
  EXPECT_NE(SetCookieLine(logout, "sb_session").find("Max-Age=0"),
            std::string::npos);
  EXPECT_EQ(logout->get_header_value("Clear-Site-Data"),
            "\"cache\", \"storage\"");
  auto after = Client().Get("/", Cookie(session));
  EXPECT_EQ(after->status, 303);
  EXPECT_EQ(after->get_header_value("Location"), "/login?expired=1");

  std::string idle = TeacherSession();
  clock_.Advance(options_.session_policy.idle_seconds - 60);
  EXPECT_EQ(Client().Get("/", Cookie(idle))->status, 200);  // still in use
  clock_.Advance(options_.session_policy.idle_seconds + 1);
  auto expired = Client().Get("/", Cookie(idle));
  EXPECT_EQ(expired->status, 303);
  auto login = Client().Get(expired->get_header_value("Location"));
  EXPECT_NE(login->body.find("een tijd niets"), std::string::npos);
}

TEST_P(PortalTest, WrongNameAndWrongPasswordLookTheSameAndAreThrottled) {
  auto attempt = [&](const std::string& login, const std::string& password) {
    auto client = Client();
    auto page = client.Get("/login");
    std::string pre = SetCookieValue(page, "sb_login");
    // A client-supplied address header must not count as the address.
    return client.Post(
        "/login",
        {{"Cookie", "sb_login=" + pre},
         {"REMOTE_ADDR", "203.0.113.9"},
         {"X-Forwarded-For", "203.0.113.9"}},
        httplib::Params{
            {"csrf", pre}, {"login", login}, {"password", password}});
  };
  auto wrong_name = attempt("niemand.hier", "Kievit-leesplezier-26");
  auto wrong_password = attempt("docent.kievit", "Fout-wachtwoord-123");
  EXPECT_EQ(wrong_name->status, 401);
  EXPECT_EQ(wrong_password->status, 401);
  std::regex alert(
      R"(<div class="alert alert-error" role="alert">[\s\S]*?</div>)");
  std::smatch a, b;
  ASSERT_TRUE(std::regex_search(wrong_name->body, a, alert));
  ASSERT_TRUE(std::regex_search(wrong_password->body, b, alert));
  EXPECT_EQ(a.str(), b.str());
  for (int i = 0; i < 5; ++i) attempt("docent.kievit", "Fout-wachtwoord-123");
  // Throttled now, even with the right password.
  auto throttled = attempt("docent.kievit", "Kievit-leesplezier-26");
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM login_failure WHERE remote_addr = "
                  "'203.0.113.9'"),
            0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM login_failure WHERE remote_addr = "
                  "'127.0.0.1'"),
            0);
}

TEST_P(PortalTest, TheApiTakesUploadsWithABearerToken) {
  auto teacher = store::FindAccountByLogin(*db_, "docent.kievit");
  auto token = store::CreateApiToken(*db_, teacher->id, "test");
  ASSERT_TRUE(token.ok());
  auto client = Client();
  httplib::Headers auth = {{"Authorization", "Bearer " + *token}};
  httplib::MultipartFormDataItems items = {
      {"file", StudentsCsv(), "leerlingen.csv", "text/csv"}};
  auto created = client.Post("/api/v1/uploads", auth, items);
  ASSERT_EQ(created->status, 201) << created->body;
  auto json = nlohmann::json::parse(created->body);
  EXPECT_EQ(json["status"], "received");
  EXPECT_EQ(json["report"]["students"], 6);
  long long id = json["id"];

  EXPECT_EQ(client.Get("/api/v1/uploads/" + std::to_string(id), auth)->status,
            200);
  EXPECT_EQ(client.Post("/api/v1/uploads", items)->status, 401);
  EXPECT_EQ(client.Get("/api/v1/uploads/" + std::to_string(id))->status, 401);
  auto bad_token = client.Post(
      "/api/v1/uploads", {{"Authorization", "Bearer niet-geldig"}}, items);
  EXPECT_EQ(bad_token->status, 401);

  // Another teacher does not see it; the library's staff do.
  auto palet = store::FindAccountByLogin(*db_, "docent.palet");
  auto palet_token = store::CreateApiToken(*db_, palet->id, "test");
  EXPECT_EQ(client
                .Get("/api/v1/uploads/" + std::to_string(id),
                     {{"Authorization", "Bearer " + *palet_token}})
                ->status,
            404);
  auto staff = store::FindAccountByLogin(*db_, "medewerker");
  auto staff_token = store::CreateApiToken(*db_, staff->id, "test");
  EXPECT_EQ(client
                .Get("/api/v1/uploads/" + std::to_string(id),
                     {{"Authorization", "Bearer " + *staff_token}})
                ->status,
            200);
  // The refusals, each with its code and a message.
  auto status_of = [&](const std::string& name, const std::string& content,
                       const std::string& school = "") {
    httplib::MultipartFormDataItems form;
    if (!school.empty()) form.push_back({"school", school, "", ""});
    form.push_back({"file", content, name, "text/csv"});
    auto res = client.Post("/api/v1/uploads", auth, form);
    auto error = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status != 201) {
      EXPECT_TRUE(error["error"]["message"].is_string()) << res->body;
      EXPECT_FALSE(error["error"]["message"].get<std::string>().empty());
    }
    return res->status;
  };
  EXPECT_EQ(status_of("leerlingen (1).csv", StudentsCsv()), 400);
  EXPECT_EQ(status_of("leerlingen.pdf", StudentsCsv()), 415);
  EXPECT_EQ(status_of("leerlingen.csv", "geen leerlingen"), 422);
  EXPECT_EQ(
      status_of("groot.csv", std::string(options_.max_upload_bytes + 1, 'x')),
      413);
  EXPECT_EQ(status_of("leerlingen.csv", StudentsCsv(), std::to_string(palet_)),
            403);
  EXPECT_EQ(status_of("leerlingen.csv", StudentsCsv(), std::to_string(kievit_)),
            201);
}

// A lost phone or a school computer left signed in: an admin logs an
// account out everywhere without disabling it.
TEST_P(PortalTest, AdminsLogAnAccountOutEverywhere) {
  std::string first = TeacherSession();
  std::string second = TeacherSession();
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  ASSERT_FALSE(first.empty() || second.empty() || admin.empty());
  auto teacher = store::FindAccountByLogin(*db_, "docent.kievit");
  auto me = store::FindAccountByLogin(*db_, "beheerder");
  ASSERT_TRUE(teacher.ok() && me.ok());
  auto page = Client().Get("/admin/accounts", Cookie(admin));
  EXPECT_NE(page->body.find("Overal uitloggen: docent.kievit"),
            std::string::npos);
  std::string path =
      "/admin/accounts/" + std::to_string(teacher->id) + "/sessions/end";
  // Only admins.
  EXPECT_EQ(PostForm(first, path)->status, 403);
  auto ended = PostForm(admin, path);
  EXPECT_EQ(ended->status, 200);
  EXPECT_NE(ended->body.find("docent.kievit is overal uitgelogd"),
            std::string::npos);
  for (const std::string& session : {first, second}) {
    auto res = Client().Get("/", Cookie(session));
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/login?expired=1");
  }
  // Still active: the password logs in again.
  EXPECT_FALSE(TeacherSession().empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'account.sessions_end' AND object_id = " +
                  std::to_string(teacher->id)),
            1);
  // The admin's own account: that is what logout is for.
  EXPECT_EQ(PostForm(admin, "/admin/accounts/" + std::to_string(me->id) +
                                "/sessions/end")
                ->status,
            404);
  EXPECT_EQ(Client().Get("/", Cookie(admin))->status, 200);
}

TEST_P(PortalTest, AdminsCreateAndDisableAccounts) {
  std::string teacher = TeacherSession();
  EXPECT_EQ(Client().Get("/admin/accounts", Cookie(teacher))->status, 403);
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  ASSERT_FALSE(admin.empty());
  auto page = Client().Get("/admin/accounts", Cookie(admin));
  ASSERT_EQ(page->status, 200);
  std::string csrf = HiddenCsrf(page->body);
  auto weak = Client().Post("/admin/accounts", Cookie(admin),
                            httplib::Params{{"csrf", csrf},
                                            {"login", "docent.nieuw"},
                                            {"display_name", "Juf Nieuw"},
                                            {"role", "teacher"},
                                            {"school", std::to_string(kievit_)},
                                            {"grant_upload", "1"},
                                            {"password", "kort"}});
  EXPECT_EQ(weak->status, 422);
  EXPECT_NE(weak->body.find("12"), std::string::npos);
  auto made =
      Client().Post("/admin/accounts", Cookie(admin),
                    httplib::Params{{"csrf", csrf},
                                    {"login", "docent.nieuw"},
                                    {"display_name", "Juf Nieuw"},
                                    {"role", "teacher"},
                                    {"school", std::to_string(kievit_)},
                                    {"grant_upload", "1"},
                                    {"password", "Nieuw-in-2026-hier"}});
  EXPECT_EQ(made->status, 201);
  std::string newcomer = Login("docent.nieuw", "Nieuw-in-2026-hier");
  ASSERT_FALSE(newcomer.empty());
  EXPECT_EQ(Upload(newcomer, "leerlingen.csv", StudentsCsv())->status, 303);

  auto account = store::FindAccountByLogin(*db_, "docent.nieuw");
  auto disabled = Client().Post(
      "/admin/accounts/" + std::to_string(account->id) + "/disable",
      Cookie(admin), httplib::Params{{"csrf", csrf}});
  EXPECT_EQ(disabled->status, 200);
  EXPECT_EQ(Client().Get("/", Cookie(newcomer))->status, 303);
  EXPECT_TRUE(Login("docent.nieuw", "Nieuw-in-2026-hier").empty());
}

TEST_P(PortalTest, NoOneSeesAnotherLibrarysUploads) {
  std::string session = TeacherSession();
  ASSERT_EQ(Upload(session, "leerlingen.csv", StudentsCsv())->status, 303);
  long long id = Count("SELECT MAX(id) FROM upload");
  std::string stranger = StrangerSession();
  ASSERT_FALSE(stranger.empty());
  EXPECT_EQ(
      Client().Get("/uploads/" + std::to_string(id), Cookie(stranger))->status,
      404);
  // The teacher of another school of the same library does not see it either.
  std::string palet = Login("docent.palet", "Palet-leesplezier-26");
  EXPECT_EQ(
      Client().Get("/uploads/" + std::to_string(id), Cookie(palet))->status,
      404);
  EXPECT_EQ(
      Client().Get("/uploads/" + std::to_string(id), Cookie(session))->status,
      200);
}

TEST_P(PortalTest, PagesAreDutchUntilTheVisitorSwitches) {
  auto dutch = Client().Get("/login");
  EXPECT_NE(dutch->body.find("lang=\"nl\""), std::string::npos);
  auto to_english = Client().Get("/login?lang=en");
  EXPECT_EQ(to_english->status, 303);
  std::string cookie = SetCookieValue(to_english, "sb_lang");
  EXPECT_EQ(cookie, "en");
  auto english = Client().Get("/login", {{"Cookie", "sb_lang=en"}});
  EXPECT_NE(english->body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(english->body.find("User name"), std::string::npos);
  auto manuals = Client().Get("/manuals");
  for (const char* system :
       {"ParnasSys", "ESIS", "Dotcom", "Magister", "SOMtoday"}) {
    EXPECT_NE(manuals->body.find(system), std::string::npos) << system;
  }
  EXPECT_EQ(Client().Get("/manuals/parnassys")->status, 200);
  EXPECT_EQ(Client().Get("/manuals/onbekend")->status, 404);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, PortalTest);

// With a certificate and key from the config the portal serves HTTPS
// itself; then the session cookie is Secure and browsers are told to stay
// on HTTPS. (A self-signed pair made for the test with openssl.)
TEST(PortalTlsTest, UnderTlsTheSessionCookieIsSecure) {
  TempDir dir;
  std::string cert = dir.path() + "/cert.pem", key = dir.path() + "/key.pem";
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl is needed";
  auto database = TestDatabase::Create(store::Backend::kSqlite);
  ASSERT_TRUE(database.ok());
  auto db = (*database)->Open();
  ASSERT_TRUE(store::Migrate(*db).ok());
  ASSERT_TRUE(store::LoadDemoData(*db).ok());
  ServerOptions options;
  options.db_url = (*database)->url();
  options.port = 0;
  options.tls_cert = cert;
  options.tls_key = key;
  options.upload_key =
      std::make_shared<const store::UploadKey>(store::UploadKey::Generate());
  WebServer server(options);
  auto port = server.Bind();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  std::thread serving([&server] { server.Serve(); });

  httplib::SSLClient client("127.0.0.1", *port);
  client.enable_server_certificate_verification(false);
  auto page = client.Get("/login");
  ASSERT_TRUE(page) << "no HTTPS answer";
  EXPECT_NE(SetCookieLine(page, "sb_login").find("; Secure"),
            std::string::npos);
  EXPECT_FALSE(page->get_header_value("Strict-Transport-Security").empty());
  std::string pre = SetCookieValue(page, "sb_login");
  auto login =
      client.Post("/login", {{"Cookie", "sb_login=" + pre}},
                  httplib::Params{{"csrf", pre},
                                  {"login", "docent.kievit"},
                                  {"password", "Kievit-leesplezier-26"}});
  ASSERT_EQ(login->status, 303);
  std::string cookie = SetCookieLine(login, "sb_session");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  // Plain HTTP on the TLS port gets no page.
  httplib::Client plain("127.0.0.1", *port);
  auto refused = plain.Get("/login");
  EXPECT_TRUE(!refused || refused->status != 200);
  server.Stop();
  serving.join();

  // A certificate that cannot be read is named, not ignored.
  options.tls_cert = dir.path() + "/missing.pem";
  WebServer broken(options);
  auto bound = broken.Bind();
  EXPECT_FALSE(bound.ok());
}

}  // namespace
}  // namespace schoolbieb::web
