// Small HTTP helpers shared by the pages and the API: cookies, redirects,
// JSON errors and the security headers. Pure functions; thread-safe.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "core/message.h"
#include "core/status.h"

namespace schoolbieb::web {

inline constexpr const char* kSessionCookie = "sb_session";
inline constexpr const char* kLoginCookie = "sb_login";
inline constexpr const char* kLanguageCookie = "sb_lang";

// The value of cookie `name` in the request; empty when absent.
std::string GetCookie(const httplib::Request& req, std::string_view name);

// A Set-Cookie value: Path=/, HttpOnly, the given SameSite, Secure under
// TLS; `max_age` < 0: a browser-session cookie, 0: delete it now.
std::string CookieHeader(std::string_view name, std::string_view value,
                         bool secure, std::string_view same_site = "Lax",
                         long long max_age = -1);

// 303 See Other to a path of this site.
void Redirect(httplib::Response& res, const std::string& path);

// True for "/x/y" paths of this site: never "//host" or a scheme, so a
// `next` parameter cannot send anyone elsewhere.
bool IsLocalPath(std::string_view path);

// {"error": {"code", "message"}} with the status.
void JsonError(httplib::Response& res, int status, std::string_view code,
               std::string_view message);

// The HTTP status for a Status from the store or the engine.
int HttpStatus(const Status& status);

// The client's address: the socket's peer (`req.remote_addr`, never the
// client-supplied REMOTE_ADDR header) — unless that peer is the configured
// reverse proxy (nginx in front), then the last address the proxy added to
// X-Forwarded-For. Without a trusted proxy no header is believed.
std::string ClientAddress(const httplib::Request& req,
                          const std::string& trusted_proxy);

// Random URL-safe text of `bytes` random bytes (CSRF for the login form).
std::string RandomToken(size_t bytes = 32);

// A Content-Disposition for downloading a file named `name`: attachment,
// an ASCII filename (anything else, quotes, backslashes, ';' and '%' as
// '_') and the exact name in UTF-8, percent-encoded (RFC 6266, RFC 8187).
std::string AttachmentDisposition(const std::string& name);

}  // namespace schoolbieb::web
