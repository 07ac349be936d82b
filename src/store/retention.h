// Keeping children's data no longer than needed (AVG): what schoolbieb
// removes by itself, and when.
//
//   uploaded files  the encrypted content of an upload is deleted a set time
//                   (default 30 days) after it was imported or rejected; the
//                   row (who, when, name, size, SHA-256) stays for the audit.
//                   An upload nobody imports or rejects goes the same time
//                   after it came in, but never without warning: a notice to
//                   the library (an outbox mail, composed by the caller) a
//                   week before, and never sooner than a week after it.
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
#include <functional>
#include <optional>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "store/database.h"
#include "store/outbox.h"
#include "store/upload_store.h"

namespace schoolbieb::store {

// The mail that tells the library an undecided upload will be purged at
// `purge_at`, or nullopt when there is no one to tell. Called inside the
// transaction that records the notice, with its connection; a failure
// rolls the notice back (it is tried again at the next run).
using PurgeNoticeComposer = std::function<Result<std::optional<OutboxMessage>>(
    Database& db, const Upload& upload, int64_t purge_at)>;

struct RetentionOptions {
  int64_t upload_seconds = 30 * 86400;
  int64_t leaver_seconds = 365 * 86400;
  // How long before an undecided upload is purged the library is told, and
  // so how long at least after the notice it is kept.
  int64_t purge_notice_seconds = 7 * 86400;
  // Empty: the notice is recorded (and the purge follows) without a mail.
  PurgeNoticeComposer compose_purge_notice;
  bool dry_run = false;  // count what would go, change nothing
};

// From [privacy] upload_retention / leaver_retention.
Result<RetentionOptions> RetentionFromConfig(const Config& config);

struct RetentionReport {
  std::vector<long long> uploads_purged;        // upload ids
  std::vector<long long> purge_notices;         // undecided uploads, told
  std::vector<long long> customers_anonymised;  // customer ids
};

// Purges the uploads decided (imported or rejected) at or before
// now - upload_seconds; tells the library of each undecided upload that
// came in at or before now - (upload_seconds - purge_notice_seconds) and
// purges those that came in at or before now - upload_seconds once their
// notice is purge_notice_seconds old; and anonymises the leavers whose last
// membership ended on or before the date of now - leaver_seconds.
Result<RetentionReport> ApplyRetention(Database& db, int64_t now,
                                       const RetentionOptions& options);

}  // namespace schoolbieb::store
