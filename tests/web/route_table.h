// Every route the server registers, as a table the security tests walk: who
// may use it, which kind of object its id names, and how a POST proves it
// came from our own form. `RegisteredRoutes` reads the registrations from
// the sources in src/web, so a route added there without a row here fails
// WebRouteTableTest (and with it the IDOR and CSRF sweeps that would have
// missed it).
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>

namespace schoolbieb::web::routes {

// Who may use a route.
enum class Door {
  kPublic,       // anyone (login, password links, manuals, static files)
  kSignedIn,     // any session; an object only its teacher's (or staff's)
  kCodeStep,     // a session past its password, waiting for its code
                 // (TwoFactorTest.TheCodeStepNeedsItsCsrfToken)
  kStaff,        // staff and admins of the object's library
  kAdmin,        // admins of the object's library
  kBearer,       // the API with any token; an object only its uploader's
  kBearerStaff,  // the API with a staff or admin token
};

// The kind of object a route's {id} names.
enum class Object {
  kNone,
  kUpload,
  kRun,
  kCustomer,
  kSchool,
  kAccount,
  kMessage,
};

// What stops a forged cross-site POST.
enum class Guard {
  kNone,        // a GET
  kSession,     // the session's CSRF token in the form
  kLoginForm,   // double-submit: the sb_login cookie and the form field
  kForgotForm,  // double-submit: the sb_forgot cookie and the form field
  kLinkToken,   // the mailed 256-bit link token, which a forger lacks
  kBearer,      // an Authorization header, which no browser adds by itself
};

struct Route {
  const char* method;
  // As registered: "{id}" for a number, "{name}" for a word, "{colour}"
  // for six hex digits, "{path}" for the static files' loop in server.cc.
  const char* path;
  Door door;
  Object object;
  Guard guard;
};

inline constexpr Route kRoutes[] = {
    // server.cc
    {"GET", "{path}", Door::kPublic, Object::kNone, Guard::kNone},
    {"GET", "/health", Door::kPublic, Object::kNone, Guard::kNone},
    // brand.cc: the library's colour as a stylesheet
    {"GET", "/brand/{colour}.css", Door::kPublic, Object::kNone, Guard::kNone},
    // portal.cc
    {"GET", "/login", Door::kPublic, Object::kNone, Guard::kNone},
    {"POST", "/login", Door::kPublic, Object::kNone, Guard::kLoginForm},
    {"POST", "/logout", Door::kSignedIn, Object::kNone, Guard::kSession},
    // two_factor_pages.cc
    {"GET", "/login/code", Door::kCodeStep, Object::kNone, Guard::kNone},
    {"POST", "/login/code", Door::kCodeStep, Object::kNone, Guard::kSession},
    {"GET", "/account/two-factor", Door::kSignedIn, Object::kNone,
     Guard::kNone},
    {"POST", "/account/two-factor", Door::kSignedIn, Object::kNone,
     Guard::kSession},
    {"POST", "/account/two-factor/recovery-codes", Door::kSignedIn,
     Object::kNone, Guard::kSession},
    {"POST", "/account/two-factor/disable", Door::kSignedIn, Object::kNone,
     Guard::kSession},
    {"GET", "/", Door::kSignedIn, Object::kNone, Guard::kNone},
    {"GET", "/upload", Door::kSignedIn, Object::kNone, Guard::kNone},
    {"POST", "/upload", Door::kSignedIn, Object::kNone, Guard::kSession},
    {"GET", "/uploads", Door::kSignedIn, Object::kNone, Guard::kNone},
    {"GET", "/uploads/{id}", Door::kSignedIn, Object::kUpload, Guard::kNone},
    {"GET", "/manuals", Door::kPublic, Object::kNone, Guard::kNone},
    {"GET", "/manuals/{name}", Door::kPublic, Object::kNone, Guard::kNone},
    {"GET", "/admin/accounts", Door::kAdmin, Object::kNone, Guard::kNone},
    {"POST", "/admin/accounts", Door::kAdmin, Object::kNone, Guard::kSession},
    {"POST", "/admin/accounts/{id}/disable", Door::kAdmin, Object::kAccount,
     Guard::kSession},
    {"POST", "/admin/accounts/{id}/sessions/end", Door::kAdmin,
     Object::kAccount, Guard::kSession},
    // password_pages.cc
    {"GET", "/password/forgot", Door::kPublic, Object::kNone, Guard::kNone},
    {"POST", "/password/forgot", Door::kPublic, Object::kNone,
     Guard::kForgotForm},
    {"GET", "/password/set", Door::kPublic, Object::kNone, Guard::kNone},
    {"POST", "/password/set", Door::kPublic, Object::kNone, Guard::kLinkToken},
    {"GET", "/account/password", Door::kSignedIn, Object::kNone, Guard::kNone},
    {"POST", "/account/password", Door::kSignedIn, Object::kNone,
     Guard::kSession},
    // backoffice.cc
    {"GET", "/backoffice/uploads", Door::kStaff, Object::kNone, Guard::kNone},
    {"GET", "/backoffice/uploads/{id}", Door::kStaff, Object::kUpload,
     Guard::kNone},
    {"GET", "/backoffice/uploads/{id}/download", Door::kStaff, Object::kUpload,
     Guard::kNone},
    {"GET", "/backoffice/uploads/{id}/preview", Door::kStaff, Object::kUpload,
     Guard::kNone},
    {"POST", "/backoffice/uploads/{id}/import", Door::kStaff, Object::kUpload,
     Guard::kSession},
    {"POST", "/backoffice/uploads/{id}/reject", Door::kStaff, Object::kUpload,
     Guard::kSession},
    {"POST", "/backoffice/uploads/{id}/answer", Door::kStaff, Object::kUpload,
     Guard::kSession},
    {"GET", "/backoffice/imports", Door::kStaff, Object::kNone, Guard::kNone},
    {"GET", "/backoffice/imports/{id}", Door::kStaff, Object::kRun,
     Guard::kNone},
    {"POST", "/backoffice/imports/{id}/undo", Door::kStaff, Object::kRun,
     Guard::kSession},
    {"GET", "/backoffice/imports/{id}/students.csv", Door::kStaff, Object::kRun,
     Guard::kNone},
    // customers.cc
    {"GET", "/backoffice/customers", Door::kStaff, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/customers", Door::kStaff, Object::kNone,
     Guard::kSession},
    {"GET", "/backoffice/customers/{id}", Door::kStaff, Object::kCustomer,
     Guard::kNone},
    {"POST", "/backoffice/customers/{id}", Door::kStaff, Object::kCustomer,
     Guard::kSession},
    {"POST", "/backoffice/customers/{id}/notices", Door::kStaff,
     Object::kCustomer, Guard::kSession},
    // settings.cc
    {"GET", "/backoffice/security", Door::kAdmin, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/security", Door::kAdmin, Object::kNone,
     Guard::kSession},
    {"GET", "/backoffice/library", Door::kAdmin, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/library", Door::kAdmin, Object::kNone,
     Guard::kSession},
    {"GET", "/backoffice/schools", Door::kStaff, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/schools", Door::kStaff, Object::kNone,
     Guard::kSession},
    {"GET", "/backoffice/schools/new", Door::kStaff, Object::kNone,
     Guard::kNone},
    {"GET", "/backoffice/schools/{id}", Door::kStaff, Object::kSchool,
     Guard::kNone},
    {"POST", "/backoffice/schools/{id}", Door::kStaff, Object::kSchool,
     Guard::kSession},
    {"GET", "/backoffice/rights", Door::kStaff, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/rights/grant-all", Door::kStaff, Object::kNone,
     Guard::kSession},
    {"POST", "/backoffice/rights/revoke", Door::kStaff, Object::kNone,
     Guard::kSession},
    {"POST", "/backoffice/rights/rule", Door::kStaff, Object::kNone,
     Guard::kSession},
    {"GET", "/backoffice/audit", Door::kStaff, Object::kNone, Guard::kNone},
    {"GET", "/backoffice/outbox", Door::kStaff, Object::kNone, Guard::kNone},
    {"POST", "/backoffice/outbox/{id}/retry", Door::kStaff, Object::kMessage,
     Guard::kSession},
    // api.cc
    {"POST", "/api/v1/uploads", Door::kBearer, Object::kNone, Guard::kBearer},
    {"GET", "/api/v1/uploads/{id}", Door::kBearer, Object::kUpload,
     Guard::kNone},
    // api_staff.cc
    {"GET", "/api/v1/uploads", Door::kBearer, Object::kNone, Guard::kNone},
    {"POST", "/api/v1/uploads/{id}/preview", Door::kBearerStaff,
     Object::kUpload, Guard::kBearer},
    {"POST", "/api/v1/uploads/{id}/import", Door::kBearerStaff, Object::kUpload,
     Guard::kBearer},
    {"POST", "/api/v1/uploads/{id}/answer", Door::kBearerStaff, Object::kUpload,
     Guard::kBearer},
    {"GET", "/api/v1/imports/{id}", Door::kBearerStaff, Object::kRun,
     Guard::kNone},
    {"POST", "/api/v1/imports/{id}/undo", Door::kBearerStaff, Object::kRun,
     Guard::kBearer},
};

using Registration = std::pair<std::string, std::string>;  // method, path

inline std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(c));
  return text;
}

