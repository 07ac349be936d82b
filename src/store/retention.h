// Keeping children's data no longer than needed (AVG): what schoolbieb
// removes by itself, and when.
//
//   uploaded files  the encrypted content of an upload is deleted a set time
//                   (default 30 days) after it was imported or rejected; the
//                   row (who, when, name, size, SHA-256) stays for the audit.
//   leavers         a student whose every membership ended at least a set
//                   time ago (default 365 days), with no fees open, is
//                   anonymised: names, birth date, address, phone, e-mail,
//                   numbers, group and remarks are cleared, notices deleted,
//                   and the before/after images of past imports that name
//                   them emptied. The row, its memberships' dates and its
//                   school stay, so the counts of past years still add up.
//
// Both run in `serve` (hourly) and in `schoolbieb privacy purge` (cron);
// running them twice, or from two processes at once, does no harm. Each
// removal is one transaction with its audit event (ids and counts only).
// Thread-safe as the Database it is given.
#pragma once

#include <cstdint>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct RetentionOptions {
  int64_t upload_seconds = 30 * 86400;
  int64_t leaver_seconds = 365 * 86400;
  bool dry_run = false;  // count what would go, change nothing
};

// From [privacy] upload_retention / leaver_retention.
Result<RetentionOptions> RetentionFromConfig(const Config& config);

struct RetentionReport {
  std::vector<long long> uploads_purged;        // upload ids
  std::vector<long long> customers_anonymised;  // customer ids
};

// Purges the uploads decided (imported or rejected) at or before
// now - upload_seconds, and anonymises the leavers whose last membership
// ended on or before the date of now - leaver_seconds.
Result<RetentionReport> ApplyRetention(Database& db, int64_t now,
                                       const RetentionOptions& options);

}  // namespace schoolbieb::store
