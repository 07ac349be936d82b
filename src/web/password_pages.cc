#include "web/password_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mail/messages.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/outbox.h"
#include "store/session_store.h"
#include "web/http_util.h"
#include "web/page.h"
#include "web/render.h"
#include "web/text.h"

namespace schoolbieb::web {
namespace {

// The forgot form's double-submit token (the login form has its own, so
// the two pages open side by side do not spoil each other's).
constexpr const char* kForgotCookie = "sb_forgot";
// Links a single account may be mailed per hour through the forgot form.
constexpr int kResetsPerHour = 3;

const Message kLinkWhat{"De link", "The link"};

std::string PublicUrl(const ServerOptions& options) {
  if (!options.public_url.empty()) return options.public_url;
  bool tls = !options.tls_cert.empty() && !options.tls_key.empty();
  return fmt::format("{}://{}:{}", tls ? "https" : "http", options.host,
                     options.port);
}

std::string Trim(std::string text) {
  const char* space = " \t\r\n";
  size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  size_t last = text.find_last_not_of(space);
  return text.substr(first, last - first + 1);
}

// The address of this page never leaves in a Referer header: it may carry
// a password token.
void NoReferrer(Visit& v) {
  v.res.set_header("Referrer-Policy", "no-referrer");
}

// An audit event about `account`, by the account's holder (`by_holder`) or
// by an anonymous visitor (the forgot form).
void AuditAccount(Visit& v, const store::Account& account, bool by_holder,
                  std::string action, nlohmann::json details = {}) {
  store::AuditEvent event;
  event.library_id = account.library_id;
  event.account_id = by_holder ? account.id : 0;
  event.actor = by_holder ? account.login : "";
  event.action = std::move(action);
  event.object_kind = "account";
  event.object_id = account.id;
  event.details_json = details.is_null() ? "{}" : details.dump();
  event.remote_addr = ClientAddress(v.req, v.options.trusted_proxy);
  Status status = store::RecordAudit(*v.db, event);
  if (!status.ok()) spdlog::warn("audit failed: {}", status.ToString());
}

// A heading, a sentence and one link onwards.
void ShowLinkMessage(Visit& v, int status, std::string_view heading_key,
                     const std::string& text, const std::string& href,
                     std::string_view label_key) {
  mstch::map context = PageContext(v, v.T(heading_key), "");
  context["heading"] = v.T(heading_key);
  context["text"] = text;
  context["link_href"] = href;
  context["link_label"] = v.T(label_key);
  Show(v, "password_message", context, status);
}

// ---- Wachtwoord vergeten -------------------------------------------------

void ShowForgot(Visit& v, int status, const std::string& error,
                const std::string& name) {
  NoReferrer(v);
  std::string token = RandomToken();
  v.res.set_header("Set-Cookie",
                   CookieHeader(kForgotCookie, token, v.tls, "Strict", 3600));
  mstch::map context = PageContext(v, v.T("pw_forgot_title"), "");
  context["forgot_csrf"] = token;
  context["name"] = name;
  if (!error.empty()) context["error"] = error;
  Show(v, "password_forgot", context, status);
}

void GetForgot(Visit& v) { ShowForgot(v, 200, "", ""); }

// Mails a link to every account `name` names (none, one, or the accounts of
// one e-mail address). Failures are logged and audited, never shown: the
// visitor sees the same page in every case.
bool MailResetLinks(Visit& v, const std::string& name) {
  auto accounts = store::FindAccountsForPasswordMail(*v.db, name);
  if (!accounts.ok()) {
    spdlog::error("password forgot: {}", accounts.status().ToString());
    return false;
  }
  bool queued = false;
  for (const store::Account& account : *accounts) {
    Status sent =
        QueuePasswordLink(*v.db, v.options, account,
                          store::PasswordPurpose::kReset, kResetsPerHour);
    bool throttled = sent.code() == Status::Code::kResourceExhausted;
    if (!sent.ok() && !throttled) {
      spdlog::error("password link for account {}: {}", account.id,
                    sent.ToString());
    }
    AuditAccount(
        v, account, false,
        sent.ok() ? "account.password_link" : "account.password_link_refused",
        {{"purpose", "reset"}, {"throttled", throttled}});
    queued = queued || sent.ok();
  }
  return queued;
}

void PostForgot(Visit& v) {
  NoReferrer(v);
  std::string name = Trim(v.Param("name"));
  if (!SameToken(v.Param("csrf"), GetCookie(v.req, kForgotCookie))) {
    return ShowForgot(v, 403, v.T("csrf_failed"), name);
  }
  if (name.empty()) return ShowForgot(v, 422, v.T("pw_forgot_empty"), "");
  // Neither a login (64) nor an e-mail address (254) is longer.
  if (name.size() <= 254 && MailResetLinks(v, name) && v.options.mail_queued) {
    v.options.mail_queued();
  }
  v.res.set_header("Set-Cookie",
                   CookieHeader(kForgotCookie, "", v.tls, "Strict", 0));
  ShowLinkMessage(v, 200, "pw_forgot_sent_title", v.T("pw_forgot_sent_text"),
                  "/login", "pw_back_to_login");
}

// ---- The page behind the link ------------------------------------------

// An unknown, used or expired link (410), a disabled account (403), or a
// database failure (503): each says what to do.
void ShowLinkProblem(Visit& v, const Status& status) {
  switch (status.code()) {
    case Status::Code::kFailedPrecondition:
      return ShowLinkMessage(v, 410, "pw_link_gone_title",
                             status.message(v.language), "/password/forgot",
                             "pw_ask_new_link");
    case Status::Code::kPermissionDenied:
      return ShowLinkMessage(v, 403, "forbidden_title",
                             status.message(v.language), "/login",
                             "pw_back_to_login");
    default:
      spdlog::error("password link: {}", status.ToString());
      return ShowMessage(v, 503, "error_heading", v.T("server_error"));
  }
}

void ShowSetForm(Visit& v, int status, const std::string& token,
                 const store::PasswordTokenInfo& info,
                 const std::string& error) {
  // The mail came in the account's language; the page follows it unless
  // the visitor chose one.
  if (GetCookie(v.req, kLanguageCookie).empty()) {
    v.language = ParseLanguage(info.account.language);
  }
  std::string heading =
      v.T(info.purpose == store::PasswordPurpose::kSet ? "pw_set_title"
                                                       : "pw_reset_title");
  mstch::map context = PageContext(v, heading, "");
  // The language switch keeps the token, or the visitor would lose the page.
  context["lang_switch_href"] =
      fmt::format("/password/set?token={}&lang={}", token,
                  v.language == Language::kEnglish ? "nl" : "en");
  context["heading"] = heading;
  context["token"] = token;
  context["account_login"] = info.account.login;
  if (!error.empty()) context["error"] = error;
  Show(v, "password_set", context, status);
}

void GetSet(Visit& v) {
  NoReferrer(v);
  std::string token = v.Param("token");
  auto info = store::CheckPasswordToken(*v.db, token, *v.options.clock);
  if (!info.ok()) return ShowLinkProblem(v, info.status());
  ShowSetForm(v, 200, token, *info, "");
}

void PostSet(Visit& v) {
  NoReferrer(v);
  std::string token = v.Param("token");
  auto info = store::CheckPasswordToken(*v.db, token, *v.options.clock);
  if (!info.ok()) return ShowLinkProblem(v, info.status());
  std::string password = v.Param("password");
  if (password != v.Param("password_again")) {
    return ShowSetForm(v, 422, token, *info, v.T("pw_mismatch"));
  }
  auto account =
      store::UsePasswordToken(*v.db, token, password, *v.options.clock);
  if (!account.ok()) {
    if (account.status().code() == Status::Code::kInvalidArgument) {
      return ShowSetForm(v, 422, token, *info,
                         account.status().message(v.language));
    }
    return ShowLinkProblem(v, account.status());
  }
  AuditAccount(
      v, *account, true, "account.password_set",
      {{"purpose", std::string(store::PasswordPurposeName(info->purpose))}});
  Redirect(v.res, "/login?password_set=1");
}

// ---- Mijn account: changing one's own password ----------------------------

void ShowChangeForm(Visit& v, int status, const std::string& error,
                    const std::string& notice) {
  mstch::map context =
      PageContext(v, v.T("pw_change_title"), "/account/two-factor");
  context["account_login"] = v.account->login;
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "password_change", context, status);
}

void GetChange(Visit& v) {
  ShowChangeForm(v, 200, "",
                 v.req.has_param("changed") ? v.T("pw_change_done") : "");
}

void PostChange(Visit& v) {
  std::string password = v.Param("password");
  if (password != v.Param("password_again")) {
    return ShowChangeForm(v, 422, v.T("pw_mismatch"), "");
  }
  Status changed = store::ChangePassword(
      *v.db, *v.account, v.session->id, v.Param("current_password"), password,
      ClientAddress(v.req, v.options.trusted_proxy), v.options.session_policy,
      *v.options.clock);
  if (!changed.ok()) {
    int http = changed.code() == Status::Code::kInvalidArgument ? 422
               : changed.code() == Status::Code::kPermissionDenied
                   ? 401
                   : HttpStatus(changed);
    if (http == 401 || http == 429) {
      Audit(v, "account.password_change_failed", "account", v.account->id,
            {{"throttled", http == 429}});
    }
    return ShowChangeForm(v, http, changed.message(v.language), "");
  }
  Audit(v, "account.password_change", "account", v.account->id);
  Redirect(v.res, "/account/password?changed=1");
}

}  // namespace

