#include "web/portal.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <optional>

#include "core/clock.h"
#include "import/engine.h"
#include "import/intake.h"
#include "import/report.h"
#include "mail/mime.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/library_store.h"
#include "store/session_store.h"
#include "store/two_factor.h"
#include "store/upload_store.h"
#include "web/http_util.h"
#include "web/manuals.h"
#include "web/page.h"
#include "web/password_pages.h"
#include "web/render.h"
#include "web/text.h"
#include "web/upload_flow.h"

namespace schoolbieb::web {
namespace {

// ---- Login and logout -------------------------------------------------

void ShowLogin(Visit& v, int status, const std::string& error,
               const std::string& notice, const std::string& login = "") {
  std::string token = RandomToken();
  v.res.set_header("Set-Cookie",
                   CookieHeader(kLoginCookie, token, v.tls, "Strict", 3600));
  mstch::map context = PageContext(v, v.T("login_title"), "/login");
  context["login_csrf"] = token;
  context["login"] = login;
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "login", context, status);
}

void GetLogin(Visit& v) {
  if (v.account) return Redirect(v.res, "/");
  std::string error =
      v.req.has_param("expired") ? v.T("login_expired") : std::string();
  std::string notice = v.req.has_param("bye")            ? v.T("logged_out")
                       : v.req.has_param("password_set") ? v.T("pw_set_done")
                                                         : std::string();
  ShowLogin(v, 200, error, notice);
}

void PostLogin(Visit& v) {
  std::string login = v.req.get_param_value("login");
  if (!SameToken(v.req.get_param_value("csrf"),
                 GetCookie(v.req, kLoginCookie))) {
    return ShowLogin(v, 403, v.T("csrf_failed"), "", login);
  }
  auto account = store::Login(*v.db, login, v.req.get_param_value("password"),
                              ClientAddress(v.req, v.options.trusted_proxy),
                              v.options.session_policy, *v.options.clock);
  if (!account.ok()) {
    const Status& status = account.status();
    int http = status.code() == Status::Code::kResourceExhausted ? 429 : 401;
    std::string message = status.code() == Status::Code::kResourceExhausted
                              ? status.message(v.language)
                              : v.T("login_failed");
    Audit(v, "login.failed", "", 0, {{"throttled", http == 429}});
    return ShowLogin(v, http, message, "", login);
  }
  // A token the browser had before is never carried over (fixation).
  if (std::string old = GetCookie(v.req, kSessionCookie); !old.empty()) {
    (void)store::EndSession(*v.db, old);
  }
  // With two-step verification the password only opens the code page: the
  // session waits for the code (web/two_factor_pages.h).
  auto two_factor = store::GetTwoFactorState(*v.db, *account);
  if (!two_factor.ok()) {
    return ShowLogin(v, 503, v.T("server_error"), "", login);
  }
  std::string address = ClientAddress(v.req, v.options.trusted_proxy);
  auto session = store::CreateSession(*v.db, account->id, address,
                                      v.options.session_policy,
                                      *v.options.clock, two_factor->enabled);
  if (!session.ok()) {
    return ShowLogin(v, 503, v.T("server_error"), "", login);
  }
  v.account = *account;
  Audit(v, two_factor->enabled ? "login.code_asked" : "login", "account",
        account->id);
  v.res.set_header("Set-Cookie",
                   CookieHeader(kSessionCookie, session->token, v.tls));
  v.res.set_header("Set-Cookie",
                   CookieHeader(kLoginCookie, "", v.tls, "Strict", 0));
  std::string next = v.req.get_param_value("next");
  if (!IsLocalPath(next)) next.clear();
  if (two_factor->enabled) {
    return Redirect(v.res, next.empty()
                               ? "/login/code"
                               : "/login/code?next=" +
                                     httplib::detail::encode_query_param(next));
  }
  Redirect(v.res, next.empty() ? "/" : next);
}

void PostLogout(Visit& v) {
  (void)store::EndSession(*v.db, GetCookie(v.req, kSessionCookie));
  Audit(v, "logout", "account", v.account->id);
  v.res.set_header("Set-Cookie",
                   CookieHeader(kSessionCookie, "", v.tls, "Lax", 0));
  // The browser drops what it may have kept of the pages seen (a shared
  // school computer). Not "cookies": the session cookie is deleted above,
  // and the language chosen stays for the next sign-in.
  v.res.set_header("Clear-Site-Data", "\"cache\", \"storage\"");
  Redirect(v.res, "/login?bye=1");
}

// ---- The menu -----------------------------------------------------------

void GetHome(Visit& v) {
  mstch::map context = PageContext(v, v.T("home_title"), "/");
  mstch::array menu;
  auto entry = [&](const char* href, std::string_view label,
                   std::string_view text) {
    menu.push_back(mstch::map{{"href", std::string(href)},
                              {"label", v.T(label)},
                              {"text", v.T(text)}});
  };
  if (v.IsStaff()) {
    entry("/backoffice/uploads", "menu_bo_uploads", "menu_bo_uploads_text");
    entry("/backoffice/customers", "menu_bo_customers",
          "menu_bo_customers_text");
    entry("/backoffice/schools", "menu_bo_schools", "menu_bo_schools_text");
    entry("/backoffice/rights", "menu_bo_rights", "menu_bo_rights_text");
    entry("/backoffice/audit", "menu_bo_audit", "menu_bo_audit_text");
    entry("/backoffice/outbox", "menu_bo_outbox", "menu_bo_outbox_text");
  } else {
    entry("/upload", "menu_upload", "menu_upload_text");
    entry("/uploads", "menu_my_uploads", "menu_my_uploads_text");
  }
  entry("/manuals", "menu_manuals", "menu_manuals_text");
  if (v.Is(store::Role::kAdmin)) {
    entry("/admin/accounts", "menu_accounts", "menu_accounts_text");
    entry("/backoffice/library", "menu_library", "menu_library_text");
  }
  context["intro"] = v.Is(store::Role::kTeacher) ? v.T("home_intro_teacher")
                                                 : v.T("home_intro_staff");
  context["menu"] = menu;
  Show(v, "home", context);
}

// ---- The upload ---------------------------------------------------------

void ShowUploadForm(Visit& v, int status, const std::string& error) {
  mstch::map context = PageContext(v, v.T("upload_title"), "/upload");
  auto schools = UploadSchools(*v.db, *v.account);
  mstch::array list;
  if (schools.ok()) {
    for (const store::Branch& branch : *schools) {
      list.push_back(mstch::map{{"id", std::to_string(branch.id)},
                                {"name", branch.name},
                                {"selected", list.empty()}});
    }
  }
  context["may_upload"] = !list.empty();
  context["choose_school"] = list.size() > 1;
  context["schools"] = list;
  context["max_bytes"] = std::to_string(v.options.max_upload_bytes);
  context["name_extra"] = v.options.name_rule.extra_allowed;
  std::string hint = v.T("upload_file_hint");
  size_t at = hint.find("{max}");
  if (at != std::string::npos) {
    hint.replace(at, 5, std::to_string(v.options.max_upload_bytes >> 20));
  }
  context["file_hint"] = hint;
  if (!error.empty()) context["error"] = error;
  Show(v, "upload", context, status);
}

void GetUpload(Visit& v) { ShowUploadForm(v, 200, ""); }

// The streamed upload: Admit without the body, then upload_flow checks the
// CSRF field before the first byte of the file is kept.
httplib::Server::HandlerWithContentReader PostUpload(
    const ServerOptions& options, bool tls) {
  return [&options, tls](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& reader) {
    Visit v(req, res, options, tls);
    try {
      if (!Admit(v, Access::kSignedIn)) {
        DrainBody(options, req, reader);
        return;
      }
      const std::string csrf = v.session->csrf_token;
      UploadResult result = ReceiveUpload(
          options, *v.db, *v.account, req, reader,
          [&csrf](const std::map<std::string, std::string>& fields) {
            auto it = fields.find("csrf");
            return it != fields.end() && SameToken(it->second, csrf);
          });
      if (result.body_unread) DrainBody(options, req, reader);
      if (result.close_connection) res.set_header("Connection", "close");
      if (result.outcome) {
        return Redirect(res, fmt::format("/uploads/{}?received=1",
                                         result.outcome->upload.id));
      }
      if (result.code == "csrf") {
        return ShowMessage(v, 403, "forbidden_title", v.T("csrf_failed"));
      }
      ShowUploadForm(v, result.http_status, result.error.message(v.language));
    } catch (const std::exception& error) {
      spdlog::error("upload: {}", error.what());
      res.set_header("Connection", "close");
      ShowServerError(v);
    }
  };
}

mstch::map UploadRow(Visit& v, const store::Upload& upload,
                     const std::map<long long, std::string>& schools) {
  import::QuickReport report =
      import::QuickReport::FromJson(upload.report_json);
  std::string result = report.Summary().In(v.language);
  if (upload.status == "imported") {
    auto counts = import::AppliedCounts(*v.db, upload.id);
    if (counts.ok() && *counts) {
      const import::PlanCounts& c = **counts;
      result =
          v.language == Language::kEnglish
              ? fmt::format("{} new, {} changed, {} left, {} unchanged",
                            c.new_students, c.changed, c.leaving, c.unchanged)
              : fmt::format(
                    "{} nieuw, {} gewijzigd, {} vertrokken, {} "
                    "ongewijzigd",
                    c.new_students, c.changed, c.leaving, c.unchanged);
    }
  }
  if (upload.status == "rejected" && !upload.reject_reason.empty()) {
    result = fmt::format("{}: {}", v.T("reject_reason"), upload.reject_reason);
  }
  auto school = schools.find(upload.branch_id);
  mstch::map row{
      {"id", std::to_string(upload.id)},
      {"file_name", upload.original_name},
      {"school", school == schools.end() ? std::string() : school->second},
      {"date", FormatDate(upload.created_at)},
      {"status", upload.status},
      {"status_label", v.T("status_" + upload.status)},
      {"result", result},
      {"summary", result},
  };
  if (!upload.reject_reason.empty())
    row["reject_reason"] = upload.reject_reason;
  mstch::array problems;
  for (const Problem& problem : report.problems) {
    mstch::map item{{"message", problem.message.In(v.language)}};
    if (problem.row > 0) item["row"] = std::to_string(problem.row);
    problems.push_back(item);
  }
  row["has_problems"] = !problems.empty();
  row["problems"] = problems;
  mstch::array columns;
  for (const roster::ColumnUse& use : report.columns) {
    columns.push_back(
        mstch::map{{"header", use.header},
                   {"label", import::ColumnUseNote(use).In(v.language)},
                   {"read", import::ColumnUseRead(use)}});
  }
  row["has_columns"] = !columns.empty();
  row["columns"] = columns;
  mstch::array questions;
  for (const Message& question : report.questions) {
    questions.push_back(mstch::map{{"message", question.In(v.language)}});
  }
  row["has_questions"] = !questions.empty();
  row["questions"] = questions;
  if (report.left_rows > 0) {
    row["left_rows"] = Replace(v.T("upload_left_rows"), "{n}",
                               std::to_string(report.left_rows));
  }
  row["has_dropped"] = !report.dropped_columns.empty();
  row["dropped"] = fmt::format("{}", fmt::join(report.dropped_columns, ", "));
  return row;
}

std::map<long long, std::string> SchoolNames(Visit& v) {
  std::map<long long, std::string> names;
  auto branches = store::ListBranches(*v.db, v.account->library_id);
  if (branches.ok()) {
    for (const auto& branch : *branches) names[branch.id] = branch.name;
  }
  return names;
}

void GetUploads(Visit& v) {
  auto uploads = store::ListAccountUploads(*v.db, v.account->id);
  if (!uploads.ok()) throw std::runtime_error(uploads.status().ToString());
  auto schools = SchoolNames(v);
  mstch::array rows;
  for (const auto& upload : *uploads)
    rows.push_back(UploadRow(v, upload, schools));
  mstch::map context = PageContext(v, v.T("uploads_title"), "/uploads");
  context["has_uploads"] = !rows.empty();
  context["uploads"] = rows;
  Show(v, "uploads", context);
}

void GetUploadDetail(Visit& v) {
  long long id = std::strtoll(v.req.matches[1].str().c_str(), nullptr, 10);
  auto upload = store::GetUpload(*v.db, id);
  // Someone else's upload does not exist for this visitor (no hint either).
  bool visible =
      upload.ok() && upload->library_id == v.account->library_id &&
      (upload->account_id == v.account->id || !v.Is(store::Role::kTeacher));
  if (!visible) {
    return ShowNotFound(v);
  }
  bool received = v.req.has_param("received");
  std::string heading =
      received ? v.T("upload_received_title") : upload->original_name;
  mstch::map context = PageContext(v, heading, "/uploads");
  context["heading"] = heading;
  context["just_received"] = received;
  context["upload"] = UploadRow(v, *upload, SchoolNames(v));
  Show(v, "upload_detail", context);
}

// ---- Manuals ------------------------------------------------------------

mstch::array ContentsList(Language language) {
  mstch::array contents;
  for (const Message& line : FileContents())
    contents.push_back(line.In(language));
  return contents;
}

void GetManuals(Visit& v) {
  mstch::array systems;
  for (const Manual& manual : Manuals()) {
    systems.push_back(mstch::map{{"code", manual.code},
                                 {"name", manual.name},
                                 {"summary", manual.summary.In(v.language)}});
  }
  mstch::map context = PageContext(v, v.T("manuals_title"), "/manuals");
  context["systems"] = systems;
  context["contents"] = ContentsList(v.language);
  Show(v, "manuals", context);
}

void GetManual(Visit& v) {
  std::string code = v.req.matches[1].str();
  for (const Manual& manual : Manuals()) {
    if (manual.code != code) continue;
    mstch::array steps;
    for (const Message& step : manual.steps)
      steps.push_back(step.In(v.language));
    mstch::map context = PageContext(v, manual.name, "/manuals");
    context["name"] = manual.name;
    context["summary"] = manual.summary.In(v.language);
    context["steps"] = steps;
    if (!manual.note.empty()) context["note"] = manual.note.In(v.language);
    context["contents"] = ContentsList(v.language);
    return Show(v, "manual", context);
  }
  ShowNotFound(v);
}

// ---- Accounts (admins) --------------------------------------------------

void ShowAccounts(Visit& v, int status, const std::string& error,
                  const std::string& notice) {
  auto accounts = store::ListAccounts(*v.db, v.account->library_id);
  if (!accounts.ok()) throw std::runtime_error(accounts.status().ToString());
  mstch::array rows;
  for (const store::Account& account : *accounts) {
    rows.push_back(mstch::map{
        {"id", std::to_string(account.id)},
        {"login", account.login},
        {"display_name", account.display_name},
        {"role_label", RoleLabel(account.role, v.language)},
        {"state", v.T(account.disabled ? "account_state_disabled"
                                       : "account_state_active")},
        {"can_disable", !account.disabled && account.id != v.account->id},
        {"disable_label",
         fmt::format("{} {}", v.T("account_disable"), account.login)},
        {"end_sessions_label",
         fmt::format("{}: {}", v.T("account_end_sessions"), account.login)}});
  }
  mstch::array schools;
  auto branches = store::ListBranches(*v.db, v.account->library_id);
  if (branches.ok()) {
    for (const auto& branch : *branches) {
      if (branch.kind != store::BranchKind::kSchool) continue;
      schools.push_back(
          mstch::map{{"id", std::to_string(branch.id)}, {"name", branch.name}});
    }
  }
  mstch::map context = PageContext(v, v.T("accounts_title"), "/admin/accounts");
  context["accounts"] = rows;
  context["schools"] = schools;
  if (!error.empty()) {
    context["error"] = error;
    context["form_login"] = v.req.get_param_value("login");
    context["form_display_name"] = v.req.get_param_value("display_name");
    context["form_email"] = v.req.get_param_value("email");
  }
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "accounts", context, status);
}

