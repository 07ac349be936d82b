#include "web/page.h"

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "core/clock.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/two_factor.h"
#include "web/brand.h"
#include "web/http_util.h"
#include "web/render.h"

namespace schoolbieb::web {

long long Visit::IdParam(size_t n) const {
  if (req.matches.size() <= n) return 0;
  return std::strtoll(req.matches[n].str().c_str(), nullptr, 10);
}

std::string RoleLabel(store::Role role, Language language) {
  return Text(fmt::format("role_{}", store::RoleName(role)), language);
}

std::string FormatIsoDateDutch(std::string_view iso) {
  if (iso.size() != 10) return std::string(iso);
  return fmt::format("{}-{}-{}", iso.substr(8, 2), iso.substr(5, 2),
                     iso.substr(0, 4));
}

std::string FormatDate(long long epoch_seconds) {
  return FormatIsoDateDutch(FormatIsoDate(epoch_seconds));
}

std::string FormatDateTime(long long epoch_seconds) {
  long long day_seconds = ((epoch_seconds % 86400) + 86400) % 86400;
  return fmt::format("{} {:02}:{:02}", FormatDate(epoch_seconds),
                     day_seconds / 3600, day_seconds % 3600 / 60);
}

std::string Replace(std::string text, std::string_view key,
                    const std::string& value) {
  size_t pos = text.find(key);
  if (pos != std::string::npos) text.replace(pos, key.size(), value);
  return text;
}

bool SameToken(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

mstch::map PageContext(const Visit& v, const std::string& title,
                       std::string_view current) {
  bool en = v.language == Language::kEnglish;
  mstch::map context{
      {"lang", std::string(LanguageCode(v.language))},
      {"other_lang", std::string(en ? "nl" : "en")},
      {"lang_switch_href", v.req.path + (en ? "?lang=nl" : "?lang=en")},
      {"title", title},
      {"site_name",
       v.library_name.empty() ? std::string("schoolbieb") : v.library_name},
      {"brand_css", BrandStylesheet(v.brand_colour)},
  };
  mstch::array nav;
  auto item = [&](const std::string& href, std::string_view key) {
    nav.push_back(mstch::map{
        {"href", href}, {"label", v.T(key)}, {"current", href == current}});
  };
  if (v.account) {
    context["user"] =
        mstch::map{{"display_name", v.account->display_name.empty()
                                        ? v.account->login
                                        : v.account->display_name},
                   {"role_label", RoleLabel(v.account->role, v.language)}};
    context["csrf"] = v.session ? v.session->csrf_token : std::string();
    item("/", "menu_home");
    if (v.IsStaff()) {
      item("/backoffice/uploads", "menu_bo_uploads");
      item("/backoffice/customers", "menu_bo_customers");
      item("/backoffice/schools", "menu_bo_schools");
      item("/backoffice/rights", "menu_bo_rights");
      item("/backoffice/audit", "menu_bo_audit");
      item("/backoffice/outbox", "menu_bo_outbox");
    } else {
      item("/upload", "menu_upload");
      item("/uploads", "menu_my_uploads");
    }
    item("/manuals", "menu_manuals");
    item("/account/two-factor", "menu_account");
    if (v.Is(store::Role::kAdmin)) {
      item("/admin/accounts", "menu_accounts");
      item("/backoffice/library", "menu_library");
      item("/backoffice/security", "menu_bo_security");
    }
  } else {
    context["user"] = false;
  }
  context["has_nav"] = !nav.empty();
  context["nav"] = nav;
  return context;
}

void Show(Visit& v, std::string_view view, mstch::map& context, int status) {
  context["t"] = ViewTexts(view, v.language);
  v.res.status = status;
  v.res.set_content(RenderPage(view, context), "text/html; charset=utf-8");
}

void Show(Visit& v, std::string_view view, mstch::map&& context, int status) {
  Show(v, view, context, status);
}

void ShowMessage(Visit& v, int status, std::string_view heading_key,
                 const std::string& text) {
  mstch::map context = PageContext(v, v.T(heading_key), "");
  context["heading"] = v.T(heading_key);
  context["text"] = text;
  Show(v, "message", context, status);
}

void ShowNotFound(Visit& v) {
  ShowMessage(v, 404, "not_found_title", v.T("not_found_text"));
}

void ShowServerError(Visit& v) {
  // PostgreSQL went away (a restart): the transaction was rolled back; say
  // so, and the pool replaces the connection.
  if (v.db && v.db->ConnectionLost()) {
    ShowMessage(v, 503, "error_heading", v.T("database_lost"));
  } else {
    ShowMessage(v, 500, "error_heading", v.T("server_error"));
  }
}

store::AuditEvent Actor(const Visit& v) {
  store::AuditEvent event;
  event.library_id = v.account ? v.account->library_id : 0;
  event.account_id = v.account ? v.account->id : 0;
  event.actor = v.account ? v.account->login : "";
  event.remote_addr = ClientAddress(v.req, v.options.trusted_proxy);
  return event;
}

void Audit(Visit& v, std::string action, std::string kind, long long id,
           nlohmann::json details) {
  store::AuditEvent event = Actor(v);
  event.action = std::move(action);
  event.object_kind = std::move(kind);
  event.object_id = id;
  event.details_json = details.dump();
  Status status = store::RecordAudit(*v.db, event);
  if (!status.ok()) spdlog::warn("audit failed: {}", status.ToString());
}

bool Admit(Visit& v, Access access) {
  std::string lang = v.req.get_param_value("lang");
  if (v.req.method == "GET" && (lang == "nl" || lang == "en")) {
    v.res.set_header("Set-Cookie", CookieHeader(kLanguageCookie, lang, v.tls,
                                                "Lax", 365LL * 24 * 3600));
    // The page's other parameters stay (a password link's token).
    std::string target = v.req.path;
    for (const auto& [name, value] : v.req.params) {
      if (name == "lang") continue;
      target += target == v.req.path ? '?' : '&';
      target += httplib::detail::encode_query_param(name) + "=" +
                httplib::detail::encode_query_param(value);
    }
    Redirect(v.res, target);
    return false;
  }
  std::string cookie_lang = GetCookie(v.req, kLanguageCookie);
  v.language = cookie_lang.empty() ? v.options.default_language
                                   : ParseLanguage(cookie_lang);

  auto db = v.options.pool->Acquire();
  if (!db.ok()) {
    spdlog::error("database: {}", db.status().ToString());
    ShowMessage(v, 503, "error_heading", v.T("server_error"));
    return false;
  }
  v.db = std::move(*db);

  std::string token = GetCookie(v.req, kSessionCookie);
  bool awaiting_code = false;
  if (!token.empty()) {
    auto session = store::ValidateAnySession(
        *v.db, token, v.options.session_policy, *v.options.clock);
    if (session.ok()) {
      auto account = store::GetAccount(*v.db, session->account_id);
      // A session waiting for its code is nobody, except on the code page.
      awaiting_code = session->awaiting_second_factor;
      if (account.ok() && !account->disabled &&
          (!awaiting_code || access == Access::kSecondStep)) {
        v.session = *session;
        v.account = *account;
        if (cookie_lang.empty()) v.language = ParseLanguage(account->language);
        auto library = store::GetLibrary(*v.db, account->library_id);
        if (library.ok()) {
          v.library_name = library->name;
          v.brand_colour = library->brand_colour;
        }
      }
    }
  }
  if (!v.account &&
      (access == Access::kPublic || access == Access::kSecondStep)) {
    // The login page, its code step and the password pages come before
    // anyone is known; a server of one library shows that library's name
    // and colour.
    auto only = store::OnlyLibrary(*v.db);
    if (only.ok() && *only) {
      v.library_name = (*only)->name;
      v.brand_colour = (*only)->brand_colour;
    }
  }
  if (access == Access::kSecondStep) {
    if (v.session && v.session->awaiting_second_factor) return true;
    Redirect(v.res, v.account ? "/" : "/login");
    return false;
  }
  if (access == Access::kPublic) return true;
  if (!v.account) {
    if (awaiting_code) {
      Redirect(v.res, "/login/code");
      return false;
    }
    // The cookie that no longer works is removed; the login page says why.
    if (!token.empty()) {
      v.res.set_header("Set-Cookie",
                       CookieHeader(kSessionCookie, "", v.tls, "Lax", 0));
    }
    Redirect(v.res, token.empty() ? "/login" : "/login?expired=1");
    return false;
  }
  if (access != Access::kSetUp && v.IsStaff()) {
    auto must = store::MustSetUpTwoFactor(*v.db, *v.account);
    if (!must.ok() || *must) {
      if (!must.ok()) spdlog::error("two-factor: {}", must.status().ToString());
      Redirect(v.res, "/account/two-factor");
      return false;
    }
  }
  bool allowed = access == Access::kSignedIn || access == Access::kSetUp ||
                 (access == Access::kStaff && v.IsStaff()) ||
                 (access == Access::kAdmin && v.Is(store::Role::kAdmin));
  if (!allowed) {
    ShowMessage(v, 403, "forbidden_title", v.T("forbidden_text"));
    return false;
  }
  return true;
}

httplib::Server::Handler Page(const ServerOptions& options, bool tls,
                              Access access, PageHandler handler) {
  return [&options, tls, access, handler](const httplib::Request& req,
                                          httplib::Response& res) {
    Visit v(req, res, options, tls);
    try {
      if (!Admit(v, access)) return;
      if (req.method == "POST" && access != Access::kPublic &&
          !SameToken(req.get_param_value("csrf"), v.session->csrf_token)) {
        ShowMessage(v, 403, "forbidden_title", v.T("csrf_failed"));
        return;
      }
      handler(v);
    } catch (const std::exception& error) {
      spdlog::error("{} {}: {}", req.method, req.path, error.what());
      ShowServerError(v);
    }
  };
}

}  // namespace schoolbieb::web
