// No one reaches an object that is not theirs (ASVS 5.0 V8.2.2, V8.4.1):
// every route whose path names an object by id (route_table.h, checked
// against the registrations in src/web) is tried with the ids of real
// objects — an upload, an import run, a customer, a school, an account, an
// outbox message — by staff and an admin of another library, by the
// teacher who uploaded, by a teacher of another school of the same
// library, and without a session or token. Each gets exactly the refusal
// the architecture promises (another library's or teacher's id: 404; a
// role without the back office: 403; no session: the login page; no
// token: 401), and afterwards nothing in the database has changed. The
// library's own staff reach every page, so the refusals are not 404s of a
// wrong path. Ids carried in form fields and query strings are probed too.
#include <gtest/gtest.h>
#include <httplib.h>
#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "store/account_store.h"
#include "store/library_store.h"
#include "web/route_table.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

using routes::Door;
using routes::Guard;
using routes::kRoutes;
using routes::Object;
using routes::Route;

TEST(WebRouteTableTest, EveryRegisteredRouteIsInTheTableAndNoMore) {
  std::set<routes::Registration> registered = routes::RegisteredRoutes();
  ASSERT_GT(registered.size(), 40u) << "src/web was not read";
  std::set<routes::Registration> listed;
  for (const Route& route : kRoutes) {
    EXPECT_TRUE(listed.insert({route.method, route.path}).second)
        << "twice in kRoutes: " << route.method << " " << route.path;
    // A path names an object exactly when the row says which kind.
    EXPECT_EQ(std::string(route.path).find("{id}") != std::string::npos,
              route.object != Object::kNone)
        << route.path;
    EXPECT_EQ(route.method == std::string("POST"), route.guard != Guard::kNone)
        << route.method << " " << route.path;
    EXPECT_TRUE(registered.count({route.method, route.path}))
        << "kRoutes lists a route src/web does not register: " << route.method
        << " " << route.path;
  }
  for (const auto& [method, path] : registered) {
    EXPECT_TRUE(listed.count({method, path}))
        << "src/web registers " << method << " " << path
        << ", which tests/web/route_table.h does not list: add it with who "
           "may use it, so the IDOR and CSRF sweeps probe it";
  }
}

class AccessTest : public WebTest {
 protected:
  // Someone knocking: a session (with its CSRF token) or an API token.
  struct Caller {
    std::string name;
    std::string session;
    std::string csrf;
    std::string token;
  };

  Caller PageCaller(const std::string& name, const std::string& session) {
    EXPECT_FALSE(session.empty()) << name;
    return {name, session, CsrfFor(session), ""};
  }

  Caller ApiCaller(const std::string& name, const std::string& login) {
    auto account = store::FindAccountByLogin(*db_, login);
    EXPECT_TRUE(account.ok()) << login;
    auto token = store::CreateApiToken(*db_, account->id, "idor");
    EXPECT_TRUE(token.ok());
    return {name, "", "", *token};
  }

  // A second library with a school, a staff member and an admin.
  void AddAnotherLibrary() {
    stranger_staff_ = StrangerSession();
    store::Branch school;
    school.library_id = other_library_;
    school.code = "de-ander";
    school.name = "School Elders";
    school.brin = "99ZZ";
    ASSERT_TRUE(store::AddBranch(*db_, school).ok());
    other_school_ = school.id;
    store::Account admin;
    admin.library_id = other_library_;
    admin.login = "beheerder.elders";
    admin.role = store::Role::kAdmin;
    ASSERT_TRUE(
        store::AddPortalAccount(*db_, admin, "Elders-beheerder-26", false)
            .ok());
    stranger_admin_ = Login("beheerder.elders", "Elders-beheerder-26");
  }

  long long IdOf(Object object) const {
    switch (object) {
      case Object::kUpload:
        return upload_;
      case Object::kRun:
        return run_;
      case Object::kCustomer:
        return customer_;
      case Object::kSchool:
        return kievit_;
      case Object::kAccount:
        return account_;
      case Object::kMessage:
        return message_;
      case Object::kNone:
        return 0;
    }
    return 0;
  }

  bool IsApi(const Route& route) const {
    return route.door == Door::kBearer || route.door == Door::kBearerStaff;
  }

