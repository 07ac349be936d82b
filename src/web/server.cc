#include "web/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "store/migrations.h"

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

WebServer::WebServer(ServerOptions options)
    : options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  server_->set_tcp_nodelay(true);
  server_->set_payload_max_length(options_.max_body_bytes);
  int threads = options_.threads;
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);
  server_->set_keep_alive_timeout(5);
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
                                                    httplib::Response& res) {
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
  return httplib::Server::HandlerResponse::Unhandled;
}

}  // namespace

void WebServer::Route() {
  server_->set_pre_routing_handler(RefuseUnsafeBodies);
  server_->set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "same-origin");
        res.set_header(
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'");
        res.set_header("X-Frame-Options", "DENY");
      });

  std::string db_url = options_.db_url;
  server_->Get("/health", [db_url](const httplib::Request&,
                                   httplib::Response& res) {
    nlohmann::json body = {{"status", "ok"}, {"version", SCHOOLBIEB_VERSION}};
    auto db = store::Database::Open(db_url);
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
}

Result<int> WebServer::Bind() {
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
  spdlog::info("listening on http://{}:{}", options_.host, port);
  return port;
}

void WebServer::Serve() { server_->listen_after_bind(); }

void WebServer::Stop() { server_->stop(); }

}  // namespace schoolbieb::web
