#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "store/migrations.h"
#include "support/test_database.h"
#include "web/server.h"

namespace schoolbieb::web {
namespace {

// A real server on a free loopback port, stopped at the end of the test.
class RunningServer {
 public:
  explicit RunningServer(const std::string& db_url) {
    ServerOptions options;
    options.db_url = db_url;
    options.port = 0;
    server_ = std::make_unique<WebServer>(options);
    auto port = server_->Bind();
    EXPECT_TRUE(port.ok());
    port_ = port.ok() ? *port : 0;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  ~RunningServer() {
    server_->Stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
  int port_ = 0;
};

class HealthTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(HealthTest, HealthSaysOkWithSecurityHeadersOnceMigrated) {
  auto db = testing::TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  RunningServer server((*db)->url());
  httplib::Client client("127.0.0.1", server.port());

  auto before = client.Get("/health");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 503);

  auto conn = (*db)->Open();
  ASSERT_TRUE(store::Migrate(*conn).ok());
  auto after = client.Get("/health");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  auto body = nlohmann::json::parse(after->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["database"], "ok");
  EXPECT_EQ(after->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(after->get_header_value("Content-Security-Policy")
                .find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(after->get_header_value("Cache-Control"), "no-store");

  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, HealthTest);

TEST(ListenTest, ParsesHostAndPort) {
  auto v4 = ParseListen("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->first, "127.0.0.1");
  EXPECT_EQ(v4->second, 8080);
  auto v6 = ParseListen("[::1]:9000");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->first, "::1");
  for (const char* bad : {"8080", ":8080", "host:", "host:99999", "host:80a"}) {
    EXPECT_FALSE(ParseListen(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace schoolbieb::web
