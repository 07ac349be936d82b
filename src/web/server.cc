#include "web/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/database.h"
#include "store/migrations.h"
#include "web/backoffice.h"
#include "web/brand.h"
#include "web/customers.h"
#include "web/http_util.h"
#include "web/password_pages.h"
#include "web/portal.h"
#include "web/render.h"
#include "web/settings.h"
#include "web/two_factor_pages.h"

namespace schoolbieb::web {

Result<std::pair<std::string, int>> ParseListen(std::string_view listen) {
  size_t colon = listen.rfind(':');
  auto bad = [&] {
    return Status::InvalidArgument(
        fmt::format(
            "Het luisteradres '{}' wordt niet begrepen; gebruik HOST:POORT, "
            "bijvoorbeeld 127.0.0.1:8080.",
            listen),
        fmt::format(
            "The listen address '{}' is not understood; use HOST:PORT, for "
            "example 127.0.0.1:8080.",
            listen));
  };
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string host(listen.substr(0, colon));
  std::string port_text(listen.substr(colon + 1));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    return bad();
  }
  int port = std::stoi(port_text);
  if (port > 65535) return bad();
  return std::make_pair(host, port);
}

WebServer::WebServer(ServerOptions options) : options_(std::move(options)) {
  if (!options_.pool) {
    options_.pool = std::make_shared<store::DatabasePool>(
        options_.db_url, static_cast<size_t>(std::min(options_.threads, 32)));
  }
  tls_ = !options_.tls_cert.empty() && !options_.tls_key.empty();
  if (tls_) {
    server_ = std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(),
                                                   options_.tls_key.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  server_->set_tcp_nodelay(true);
  // The listening socket, remembered so that Bind() can widen its backlog
  // (httplib's socket options are applied before it binds and listens).
  server_->set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_socket_ = sock;
  });
  // The upload routes need the large limit; every other route is held to
  // max_body_bytes by the pre-routing handler, before its body is read.
  server_->set_payload_max_length(options_.max_upload_bytes + (64 << 10));
  int threads = options_.threads;
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);
  server_->set_keep_alive_timeout(5);
  // httplib's default closes a connection after 5 requests; a page with its
  // CSS and script already takes 3.
  server_->set_keep_alive_max_count(100);
  Route();
}

WebServer::~WebServer() = default;