  // Every field any of the forms reads, each with a value that would change
  // something if the request got through.
  httplib::Params Fields(const Caller& caller) {
    return {{"csrf", caller.csrf},
            {"reason", "Niet van jou"},
            {"confirm", "1"},
            {"fingerprint", fingerprint_},
            {"allow_mass_leave", "1"},
            {"tab", "naw"},
            {"call_name", "Overgenomen"},
            {"last_name", "Overgenomen"},
            {"body", "Een notitie van buiten"},
            {"name", "Overgenomen school"},
            {"notify_email", "buiten@example.org"}};
  }

  httplib::Result Send(const Route& route, const Caller& caller) {
    std::string path = routes::PathWith(route, IdOf(route.object));
    auto client = Client();
    httplib::Headers headers;
    if (!caller.session.empty()) headers = Cookie(caller.session);
    if (!caller.token.empty()) {
      headers.emplace("Authorization", "Bearer " + caller.token);
    }
    if (route.method == std::string("GET")) return client.Get(path, headers);
    if (IsApi(route)) {
      return client.Post(path, headers,
                         nlohmann::json{{"fingerprint", fingerprint_},
                                        {"allow_mass_leave", true}}
                             .dump(),
                         "application/json");
    }
    return client.Post(path, headers, Fields(caller));
  }

  // One line per row of the tables a request could change.
  std::string Rows(const std::string& sql) {
    std::string out;
    soci::rowset<std::string> rows = db_->sql().prepare << sql;
    for (const std::string& row : rows) out += row + "\n";
    return out;
  }

  std::string Digest() {
    return Rows(
               "SELECT CAST(id AS TEXT) || ':' || status FROM upload "
               "ORDER BY id") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || status FROM import_run "
               "ORDER BY id") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || CAST(updated_at AS TEXT) "
               "|| ':' || last_name || ':' || locked_fields || ':' || "
               "COALESCE(CAST(upload_branch_id AS TEXT), '-') FROM customer "
               "ORDER BY id") +
           Rows("SELECT CAST(COUNT(*) AS TEXT) FROM customer_notice") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || COALESCE(ended_on, '-') "
               "FROM membership ORDER BY id") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || "
               "COALESCE(CAST(disabled_at AS TEXT), '-') FROM account "
               "ORDER BY id") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || name || ':' || "
               "COALESCE(notify_email, '') || ':' || settings_json FROM "
               "branch ORDER BY id") +
           Rows("SELECT settings_json FROM library ORDER BY id") +
           Rows(
               "SELECT CAST(id AS TEXT) || ':' || state FROM outbox "
               "ORDER BY id");
  }

  // Real objects of the demo library: an import run applied from one
  // upload of De Kievit's teacher, a second upload of theirs not yet looked
  // at, a student the import made, Het Palet's teacher's account, a failed
  // mail.
  void MakeObjects() {
    std::string teacher = TeacherSession();
    std::string staff = StaffSession();
    ASSERT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
    long long first = Count("SELECT MAX(id) FROM upload");
    std::string preview_path =
        "/backoffice/uploads/" + std::to_string(first) + "/preview";
    auto preview = Client().Get(preview_path, Cookie(staff));
    ASSERT_EQ(preview->status, 200);
    std::smatch match;
    std::regex pattern(R"re(name="fingerprint" value="([0-9a-f]{64})")re");
    ASSERT_TRUE(std::regex_search(preview->body, match, pattern));
    auto imported = PostForm(
        staff, "/backoffice/uploads/" + std::to_string(first) + "/import",
        {{"fingerprint", match[1].str()}});
    ASSERT_EQ(imported->status, 303);
    run_ = Count("SELECT MAX(id) FROM import_run WHERE status = 'applied'");
    customer_ = Count(
        "SELECT MIN(id) FROM customer WHERE kind = 'student' AND "
        "external_number_2 <> ''");

    // The second upload is what the upload routes probe: a successful
    // probe would preview, import or reject it.
    ASSERT_EQ(Upload(teacher, "leerlingen-2.csv", StudentsCsv())->status, 303);
    upload_ = Count("SELECT MAX(id) FROM upload");
    auto second = Client().Get(
        "/backoffice/uploads/" + std::to_string(upload_) + "/preview",
        Cookie(staff));
    ASSERT_TRUE(std::regex_search(second->body, match, pattern));
    fingerprint_ = match[1].str();
    // Looking at the preview leaves it waiting; the probes must not move
    // it on either.
    ASSERT_EQ(store::GetUpload(*db_, upload_)->status, "received");

    account_ = store::FindAccountByLogin(*db_, "docent.palet")->id;
    message_ = Count("SELECT MAX(id) FROM outbox");
    db_->sql() << "UPDATE outbox SET state = 'failed', last_error = '550' "
                  "WHERE id = :id",
        soci::use(message_);
    ASSERT_GT(run_ * customer_ * account_ * message_, 0);
  }

  std::string stranger_staff_, stranger_admin_;
  long long other_school_ = 0;
  long long upload_ = 0, run_ = 0, customer_ = 0, account_ = 0, message_ = 0;
  std::string fingerprint_;
};

