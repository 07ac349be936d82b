#include "web/http_util.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>
#include <nlohmann/json.hpp>

namespace schoolbieb::web {

std::string GetCookie(const httplib::Request& req, std::string_view name) {
  // Several Cookie headers are possible (HTTP/2 fronts split them).
  size_t count = req.get_header_value_count("Cookie");
  for (size_t idx = 0; idx < count; ++idx) {
    std::string header = req.get_header_value("Cookie", idx);
    std::string_view rest = header;
    while (!rest.empty()) {
      size_t end = rest.find(';');
      std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return "";
}

std::string CookieHeader(std::string_view name, std::string_view value,
                         bool secure, std::string_view same_site,
                         long long max_age) {
  std::string cookie = fmt::format("{}={}; Path=/; HttpOnly; SameSite={}", name,
                                   value, same_site);
  if (max_age >= 0) cookie += fmt::format("; Max-Age={}", max_age);
  if (secure) cookie += "; Secure";
  return cookie;
}

void Redirect(httplib::Response& res, const std::string& path) {
  res.status = 303;
  res.set_header("Location", IsLocalPath(path) ? path : "/");
}

bool IsLocalPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return false;
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return false;
  }
  return true;
}

void JsonError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  res.status = status;
  res.set_content(nlohmann::json({{"error",
                                   {{"code", std::string(code)},
                                    {"message", std::string(message)}}}})
                      .dump(),
                  "application/json");
}

int HttpStatus(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalidArgument:
      return 422;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kAlreadyExists:
      return 409;
    case Status::Code::kFailedPrecondition:
      return 409;
    case Status::Code::kPermissionDenied:
      return 403;
    case Status::Code::kResourceExhausted:
      return 429;
    case Status::Code::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

std::string ClientAddress(const httplib::Request& req,
                          const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || req.remote_addr != trusted_proxy) {
    return req.remote_addr;
  }
  // nginx appends the peer it saw ($proxy_add_x_forwarded_for): the last
  // entry is the one the proxy vouches for; earlier ones the client wrote.
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string last =
      comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.erase(0, 1);
  while (!last.empty() && last.back() == ' ') last.pop_back();
  return last.empty() ? req.remote_addr : last;
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(
                      bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// "leerlingen 2026.csv" → filename="leerlingen 2026.csv" and the UTF-8 form
// (RFC 6266/5987): quotes, backslashes and control characters never reach
// the header.
std::string AttachmentDisposition(const std::string& name) {
  std::string ascii, encoded;
  for (unsigned char c : name) {
    bool plain =
        c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';';
    ascii += plain ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  if (ascii.empty()) ascii = "leerlingbestand";
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii,
                     encoded);
}

}  // namespace schoolbieb::web
