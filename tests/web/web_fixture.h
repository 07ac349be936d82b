// The web tests' fixture: a real server on a free loopback port over a
// fresh database (SQLite or PostgreSQL) with the demo library, and the
// helpers a visitor needs: log in through the form, carry the session
// cookie, find the CSRF token, upload a file. Tests derive from WebTest and
// instantiate with SCHOOLBIEB_ON_BOTH_DATABASES.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "store/account_store.h"
#include "store/demo_data.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "store/upload_store.h"
#include "support/test_database.h"
#include "web/server.h"

namespace schoolbieb::web {

namespace fs = std::filesystem;
using schoolbieb::testing::TempDir;
using schoolbieb::testing::TestDatabase;

inline fs::path FixtureDir() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures";
}

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string FromBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    ADD_FAILURE() << "not base64";
    return "";
  }
  out.resize(length);
  return out;
}

inline std::string StudentsCsv() {
  return ReadFile(FixtureDir() / "spreadsheets" / "students.csv");
}

// The value of a Set-Cookie `name=` among the response's headers.
inline std::string SetCookieValue(const httplib::Result& res,
                                  const std::string& name) {
  for (const auto& [key, value] : res->headers) {
    if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return "";
}

inline std::string SetCookieLine(const httplib::Result& res,
                                 const std::string& name) {
  for (const auto& [key, value] : res->headers) {
    if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0) return value;
  }
  return "";
}

inline std::string HiddenCsrf(const std::string& html) {
  std::smatch match;
  static const std::regex pattern(R"re(name="csrf" value="([^"]+)")re");
  return std::regex_search(html, match, pattern) ? match[1].str() : "";
}

class WebTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    database_ = std::move(*created);
    db_ = database_->Open();
    ASSERT_TRUE(store::Migrate(*db_).ok());
    ASSERT_TRUE(store::LoadDemoData(*db_).ok());
    auto library = store::FindLibrary(*db_, "demo");
    ASSERT_TRUE(library.ok());
    library_id_ = library->id;
    kievit_ = store::FindBranch(*db_, library_id_, "de-kievit")->id;
    palet_ = store::FindBranch(*db_, library_id_, "het-palet")->id;

    options_.db_url = database_->url();
    options_.port = 0;
    options_.upload_key =
        std::make_shared<const store::UploadKey>(store::UploadKey::Generate());
    options_.spool_dir = dir_.path() + "/spool";
    options_.max_upload_bytes = 2u << 20;
    options_.public_url = "https://bieb.example";
    options_.clock = &clock_;
    server_ = std::make_unique<WebServer>(options_);
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { server_->Serve(); });
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(10, 0);
    return client;
  }

  // Logs in through the form; the session token, or "" on failure.
  std::string Login(const std::string& login, const std::string& password,
                    const std::string& old_session = "") {
    auto client = Client();
    auto page = client.Get("/login");
    EXPECT_EQ(page->status, 200);
    std::string pre = SetCookieValue(page, "sb_login");
    EXPECT_EQ(HiddenCsrf(page->body), pre);
    std::string cookie = "sb_login=" + pre;
    if (!old_session.empty()) cookie += "; sb_session=" + old_session;
    auto res = client.Post(
        "/login", {{"Cookie", cookie}},
        httplib::Params{
            {"csrf", pre}, {"login", login}, {"password", password}});
    if (!res || res->status != 303) return "";
    return SetCookieValue(res, "sb_session");
  }

  httplib::Headers Cookie(const std::string& session) {
    return {{"Cookie", "sb_session=" + session}};
  }

  std::string CsrfOf(const std::string& session) {
    auto res = Client().Get("/upload", Cookie(session));
    return HiddenCsrf(res->body);
  }

  httplib::Result Upload(const std::string& session, const std::string& name,
                         const std::string& content, long long school = 0,
                         std::optional<std::string> csrf = std::nullopt) {
    httplib::MultipartFormDataItems items;
    std::string token = csrf ? *csrf : CsrfOf(session);
    if (!token.empty()) items.push_back({"csrf", token, "", ""});
    if (school) items.push_back({"school", std::to_string(school), "", ""});
    items.push_back({"file", content, name, "application/octet-stream"});
    return Client().Post("/upload", Cookie(session), items);
  }

  long long Count(const std::string& sql) {
    long long n = 0;
    db_->sql() << sql, soci::into(n);
    return n;
  }

  std::string TeacherSession() {
    return Login("docent.kievit", "Kievit-leesplezier-26");
  }

  std::string StaffSession() {
    return Login("medewerker", "Medewerker-demo-2026");
  }

  // A second library with a staff member ("medewerker.elders"); their
  // session. The library's id is kept in other_library_.
  std::string StrangerSession() {
    store::Library other;
    other.code = "elders";
    other.name = "Bibliotheek Elders";
    EXPECT_TRUE(store::AddLibrary(*db_, other).ok());
    other_library_ = other.id;
    store::Account staff;
    staff.library_id = other.id;
    staff.login = "medewerker.elders";
    staff.role = store::Role::kStaff;
    EXPECT_TRUE(
        store::AddPortalAccount(*db_, staff, "Elders-medewerker-26", false)
            .ok());
    return Login("medewerker.elders", "Elders-medewerker-26");
  }

  // The CSRF token of the session, from any signed-in page.
  std::string CsrfFor(const std::string& session) {
    return HiddenCsrf(Client().Get("/", Cookie(session))->body);
  }

  // POSTs a form with the session's cookie and CSRF token.
  httplib::Result PostForm(const std::string& session, const std::string& path,
                           httplib::Params params = {}) {
    params.emplace("csrf", CsrfFor(session));
    return Client().Post(path, Cookie(session), params);
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Database> db_;
  ManualClock clock_{SystemClock::Get().Now()};
  ServerOptions options_;
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
  int port_ = 0;
  long long library_id_ = 0, kievit_ = 0, palet_ = 0;
  long long other_library_ = 0;  // set by StrangerSession()
};

}  // namespace schoolbieb::web
