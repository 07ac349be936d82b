// The audit trail: who did what, when, from where — logins, uploads,
// downloads, previews, imports, undos, rejections and rights changes.
//
// Events name ids, file hashes and counts, never a student's personal data.
// An event written inside a transaction commits or rolls back with it.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct AuditEvent {
  long long id = 0;
  long long library_id = 0;  // 0: not library-bound (e.g. a failed login)
  long long account_id = 0;  // 0: the command line or the system
  std::string actor;         // login name or "cli:<user>"
  long long at = 0;
  std::string action;       // "library.add", "upload.create", …
  std::string object_kind;  // "library", "branch", "upload", …
  long long object_id = 0;
  std::string details_json = "{}";
  std::string remote_addr;
};

// Writes the event; fills in id and (when 0) at.
Status RecordAudit(Database& db, AuditEvent& event);

// The newest `limit` events of a library (0: events without a library).
Result<std::vector<AuditEvent>> ListAudit(Database& db, long long library_id,
                                          int limit = 100);

// Which events of a library to list; empty or 0 fields do not filter.
struct AuditFilter {
  // An action or a family of actions: "upload" keeps "upload" and
  // "upload.create", "upload.download", … but not "upload_right.grant".
  std::string action;
  std::string actor;        // exactly this login or "cli:<user>"
  std::string object_kind;  // exactly this kind ("branch", "upload", …)
  long long from = 0;       // at >= from (epoch seconds)
  long long until = 0;      // at < until
  int limit = 100;
  int offset = 0;  // events to skip, newest first
};

// The library's events that pass `filter`, newest first, one page of them.
Result<std::vector<AuditEvent>> ListAudit(Database& db, long long library_id,
                                          const AuditFilter& filter);

}  // namespace schoolbieb::store
