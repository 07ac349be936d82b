// Two-step verification over real HTTP on loopback, on both databases:
// setting it up with a code computed from the key the page shows, the login
// that needs the code, a code used twice, wrong codes throttled, recovery
// codes that work once, the half-signed-in session that reaches nothing, the
// library's setting that sends staff to set-up first, and no secret or code
// in the database or the audit log in the clear.
#include "store/two_factor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <liboath/oath.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "core/totp.h"
#include "store/audit_log.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

constexpr const char* kTeacher = "docent.kievit";
constexpr const char* kTeacherPassword = "Kievit-leesplezier-26";
constexpr const char* kStaff = "medewerker";
constexpr const char* kStaffPassword = "Medewerker-demo-2026";
constexpr const char* kAdmin = "beheerder";
constexpr const char* kAdminPassword = "Beheerder-demo-2026";

// The key as the page shows it (groups of four), decoded by liboath's own
// base32 decoder, which also checks our encoder.
std::string Base32Decode(std::string text) {
  std::erase(text, ' ');
  char* out = nullptr;
  size_t length = 0;
  if (oath_base32_decode(text.data(), text.size(), &out, &length) != OATH_OK) {
    ADD_FAILURE() << "not base32: " << text;
    return "";
  }
  std::string bytes(out, length);
  free(out);
  return bytes;
}

std::string Location(const httplib::Result& res) {
  return res->get_header_value("Location");
}

class TwoFactorTest : public WebTest {
 protected:
  // The key the set-up page shows, as raw bytes; the page's CSRF token in
  // *csrf (staff who must set it up reach no other page to take it from).
  std::string SetUpKey(const std::string& session,
                       std::string* csrf = nullptr) {
    auto page = Client().Get("/account/two-factor", Cookie(session));
    EXPECT_EQ(page->status, 200);
    if (csrf) *csrf = HiddenCsrf(page->body);
    std::smatch match;
    static const std::regex pattern(
        R"re(<code class="secret" id="secret">([A-Z2-7 ]+)</code>)re");
    EXPECT_TRUE(std::regex_search(page->body, match, pattern)) << page->body;
    return match.size() > 1 ? Base32Decode(match[1].str()) : "";
  }

  // Sets up two-step verification for the session's account with a code
  // computed from the page's key; returns the key, the codes in codes_.
  std::string Enrol(const std::string& session) {
    std::string csrf;
    std::string secret = SetUpKey(session, &csrf);
    auto done = Client().Post(
        "/account/two-factor", Cookie(session),
        httplib::Params{{"csrf", csrf},
                        {"code", TotpCode(secret, clock_.Now())}});
    EXPECT_EQ(done->status, 200);
    codes_.clear();
    static const std::regex code(
        R"(<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>)");
    for (std::sregex_iterator it(done->body.begin(), done->body.end(), code),
         end;
         it != end; ++it) {
      codes_.push_back((*it)[1].str());
    }
    EXPECT_EQ(codes_.size(), 10u);
    return secret;
  }

  // Sends a code from the "Verificatiecode" page of a waiting session.
  httplib::Result SendCode(const std::string& waiting,
                           const std::string& code) {
    auto form = Client().Get("/login/code", Cookie(waiting));
    EXPECT_EQ(form->status, 200);
    return Client().Post(
        "/login/code", Cookie(waiting),
        httplib::Params{{"csrf", HiddenCsrf(form->body)}, {"code", code}});
  }

  // A full login with the code; the signed-in session or "".
  std::string LoginWithCode(const std::string& login,
                            const std::string& password,
                            const std::string& code) {
    std::string waiting = Login(login, password);
    auto res = SendCode(waiting, code);
    if (!res || res->status != 303) return "";
    return SetCookieValue(res, "sb_session");
  }

  bool SignedIn(const std::string& session) {
    auto home = Client().Get("/", Cookie(session));
    return home->status == 200;
  }

  std::vector<std::string> AuditActions() {
    auto events = store::ListAudit(*db_, library_id_, 500);
    EXPECT_TRUE(events.ok());
    std::vector<std::string> actions;
    for (const auto& event : *events) actions.push_back(event.action);
    return actions;
  }