// The first argument of a registration at `at` in `text`: string literals
// (plain or raw) and constants joined by `+`. A constant defined in the same
// file as a raw string is expanded; any other name becomes "{name}".
inline std::string RouteArgument(const std::string& text, size_t at) {
  std::string path;
  for (;;) {
    while (at < text.size() &&
           std::isspace(static_cast<unsigned char>(text[at])))
      ++at;
    if (text.compare(at, 3, "R\"(") == 0) {
      size_t end = text.find(")\"", at + 3);
      path += text.substr(at + 3, end - at - 3);
      at = end + 2;
    } else if (at < text.size() && text[at] == '"') {
      for (++at; at < text.size() && text[at] != '"'; ++at) {
        if (text[at] == '\\') ++at;
        path += text[at];
      }
      ++at;
    } else {
      size_t start = at;
      while (at < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[at])) ||
              text[at] == '_'))
        ++at;
      std::string name = text.substr(start, at - start);
      std::smatch value;
      std::regex constant(name + R"re(\s*=\s*R"\((.*)\)";)re");
      if (!name.empty() && std::regex_search(text, value, constant)) {
        path += value[1].str();
      } else {
        path += "{" + name + "}";
      }
    }
    while (at < text.size() &&
           std::isspace(static_cast<unsigned char>(text[at])))
      ++at;
    if (at >= text.size() || text[at] != '+') break;
    ++at;
  }
  // The routes' patterns, as the table writes them.
  for (const auto& [pattern, word] :
       {std::pair<std::string, std::string>{R"((\d{1,18}))", "{id}"},
        {R"(([a-z]{1,32}))", "{name}"},
        {R"(([0-9a-f]{6})\.)", "{colour}."}}) {
    for (size_t found; (found = path.find(pattern)) != std::string::npos;)
      path.replace(found, pattern.size(), word);
  }
  return path;
}

// Every server.Get/Post/… and server_->Get/… in src/web/*.cc.
inline std::set<Registration> RegisteredRoutes() {
  std::set<Registration> found;
  static const std::regex call(
      R"re(\bserver(?:\.|_->)(Get|Post|Put|Patch|Delete|Options)\s*\()re");
  for (const auto& entry :
       std::filesystem::directory_iterator(SCHOOLBIEB_WEB_SOURCE_DIR)) {
    if (entry.path().extension() != ".cc") continue;
    std::ifstream in(entry.path());
    std::string text(std::istreambuf_iterator<char>(in), {});
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call);
         it != std::sregex_iterator(); ++it) {
      size_t at = static_cast<size_t>(it->position() + it->length());
      found.insert({Upper((*it)[1].str()), RouteArgument(text, at)});
    }
  }
  return found;
}

// The route's path with its {id} filled in.
inline std::string PathWith(const Route& route, long long id) {
  std::string path = route.path;
  size_t at = path.find("{id}");
  if (at != std::string::npos) path.replace(at, 4, std::to_string(id));
  return path;
}

}  // namespace schoolbieb::web::routes