TEST_P(AccessTest, EveryIdBearingRouteRefusesEveryoneButItsOwners) {
  MakeObjects();
  AddAnotherLibrary();
  Caller stranger_staff =
      PageCaller("staff of another library", stranger_staff_);
  Caller stranger_admin =
      PageCaller("admin of another library", stranger_admin_);
  Caller teacher = PageCaller("the uploading teacher", TeacherSession());
  Caller other_teacher =
      PageCaller("a teacher of another school",
                 Login("docent.palet", "Palet-leesplezier-26"));
  Caller staff = PageCaller("staff", StaffSession());
  Caller nobody{"no session", "", "", ""};
  Caller api_stranger =
      ApiCaller("token of another library", "medewerker.elders");
  Caller api_teacher =
      ApiCaller("the uploading teacher's token", "docent.kievit");
  Caller api_other_teacher =
      ApiCaller("another school's teacher's token", "docent.palet");
  Caller api_staff = ApiCaller("staff token", "medewerker");

  const std::string before = Digest();
  int probed = 0;
  for (const Route& route : kRoutes) {
    if (route.object == Object::kNone) continue;
    ++probed;
    SCOPED_TRACE(std::string(route.method) + " " + route.path);
    bool teachers_own =
        route.door == Door::kSignedIn || route.door == Door::kBearer;
    // The uploader is the one teacher who may see it; for a back-office
    // route a teacher is the wrong role altogether.
    int role_refusal = 403;
    auto expect = [&](const Caller& caller, int status) {
      auto res = Send(route, caller);
      ASSERT_TRUE(res) << caller.name;
      EXPECT_EQ(res->status, status) << caller.name;
      if (status == 404) {
        // Not a hint either: no name of the object on the page.
        EXPECT_EQ(res->body.find("leerlingen-2.csv"), std::string::npos)
            << caller.name;
      }
    };
    if (IsApi(route)) {
      expect(api_stranger, 404);
      expect(api_teacher, teachers_own ? 200 : role_refusal);
      expect(api_other_teacher, teachers_own ? 404 : role_refusal);
      expect(nobody, 401);
      // A session cookie is no key to the API (nothing to forge across
      // sites).
      expect(staff, 401);
      continue;
    }
    expect(route.door == Door::kAdmin ? stranger_admin : stranger_staff, 404);
    expect(teacher, teachers_own ? 200 : role_refusal);
    expect(other_teacher, teachers_own ? 404 : role_refusal);
    if (route.door == Door::kAdmin) expect(staff, 403);
    auto anonymous = Send(route, nobody);
    EXPECT_EQ(anonymous->status, 303);
    EXPECT_EQ(anonymous->get_header_value("Location"), "/login");
  }
  EXPECT_GE(probed, 17);
  EXPECT_EQ(Digest(), before) << "a refused request changed something";
  EXPECT_EQ(store::GetUpload(*db_, upload_)->status, "received");

  // The owners themselves reach every page (so the 404s above are about
  // the visitor, not a wrong path).
  for (const Route& route : kRoutes) {
    if (route.object == Object::kNone || route.method != std::string("GET"))
      continue;
    SCOPED_TRACE(route.path);
    auto res = Send(route, IsApi(route) ? api_staff : staff);
    EXPECT_EQ(res->status, 200);
  }
}