void GetAccounts(Visit& v) { ShowAccounts(v, 200, "", ""); }

void PostAccount(Visit& v) {
  store::Account account;
  account.library_id = v.account->library_id;
  account.login = v.req.get_param_value("login");
  account.display_name = v.req.get_param_value("display_name");
  account.email = v.req.get_param_value("email");
  account.role = store::ParseRole(v.req.get_param_value("role"))
                     .value_or(store::Role::kTeacher);
  account.language = std::string(LanguageCode(v.language));
  long long school =
      std::strtoll(v.req.get_param_value("school").c_str(), nullptr, 10);
  if (school != 0) {
    auto branch = store::GetBranch(*v.db, school);
    if (!branch.ok() || branch->library_id != v.account->library_id) {
      return ShowMessage(v, 403, "forbidden_title", v.T("forbidden_text"));
    }
    account.branch_id = school;
  }
  Status login_ok = store::ValidateLogin(account.login);
  if (!login_ok.ok()) {
    return ShowAccounts(v, 422, login_ok.message(v.language), "");
  }
  if (!account.email.empty()) {
    Status address = mail::CheckAddress(account.email);
    if (!address.ok()) {
      return ShowAccounts(v, 422, address.message(v.language), "");
    }
  }
  // Without a typed password the account chooses its own through a link
  // mailed with it (one transaction: no account without its mail).
  std::string password = v.req.get_param_value("password");
  bool grant_upload = v.req.get_param_value("grant_upload") == "1";
  Status added =
      password.empty()
          ? AddAccountWithPasswordLink(*v.db, v.options, account, grant_upload)
          : store::AddPortalAccount(*v.db, account, password, grant_upload);
  if (!added.ok()) {
    return ShowAccounts(v, HttpStatus(added), added.message(v.language), "");
  }
  if (password.empty() && v.options.mail_queued) v.options.mail_queued();
  Audit(v, "account.create", "account", account.id,
        {{"role", std::string(store::RoleName(account.role))},
         {"branch_id", account.branch_id},
         {"password_link", password.empty()}});
  std::string notice = v.T("account_created");
  if (password.empty()) {
    notice = v.T("pw_account_mail_sent");
    notice.replace(notice.find("{email}"), 7, account.email);
  }
  ShowAccounts(v, 201, "", notice);
}