namespace {

// Debian's cpp-httplib 0.11.4 inflates a gzip- or deflate-encoded request
// body without applying the payload limit (about 1 MB became 1 GiB in
// memory) and keeps growing an unterminated chunked body. Both are refused
// here, before any body byte is read: the pre-routing handler runs ahead of
// httplib's body reader. No browser or school system needs either for an
// upload (browsers send multipart with a Content-Length). The connection is
// closed afterwards, so the unread body is never parsed as a next request.
httplib::Server::HandlerResponse RefuseUnsafeBodies(const httplib::Request& req,
                                                    httplib::Response& res,
                                                    size_t max_body_bytes) {
  auto refuse = [&](int status, const char* nl, const char* en) {
    res.status = status;
    res.set_header("Connection", "close");
    res.set_header("Cache-Control", "no-store");
    res.set_content(nlohmann::json({{"error",
                                     {{"code", "invalid_argument"},
                                      {"message", nl},
                                      {"message_en", en}}}})
                        .dump(),
                    "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    return refuse(415,
                  "Ingepakte verzoeken (Content-Encoding) worden niet "
                  "aangenomen. Stuur het bestand zoals het is.",
                  "Encoded requests (Content-Encoding) are not accepted. "
                  "Send the file as it is.");
  }
  if (req.has_header("Transfer-Encoding")) {
    return refuse(411,
                  "Stuur de lengte van het verzoek mee (Content-Length); "
                  "verzoeken in delen (chunked) worden niet aangenomen.",
                  "Send the request's length (Content-Length); chunked "
                  "requests are not accepted.");
  }
  bool upload_route = req.method == "POST" &&
                      (req.path == "/upload" || req.path == "/api/v1/uploads");
  if (!upload_route && req.has_header("Content-Length") &&
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr,
                    10) > max_body_bytes) {
    return refuse(413, "Dit verzoek is te groot.",
                  "This request is too large.");
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

// Headers for every response. The CSP allows only this site's own files:
// no inline script or style, no framing, forms only to this site.
void SecurityHeaders(const httplib::Request&, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  // A page whose address carries a secret (a password link) sends
  // no-referrer itself.
  if (!res.has_header("Referrer-Policy")) {
    res.set_header("Referrer-Policy", "same-origin");
  }
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; "
                 "img-src 'self' data:; object-src 'none'; "
                 "frame-ancestors 'none'; base-uri 'none'; "
                 "form-action 'self'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  // Pages carry personal data: nothing is cached unless a route allows it.
  if (!res.has_header("Cache-Control")) {
    res.set_header("Cache-Control", "no-store");
  }
}

}  // namespace

void WebServer::Route() {
  size_t max_body = options_.max_body_bytes;
  server_->set_pre_routing_handler(
      [max_body](const httplib::Request& req, httplib::Response& res) {
        return RefuseUnsafeBodies(req, res, max_body);
      });
  server_->set_post_routing_handler(SecurityHeaders);
  if (tls_) {
    // Browsers keep to HTTPS for this site from now on.
    server_->set_post_routing_handler(
        [](const httplib::Request& req, httplib::Response& res) {
          SecurityHeaders(req, res);
          res.set_header("Strict-Transport-Security", "max-age=31536000");
        });
  }
  server_->set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        bool api = req.path.rfind("/api/", 0) == 0;
        std::string_view nl =
            res.status == 404 ? "Niet gevonden." : "Dit verzoek kan niet.";
        if (api) return JsonError(res, res.status, "error", nl);
        res.set_content(fmt::format("<!doctype html><html lang=\"nl\"><meta "
                                    "charset=\"utf-8\"><title>{0}</title>"
                                    "<h1>{0}</h1><p><a href=\"/\">Naar de "
                                    "startpagina</a></p></html>",
                                    nl),
                        "text/html; charset=utf-8");
      });

  for (const char* name : {"static/style.css", "static/app.js"}) {
    std::string path = std::string("/") + name;
    std::string type = path.ends_with(".css")
                           ? "text/css; charset=utf-8"
                           : "text/javascript; charset=utf-8";
    server_->Get(path,
                 [name, type](const httplib::Request&, httplib::Response& res) {
                   std::string_view body = Asset(name);
                   res.set_header("Cache-Control", "public, max-age=3600");
                   res.set_content(body.data(), body.size(), type.c_str());
                 });
  }

  RegisterBrand(*server_);

  std::shared_ptr<store::DatabasePool> pool = options_.pool;
  server_->Get("/health", [pool](const httplib::Request&,
                                 httplib::Response& res) {
    nlohmann::json body = {{"status", "ok"}, {"version", SCHOOLBIEB_VERSION}};
    auto db = pool->Acquire();
    Status schema = db.ok() ? store::RequireCurrentSchema(**db) : db.status();
    if (!schema.ok()) {
      body["status"] = "unavailable";
      body["database"] = schema.code_name();
      res.status = 503;
    } else {
      body["database"] = "ok";
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(), "application/json");
  });

  RegisterPortal(*server_, options_, tls_);
  RegisterCustomers(*server_, options_, tls_);
  RegisterSettings(*server_, options_, tls_);
  RegisterPasswordPages(*server_, options_, tls_);
  RegisterTwoFactorPages(*server_, options_, tls_);
  RegisterApi(*server_, options_);
  RegisterBackoffice(*server_, options_, tls_);
}

Result<int> WebServer::Bind() {
  if (!server_->is_valid()) {
    return Status::InvalidArgument(
        fmt::format("Het TLS-certificaat ({}) of de sleutel ({}) kan niet "
                    "worden gelezen. Controleer de paden en de rechten.",
                    options_.tls_cert, options_.tls_key),
        fmt::format("The TLS certificate ({}) or key ({}) cannot be read. "
                    "Check the paths and permissions.",
                    options_.tls_cert, options_.tls_key));
  }
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return Status::Unavailable(
        fmt::format("Kan niet luisteren op {}:{}. Is de poort al in gebruik?",
                    options_.host, options_.port),
        fmt::format("Cannot listen on {}:{}. Is the port already in use?",
                    options_.host, options_.port));
  }
  // Listening again on a listening socket sets its backlog (Linux).
  if (listen_socket_ < 0 || ::listen(listen_socket_, kListenBacklog) != 0) {
    spdlog::warn("the listen backlog stays at cpp-httplib's 5: {}",
                 listen_socket_ < 0 ? "no socket" : std::strerror(errno));
  }
  spdlog::info("listening on {}://{}:{}", tls_ ? "https" : "http",
               options_.host, port);
  return port;
}

void WebServer::Serve() {
  {
    std::lock_guard lock(serve_mutex_);
    if (stopping_) return;
    serving_ = true;
  }
  server_->listen_after_bind();
  served_ = true;
}

void WebServer::Stop() {
  {
    std::lock_guard lock(serve_mutex_);
    stopping_ = true;
    if (!serving_) return;  // Serve() will not start listening
  }
  // cpp-httplib's stop() does nothing until its listen loop has begun: a
  // stop right after the start (a SIGTERM while booting) would leave the
  // server listening for ever. Wait for the loop, then stop it.
  while (!server_->is_running() && !served_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->stop();
}

}  // namespace schoolbieb::web
