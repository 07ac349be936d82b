#include "web/upload_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <semaphore>
#include <thread>

#include "core/spool_file.h"
#include "store/customer_store.h"
#include "store/upload_rights.h"
#include "web/http_util.h"
#include "web/upload_name.h"

namespace schoolbieb::web {
namespace {

// Form fields are short (a token, a school id); anything longer is not ours.
constexpr size_t kMaxFieldBytes = 4096;
// Room for the multipart framing and the fields around the file.
constexpr size_t kFormOverheadBytes = 64 * 1024;

UploadResult Refuse(int http_status, std::string code, Status error,
                    bool close = false) {
  UploadResult result;
  result.http_status = http_status;
  result.code = std::move(code);
  result.error = std::move(error);
  result.close_connection = close;
  return result;
}

Status TooLarge(size_t max_bytes) {
  return Status::ResourceExhausted(
      fmt::format("Het bestand is te groot: hoogstens {} MB. Een "
                  "leerlingbestand is meestal veel kleiner; kies alleen de "
                  "leerlingen van uw school.",
                  max_bytes >> 20),
      fmt::format("The file is too large: at most {} MB. A student file is "
                  "usually much smaller; choose only your school's students.",
                  max_bytes >> 20));
}

Status NoRight() {
  return Status::PermissionDenied(
      "U mag geen leerlingbestanden uploaden voor deze school. Vraag de "
      "bibliotheek om het recht \"Mag lenergegevens uploaden voor\" deze "
      "school.",
      "You may not upload student files for this school. Ask the library "
      "for the right \"May upload borrower data for\" this school.");
}

UploadResult RefuseUnread(int http_status, std::string code, Status error) {
  UploadResult result = Refuse(http_status, std::move(code), std::move(error));
  result.body_unread = true;
  return result;
}

}  // namespace

void DrainBody(const ServerOptions& options, const httplib::Request& req,
               const httplib::ContentReader& reader) {
  size_t length = 0;
  if (req.has_header("Content-Length")) {
    length = std::strtoull(req.get_header_value("Content-Length").c_str(),
                           nullptr, 10);
  }
  if (length == 0 || length > options.max_upload_bytes + kFormOverheadBytes) {
    return;
  }
  if (req.is_multipart_form_data()) {
    reader([](const httplib::MultipartFormData&) { return true; },
           [](const char*, size_t) { return true; });
  } else {
    reader([](const char*, size_t) { return true; });
  }
}

Result<std::vector<store::Branch>> UploadSchools(
    store::Database& db, const store::Account& account) {
  std::vector<store::Branch> schools;
  if (account.customer_id == 0 || account.disabled) return schools;
  auto customer = store::GetCustomer(db, account.customer_id);
  if (!customer.ok()) return customer.status();
  auto ids = store::UploadBranches(db, *customer);
  if (!ids.ok()) return ids.status();
  for (long long id : *ids) {
    auto branch = store::GetBranch(db, id);
    if (!branch.ok()) return branch.status();
    // A right can only name a school of the account's own library.
    if (branch->library_id != account.library_id) continue;
    schools.push_back(*branch);
  }
  return schools;
}

UploadResult ReceiveUpload(
    const ServerOptions& options, store::Database& db,
    const store::Account& account, const httplib::Request& req,
    const httplib::ContentReader& reader,
    const std::function<bool(const std::map<std::string, std::string>&)>&
        check_fields) {
  // Everything that needs no body is decided before any of it is read.
  if (!options.upload_key) {
    return RefuseUnread(
        503, "unavailable",
        Status::Unavailable(
            "Uploaden kan nu niet: de server heeft geen sleutel "
            "om bestanden te versleutelen. Meld dit aan de "
            "bibliotheek.",
            "Uploading is not possible now: the server has no key "
            "to encrypt files. Tell the library."));
  }
  auto schools = UploadSchools(db, account);
  if (!schools.ok()) return RefuseUnread(503, "unavailable", schools.status());
  if (schools->empty()) return RefuseUnread(403, "forbidden", NoRight());
  size_t length = 0;
  if (req.has_header("Content-Length")) {
    length = std::strtoull(req.get_header_value("Content-Length").c_str(),
                           nullptr, 10);
  }
  if (length > options.max_upload_bytes + kFormOverheadBytes) {
    // Too large to read through: the connection closes instead.
    return Refuse(413, "too_large", TooLarge(options.max_upload_bytes), true);
  }
  if (!req.is_multipart_form_data()) {
    return RefuseUnread(400, "bad_request",
                        Status::InvalidArgument(
                            "Stuur het bestand met het uploadformulier (als "
                            "multipart/form-data met het veld \"file\").",
                            "Send the file with the upload form (as "
                            "multipart/form-data with the field \"file\")."));
  }

  std::map<std::string, std::string> fields;
  std::string current;
  bool in_file = false, file_seen = false;
  std::optional<UploadResult> refusal;
  std::optional<SpoolFile> spool;
  std::string file_name;
  long long branch_id = 0;

  auto on_header = [&](const httplib::MultipartFormData& part) {
    in_file = false;
    current = part.name;
    if (part.name != "file") return true;
    if (file_seen) {
      refusal = Refuse(400, "bad_request",
                       Status::InvalidArgument("Upload één bestand tegelijk.",
                                               "Upload one file at a time."),
                       true);
      return false;
    }
    file_seen = true;
    if (!check_fields(fields)) {
      refusal = Refuse(403, "csrf", Status::PermissionDenied("", ""), true);
      return false;
    }
    auto school = fields.find("school");
    if (school != fields.end() && !school->second.empty()) {
      long long wanted = std::strtoll(school->second.c_str(), nullptr, 10);
      for (const auto& branch : *schools) {
        if (branch.id == wanted) branch_id = wanted;
      }
      if (branch_id == 0) {
        refusal = Refuse(403, "forbidden", NoRight(), true);
        return false;
      }
    } else if (schools->size() == 1) {
      branch_id = schools->front().id;
    } else {
      refusal = Refuse(
          400, "school_required",
          Status::InvalidArgument("Kies voor welke school dit bestand is.",
                                  "Choose which school this file is for."),
          true);
      return false;
    }
    file_name = part.filename;
    // Browsers send only the base name; some old ones the whole path.
    size_t slash = file_name.find_last_of("/\\");
    if (slash != std::string::npos) file_name = file_name.substr(slash + 1);
    if (file_name.empty()) {
      refusal = Refuse(400, "no_file",
                       Status::InvalidArgument(
                           "Kies eerst een bestand en klik dan op Uploaden.",
                           "Choose a file first, then click Upload."),
                       true);
      return false;
    }
    if (!HasAllowedExtension(file_name, options.name_rule)) {
      refusal = Refuse(415, "unsupported_type",
                       CheckUploadName(file_name, options.name_rule), true);
      return false;
    }
    if (Status name = CheckUploadName(file_name, options.name_rule);
        !name.ok()) {
      refusal = Refuse(400, "bad_name", name, true);
      return false;
    }
    auto opened = SpoolFile::Open(options.spool_dir);
    if (!opened.ok()) {
      refusal = Refuse(507, "storage", opened.status(), true);
      return false;
    }
    spool.emplace(std::move(*opened));
    in_file = true;
    return true;
  };
  auto on_data = [&](const char* data, size_t size) {
    if (in_file) {
      if (spool->size() + size > options.max_upload_bytes) {
        refusal =
            Refuse(413, "too_large", TooLarge(options.max_upload_bytes), true);
        return false;
      }
      if (Status written = spool->Write(std::string_view(data, size));
          !written.ok()) {
        refusal = Refuse(507, "storage", written, true);
        return false;
      }
      return true;
    }
    std::string& value = fields[current];
    if (value.size() + size > kMaxFieldBytes) {
      refusal = Refuse(400, "bad_request",
                       Status::InvalidArgument("Dit formulierveld is te lang.",
                                               "This form field is too long."),
                       true);
      return false;
    }
    value.append(data, size);
    return true;
  };

  bool complete = reader(on_header, on_data);
  if (refusal) return *refusal;
  if (!complete) {
    // The body broke off or was not valid multipart: nothing is kept (the
    // spool file has no name and goes with `spool`).
    return Refuse(400, "incomplete",
                  Status::InvalidArgument(
                      "Het bestand is niet helemaal aangekomen. Probeer het "
                      "opnieuw.",
                      "The file did not arrive completely. Try again."),
                  true);
  }
  if (!file_seen) {
    if (!check_fields(fields)) {
      return Refuse(403, "csrf", Status::PermissionDenied("", ""));
    }
    return Refuse(400, "no_file",
                  Status::InvalidArgument(
                      "Kies eerst een bestand en klik dan op Uploaden.",
                      "Choose a file first, then click Upload."));
  }
  if (spool->size() == 0) {
    return Refuse(422, "empty_file",
                  Status::InvalidArgument(
                      fmt::format("Het bestand \"{}\" is leeg. Maak de export "
                                  "opnieuw en upload het nog eens.",
                                  file_name),
                      fmt::format("The file \"{}\" is empty. Make the export "
                                  "again and upload it once more.",
                                  file_name)));
  }
  auto content = spool->View();
  if (!content.ok()) return Refuse(507, "storage", content.status());

  import::IntakeRequest request;
  request.library_id = account.library_id;
  request.branch_id = branch_id;
  request.account_id = account.id;
  request.actor = account.login;
  request.uploader_name = account.display_name;
  request.remote_addr = ClientAddress(req, options.trusted_proxy);
  request.file_name = file_name;
  request.public_url = options.public_url;
  auto outcome =
      import::AcceptUpload(db, *options.upload_key, request, *content);
  if (!outcome.ok()) {
    const Status& status = outcome.status();
    int http = status.code() == Status::Code::kInvalidArgument ? 422
               : status.code() == Status::Code::kResourceExhausted
                   ? 413
                   : HttpStatus(status);
    return Refuse(http,
                  http == 422 ? "unreadable" : std::string(status.code_name()),
                  status);
  }
  if (options.mail_queued) options.mail_queued();
  UploadResult result;
  result.http_status = 201;
  result.outcome = std::move(*outcome);
  return result;
}

}  // namespace schoolbieb::web