void PostDisableAccount(Visit& v) {
  long long id = std::strtoll(v.req.matches[1].str().c_str(), nullptr, 10);
  auto target = store::GetAccount(*v.db, id);
  if (!target.ok() || target->library_id != v.account->library_id ||
      target->id == v.account->id) {
    return ShowNotFound(v);
  }
  Status disabled = store::DisableAccount(*v.db, id, *v.options.clock);
  if (!disabled.ok()) {
    return ShowAccounts(v, HttpStatus(disabled), disabled.message(v.language),
                        "");
  }
  Audit(v, "account.disable", "account", id);
  ShowAccounts(v, 200, "", v.T("account_disabled"));
}

// Ends every session of an account of the library without disabling it
// (a lost phone, a computer left signed in at school). The admin's own
// account is refused like disabling it: that is what logout is for.
void PostEndSessions(Visit& v) {
  long long id = std::strtoll(v.req.matches[1].str().c_str(), nullptr, 10);
  auto target = store::GetAccount(*v.db, id);
  if (!target.ok() || target->library_id != v.account->library_id ||
      target->id == v.account->id || target->disabled) {
    return ShowNotFound(v);
  }
  Status ended = store::EndAccountSessions(*v.db, id);
  if (!ended.ok()) {
    return ShowAccounts(v, HttpStatus(ended), ended.message(v.language), "");
  }
  Audit(v, "account.sessions_end", "account", id);
  ShowAccounts(
      v, 200, "",
      Replace(v.T("account_sessions_ended"), "{login}", target->login));
}

}  // namespace