// Issue 18, point 5: reading is not writing. Every GET of the table, made by
// the ones it is for (staff, an admin, the uploading teacher, a staff
// token, anyone for the public pages) on the real objects — among them an
// upload nobody has decided on — changes nothing but the audit trail: no
// import run, no status, no mail, no customer.
TEST_P(AccessTest, EveryGetOfItsOwnersChangesNothingButTheAuditTrail) {
  MakeObjects();
  std::string staff = StaffSession();
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  std::string teacher = TeacherSession();
  ASSERT_FALSE(admin.empty());
  Caller api_staff = ApiCaller("staff token", "medewerker");
  const std::string before = Digest();
  int swept = 0;
  for (const Route& route : kRoutes) {
    if (route.method != std::string("GET")) continue;
    std::string path = routes::PathWith(route, IdOf(route.object));
    if (path.find('{') != std::string::npos) continue;  // static, manuals
    if (route.door == Door::kCodeStep) continue;
    ++swept;
    SCOPED_TRACE(path);
    std::vector<Caller> owners;
    switch (route.door) {
      case Door::kPublic:
        owners = {{"no session", "", "", ""}};
        break;
      case Door::kSignedIn:
        owners = {PageCaller("teacher", teacher), PageCaller("staff", staff)};
        break;
      case Door::kStaff:
        owners = {PageCaller("staff", staff), PageCaller("admin", admin)};
        break;
      case Door::kAdmin:
        owners = {PageCaller("admin", admin)};
        break;
      default:
        owners = {api_staff};
        break;
    }
    for (const Caller& owner : owners) {
      auto res = Send(route, owner);
      ASSERT_TRUE(res) << owner.name;
      EXPECT_LT(res->status, 500) << owner.name;
      EXPECT_EQ(Digest(), before) << owner.name << " changed something";
    }
  }
  EXPECT_GE(swept, 25);
  EXPECT_EQ(store::GetUpload(*db_, upload_)->status, "received");
}

// Ids that travel in a form field or a query string, not the path.
TEST_P(AccessTest, IdsInFormsAndQueriesStayInTheirLibraryAndSchool) {
  MakeObjects();
  AddAnotherLibrary();
  const std::string before = Digest();
  long long teacher_customer =
      store::FindAccountByLogin(*db_, "docent.kievit")->customer_id;
  ASSERT_GT(teacher_customer, 0);

  // Revoking the upload right of another library's teacher by customer id.
  EXPECT_EQ(PostForm(stranger_staff_, "/backoffice/rights/revoke",
                     {{"customer", std::to_string(teacher_customer)}})
                ->status,
            404);
  // An admin making an account for another library's school.
  EXPECT_EQ(PostForm(stranger_admin_, "/admin/accounts",
                     {{"login", "indringer"},
                      {"role", "teacher"},
                      {"school", std::to_string(kievit_)},
                      {"password", "Indringer-wachtwoord-26"}})
                ->status,
            403);
  EXPECT_FALSE(store::FindAccountByLogin(*db_, "indringer").ok());
  // Another library's school as the history's filter.
  EXPECT_EQ(Client()
                .Get("/backoffice/imports?school=" + std::to_string(kievit_),
                     Cookie(stranger_staff_))
                ->status,
            404);
  // A teacher uploading for a school they have no right for: the form and
  // the API.
  std::string teacher = TeacherSession();
  EXPECT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv(), palet_)->status,
            403);
  EXPECT_EQ(
      Upload(teacher, "leerlingen.csv", StudentsCsv(), other_school_)->status,
      403);
  auto account = store::FindAccountByLogin(*db_, "docent.kievit");
  auto token = store::CreateApiToken(*db_, account->id, "idor");
  httplib::MultipartFormDataItems items = {
      {"school", std::to_string(palet_), "", ""},
      {"file", StudentsCsv(), "leerlingen.csv", "text/csv"}};
  EXPECT_EQ(Client()
                .Post("/api/v1/uploads",
                      {{"Authorization", "Bearer " + *token}}, items)
                ->status,
            403);
  EXPECT_EQ(Digest(), before);
}