  std::vector<std::string> codes_;
};

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_P(TwoFactorTest, SetUpShowsAServerDrawnQrCodeAndNeedsOneRightCode) {
  std::string session = TeacherSession();
  auto page = Client().Get("/account/two-factor", Cookie(session));
  ASSERT_EQ(page->status, 200);
  // The QR code is inline SVG: no image address, no outside service, no
  // otpauth:// URI anywhere in the page's text.
  EXPECT_NE(page->body.find("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                            "class=\"qr-code\""),
            std::string::npos);
  EXPECT_EQ(page->body.find("<img"), std::string::npos);
  EXPECT_EQ(page->body.find("otpauth"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  std::string secret = SetUpKey(session);
  ASSERT_EQ(secret.size(), 20u);
  // A reload shows the same key until it is confirmed.
  EXPECT_EQ(SetUpKey(session), secret);

  auto wrong = PostForm(session, "/account/two-factor", {{"code", "000000"}});
  EXPECT_EQ(wrong->status, 422);
  EXPECT_NE(wrong->body.find("klopt niet"), std::string::npos);
  std::string wrong_key = TotpCode("not the secret......", clock_.Now());
  EXPECT_EQ(
      PostForm(session, "/account/two-factor", {{"code", wrong_key}})->status,
      422);

  Enrol(session);
  // The codes are shown once: the page now says it is on, without key or
  // codes.
  auto on = Client().Get("/account/two-factor", Cookie(session));
  EXPECT_EQ(on->status, 200);
  EXPECT_EQ(on->body.find("class=\"secret\""), std::string::npos);
  EXPECT_EQ(on->body.find(codes_[0]), std::string::npos);
  EXPECT_NE(on->body.find("10 herstelcodes"), std::string::npos);
  EXPECT_TRUE(Contains(AuditActions(), "two_factor.enrolled"));
  // The session that set it up goes on.
  EXPECT_TRUE(SignedIn(session));
}

TEST_P(TwoFactorTest, LoginNeedsTheCodeAndGivesANewToken) {
  std::string secret = Enrol(TeacherSession());
  clock_.Advance(kTotpStepSeconds);
  auto client = Client();
  auto page = client.Get("/login");
  std::string pre = SetCookieValue(page, "sb_login");
  auto res = client.Post("/login", {{"Cookie", "sb_login=" + pre}},
                         httplib::Params{{"csrf", pre},
                                         {"login", kTeacher},
                                         {"password", kTeacherPassword},
                                         {"next", "/uploads"}});
  ASSERT_EQ(res->status, 303);
  EXPECT_EQ(Location(res), "/login/code?next=/uploads");
  std::string waiting = SetCookieValue(res, "sb_session");
  ASSERT_FALSE(waiting.empty());
  EXPECT_FALSE(SignedIn(waiting));

  auto form = Client().Get(Location(res), Cookie(waiting));
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("Verificatiecode"), std::string::npos);
  EXPECT_NE(form->body.find("autocomplete=\"one-time-code\""),
            std::string::npos);
  // No menu, no name: nobody is signed in yet.
  EXPECT_EQ(form->body.find("Hoofdmenu"), std::string::npos);
  auto english = Client().Get(
      "/login/code", {{"Cookie", "sb_session=" + waiting + "; sb_lang=en"}});
  EXPECT_NE(english->body.find("Verification code"), std::string::npos);
  auto done =
      Client().Post("/login/code", Cookie(waiting),
                    httplib::Params{{"csrf", HiddenCsrf(form->body)},
                                    {"next", "/uploads"},
                                    {"code", TotpCode(secret, clock_.Now())}});
  ASSERT_EQ(done->status, 303);
  EXPECT_EQ(Location(done), "/uploads");
  std::string session = SetCookieValue(done, "sb_session");
  EXPECT_NE(session, waiting);
  EXPECT_TRUE(SignedIn(session));
  // The waiting token is gone, not promoted.
  EXPECT_FALSE(SignedIn(waiting));
  auto actions = AuditActions();
  EXPECT_TRUE(Contains(actions, "login.code_asked"));
  EXPECT_TRUE(Contains(actions, "login"));
  // Without the code, the password alone gets nowhere.
  std::string other = Login(kTeacher, kTeacherPassword);
  EXPECT_FALSE(SignedIn(other));
}

// The code step is a form like any other: without the waiting session's
// token, or with another session's, it is refused and the session still
// waits (the route table's CSRF sweep leaves this door to this test).
TEST_P(TwoFactorTest, TheCodeStepNeedsItsCsrfToken) {
  std::string session = TeacherSession();
  std::string secret = Enrol(session);
  std::string waiting = Login("docent.kievit", "Kievit-leesplezier-26");
  ASSERT_FALSE(waiting.empty());
  std::string other = CsrfFor(StaffSession());
  for (const std::string& token : {std::string(), other}) {
    httplib::Params fields{{"code", TotpCode(secret, clock_.Now())}};
    if (!token.empty()) fields.emplace("csrf", token);
    auto res = Client().Post("/login/code", Cookie(waiting), fields);
    EXPECT_EQ(res->status, 403) << (token.empty() ? "none" : "other's");
    EXPECT_EQ(SetCookieValue(res, "sb_session"), "");
  }
  EXPECT_EQ(Location(Client().Get("/", Cookie(waiting))), "/login/code");
}

TEST_P(TwoFactorTest, ACodeWorksOnlyOnce) {
  std::string secret = Enrol(TeacherSession());
  // The code that confirmed the set-up is used already.
  std::string enrol_code = TotpCode(secret, clock_.Now());
  std::string waiting = Login(kTeacher, kTeacherPassword);
  auto again = SendCode(waiting, enrol_code);
  EXPECT_EQ(again->status, 401);
  EXPECT_NE(again->body.find("al gebruikt"), std::string::npos);

  clock_.Advance(kTotpStepSeconds);
  std::string code = TotpCode(secret, clock_.Now());
  EXPECT_EQ(SendCode(waiting, code)->status, 303);
  // Someone who saw it, a second later: refused.
  std::string second = Login(kTeacher, kTeacherPassword);
  EXPECT_EQ(SendCode(second, code)->status, 401);
  // Nor does the previous step's code work after a later one was used.
  EXPECT_EQ(SendCode(second, TotpCode(secret, clock_.Now() - kTotpStepSeconds))
                ->status,
            401);
  clock_.Advance(kTotpStepSeconds);
  EXPECT_EQ(SendCode(second, TotpCode(secret, clock_.Now()))->status, 303);
}

TEST_P(TwoFactorTest, WrongCodesAreThrottledLikePasswords) {
  std::string secret = Enrol(TeacherSession());
  clock_.Advance(kTotpStepSeconds);
  std::string waiting = Login(kTeacher, kTeacherPassword);
  for (int i = 0; i < 5; ++i) {
    auto wrong = SendCode(waiting, "123456");
    EXPECT_EQ(wrong->status, 401);
  }
  // Throttled now, even with the right code; a correct password again
  // does not lift it.
  EXPECT_EQ(SendCode(waiting, TotpCode(secret, clock_.Now()))->status, 429);
  std::string fresh = Login(kTeacher, kTeacherPassword);
  auto throttled = SendCode(fresh, TotpCode(secret, clock_.Now()));
  EXPECT_EQ(throttled->status, 429);
  EXPECT_NE(throttled->body.find("Te veel verkeerde codes"), std::string::npos);
  int failed = 0;
  for (const std::string& action : AuditActions())
    failed += action == "login.code_failed";
  EXPECT_EQ(failed, 7);
  // After the window, the right code works again.
  clock_.Advance(15 * 60 + 1);
  std::string later = Login(kTeacher, kTeacherPassword);
  EXPECT_EQ(SendCode(later, TotpCode(secret, clock_.Now()))->status, 303);
}

TEST_P(TwoFactorTest, ARecoveryCodeWorksOnce) {
  Enrol(TeacherSession());
  std::string code = codes_[3];
  std::string waiting = Login(kTeacher, kTeacherPassword);
  // Typed in capitals and without the hyphen: still the code.
  std::string typed = code.substr(0, 5) + code.substr(6);
  for (char& c : typed) c = static_cast<char>(std::toupper(c));
  auto used = SendCode(waiting, typed);
  ASSERT_EQ(used->status, 303);
  EXPECT_EQ(Location(used), "/account/two-factor?recovery_used=1");
  std::string session = SetCookieValue(used, "sb_session");
  auto page = Client().Get(Location(used), Cookie(session));
  EXPECT_NE(page->body.find("9 herstelcodes"), std::string::npos);
  EXPECT_TRUE(Contains(AuditActions(), "two_factor.recovery_code_used"));

  std::string again = Login(kTeacher, kTeacherPassword);
  EXPECT_EQ(SendCode(again, code)->status, 401);
  EXPECT_EQ(SendCode(again, codes_[4])->status, 303);
}

TEST_P(TwoFactorTest, NewRecoveryCodesReplaceTheOldOnes) {
  std::string session = TeacherSession();
  std::string secret = Enrol(session);
  std::vector<std::string> old_codes = codes_;
  clock_.Advance(kTotpStepSeconds);
  auto renewed = PostForm(session, "/account/two-factor/recovery-codes",
                          {{"code", TotpCode(secret, clock_.Now())}});
  ASSERT_EQ(renewed->status, 200);
  EXPECT_EQ(renewed->body.find(old_codes[0]), std::string::npos);
  EXPECT_NE(renewed->body.find("<li><code>"), std::string::npos);
  std::string waiting = Login(kTeacher, kTeacherPassword);
  EXPECT_EQ(SendCode(waiting, old_codes[0])->status, 401);
  EXPECT_TRUE(Contains(AuditActions(), "two_factor.recovery_codes_renewed"));
}

TEST_P(TwoFactorTest, TheHalfSignedInSessionReachesNothing) {
  std::string secret = Enrol(StaffSession());
  std::string waiting = Login(kStaff, kStaffPassword);
  ASSERT_FALSE(waiting.empty());
  for (const char* path :
       {"/", "/upload", "/uploads", "/uploads/1", "/backoffice/uploads",
        "/backoffice/customers", "/backoffice/schools", "/backoffice/audit",
        "/backoffice/security", "/account/two-factor", "/admin/accounts"}) {
    auto res = Client().Get(path, Cookie(waiting));
    EXPECT_EQ(res->status, 303) << path;
    EXPECT_EQ(Location(res), "/login/code") << path;
  }
  auto form = Client().Get("/login/code", Cookie(waiting));
  std::string csrf = HiddenCsrf(form->body);
  ASSERT_FALSE(csrf.empty());
  // Forms with the waiting session's own CSRF token: refused all the same.
  for (const char* path :
       {"/account/two-factor", "/account/two-factor/disable",
        "/backoffice/security", "/backoffice/rights/grant-all", "/logout"}) {
    auto res = Client().Post(path, Cookie(waiting),
                             httplib::Params{{"csrf", csrf}, {"code", "1"}});
    EXPECT_EQ(res->status, 303) << path;
    EXPECT_EQ(Location(res), "/login/code") << path;
  }
  auto upload = Upload(waiting, "leerlingen.csv", StudentsCsv(), kievit_, csrf);
  EXPECT_EQ(upload->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
  // The API takes no session at all, half or whole.
  auto api = Client().Get("/api/v1/uploads/1", Cookie(waiting));
  EXPECT_EQ(api->status, 401);
  // A public page does not count it as signed in.
  auto manuals = Client().Get("/manuals", Cookie(waiting));
  EXPECT_EQ(manuals->status, 200);
  EXPECT_EQ(manuals->body.find("Medewerker Demostad"), std::string::npos);
  // It expires after five minutes.
  clock_.Advance(5 * 60);
  auto late = Client().Get("/login/code", Cookie(waiting));
  EXPECT_EQ(late->status, 303);
  EXPECT_EQ(Location(late), "/login");
}

TEST_P(TwoFactorTest, TheLibrarysSettingSendsStaffToSetUpFirst) {
  // Staff cannot change the setting; the admin can.
  std::string staff = StaffSession();
  EXPECT_EQ(Client().Get("/backoffice/security", Cookie(staff))->status, 403);
  std::string admin = Login(kAdmin, kAdminPassword);
  auto saved =
      PostForm(admin, "/backoffice/security", {{"require_two_factor", "1"}});
  ASSERT_EQ(saved->status, 303);
  EXPECT_TRUE(*store::LibraryRequiresTwoFactor(*db_, library_id_));
  EXPECT_TRUE(Contains(AuditActions(), "two_factor.required"));

  // Staff (and the admin) without it reach only the set-up page and logout.
  for (const std::string& session : {staff, admin}) {
    for (const char* path :
         {"/", "/backoffice/uploads", "/backoffice/security"}) {
      auto res = Client().Get(path, Cookie(session));
      EXPECT_EQ(res->status, 303) << path;
      EXPECT_EQ(Location(res), "/account/two-factor") << path;
    }
  }
  auto page = Client().Get("/account/two-factor", Cookie(staff));
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("vraagt dit van alle medewerkers"),
            std::string::npos);
  // A fresh login goes the same way.
  std::string fresh = StaffSession();
  auto home = Client().Get("/backoffice/uploads", Cookie(fresh));
  EXPECT_EQ(Location(home), "/account/two-factor");
  // Teachers are not asked.
  EXPECT_TRUE(SignedIn(TeacherSession()));

  std::string secret = Enrol(staff);
  EXPECT_EQ(Client().Get("/backoffice/uploads", Cookie(staff))->status, 200);
  // Enrolling ended the staff member's other, password-only session.
  EXPECT_FALSE(SignedIn(fresh));
  // And it cannot be turned off while the library requires it.
  clock_.Advance(kTotpStepSeconds);
  auto off = PostForm(staff, "/account/two-factor/disable",
                      {{"code", TotpCode(secret, clock_.Now())}});
  EXPECT_EQ(off->status, 403);
  EXPECT_TRUE(
      store::GetTwoFactorState(*db_, *store::FindAccountByLogin(*db_, kStaff))
          ->enabled);
}

TEST_P(TwoFactorTest, ATeacherCanTurnItOffWithACode) {
  std::string session = TeacherSession();
  std::string secret = Enrol(session);
  EXPECT_EQ(
      PostForm(session, "/account/two-factor/disable", {{"code", "999999"}})
          ->status,
      422);
  clock_.Advance(kTotpStepSeconds);
  auto off = PostForm(session, "/account/two-factor/disable",
                      {{"code", TotpCode(secret, clock_.Now())}});
  ASSERT_EQ(off->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM account_totp"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM recovery_code"), 0);
  EXPECT_TRUE(SignedIn(TeacherSession()));
  EXPECT_TRUE(Contains(AuditActions(), "two_factor.disabled"));
}

