// The password pages over real HTTP on loopback, on both databases:
// "wachtwoord vergeten" answers the same page whether or not the account
// exists and mails only the account's own address, with a link that works
// once and for 30 minutes; setting a password ends the old sessions; the
// admin's new account without a password gets its link by mail; the form is
// throttled and needs its CSRF token. Signed in, a user changes their
// password with the current one.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "mail/outbox_worker.h"
#include "mail/sender.h"
#include "store/outbox.h"
#include "store/password_reset.h"
#include "support/smtp_server.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

constexpr const char* kTeacherPassword = "Kievit-leesplezier-26";
constexpr const char* kNewPassword = "Een-nieuwe-zin-voor-de-juf";
constexpr const char* kTeacherAddress = "docent.kievit@school-demostad.example";

class PasswordPagesTest : public WebTest {
 protected:
  // Asks for a link through the form, with the form's own CSRF token.
  httplib::Result Forgot(const std::string& name) {
    auto client = Client();
    auto form = client.Get("/password/forgot");
    EXPECT_EQ(form->status, 200);
    std::string token = SetCookieValue(form, "sb_forgot");
    EXPECT_FALSE(token.empty());
    EXPECT_EQ(HiddenCsrf(form->body), token);
    return client.Post("/password/forgot", {{"Cookie", "sb_forgot=" + token}},
                       httplib::Params{{"csrf", token}, {"name", name}});
  }

  std::vector<store::OutboxMessage> Mails(const std::string& kind) {
    auto all = store::ListOutbox(*db_, library_id_);
    EXPECT_TRUE(all.ok());
    std::vector<store::OutboxMessage> out;
    for (const auto& message : *all) {
      if (message.kind == kind) out.push_back(message);
    }
    return out;
  }

  // The path of the password link in a mail ("/password/set?token=…").
  static std::string LinkPath(const store::OutboxMessage& mail) {
    static const std::regex pattern(
        R"(https://bieb\.example(/password/set\?token=[A-Za-z0-9_-]{43,}))");
    std::smatch match;
    EXPECT_TRUE(std::regex_search(mail.body_text, match, pattern))
        << mail.body_text;
    return match.size() > 1 ? match[1].str() : "";
  }

  static std::string TokenOf(const std::string& path) {
    return path.substr(path.find('=') + 1);
  }

  // Sends the set form for the link.
  httplib::Result SetPassword(const std::string& path,
                              const std::string& password,
                              const std::string& again = "") {
    return Client().Post(
        "/password/set",
        httplib::Params{{"token", TokenOf(path)},
                        {"password", password},
                        {"password_again", again.empty() ? password : again}});
  }

  // A link's target as mstch writes it into an attribute.
  static std::string Href(const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == '/') {
        out += "&#x2F;";
      } else if (c == '&') {
        out += "&amp;";
      } else {
        out += c;
      }
    }
    return "href=\"" + out + "\"";
  }

  static size_t HeaderCount(const httplib::Result& res,
                            const std::string& name) {
    return res->headers.count(name);
  }
};

TEST_P(PasswordPagesTest, TheLoginPageLeadsToTheForgotForm) {
  auto login = Client().Get("/login");
  EXPECT_NE(login->body.find("href=\"/password/forgot\""), std::string::npos);
  EXPECT_NE(login->body.find("Wachtwoord vergeten?"), std::string::npos);
  auto form = Client().Get("/password/forgot");
  EXPECT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("Gebruikersnaam of e-mailadres"),
            std::string::npos);
  EXPECT_EQ(form->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(HeaderCount(form, "Referrer-Policy"), 1u);
  // Elsewhere the site's own policy stays.
  EXPECT_EQ(login->get_header_value("Referrer-Policy"), "same-origin");
}

