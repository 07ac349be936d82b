#include "web/two_factor_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/totp.h"
#include "store/session_store.h"
#include "store/two_factor.h"
#include "web/http_util.h"
#include "web/page.h"
#include "web/qr_code.h"

namespace schoolbieb::web {
namespace {

const char* const kAccountPage = R"(/account/two-factor)";

// The HTTP status for a failed code check: a wrong code is 401 (the
// store's PermissionDenied), the rest as usual (429 while throttled).
int CodeStatus(const Status& status) {
  return status.code() == Status::Code::kPermissionDenied ? 401
                                                          : HttpStatus(status);
}

bool HasKey(Visit& v) {
  if (v.options.upload_key) return true;
  ShowMessage(v, 503, "error_heading", v.T("tf_no_key"));
  return false;
}

// ---- The second step of logging in -----------------------------------------

void ShowCodeForm(Visit& v, int status, const std::string& error) {
  // The waiting session is nobody yet: the layout shows no menu and no
  // name, only the form (its CSRF token is the waiting session's).
  std::optional<store::Account> waiting = std::move(v.account);
  v.account.reset();
  mstch::map context = PageContext(v, v.T("tf_code_title"), "");
  v.account = std::move(waiting);
  context["csrf_token"] = v.session->csrf_token;
  std::string next = v.Param("next");
  context["next"] = IsLocalPath(next) ? next : std::string();
  if (!error.empty()) context["error"] = error;
  Show(v, "tf_code", context, status);
}

void GetCode(Visit& v) { ShowCodeForm(v, 200, ""); }

void PostCode(Visit& v) {
  if (!HasKey(v)) return;
  std::string address = ClientAddress(v.req, v.options.trusted_proxy);
  auto factor = store::VerifySecondFactor(
      *v.db, *v.options.upload_key, v.account->id, v.Param("code"), address,
      v.options.session_policy, *v.options.clock);
  if (!factor.ok()) {
    int http = CodeStatus(factor.status());
    Audit(v, "login.code_failed", "account", v.account->id,
          {{"throttled", http == 429}});
    if (factor.status().code() == Status::Code::kFailedPrecondition) {
      // Turned off in the meantime: log in again from the start.
      (void)store::EndSession(*v.db, GetCookie(v.req, kSessionCookie));
      return Redirect(v.res, "/login");
    }
    return ShowCodeForm(v, http, factor.status().message(v.language));
  }
  bool recovery = *factor == store::SecondFactor::kRecoveryCode;
  auto session =
      store::CompleteSecondStep(*v.db, v.session->id, address,
                                v.options.session_policy, *v.options.clock);
  if (!session.ok()) return Redirect(v.res, "/login?expired=1");
  if (recovery) {
    auto state = store::GetTwoFactorState(*v.db, *v.account);
    Audit(v, "two_factor.recovery_code_used", "account", v.account->id,
          {{"left", state.ok() ? state->recovery_codes_left : -1}});
  }
  Audit(v, "login", "account", v.account->id,
        {{"second_factor", recovery ? "recovery_code" : "totp"}});
  v.res.set_header("Set-Cookie",
                   CookieHeader(kSessionCookie, session->token, v.tls));
  std::string next = v.Param("next");
  if (recovery) return Redirect(v.res, "/account/two-factor?recovery_used=1");
  Redirect(v.res, IsLocalPath(next) ? next : "/");
}

// ---- Mijn account: setting up, recovery codes, turning off -----------------

void ShowCodes(Visit& v, const std::vector<std::string>& codes,
               std::string_view heading_key) {
  mstch::map context = PageContext(v, v.T(heading_key), kAccountPage);
  context["heading"] = v.T(heading_key);
  mstch::array list;
  for (const std::string& code : codes) list.push_back(code);
  context["codes"] = list;
  context["continue_href"] = std::string(kAccountPage);
  Show(v, "tf_codes", context);
}

void ShowSetUp(Visit& v, int status, const std::string& error,
               const store::TwoFactorState& state) {
  auto secret = store::StartTotpEnrolment(*v.db, *v.options.upload_key,
                                          v.account->id, *v.options.clock);
  if (!secret.ok()) throw std::runtime_error(secret.status().ToString());
  std::string issuer =
      v.library_name.empty() ? std::string("schoolbieb") : v.library_name;
  std::string key = Base32(*secret);
  // Groups of four, easier to type over; apps ignore the spaces.
  std::string grouped;
  for (size_t at = 0; at < key.size(); at += 4) {
    if (!grouped.empty()) grouped += ' ';
    grouped += key.substr(at, 4);
  }
  mstch::map context = PageContext(v, v.T("tf_title"), kAccountPage);
  context["required"] = state.required;
  context["qr_svg"] = QrCodeSvg(OtpAuthUri(issuer, v.account->login, *secret),
                                v.T("tf_qr_title"));
  context["secret"] = grouped;
  if (!error.empty()) context["error"] = error;
  Show(v, "tf_setup", context, status);
}

store::TwoFactorState StateOrThrow(Visit& v) {
  auto state = store::GetTwoFactorState(*v.db, *v.account);
  if (!state.ok()) throw std::runtime_error(state.status().ToString());
  return *state;
}

void ShowStatus(Visit& v, int status, const std::string& error,
                const std::string& notice) {
  store::TwoFactorState state = StateOrThrow(v);
  if (!state.enabled) {
    if (!HasKey(v)) return;
    return ShowSetUp(v, status, error, state);
  }
  mstch::map context = PageContext(v, v.T("tf_title"), kAccountPage);
  context["status_text"] =
      Replace(v.T("tf_status_on"), "{date}", FormatDate(state.enabled_at));
  context["codes_left_text"] = Replace(
      v.T("tf_codes_left"), "{n}", std::to_string(state.recovery_codes_left));
  context["required"] = state.required;
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "tf_status", context, status);
}

void GetAccount(Visit& v) {
  std::string notice = v.req.has_param("recovery_used")
                           ? v.T("tf_recovery_used")
                       : v.req.has_param("off") ? v.T("tf_off_done")
                                                : std::string();
  ShowStatus(v, 200, "", notice);
}

void PostEnrol(Visit& v) {
  if (!HasKey(v)) return;
  store::TwoFactorState state = StateOrThrow(v);
  if (state.enabled) return Redirect(v.res, kAccountPage);
  auto codes = store::ConfirmTotpEnrolment(
      *v.db, *v.options.upload_key, v.account->id, v.Param("code"),
      ClientAddress(v.req, v.options.trusted_proxy), v.options.session_policy,
      *v.options.clock);
  if (!codes.ok()) {
    int http = CodeStatus(codes.status());
    Audit(v, "two_factor.enrol_failed", "account", v.account->id,
          {{"throttled", http == 429}});
    return ShowSetUp(v, http == 401 ? 422 : http,
                     codes.status().message(v.language), state);
  }
  // Sessions signed in with the password alone end; this one goes on.
  (void)store::EndOtherSessions(*v.db, v.account->id, v.session->id);
  Audit(v, "two_factor.enrolled", "account", v.account->id);
  ShowCodes(v, *codes, "tf_on_title");
}

// A code from the app (or a recovery code) before a change; false when it
// has answered.
bool CheckCurrentCode(Visit& v) {
  if (!HasKey(v)) return false;
  auto factor = store::VerifySecondFactor(
      *v.db, *v.options.upload_key, v.account->id, v.Param("code"),
      ClientAddress(v.req, v.options.trusted_proxy), v.options.session_policy,
      *v.options.clock);
  if (factor.ok()) {
    if (*factor == store::SecondFactor::kRecoveryCode) {
      Audit(v, "two_factor.recovery_code_used", "account", v.account->id);
    }
    return true;
  }
  int http = CodeStatus(factor.status());
  Audit(v, "two_factor.code_failed", "account", v.account->id,
        {{"throttled", http == 429}});
  ShowStatus(v, http == 401 ? 422 : http, factor.status().message(v.language),
             "");
  return false;
}

void PostRenewCodes(Visit& v) {
  if (!StateOrThrow(v).enabled) return Redirect(v.res, kAccountPage);
  if (!CheckCurrentCode(v)) return;
  auto codes =
      store::RenewRecoveryCodes(*v.db, v.account->id, *v.options.clock);
  if (!codes.ok()) throw std::runtime_error(codes.status().ToString());
  Audit(v, "two_factor.recovery_codes_renewed", "account", v.account->id);
  ShowCodes(v, *codes, "tf_codes_title");
}

void PostDisable(Visit& v) {
  store::TwoFactorState state = StateOrThrow(v);
  if (!state.enabled) return Redirect(v.res, kAccountPage);
  if (state.required) {
    return ShowMessage(v, 403, "forbidden_title", v.T("tf_off_not_allowed"));
  }
  if (!CheckCurrentCode(v)) return;
  Status off = store::DisableTwoFactor(*v.db, v.account->id);
  if (!off.ok()) throw std::runtime_error(off.ToString());
  (void)store::EndOtherSessions(*v.db, v.account->id, v.session->id);
  Audit(v, "two_factor.disabled", "account", v.account->id);
  Redirect(v.res, std::string(kAccountPage) + "?off=1");
}

}  // namespace

void RegisterTwoFactorPages(httplib::Server& server,
                            const ServerOptions& options, bool tls) {
  auto page = [&options, tls](Access access, PageHandler handler) {
    return Page(options, tls, access, std::move(handler));
  };
  server.Get("/login/code", page(Access::kSecondStep, GetCode));
  server.Post("/login/code", page(Access::kSecondStep, PostCode));
  server.Get(kAccountPage, page(Access::kSetUp, GetAccount));
  server.Post(kAccountPage, page(Access::kSetUp, PostEnrol));
  server.Post("/account/two-factor/recovery-codes",
              page(Access::kSignedIn, PostRenewCodes));
  server.Post("/account/two-factor/disable",
              page(Access::kSignedIn, PostDisable));
}

}  // namespace schoolbieb::web