TEST_P(TwoFactorTest, NoSecretOrCodeIsStoredOrLoggedInTheClear) {
  std::string secret = Enrol(TeacherSession());
  std::string base32 = Base32(secret);
  std::string hex;
  for (unsigned char c : secret) hex += fmt::format("{:02x}", c);
  std::string sealed;
  db_->sql() << "SELECT secret_sealed FROM account_totp", soci::into(sealed);
  EXPECT_EQ(sealed.find(hex), std::string::npos);
  EXPECT_EQ(sealed.find(base32), std::string::npos);
  EXPECT_GE(sealed.size(), 2 * (24 + 20 + 16));
  std::vector<std::string> hashes(10);
  db_->sql() << "SELECT code_hash FROM recovery_code", soci::into(hashes);
  ASSERT_EQ(hashes.size(), 10u);
  for (const std::string& hash : hashes) {
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    for (const std::string& code : codes_) {
      EXPECT_EQ(hash.find(code.substr(0, 5)), std::string::npos);
    }
  }
  // Log in with a code and a recovery code; nothing of either in the audit.
  clock_.Advance(kTotpStepSeconds);
  std::string code = TotpCode(secret, clock_.Now());
  ASSERT_FALSE(LoginWithCode(kTeacher, kTeacherPassword, code).empty());
  ASSERT_FALSE(LoginWithCode(kTeacher, kTeacherPassword, codes_[0]).empty());
  SendCode(Login(kTeacher, kTeacherPassword), "654321");
  auto events = store::ListAudit(*db_, library_id_, 500);
  ASSERT_TRUE(events.ok());
  for (const auto& event : *events) {
    for (const std::string& needle :
         {code, std::string("654321"), codes_[0], base32}) {
      EXPECT_EQ(event.details_json.find(needle), std::string::npos)
          << event.action << " " << event.details_json;
    }
  }
  // The sealed secret opens only for its own account.
  std::string other =
      "UPDATE account_totp SET account_id = (SELECT id FROM "
      "account WHERE login = 'docent.palet')";
  db_->sql() << other;
  auto palet = store::FindAccountByLogin(*db_, "docent.palet");
  auto moved = store::VerifySecondFactor(
      *db_, *options_.upload_key, palet->id,
      TotpCode(secret, clock_.Now() + kTotpStepSeconds), "127.0.0.1", {},
      clock_);
  EXPECT_EQ(moved.status().code(), Status::Code::kInternal);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, TwoFactorTest);

}  // namespace
}  // namespace schoolbieb::web
