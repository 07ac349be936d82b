// The HTTP server of the portal and back office (cpp-httplib).
//
// For now it answers GET /health only; the portal issue adds the pages and the
// JSON API. One WebServer serves from a bounded thread pool; each request that
// needs the database opens its own connection (a Database is per thread).
#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "core/status.h"

namespace httplib {
class Server;
}

namespace schoolbieb::web {

struct ServerOptions {
  std::string db_url;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 8;
  size_t max_body_bytes = 64u * 1024 * 1024;
};

// Splits "HOST:PORT" (IPv6 as "[::1]:8080"). InvalidArgument otherwise.
Result<std::pair<std::string, int>> ParseListen(std::string_view listen);

class WebServer {
 public:
  explicit WebServer(ServerOptions options);
  ~WebServer();

  // Binds the port; InvalidArgument/Unavailable when it cannot. Returns the
  // bound port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop() is called from another thread. Call after Bind().
  void Serve();
  // Makes Serve() return. Thread-safe.
  void Stop();

 private:
  void Route();

  ServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace schoolbieb::web
