// The staff part of the JSON API: what the back office's import pages do,
// for automation. Staff and admin tokens only, own library only (anything
// else answers 404 as if it did not exist):
//   GET  /api/v1/uploads?status=…          the library's uploads
//   POST /api/v1/uploads/{id}/preview      the plan, as `schoolbieb import
//                                          --json` prints it (+ "students"
//                                          with ?details=1)
//   POST /api/v1/uploads/{id}/import       applies; body (JSON or form):
//                                          public_membership,
//                                          allow_mass_leave,
//                                          subscription_type, fingerprint,
//                                          decisions [{line, customer_id}]
//   POST /api/v1/imports/{id}/undo         undoes
//   GET  /api/v1/imports/{id}              one run with its report
// Teachers' tokens get 403; GET /api/v1/uploads gives a teacher their own.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "import/answer.h"
#include "import/engine.h"
#include "import/history.h"
#include "import/report.h"
#include "import/upload_run.h"
#include "web/api_call.h"
#include "web/http_util.h"

namespace schoolbieb::web {
namespace {

using StaffHandler =
    std::function<void(const httplib::Request&, httplib::Response&, ApiCall&)>;

void NotFound(httplib::Response& res, const ApiCall& call) {
  JsonError(res, 404, "not_found",
            call.language == Language::kEnglish ? "There is no such thing."
                                                : "Dit bestaat niet.");
}

void Fail(httplib::Response& res, const ApiCall& call, const Status& status) {
  JsonError(res, HttpStatus(status), status.code_name(),
            status.message(call.language));
}

httplib::Server::Handler Staff(const ServerOptions& options,
                               StaffHandler handler,
                               bool teachers_too = false) {
  return [&options, handler, teachers_too](const httplib::Request& req,
                                           httplib::Response& res) {
    ApiCall call;
    try {
      if (!Authenticate(options, req, res, call)) return;
      if (call.account.role == store::Role::kTeacher && !teachers_too) {
        return JsonError(res, 403, "forbidden",
                         call.language == Language::kEnglish
                             ? "Only library staff may do this."
                             : "Alleen medewerkers van de bibliotheek mogen "
                               "dit.");
      }
      handler(req, res, call);
    } catch (const std::exception& error) {
      spdlog::error("api {} {}: {}", req.method, req.path, error.what());
      bool en = call.language == Language::kEnglish;
      if (call.db && call.db->ConnectionLost()) {
        return JsonError(res, 503, "unavailable",
                         en ? "The connection to the database was lost. "
                              "Nothing was saved; try again in a minute."
                            : "De verbinding met de database is verbroken. "
                              "Er is niets opgeslagen; probeer het over een "
                              "minuut opnieuw.");
      }
      JsonError(res, 500, "internal",
                en ? "Something went wrong on our side."
                   : "Er ging iets mis aan onze kant.");
    }
  };
}

// The body's options: a JSON object, or form fields (as strings).
nlohmann::json Body(const httplib::Request& req) {
  if (req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    auto json = nlohmann::json::parse(req.body, nullptr, false);
    if (json.is_object()) return json;
    return nlohmann::json();  // null: refused by the caller
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : req.params) out[name] = value;
  return out;
}

std::optional<bool> Flag(const nlohmann::json& body, const char* name) {
  if (!body.contains(name)) return std::nullopt;
  const auto& value = body[name];
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (text == "1" || text == "true" || text == "ja") return true;
    if (text == "0" || text == "false" || text == "nee") return false;
  }
  return std::nullopt;
}

std::optional<store::Upload> OwnUpload(const httplib::Request& req,
                                       const ApiCall& call) {
  long long id = std::strtoll(req.matches[1].str().c_str(), nullptr, 10);
  auto upload = store::GetUpload(*call.db, id);
  if (!upload.ok() || upload->library_id != call.account.library_id) {
    return std::nullopt;
  }
  return *upload;
}

Result<import::UploadRun> LoadRun(const ServerOptions& options,
                                  const ApiCall& call, long long upload_id) {
  if (!options.upload_key) {
    return Status::Unavailable("Uploads zijn niet ingesteld op deze server.",
                               "Uploads are not set up on this server.");
  }
  return import::LoadUploadRun(*call.db, *options.upload_key, upload_id,
                               FormatIsoDate(options.clock->Now()));
}

Result<import::ImportRequest> Request(const import::UploadRun& run,
                                      const ApiCall& call,
                                      const nlohmann::json& body) {
  import::ImportRequest request = run.request;
  request.account_id = call.account.id;
  request.actor = call.account.login;
  request.public_membership = Flag(body, "public_membership");
  request.allow_mass_leave = Flag(body, "allow_mass_leave").value_or(false);
  if (body.contains("subscription_type") &&
      body["subscription_type"].is_string()) {
    request.subscription_type = body["subscription_type"];
  }
  if (body.contains("decisions")) {
    if (!body["decisions"].is_array()) {
      return Status::InvalidArgument(
          "\"decisions\" moet een lijst zijn van {\"line\", \"customer_id\"} "
          "(0 of \"new\": een nieuwe klant).",
          "\"decisions\" must be a list of {\"line\", \"customer_id\"} (0 or "
          "\"new\": a new customer).");
    }
    for (const auto& item : body["decisions"]) {
      import::Decision decision;
      decision.line = item.value("line", 0);
      if (item.contains("customer_id") && item["customer_id"].is_number()) {
        decision.customer_id = item["customer_id"].get<long long>();
      }
      if (decision.line <= 0) {
        return Status::InvalidArgument(
            "Elke beslissing noemt de regel (\"line\") van het bestand.",
            "Every decision names the file's row (\"line\").");
      }
      request.decisions.push_back(decision);
    }
  }
  return request;
}

void ListUploads(const httplib::Request& req, httplib::Response& res,
                 ApiCall& call) {
  auto uploads = call.account.role == store::Role::kTeacher
                     ? store::ListAccountUploads(*call.db, call.account.id)
                     : store::ListUploads(*call.db, call.account.library_id);
  if (!uploads.ok()) return Fail(res, call, uploads.status());
  std::string status = req.get_param_value("status");
  nlohmann::json list = nlohmann::json::array();
  for (const store::Upload& upload : *uploads) {
    if (!status.empty() && upload.status != status) continue;
    list.push_back(UploadJson(upload, call.language));
  }
  res.set_content(nlohmann::json({{"uploads", list}}).dump(),
                  "application/json");
}

// What a preview or an import asks: the caller's upload, read, with the
// body's choices.
struct Asked {
  import::UploadRun run;
  import::ImportRequest request;
  nlohmann::json body;
};

// nullopt when it has answered (404, 400, the engine's refusal).
std::optional<Asked> Ask(const ServerOptions& options,
                         const httplib::Request& req, httplib::Response& res,
                         const ApiCall& call) {
  auto upload = OwnUpload(req, call);
  if (!upload) {
    NotFound(res, call);
    return std::nullopt;
  }
  nlohmann::json body = Body(req);
  if (body.is_null()) {
    JsonError(res, 400, "invalid_json",
              call.language == Language::kEnglish
                  ? "The body is not a JSON object."
                  : "De inhoud is geen JSON-object.");
    return std::nullopt;
  }
  auto run = LoadRun(options, call, upload->id);
  if (!run.ok()) {
    Fail(res, call, run.status());
    return std::nullopt;
  }
  auto request = Request(*run, call, body);
  if (!request.ok()) {
    Fail(res, call, request.status());
    return std::nullopt;
  }
  return Asked{std::move(*run), std::move(*request), std::move(body)};
}

void Preview(const ServerOptions& options, const httplib::Request& req,
             httplib::Response& res, ApiCall& call) {
  std::optional<Asked> asked = Ask(options, req, res, call);
  if (!asked) return;
  import::UploadRun& run = asked->run;
  import::ImportRequest* request = &asked->request;
  request->allow_mass_leave = false;
  auto outcome =
      import::PreviewUpload(*call.db, run, *request, options.public_url);
  if (!outcome.ok()) return Fail(res, call, outcome.status());
  if (options.mail_queued) options.mail_queued();
  bool details = req.get_param_value("details") == "1";
  res.set_content(import::ReportJson(outcome->plan, outcome->import_id,
                                     outcome->status, call.language, details)
                      .dump(),
                  "application/json");
}

void Import(const ServerOptions& options, const httplib::Request& req,
            httplib::Response& res, ApiCall& call) {
  std::optional<Asked> asked = Ask(options, req, res, call);
  if (!asked) return;
  import::UploadRun& run = asked->run;
  import::ImportRequest* request = &asked->request;
  const nlohmann::json& body = asked->body;
  std::string fingerprint = body.value("fingerprint", std::string());
  auto outcome = import::ImportUpload(*call.db, run, *request, fingerprint,
                                      options.public_url);
  if (!outcome.ok()) return Fail(res, call, outcome.status());
  if (options.mail_queued) options.mail_queued();
  // Held: 409 with the plan, so a script sees why.
  res.status = outcome->status == "applied" ? 200 : 409;
  res.set_content(import::ReportJson(outcome->plan, outcome->import_id,
                                     outcome->status, call.language, false)
                      .dump(),
                  "application/json");
}

// {"question": "sex_codes", "choice": "jm"}: the answer to a question the
// upload's file was held with, saved for its school; 200 with the school's
// mapping as it is now.
void Answer(const httplib::Request& req, httplib::Response& res,
            ApiCall& call) {
  auto upload = OwnUpload(req, call);
  if (!upload) return NotFound(res, call);
  nlohmann::json body = Body(req);
  std::string question = body.is_object() && body.contains("question") &&
                                 body["question"].is_string()
                             ? body["question"].get<std::string>()
                             : std::string();
  std::string choice =
      body.is_object() && body.contains("choice") && body["choice"].is_string()
          ? body["choice"].get<std::string>()
          : std::string();
  store::AuditEvent who;
  who.library_id = call.account.library_id;
  who.account_id = call.account.id;
  who.actor = call.account.login;
  Status status = import::AnswerQuestion(*call.db, upload->branch_id, question,
                                         choice, who);
  if (!status.ok()) return Fail(res, call, status);
  res.set_content(nlohmann::json({{"upload_id", upload->id},
                                  {"school_id", upload->branch_id},
                                  {"question", question},
                                  {"choice", choice}})
                      .dump(),
                  "application/json");
}

std::optional<import::ImportRun> OwnRun(const httplib::Request& req,
                                        const ApiCall& call) {
  long long id = std::strtoll(req.matches[1].str().c_str(), nullptr, 10);
  auto run = import::GetImportRun(*call.db, id);
  if (!run.ok() || run->library_id != call.account.library_id) {
    return std::nullopt;
  }
  return *run;
}

void GetRun(const httplib::Request& req, httplib::Response& res,
            ApiCall& call) {
  auto run = OwnRun(req, call);
  if (!run) return NotFound(res, call);
  nlohmann::json report =
      nlohmann::json::parse(run->report_json, nullptr, false);
  nlohmann::json options =
      nlohmann::json::parse(run->options_json, nullptr, false);
  nlohmann::json out = {
      {"import_id", run->id},
      {"status", run->status},
      {"school_id", run->branch_id},
      {"upload_id", run->upload_id},
      {"actor", run->actor},
      {"file_sha256", run->file_sha256},
      {"created_at", run->created_at},
      {"applied_at", run->applied_at},
      {"undone_at", run->undone_at},
      {"options", options.is_object() ? options : nlohmann::json()},
      {"report", report.is_object() ? report : nlohmann::json()}};
  // The stored report's own status is the one it was written with.
  if (out["report"].is_object()) {
    out["report"]["status"] = run->status;
    out["report"]["import_id"] = run->id;
  }
  res.set_content(out.dump(), "application/json");
}

void Undo(const httplib::Request& req, httplib::Response& res, ApiCall& call) {
  auto run = OwnRun(req, call);
  if (!run) return NotFound(res, call);
  auto outcome = import::UndoImport(*call.db, run->id, call.account.id,
                                    call.account.login);
  if (!outcome.ok()) return Fail(res, call, outcome.status());
  res.set_content(
      nlohmann::json({{"import_id", run->id},
                      {"status", "undone"},
                      {"customers_restored", outcome->customers_restored},
                      {"customers_removed", outcome->customers_removed},
                      {"memberships_removed", outcome->memberships_removed},
                      {"memberships_restored", outcome->memberships_restored}})
          .dump(),
      "application/json");
}

}  // namespace

void RegisterStaffApi(httplib::Server& server, const ServerOptions& options) {
  const std::string id = R"((\d{1,18}))";
  server.Get("/api/v1/uploads", Staff(options, ListUploads, true));
  server.Post(
      "/api/v1/uploads/" + id + "/preview",
      Staff(options, [&options](const auto& req, auto& res, ApiCall& call) {
        Preview(options, req, res, call);
      }));
  server.Post(
      "/api/v1/uploads/" + id + "/import",
      Staff(options, [&options](const auto& req, auto& res, ApiCall& call) {
        Import(options, req, res, call);
      }));
  server.Post("/api/v1/uploads/" + id + "/answer", Staff(options, Answer));
  server.Get("/api/v1/imports/" + id, Staff(options, GetRun));
  server.Post("/api/v1/imports/" + id + "/undo", Staff(options, Undo));
}

}  // namespace schoolbieb::web
