// What every page handler shares: the visit (who asks, in which language,
// with which database), admission (session, role, CSRF), the layout's
// context, and the audit helper. The portal (portal.cc), the back office
// (backoffice*.cc) and the library's settings pages build on these, so each
// decides access the same way.
//
// A handler sees a Visit only after Admit: the database is open, the session
// (never one the browser proposes) is valid, the role allows the route, and
// a POST carried the session's CSRF token. A session still waiting for its
// two-factor code is sent to /login/code from every other route (and is
// not signed in on public pages); staff whose library requires two-factor
// sign-in and who have not set it up are sent to /account/two-factor.
// Thread-safe: a Visit belongs to one request.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/database_pool.h"
#include "store/session_store.h"
#include "web/server.h"
#include "web/text.h"

namespace schoolbieb::web {

enum class Access {
  kPublic,    // anyone; the session is read when there is one
  kSignedIn,  // any account
  kStaff,     // library staff and admins (the back office)
  kAdmin,     // admins only
  // Only a session that passed the password and waits for its two-factor
  // code (the "Verificatiecode" page); such a session reaches nothing else.
  kSecondStep,
  // Any signed-in account, also staff who must set up two-factor sign-in
  // before anything else (the set-up page and logout).
  kSetUp,
};

// One request to a page.
struct Visit {
  Visit(const httplib::Request& request, httplib::Response& response,
        const ServerOptions& server_options, bool secure)
      : req(request), res(response), options(server_options), tls(secure) {}

  const httplib::Request& req;
  httplib::Response& res;
  const ServerOptions& options;
  bool tls = false;
  Language language = Language::kDutch;
  store::DatabasePool::Lease db;
  std::optional<store::Account> account;
  std::optional<store::Session> session;
  // The visitor's library (or, before login, the server's only one): its
  // name and "#rrggbb" colour for the layout. Empty when not known.
  std::string library_name;
  std::string brand_colour;

  const std::string& T(std::string_view key) const {
    return Text(key, language);
  }
  bool Is(store::Role role) const { return account && account->role == role; }
  // Staff or admin: may use the back office.
  bool IsStaff() const {
    return Is(store::Role::kStaff) || Is(store::Role::kAdmin);
  }
  // The id in the route's n-th group (routes match digits only).
  long long IdParam(size_t n = 1) const;
  // A form or query field.
  std::string Param(const char* name) const {
    return req.get_param_value(name);
  }
};

// "docent", "medewerker", "beheerder" (or English).
std::string RoleLabel(store::Role role, Language language);
// dd-mm-jjjj of an epoch time (UTC).
std::string FormatDate(long long epoch_seconds);
// "2026-07-10" → "10-07-2026"; anything else as it is.
std::string FormatIsoDateDutch(std::string_view iso);
// dd-mm-jjjj hh:mm of an epoch time (UTC).
std::string FormatDateTime(long long epoch_seconds);
// `text` with its first `key` ("{n}") replaced by `value`: the numbers
// and names in a sentence from the text tables.
std::string Replace(std::string text, std::string_view key,
                    const std::string& value);
// Constant-time comparison; false when either is empty.
bool SameToken(std::string_view a, std::string_view b);

// The keys every page's layout uses: language, title, the library's name,
// the signed-in user and the menu (`current` marks the open item). The
// texts ("t") are added by Show, only those of the view shown.
mstch::map PageContext(const Visit& v, const std::string& title,
                       std::string_view current);

// Renders `view` inside the layout; adds the view's texts ("t") to
// `context` first.
void Show(Visit& v, std::string_view view, mstch::map& context,
          int status = 200);
void Show(Visit& v, std::string_view view, mstch::map&& context,
          int status = 200);
// A page with a heading (a text key) and one sentence.
void ShowMessage(Visit& v, int status, std::string_view heading_key,
                 const std::string& text);
// 404 "Niet gevonden": also what someone sees who may not know the thing
// exists (another library's or school's ids).
void ShowNotFound(Visit& v);
// After an unexpected failure: 503 "the connection to the database was
// lost" when PostgreSQL went away (nothing was saved), else 500.
void ShowServerError(Visit& v);

// Who is acting, for an audit event: the account, its library and the
// client's address; the caller fills in the action and the object.
store::AuditEvent Actor(const Visit& v);
// Records an audit event for the visitor (never a student's data in
// `details`). Failures are logged, not shown.
void Audit(Visit& v, std::string action, std::string kind, long long id,
           nlohmann::json details = nlohmann::json::object());

using PageHandler = std::function<void(Visit&)>;

// A page route: language, database, session and role (Admit), then for a
// POST the session's CSRF token, then `handler`; an exception becomes a
// calm 500 page. `options` must outlive the server.
httplib::Server::Handler Page(const ServerOptions& options, bool tls,
                              Access access, PageHandler handler);

// Admission without the handler, for routes that read their own body (the
// streamed upload). False when it has already answered (a redirect, 403,
// 503).
bool Admit(Visit& v, Access access);

}  // namespace schoolbieb::web
