// The HTTP server of the portal and back office (cpp-httplib).
//
// It serves the portal's pages (web/portal.h), the JSON API (web/api.h),
// the static files and GET /health, over plain HTTP or, with a certificate
// and key, HTTPS. One WebServer serves from a bounded thread pool; each
// request that needs the database opens its own connection (a Database is
// per thread). Request bodies that cpp-httplib 0.11.4 cannot read safely
// (encoded or chunked) are refused before any byte of them is read.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/status.h"
#include "store/database_pool.h"
#include "store/session_store.h"
#include "store/upload_store.h"
#include "web/upload_name.h"

namespace httplib {
class Server;
}

namespace schoolbieb::web {

struct ServerOptions {
  std::string db_url;
  std::string host = "127.0.0.1";
  int port = 8080;
  // cpp-httplib gives each connection a thread for as long as it stays
  // open (keep-alive), so this bounds the clients served at once: 50
  // teachers uploading at the same moment need 50.
  int threads = 64;
  // Forms and API calls other than the upload.
  size_t max_body_bytes = 1u << 20;
  // The upload itself (the file; the form fields add a little).
  size_t max_upload_bytes = 50u << 20;
  // HTTPS when both are set (PEM files).
  std::string tls_cert;
  std::string tls_key;
  // The reverse proxy's address (nginx on the same machine: 127.0.0.1);
  // only from it is X-Forwarded-For believed. Empty: no proxy.
  std::string trusted_proxy;
  // For links in mails ("https://bieb.example.nl"); empty: from host:port.
  std::string public_url;
  // Required for uploads; the server refuses them (503) without it.
  std::shared_ptr<const store::UploadKey> upload_key;
  // Where an upload is received before it is stored (anonymous files).
  std::string spool_dir = "var/spool";
  Language default_language = Language::kDutch;
  store::SessionPolicy session_policy;
  UploadNameRule name_rule;
  const Clock* clock = &SystemClock::Get();
  // Called after a request queued a mail (the outbox worker's Wake), so it
  // goes out without waiting for the worker's next round. May be empty.
  std::function<void()> mail_queued;
  // The connections requests borrow; made by WebServer from db_url when
  // empty.
  std::shared_ptr<store::DatabasePool> pool;
};

// Splits "HOST:PORT" (IPv6 as "[::1]:8080"). InvalidArgument otherwise.
Result<std::pair<std::string, int>> ParseListen(std::string_view listen);

// How many connections may wait to be accepted. cpp-httplib as Debian
// builds it listens with a backlog of 5: 50 teachers sending at once
// overflowed it, and the kernel dropped their handshakes, each retried after
// a second.
constexpr int kListenBacklog = 1024;

class WebServer {
 public:
  explicit WebServer(ServerOptions options);
  ~WebServer();

  // Binds the port; InvalidArgument/Unavailable when it cannot. Returns the
  // bound port (useful with port 0). Connections that arrive together are
  // queued up to kListenBacklog (the kernel's somaxconn permitting), not
  // cpp-httplib's 5.
  Result<int> Bind();
  // Serves until Stop() is called from another thread. Call after Bind().
  void Serve();
  // Makes Serve() return, or keeps it from starting when it has not yet.
  // Thread-safe; may be called at any moment after Bind().
  void Stop();

 private:
  void Route();

  ServerOptions options_;
  bool tls_ = false;
  std::unique_ptr<httplib::Server> server_;
  std::mutex serve_mutex_;
  bool stopping_ = false;            // under serve_mutex_
  bool serving_ = false;             // under serve_mutex_
  std::atomic<bool> served_{false};  // Serve() returned
  int listen_socket_ = -1;           // set while binding
};

}  // namespace schoolbieb::web