TEST_P(PasswordPagesTest, AnExistingAndAnUnknownLoginGetTheSamePage) {
  auto known = Forgot("docent.kievit");
  auto unknown = Forgot("niemand.hier");
  ASSERT_TRUE(known && unknown);
  EXPECT_EQ(known->status, 200);
  EXPECT_EQ(unknown->status, known->status);
  EXPECT_EQ(unknown->body, known->body);
  EXPECT_EQ(SetCookieLine(unknown, "sb_forgot"),
            SetCookieLine(known, "sb_forgot"));
  EXPECT_NE(known->body.find("Als dit account bestaat, krijgt u binnen "
                             "enkele minuten een e-mail met een link"),
            std::string::npos);
  // An unknown e-mail address too.
  auto by_address = Forgot("niemand@school-demostad.example");
  EXPECT_EQ(by_address->body, known->body);

  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].recipient, kTeacherAddress);
  EXPECT_EQ(mails[0].language, "nl");
  EXPECT_NE(mails[0].body_text.find("30 minuten"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);

  // The link works once.
  std::string path = LinkPath(mails[0]);
  auto page = Client().Get(path);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("docent.kievit"), std::string::npos);
  EXPECT_NE(page->body.find("minstens 12 tekens"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(HeaderCount(page, "Referrer-Policy"), 1u);
  auto done = SetPassword(path, kNewPassword);
  ASSERT_EQ(done->status, 303) << done->body;
  EXPECT_EQ(done->get_header_value("Location"), "/login?password_set=1");
  auto notice = Client().Get("/login?password_set=1");
  EXPECT_NE(notice->body.find("Uw wachtwoord is ingesteld. Log in."),
            std::string::npos);
  EXPECT_FALSE(Login("docent.kievit", kNewPassword).empty());
  EXPECT_TRUE(Login("docent.kievit", kTeacherPassword).empty());

  std::vector<httplib::Result> agains;
  agains.push_back(Client().Get(path));
  agains.push_back(SetPassword(path, "Nog-weer-een-andere-zin"));
  for (const auto& again : agains) {
    EXPECT_EQ(again->status, 410);
    EXPECT_NE(again->body.find("Deze link is verlopen of al gebruikt. Vraag "
                               "een nieuwe aan."),
              std::string::npos);
    EXPECT_NE(again->body.find(Href("/password/forgot")), std::string::npos);
  }
  EXPECT_FALSE(Login("docent.kievit", kNewPassword).empty());
}

// End to end: the link as a real SMTP server received it sets the password.
TEST_P(PasswordPagesTest, TheLinkInTheDeliveredMailWorks) {
  testing::SmtpTestServer smtp;
  ASSERT_TRUE(smtp.Start().ok());
  Forgot("docent.kievit");
  auto settings = mail::ParseSmtpUrl(smtp.url());
  ASSERT_TRUE(settings.ok());
  mail::SmtpSender sender(*settings);
  auto report = mail::SendPending(*db_, sender, SystemClock::Get());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 1);
  auto mails = smtp.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["rcpt_tos"], nlohmann::json({kTeacherAddress}));
  store::OutboxMessage received;
  received.body_text = mails[0]["text"].get<std::string>();
  std::string path = LinkPath(received);
  ASSERT_EQ(SetPassword(path, kNewPassword)->status, 303);
  EXPECT_FALSE(Login("docent.kievit", kNewPassword).empty());
}

TEST_P(PasswordPagesTest, TheFormTakesAnEmailAddressToo) {
  auto res = Forgot("DOCENT.KIEVIT@school-demostad.example");
  EXPECT_EQ(res->status, 200);
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].recipient, kTeacherAddress);
  // The mail names the login, which someone asking by address may not know.
  EXPECT_NE(mails[0].body_text.find("Inlognaam: docent.kievit"),
            std::string::npos);
}

