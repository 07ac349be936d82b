// What every /api/v1 handler shares: the caller found by its bearer token,
// with its own database connection and language, and an upload as JSON.
// api.cc (uploads by teachers and scripts) and api_staff.cc (preview,
// import, undo for library staff) build on it. A call belongs to one
// request.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/message.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/database_pool.h"
#include "store/upload_store.h"
#include "web/server.h"

namespace schoolbieb::web {

struct ApiCall {
  store::DatabasePool::Lease db;
  store::Account account;
  Language language = Language::kDutch;
};

// The caller by its token; false when it has answered (401, 503). Sets
// Cache-Control: no-store.
bool Authenticate(const ServerOptions& options, const httplib::Request& req,
                  httplib::Response& res, ApiCall& call);

// {"id", "status", "school_id", "file_name", "size", "sha256",
//  "created_at", "reject_reason", "report"}.
nlohmann::json UploadJson(const store::Upload& upload, Language language);

// Adds the staff endpoints (preview, import, undo, history).
void RegisterStaffApi(httplib::Server& server, const ServerOptions& options);

}  // namespace schoolbieb::web