void RegisterPortal(httplib::Server& server, const ServerOptions& options,
                    bool tls) {
  auto page = [&](Access access, PageHandler handler) {
    return Page(options, tls, access, std::move(handler));
  };
  server.Get("/login", page(Access::kPublic, GetLogin));
  server.Post("/login", page(Access::kPublic, PostLogin));
  server.Post("/logout", page(Access::kSetUp, PostLogout));
  server.Get("/", page(Access::kSignedIn, GetHome));
  server.Get("/upload", page(Access::kSignedIn, GetUpload));
  server.Post("/upload", PostUpload(options, tls));
  server.Get("/uploads", page(Access::kSignedIn, GetUploads));
  server.Get(R"(/uploads/(\d{1,18}))",
             page(Access::kSignedIn, GetUploadDetail));
  server.Get("/manuals", page(Access::kPublic, GetManuals));
  server.Get(R"(/manuals/([a-z]{1,32}))", page(Access::kPublic, GetManual));
  server.Get("/admin/accounts", page(Access::kAdmin, GetAccounts));
  server.Post("/admin/accounts", page(Access::kAdmin, PostAccount));
  server.Post(R"(/admin/accounts/(\d{1,18})/disable)",
              page(Access::kAdmin, PostDisableAccount));
  server.Post(R"(/admin/accounts/(\d{1,18})/sessions/end)",
              page(Access::kAdmin, PostEndSessions));
}

}  // namespace schoolbieb::web
