#include "store/retention.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "store/audit_log.h"

namespace schoolbieb::store {
namespace {

const Message kRetentionWhat{"De bewaartermijn", "The retention"};

// An audit event of the system (no account, no address).
void AuditRemoval(Database& db, long long library_id, const char* action,
                  const char* kind, long long id, int64_t now,
                  const nlohmann::json& details) {
  AuditEvent event;
  event.library_id = library_id;
  event.actor = "schoolbieb";
  event.at = now;
  event.action = action;
  event.object_kind = kind;
  event.object_id = id;
  event.details_json = details.dump();
  Status recorded = RecordAudit(db, event);
  if (!recorded.ok()) throw std::runtime_error(recorded.ToString());
}

// (id, library id) of each row `query` selects with one bound value.
template <typename Bound>
std::vector<std::pair<long long, long long>> Ids(Database& db,
                                                 const std::string& query,
                                                 Bound bound) {
  std::vector<std::pair<long long, long long>> ids;
  long long id = 0, library_id = 0;
  soci::statement st = (db.sql().prepare << query, soci::into(id),
                        soci::into(library_id), soci::use(bound));
  st.execute(false);
  while (st.fetch()) ids.emplace_back(id, library_id);
  return ids;
}

// False when another process purged it meanwhile, or it was undone.
bool PurgeOne(Database& db, long long id, long long library_id, int64_t now,
              long long decided_before) {
  Transaction tx(db);
  soci::statement st =
      (db.sql().prepare << "UPDATE upload SET status = 'purged', purged_at = "
                           ":at WHERE id = :id AND status IN ('imported', "
                           "'rejected') AND decided_at <= :before",
       soci::use(now), soci::use(id), soci::use(decided_before));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  db.sql() << "DELETE FROM upload_chunk WHERE upload_id = :id", soci::use(id);
  AuditRemoval(db, library_id, "upload.purge", "upload", id, now,
               {{"reason", "retention"}});
  tx.Commit();
  return true;
}

// False when it was decided on, or told of, meanwhile.
bool NoticeOne(Database& db, long long id, long long library_id, int64_t now,
               int64_t purge_at, const RetentionOptions& options) {
  Transaction tx(db);
  soci::statement st =
      (db.sql().prepare << "UPDATE upload SET purge_notice_at = :at WHERE id "
                           "= :id AND status IN ('received', 'in_progress') "
                           "AND purge_notice_at IS NULL",
       soci::use(now), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  long long outbox_id = 0;
  if (options.compose_purge_notice) {
    auto upload = GetUpload(db, id);
    if (!upload.ok()) throw std::runtime_error(upload.status().ToString());
    auto message = options.compose_purge_notice(db, *upload, purge_at);
    if (!message.ok()) throw std::runtime_error(message.status().ToString());
    if (message->has_value()) {
      Status queued = EnqueueMessage(db, **message);
      if (!queued.ok()) throw std::runtime_error(queued.ToString());
      outbox_id = (*message)->id;
    }
  }
  AuditRemoval(db, library_id, "upload.purge_notice", "upload", id, now,
               {{"reason", "retention"},
                {"purge_at", purge_at},
                {"outbox_id", outbox_id}});
  tx.Commit();
  return true;
}

// An undecided upload: false when it was decided on meanwhile.
bool PurgeUndecided(Database& db, long long id, long long library_id,
                    int64_t now, long long created_before,
                    long long noticed_before) {
  Transaction tx(db);
  soci::statement st =
      (db.sql().prepare << "UPDATE upload SET status = 'purged', purged_at = "
                           ":at WHERE id = :id AND status IN ('received', "
                           "'in_progress') AND created_at <= :created AND "
                           "purge_notice_at <= :noticed",
       soci::use(now), soci::use(id), soci::use(created_before),
       soci::use(noticed_before));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  db.sql() << "DELETE FROM upload_chunk WHERE upload_id = :id", soci::use(id);
  AuditRemoval(db, library_id, "upload.purge", "upload", id, now,
               {{"reason", "retention_undecided"}});
  tx.Commit();
  return true;
}

// False when the student no longer qualifies (came back, fees, done).
bool AnonymiseOne(Database& db, long long id, long long library_id,
                  int64_t now) {
  Transaction tx(db);
  // The same conditions as the selection, checked again inside the
  // transaction: a student who came back meanwhile keeps their data.
  soci::statement st =
      (db.sql().prepare
           << "UPDATE customer SET card_number = NULL, card_blocked_reason = "
              "NULL, call_name = '', first_names = '', initials = '', "
              "name_prefix = '', last_name = '', birth_date = NULL, sex = '', "
              "street = '', house_number = '', house_number_suffix = '', "
              "postcode = '', city = '', phone = '', mobile = '', email = '', "
              "remarks = '', public_consent_source = NULL, external_number = "
              "'', external_number_2 = '', year_group = '', group_key = '', "
              "group_name = '', classification = '', locked_fields = '', "
              "person_key = NULL, "
              "anonymised_at = :at, updated_at = :at2 WHERE id = :id AND "
              "anonymised_at IS NULL AND fees_due_cents = 0 AND NOT EXISTS "
              "(SELECT 1 FROM membership m WHERE m.customer_id = customer.id "
              "AND m.ended_on IS NULL)",
       soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  db.sql() << "DELETE FROM customer_notice WHERE customer_id = :id",
      soci::use(id);
  db.sql() << "UPDATE import_change SET before_json = NULL, after_json = NULL "
              "WHERE customer_id = :id AND kind IN ('customer_new', "
              "'customer_update')",
      soci::use(id);
  AuditRemoval(db, library_id, "customer.anonymise", "customer", id, now,
               {{"reason", "retention"}});
  tx.Commit();
  return true;
}

}  // namespace

Result<RetentionOptions> RetentionFromConfig(const Config& config) {
  RetentionOptions options;
  auto uploads = ParseDuration(config.upload_retention);
  if (!uploads.ok()) return uploads.status();
  auto leavers = ParseDuration(config.leaver_retention);
  if (!leavers.ok()) return leavers.status();
  options.upload_seconds = *uploads;
  options.leaver_seconds = *leavers;
  return options;
}

Result<RetentionReport> ApplyRetention(Database& db, int64_t now,
                                       const RetentionOptions& options) {
  RetentionReport report;
  try {
    long long decided_before = now - options.upload_seconds;
    auto uploads = Ids(db,
                       "SELECT id, library_id FROM upload WHERE status IN "
                       "('imported', 'rejected') AND decided_at <= :before "
                       "ORDER BY id",
                       decided_before);
    for (auto [id, library_id] : uploads) {
      if (options.dry_run ||
          PurgeOne(db, id, library_id, now, decided_before)) {
        report.uploads_purged.push_back(id);
      }
    }
    // Undecided uploads: first the purges whose notice is old enough, then
    // the notices, so one run never tells and purges the same upload.
    long long created_before = now - options.upload_seconds;
    long long noticed_before = now - options.purge_notice_seconds;
    auto undecided = Ids(db,
                         "SELECT id, library_id FROM upload WHERE status IN "
                         "('received', 'in_progress') AND created_at <= "
                         ":before AND purge_notice_at IS NOT NULL ORDER BY id",
                         created_before);
    for (auto [id, library_id] : undecided) {
      auto upload = GetUpload(db, id);
      if (!upload.ok() || upload->purge_notice_at > noticed_before) continue;
      if (options.dry_run || PurgeUndecided(db, id, library_id, now,
                                            created_before, noticed_before)) {
        report.uploads_purged.push_back(id);
      }
    }
    long long notice_from =
        now - std::max<int64_t>(
                  0, options.upload_seconds - options.purge_notice_seconds);
    auto to_tell = Ids(db,
                       "SELECT id, library_id FROM upload WHERE status IN "
                       "('received', 'in_progress') AND purge_notice_at IS "
                       "NULL AND created_at <= :from ORDER BY id",
                       notice_from);
    for (auto [id, library_id] : to_tell) {
      auto upload = GetUpload(db, id);
      if (!upload.ok()) continue;
      // Never sooner than a full notice period after the notice.
      int64_t purge_at =
          std::max<int64_t>(upload->created_at + options.upload_seconds,
                            now + options.purge_notice_seconds);
      if (options.dry_run ||
          NoticeOne(db, id, library_id, now, purge_at, options)) {
        report.purge_notices.push_back(id);
      }
    }
    // Membership dates are ISO days: ended on or before that day.
    std::string ended_by = FormatIsoDate(now - options.leaver_seconds);
    auto leavers = Ids(
        db,
        "SELECT c.id, c.library_id FROM customer c WHERE c.kind = 'student' "
        "AND c.anonymised_at IS NULL AND c.fees_due_cents = 0 AND EXISTS "
        "(SELECT 1 FROM membership m WHERE m.customer_id = c.id) AND NOT "
        "EXISTS (SELECT 1 FROM membership m WHERE m.customer_id = c.id AND "
        "(m.ended_on IS NULL OR m.ended_on > :ended_by)) ORDER BY c.id",
        ended_by);
    for (auto [id, library_id] : leavers) {
      if (options.dry_run || AnonymiseOne(db, id, library_id, now)) {
        report.customers_anonymised.push_back(id);
      }
    }
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRetentionWhat);
  }
  return report;
}

}  // namespace schoolbieb::store