Status QueuePasswordLink(store::Database& db, const ServerOptions& options,
                         const store::Account& account,
                         store::PasswordPurpose purpose, int max_per_hour) {
  bool set = purpose == store::PasswordPurpose::kSet;
  int64_t valid_seconds =
      set ? store::kSetPasswordSeconds : store::kResetPasswordSeconds;
  try {
    store::Transaction tx(db);
    auto token = store::CreatePasswordToken(
        db, account.id, purpose, *options.clock, valid_seconds, max_per_hour);
    if (!token.ok()) return token.status();
    auto library = store::GetLibrary(db, account.library_id);
    if (!library.ok()) return library.status();
    mail::PasswordLinkNotice notice;
    notice.library_id = account.library_id;
    notice.recipient = account.email;
    notice.library_name = library->name;
    notice.display_name =
        account.display_name.empty() ? account.login : account.display_name;
    notice.login = account.login;
    notice.link =
        fmt::format("{}/password/set?token={}", PublicUrl(options), *token);
    notice.valid_minutes = static_cast<int>(valid_seconds / 60);
    Language language = ParseLanguage(account.language);
    store::OutboxMessage message =
        set ? mail::AccountCreated(notice, language)
            : mail::PasswordForgotten(notice, language);
    SB_RETURN_IF_ERROR(store::EnqueueMessage(db, message));
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kLinkWhat);
  }
  return Status::Ok();
}

Status AddAccountWithPasswordLink(store::Database& db,
                                  const ServerOptions& options,
                                  store::Account& account, bool grant_upload) {
  try {
    store::Transaction tx(db);
    SB_RETURN_IF_ERROR(
        store::AddPortalAccountWithoutPassword(db, account, grant_upload));
    SB_RETURN_IF_ERROR(
        QueuePasswordLink(db, options, account, store::PasswordPurpose::kSet));
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kLinkWhat);
  }
  return Status::Ok();
}

void RegisterPasswordPages(httplib::Server& server,
                           const ServerOptions& options, bool tls) {
  auto page = [&](PageHandler handler) {
    return Page(options, tls, Access::kPublic, std::move(handler));
  };
  server.Get("/password/forgot", page(GetForgot));
  server.Post("/password/forgot", page(PostForgot));
  server.Get("/password/set", page(GetSet));
  server.Post("/password/set", page(PostSet));
  server.Get("/account/password",
             Page(options, tls, Access::kSignedIn, GetChange));
  server.Post("/account/password",
              Page(options, tls, Access::kSignedIn, PostChange));
}

}  // namespace schoolbieb::web