// Every POST refuses a request that did not come from our own page (ASVS
// 5.0 V3.5, the issue's "CSRF on every form"): without the session's
// token, or with another session's, 403 and nothing written; the login and
// forgot-password forms without their double-submit cookie, 403; setting a
// password without the mailed link's token, 410; the API, which a browser
// never sends a token to by itself, 401 with only a session cookie.
TEST_P(AccessTest, EveryPostWithoutItsCsrfTokenIsRefused) {
  MakeObjects();
  std::string teacher = TeacherSession();
  std::string staff = StaffSession();
  std::string admin = Login("beheerder", "Beheerder-demo-2026");
  ASSERT_FALSE(admin.empty());
  const std::string other_token = CsrfFor(TeacherSession());
  const std::string before = Digest();
  const long long outbox = Count("SELECT COUNT(*) FROM outbox");
  int swept = 0;
  for (const Route& route : kRoutes) {
    if (route.method != std::string("POST")) continue;
    // Needs a session waiting for its code: TwoFactorTest sweeps it.
    if (route.door == Door::kCodeStep) continue;
    ++swept;
    SCOPED_TRACE(route.path);
    std::string path = routes::PathWith(route, IdOf(route.object));
    switch (route.guard) {
      case Guard::kSession: {
        std::string session = route.door == Door::kAdmin   ? admin
                              : route.door == Door::kStaff ? staff
                                                           : teacher;
        for (const std::string& token : {std::string(), other_token}) {
          if (route.path == std::string("/upload")) {
            EXPECT_EQ(Upload(session, "leerlingen.csv", StudentsCsv(), 0, token)
                          ->status,
                      403);
            continue;
          }
          Caller forged{"forger", session, token, ""};
          httplib::Params fields = Fields(forged);
          fields.emplace("login", "vervalst");
          fields.emplace("role", "admin");
          fields.emplace("password", "Vervalst-wachtwoord-26");
          fields.emplace("on", "1");
          fields.emplace("customer", std::to_string(customer_));
          if (token.empty()) fields.erase("csrf");
          auto res = Client().Post(path, Cookie(session), fields);
          EXPECT_EQ(res->status, 403) << (token.empty() ? "none" : "other's");
        }
        // A refused logout leaves the session working.
        EXPECT_EQ(Client().Get("/", Cookie(session))->status, 200);
        break;
      }
      case Guard::kLoginForm: {
        // The login field without the cookie it must match, and the reverse.
        auto res = Client().Post(
            path, httplib::Params{{"csrf", "a"},
                                  {"login", "docent.kievit"},
                                  {"password", "Kievit-leesplezier-26"}});
        EXPECT_EQ(res->status, 403);
        EXPECT_EQ(SetCookieValue(res, "sb_session"), "");
        res = Client().Post(
            path, {{"Cookie", "sb_login=a"}},
            httplib::Params{{"csrf", "b"},
                            {"login", "docent.kievit"},
                            {"password", "Kievit-leesplezier-26"}});
        EXPECT_EQ(res->status, 403);
        EXPECT_EQ(SetCookieValue(res, "sb_session"), "");
        break;
      }
      case Guard::kForgotForm: {
        auto res = Client().Post(
            path, httplib::Params{{"csrf", "a"}, {"login", "docent.kievit"}});
        EXPECT_EQ(res->status, 403);
        break;
      }
      case Guard::kLinkToken: {
        auto res = Client().Post(
            path,
            httplib::Params{{"password", "Vervalst-wachtwoord-26"},
                            {"password_again", "Vervalst-wachtwoord-26"}});
        EXPECT_EQ(res->status, 410);
        break;
      }
      case Guard::kBearer: {
        auto res = Client().Post(path, Cookie(staff), "{}", "application/json");
        EXPECT_EQ(res->status, 401);
        break;
      }
      case Guard::kNone:
        ADD_FAILURE() << "a POST without a guard";
        break;
    }
  }
  // Every POST of the table but the code step's (TwoFactorTest's).
  EXPECT_EQ(swept, 32);
  EXPECT_EQ(Digest(), before) << "a forged POST changed something";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), outbox);
  EXPECT_FALSE(TeacherSession().empty()) << "the password was changed";
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, AccessTest);

}  // namespace
}  // namespace schoolbieb::web