TEST_P(PasswordPagesTest, AnExpiredLinkSaysWhatToDo) {
  Forgot("docent.kievit");
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  std::string path = LinkPath(mails[0]);
  clock_.Advance(store::kResetPasswordSeconds - 5);
  EXPECT_EQ(Client().Get(path)->status, 200);
  clock_.Advance(5);
  auto late = Client().Get(path);
  EXPECT_EQ(late->status, 410);
  EXPECT_NE(late->body.find("Deze link werkt niet meer"), std::string::npos);
  EXPECT_NE(late->body.find("Deze link is verlopen of al gebruikt."),
            std::string::npos);
  EXPECT_NE(late->body.find("Vraag een nieuwe link aan"), std::string::npos);
  EXPECT_EQ(SetPassword(path, kNewPassword)->status, 410);
  EXPECT_FALSE(Login("docent.kievit", kTeacherPassword).empty());
}

TEST_P(PasswordPagesTest, AfterAResetTheOldSessionsNoLongerWork) {
  std::string first = TeacherSession();
  std::string second = TeacherSession();
  ASSERT_FALSE(first.empty() || second.empty());
  ASSERT_EQ(Client().Get("/", Cookie(first))->status, 200);
  Forgot("docent.kievit");
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  ASSERT_EQ(SetPassword(LinkPath(mails[0]), kNewPassword)->status, 303);
  for (const std::string& session : {first, second}) {
    auto res = Client().Get("/", Cookie(session));
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/login?expired=1");
  }
}

TEST_P(PasswordPagesTest, AWrongPasswordKeepsTheLinkWorking) {
  Forgot("docent.kievit");
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  std::string path = LinkPath(mails[0]);
  auto mismatch = SetPassword(path, kNewPassword, "Een-andere-zin-voor-de-juf");
  EXPECT_EQ(mismatch->status, 422);
  EXPECT_NE(mismatch->body.find("niet hetzelfde"), std::string::npos);
  auto weak = SetPassword(path, "kort");
  EXPECT_EQ(weak->status, 422);
  EXPECT_NE(weak->body.find("te kort"), std::string::npos);
  // The form comes back with the token, ready for another try.
  EXPECT_NE(weak->body.find(TokenOf(path)), std::string::npos);
  EXPECT_EQ(SetPassword(path, kNewPassword)->status, 303);
}

TEST_P(PasswordPagesTest, TheLanguageSwitchKeepsTheLink) {
  Forgot("docent.kievit");
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 1u);
  std::string path = LinkPath(mails[0]);
  auto page = Client().Get(path);
  std::string token = TokenOf(path);
  EXPECT_NE(page->body.find(Href("/password/set?token=" + token + "&lang=en")),
            std::string::npos);
  auto to_english = Client().Get(path + "&lang=en");
  EXPECT_EQ(to_english->status, 303);
  EXPECT_EQ(to_english->get_header_value("Location"), path);
  auto english = Client().Get(path, {{"Cookie", "sb_lang=en"}});
  EXPECT_EQ(english->status, 200);
  EXPECT_NE(english->body.find("Choose a new password"), std::string::npos);
}

