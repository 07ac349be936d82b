#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

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

// Fifty teachers pressing Upload at the same moment: every connection waits
// in the queue until the server takes it. cpp-httplib as Debian builds it
// listens with a backlog of 5; the kernel dropped the handshakes beyond it,
// and each was tried again only a second later.
TEST(ListenTest, ManyConnectionsAtOnceAreAllQueued) {
  auto db = testing::TestDatabase::Create(store::Backend::kSqlite);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ServerOptions options;
  options.db_url = (*db)->url();
  options.host = "127.0.0.1";
  options.port = 0;
  WebServer server(options);
  auto port = server.Bind();
  ASSERT_TRUE(port.ok());
  // Not serving: nothing accepts, so every connection can only wait.
  constexpr int kClients = 64;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(*port));
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &address.sin_addr), 1);
  std::vector<pollfd> clients;
  for (int i = 0; i < kClients; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    int rc = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS) << std::strerror(errno);
    clients.push_back({fd, POLLOUT, 0});
  }
  // Well under the kernel's one-second retry of a dropped handshake.
  int connected = 0;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
    poll(clients.data(), clients.size(), 50);
    connected = 0;
    for (const pollfd& client : clients) {
      int error = 0;
      socklen_t length = sizeof error;
      getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if ((client.revents & POLLOUT) && error == 0) ++connected;
    }
  }
  for (const pollfd& client : clients) close(client.fd);
  EXPECT_EQ(connected, kClients);
  server.Stop();
}

}  // namespace
}  // namespace schoolbieb::web
