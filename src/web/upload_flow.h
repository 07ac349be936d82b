// The upload as both the portal's form and the JSON API receive it: who may
// upload for which school, the form fields, the file streamed to an
// anonymous spool file (never held whole in memory), the name and size
// rules, then import::AcceptUpload. The checks that need no body run before
// any body byte is read, the checks on the file's name before any file byte
// is kept. Fields must come before the file in the multipart body (browsers
// send them in the form's order; the form puts the file last).
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "import/intake.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/library_store.h"
#include "web/server.h"

namespace schoolbieb::web {

struct UploadResult {
  int http_status = 500;
  std::string code;  // for the API's error: "forbidden", "bad_name", …
  Status error;      // the message for the teacher when not OK
  std::optional<import::IntakeOutcome> outcome;
  // The part of the body was not read: the connection must close.
  bool close_connection = false;
  // Refused before any of the body was read (see DrainBody).
  bool body_unread = false;
};

// Reads and discards a request body refused before it was read, so the
// connection stays in step (httplib would otherwise read the rest as the
// next request). Only up to the upload limit; larger bodies are left.
void DrainBody(const ServerOptions& options, const httplib::Request& req,
               const httplib::ContentReader& reader);

// The schools `account` may upload for (from its customer record).
Result<std::vector<store::Branch>> UploadSchools(store::Database& db,
                                                 const store::Account& account);

// Receives and accepts an upload. `check_fields` runs on the fields before
// the file (the form's CSRF token) and may refuse with 403.
UploadResult ReceiveUpload(
    const ServerOptions& options, store::Database& db,
    const store::Account& account, const httplib::Request& req,
    const httplib::ContentReader& reader,
    const std::function<bool(const std::map<std::string, std::string>&)>&
        check_fields);

}  // namespace schoolbieb::web