TEST_P(PasswordPagesTest, AnAdminsNewAccountWithoutPasswordGetsItsLink) {
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  ASSERT_FALSE(admin.empty());
  auto create = [&](const std::string& login, const std::string& email) {
    return PostForm(admin, "/admin/accounts",
                    {{"login", login},
                     {"display_name", "Juf Nieuw"},
                     {"email", email},
                     {"role", "teacher"},
                     {"school", std::to_string(kievit_)},
                     {"grant_upload", "1"},
                     {"password", ""}});
  };
  // Without an e-mail address the admin must type a password.
  auto no_address = create("docent.zonder", "");
  EXPECT_EQ(no_address->status, 422);
  EXPECT_NE(no_address->body.find("e-mailadres"), std::string::npos);
  EXPECT_FALSE(store::FindAccountByLogin(*db_, "docent.zonder").ok());
  auto bad_address = create("docent.zonder", "geen adres");
  EXPECT_EQ(bad_address->status, 422);
  EXPECT_FALSE(store::FindAccountByLogin(*db_, "docent.zonder").ok());

  auto made = create("docent.nieuw", "juf.nieuw@kievit.example");
  ASSERT_EQ(made->status, 201) << made->body;
  EXPECT_NE(made->body.find("Er is een e-mail gestuurd naar "
                            "juf.nieuw@kievit.example met een link om een "
                            "wachtwoord in te stellen."),
            std::string::npos);
  // A taken login queues nothing: account and mail go together.
  EXPECT_EQ(create("docent.nieuw", "ander@kievit.example")->status, 409);
  auto mails = Mails("account_created");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].recipient, "juf.nieuw@kievit.example");
  EXPECT_NE(mails[0].body_text.find("24 uur"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);

  // No password works until the link is used.
  EXPECT_TRUE(Login("docent.nieuw", "").empty());
  std::string path = LinkPath(mails[0]);
  auto page = Client().Get(path);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Kies een wachtwoord"), std::string::npos);
  ASSERT_EQ(SetPassword(path, kNewPassword)->status, 303);
  std::string newcomer = Login("docent.nieuw", kNewPassword);
  ASSERT_FALSE(newcomer.empty());
  EXPECT_EQ(Upload(newcomer, "leerlingen.csv", StudentsCsv())->status, 303);
}

TEST_P(PasswordPagesTest, TheAdminCanStillTypeAPassword) {
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  auto made = PostForm(admin, "/admin/accounts",
                       {{"login", "medewerker.twee"},
                        {"display_name", "Medewerker Twee"},
                        {"role", "staff"},
                        {"password", "Zelf-getypt-wachtwoord-26"}});
  EXPECT_EQ(made->status, 201);
  EXPECT_NE(made->body.find("Het account is aangemaakt."), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_FALSE(Login("medewerker.twee", "Zelf-getypt-wachtwoord-26").empty());
}

TEST_P(PasswordPagesTest, AFourthRequestWithinTheHourMailsNothing) {
  std::string first_body;
  for (int request = 0; request < 4; ++request) {
    auto res = Forgot("docent.kievit");
    EXPECT_EQ(res->status, 200) << request;
    if (request == 0) first_body = res->body;
    EXPECT_EQ(res->body, first_body) << request;
    clock_.Advance(60);
  }
  auto mails = Mails("password_forgotten");
  ASSERT_EQ(mails.size(), 3u);
  // Staff see every request in the audit log, the refused one too.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'account.password_link'"),
            3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'account.password_link_refused'"),
            1);
  // ListOutbox is newest first: only the newest link works.
  EXPECT_EQ(Client().Get(LinkPath(mails[2]))->status, 410);
  EXPECT_EQ(Client().Get(LinkPath(mails[1]))->status, 410);
  EXPECT_EQ(Client().Get(LinkPath(mails[0]))->status, 200);
  // An hour after the first, the form mails again.
  clock_.Advance(60 * 60);
  Forgot("docent.kievit");
  EXPECT_EQ(Mails("password_forgotten").size(), 4u);
}

TEST_P(PasswordPagesTest, TheFormNeedsItsCsrfToken) {
  auto none = Client().Post("/password/forgot",
                            httplib::Params{{"name", "docent.kievit"}});
  EXPECT_EQ(none->status, 403);
  auto no_cookie = Client().Post(
      "/password/forgot",
      httplib::Params{{"csrf", "verzonnen"}, {"name", "docent.kievit"}});
  EXPECT_EQ(no_cookie->status, 403);
  auto other = Client().Post(
      "/password/forgot", {{"Cookie", "sb_forgot=een"}},
      httplib::Params{{"csrf", "ander"}, {"name", "docent.kievit"}});
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM password_token"), 0);
}

