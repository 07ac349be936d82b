// Raw-socket proof that the flaws of Debian's cpp-httplib 0.11.4 in reading
// request bodies cannot be reached: a gzip body that would inflate to 1 GiB
// and a chunked body that never ends are both refused before the body is
// read. (httplib 0.11.4 does not close the connection on our
// "Connection: close": the unread bytes either wait out the keep-alive
// timeout or are read as the next request line, which is malformed and
// answered 400 on the sender's own connection — never inflated, never
// routed as a valid request; docs/architecture.md, web.)
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <thread>

#include "support/test_database.h"
#include "web/server.h"

namespace schoolbieb::web {
namespace {

class RawServer {
 public:
  RawServer() {
    ServerOptions options;
    options.db_url = "sqlite:" + dir_.path() + "/db.sqlite";
    options.port = 0;
    options.max_body_bytes = 8 * 1024 * 1024;
    server_ = std::make_unique<WebServer>(options);
    auto port = server_->Bind();
    EXPECT_TRUE(port.ok());
    port_ = port.ok() ? *port : 0;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  ~RawServer() {
    server_->Stop();
    thread_.join();
  }

  // Sends `head` and then `body` in pieces, stopping early when the server
  // answers or closes; returns what the server sent.
  std::string Exchange(const std::string& head, const std::string& body) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(
        connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    for (size_t offset = 0; offset < body.size(); offset += 65536) {
      size_t length = std::min<size_t>(65536, body.size() - offset);
      if (send(fd, body.data() + offset, length, MSG_NOSIGNAL) < 0) break;
    }
    std::string answer;
    char buffer[4096];
    ssize_t got;
    while ((got = recv(fd, buffer, sizeof buffer, 0)) > 0) {
      answer.append(buffer, static_cast<size_t>(got));
    }
    close(fd);
    return answer;
  }

 private:
  testing::TempDir dir_;
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
  int port_ = 0;
};

std::string GzipOfZeros(size_t bytes) {
  z_stream stream{};
  deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string zeros(1 << 20, '\0');
  std::string out;
  char buffer[65536];
  for (size_t done = 0; done < bytes; done += zeros.size()) {
    stream.next_in = reinterpret_cast<Bytef*>(zeros.data());
    stream.avail_in = static_cast<uInt>(zeros.size());
    int flush = done + zeros.size() >= bytes ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return out;
}

TEST(RequestBodyTest, AGzipBombIsRefusedBeforeItIsInflated) {
  RawServer server;
  std::string bomb = GzipOfZeros(size_t{1} << 30);  // 1 GiB → about 1 MB
  ASSERT_LT(bomb.size(), 2u << 20);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  std::string answer = server.Exchange(
      "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
      "application/octet-stream\r\nContent-Encoding: gzip\r\nContent-Length: " +
          std::to_string(bomb.size()) + "\r\n\r\n",
      bomb);
  EXPECT_EQ(answer.rfind("HTTP/1.1 415", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("Content-Encoding"), std::string::npos);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  // Any further answer on this connection is the 400 of a malformed
  // request line made of the unread bytes, never a routed request.
  for (size_t at = answer.find("HTTP/1.1 ", 1); at != std::string::npos;
       at = answer.find("HTTP/1.1 ", at + 1)) {
    EXPECT_EQ(answer.compare(at, 12, "HTTP/1.1 400"), 0)
        << answer.substr(at, 100);
  }
  // The body was never inflated: this process did not grow by anything
  // near the 1 GiB the body claims.
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 256 * 1024);  // KiB
}

TEST(RequestBodyTest, AnEndlessChunkedBodyIsRefusedAtOnce) {
  RawServer server;
  // Chunks of 64 KiB, never the terminating zero chunk.
  std::string chunk = "10000\r\n" + std::string(65536, 'x') + "\r\n";
  std::string body;
  for (int index = 0; index < 64; ++index) body += chunk;
  std::string answer = server.Exchange(
      "POST /health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
      "chunked\r\n\r\n",
      body);
  EXPECT_EQ(answer.rfind("HTTP/1.1 411", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST(RequestBodyTest, PlainRequestsStillWork) {
  RawServer server;
  std::string answer = server.Exchange(
      "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
      "");
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos);
}

}  // namespace
}  // namespace schoolbieb::web
