// The JSON API (/api/v1): the same rules as the pages, with a bearer token
// (`schoolbieb token create LOGIN`) instead of a session, so no CSRF token.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "import/intake.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/upload_store.h"
#include "web/api_call.h"
#include "web/http_util.h"
#include "web/portal.h"
#include "web/upload_flow.h"

namespace schoolbieb::web {

// The caller by its token; false when it has answered (401, 503).
bool Authenticate(const ServerOptions& options, const httplib::Request& req,
                  httplib::Response& res, ApiCall& call) {
  res.set_header("Cache-Control", "no-store");
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  std::string token = header.size() > kBearer.size() &&
                              header.compare(0, kBearer.size(), kBearer) == 0
                          ? header.substr(kBearer.size())
                          : std::string();
  auto db = options.pool->Acquire();
  if (!db.ok()) {
    JsonError(res, 503, "unavailable", db.status().message(Language::kDutch));
    return false;
  }
  call.db = std::move(*db);
  auto account = token.empty()
                     ? Result<store::Account>(Status::NotFound("", ""))
                     : store::FindAccountByApiToken(*call.db, token);
  if (!account.ok()) {
    res.set_header("WWW-Authenticate", "Bearer");
    bool english = req.get_header_value("Accept-Language").rfind("en", 0) == 0;
    JsonError(res, 401, "unauthorized",
              english ? "No valid key (Authorization: Bearer …). Make one "
                        "with `schoolbieb token create`."
                      : "Geen geldige sleutel (Authorization: Bearer …). Maak "
                        "er een met `schoolbieb token create`.");
    return false;
  }
  call.account = *account;
  call.language = ParseLanguage(account->language);
  return true;
}

nlohmann::json UploadJson(const store::Upload& upload, Language language) {
  return {{"id", upload.id},
          {"status", upload.status},
          {"school_id", upload.branch_id},
          {"file_name", upload.original_name},
          {"size", upload.size_bytes},
          {"sha256", upload.sha256},
          {"created_at", upload.created_at},
          {"reject_reason", upload.reject_reason},
          {"report",
           import::QuickReport::FromJson(upload.report_json).ToJson(language)}};
}

void RegisterApi(httplib::Server& server, const ServerOptions& options) {
  RegisterStaffApi(server, options);
  server.Post("/api/v1/uploads", [&options](
                                     const httplib::Request& req,
                                     httplib::Response& res,
                                     const httplib::ContentReader& reader) {
    try {
      ApiCall call;
      if (!Authenticate(options, req, res, call)) {
        DrainBody(options, req, reader);
        return;
      }
      UploadResult result =
          ReceiveUpload(options, *call.db, call.account, req, reader,
                        [](const auto&) { return true; });
      if (result.body_unread) DrainBody(options, req, reader);
      if (result.close_connection) res.set_header("Connection", "close");
      if (!result.outcome) {
        return JsonError(res, result.http_status, result.code,
                         result.error.message(call.language));
      }
      res.status = 201;
      res.set_header("Location", fmt::format("/api/v1/uploads/{}",
                                             result.outcome->upload.id));
      res.set_content(UploadJson(result.outcome->upload, call.language).dump(),
                      "application/json");
    } catch (const std::exception& error) {
      spdlog::error("api upload: {}", error.what());
      res.set_header("Connection", "close");
      JsonError(res, 500, "internal", "Er ging iets mis aan onze kant.");
    }
  });

  server.Get(R"(/api/v1/uploads/(\d{1,18}))",
             [&options](const httplib::Request& req, httplib::Response& res) {
               ApiCall call;
               if (!Authenticate(options, req, res, call)) return;
               long long id =
                   std::strtoll(req.matches[1].str().c_str(), nullptr, 10);
               auto upload = store::GetUpload(*call.db, id);
               // The uploader and staff of that library only; to anyone
               // else the upload does not exist.
               bool visible = upload.ok() &&
                              upload->library_id == call.account.library_id &&
                              (upload->account_id == call.account.id ||
                               call.account.role != store::Role::kTeacher);
               if (!visible) {
                 return JsonError(res, 404, "not_found",
                                  call.language == Language::kEnglish
                                      ? "There is no such upload."
                                      : "Deze upload bestaat niet.");
               }
               res.set_content(UploadJson(*upload, call.language).dump(),
                               "application/json");
             });
}

}  // namespace schoolbieb::web