// "Wachtwoord wijzigen" for someone signed in: the current password first,
// the new one twice, under the rules; then the other sessions end and this
// one goes on.
TEST_P(PasswordPagesTest, ASignedInUserChangesThePasswordWithTheCurrentOne) {
  std::string here = TeacherSession();
  std::string elsewhere = TeacherSession();
  ASSERT_FALSE(here.empty() || elsewhere.empty());
  auto form = Client().Get("/account/password", Cookie(here));
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("autocomplete=\"current-password\""),
            std::string::npos);
  auto account = Client().Get("/account/two-factor", Cookie(here));
  EXPECT_NE(account->body.find("href=\"/account/password\""),
            std::string::npos);
  auto change = [&](const std::string& current, const std::string& password,
                    const std::string& again) {
    return PostForm(here, "/account/password",
                    {{"current_password", current},
                     {"password", password},
                     {"password_again", again}});
  };
  auto wrong = change("Niet-mijn-wachtwoord-26", kNewPassword, kNewPassword);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(wrong->body.find("huidige wachtwoord klopt niet"),
            std::string::npos);
  auto mismatch =
      change(kTeacherPassword, kNewPassword, "Een-andere-zin-voor-de-juf");
  EXPECT_EQ(mismatch->status, 422);
  EXPECT_NE(mismatch->body.find("niet hetzelfde"), std::string::npos);
  auto same = change(kTeacherPassword, kTeacherPassword, kTeacherPassword);
  EXPECT_EQ(same->status, 422);
  EXPECT_NE(same->body.find("hetzelfde als het huidige"), std::string::npos);
  auto weak = change(kTeacherPassword, "kort", "kort");
  EXPECT_EQ(weak->status, 422);
  EXPECT_NE(weak->body.find("te kort"), std::string::npos);
  // Nothing changed yet.
  EXPECT_EQ(Client().Get("/", Cookie(elsewhere))->status, 200);

  auto done = change(kTeacherPassword, kNewPassword, kNewPassword);
  ASSERT_EQ(done->status, 303);
  EXPECT_EQ(done->get_header_value("Location"), "/account/password?changed=1");
  auto notice = Client().Get("/account/password?changed=1", Cookie(here));
  EXPECT_NE(notice->body.find("Uw wachtwoord is gewijzigd"), std::string::npos);
  EXPECT_EQ(Client().Get("/", Cookie(here))->status, 200);
  auto gone = Client().Get("/", Cookie(elsewhere));
  EXPECT_EQ(gone->status, 303);
  EXPECT_EQ(gone->get_header_value("Location"), "/login?expired=1");
  EXPECT_EQ(Login("docent.kievit", kTeacherPassword), "");
  EXPECT_NE(Login("docent.kievit", kNewPassword), "");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'account.password_change'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'account.password_change_failed'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE details_json LIKE "
                  "'%zin-voor-de-juf%' OR details_json LIKE '%leesplezier%'"),
            0);
}

// Guessing the current password through this form is throttled like the
// login form, and counts against the login too.
TEST_P(PasswordPagesTest, GuessingTheCurrentPasswordIsThrottled) {
  std::string here = TeacherSession();
  int status = 0;
  int tries = 0;
  while (tries < 10 && status != 429) {
    ++tries;
    status =
        PostForm(here, "/account/password",
                 {{"current_password", "Gok-nummer-" + std::to_string(tries)},
                  {"password", kNewPassword},
                  {"password_again", kNewPassword}})
            ->status;
  }
  EXPECT_EQ(status, 429);
  EXPECT_EQ(tries, options_.session_policy.max_failures_per_login + 1);
  // Now even the right password is not checked, here or at the login.
  auto right = PostForm(here, "/account/password",
                        {{"current_password", kTeacherPassword},
                         {"password", kNewPassword},
                         {"password_again", kNewPassword}});
  EXPECT_EQ(right->status, 429);
  EXPECT_NE(right->body.find("Te veel mislukte pogingen"), std::string::npos);
  EXPECT_EQ(Login("docent.kievit", kTeacherPassword), "");
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, PasswordPagesTest);

}  // namespace
}  // namespace schoolbieb::web
