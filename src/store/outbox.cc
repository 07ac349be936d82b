#include "store/outbox.h"

#include <fmt/format.h>

#include "core/clock.h"

namespace schoolbieb::store {
namespace {
const Message kWhat{"Dit bericht in het postvak uit",
                    "This message in the outbox"};
}  // namespace

Status EnqueueMessage(Database& db, OutboxMessage& m) {
  m.created_at = SystemClock::Get().Now();
  if (m.next_attempt_at == 0) m.next_attempt_at = m.created_at;
  m.state = "pending";
  try {
    soci::indicator lib_ind = m.library_id ? soci::i_ok : soci::i_null;
    db.sql() << "INSERT INTO outbox (library_id, kind, recipient, language, "
                "subject, body_text, body_html, state, next_attempt_at, "
                "created_at) VALUES (:lib, :kind, :to, :lang, :subject, "
                ":text, :html, 'pending', :due, :at) RETURNING id",
        soci::use(m.library_id, lib_ind), soci::use(m.kind),
        soci::use(m.recipient), soci::use(m.language), soci::use(m.subject),
        soci::use(m.body_text), soci::use(m.body_html),
        soci::use(m.next_attempt_at), soci::use(m.created_at), soci::into(m.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
  return Status::Ok();
}

const char* const kUncertainDelivery =
    "Onderbroken tijdens het versturen: onbekend of het bericht is "
    "aangekomen; niet opnieuw verstuurd (interrupted while sending: it may "
    "or may not have arrived; not sent again)";

namespace {

constexpr const char* kColumns =
    "SELECT id, COALESCE(library_id, 0), kind, recipient, language, subject, "
    "body_text, body_html, state, attempts, next_attempt_at, created_at, "
    "sent_at, last_error, COALESCE(retried_as, 0) FROM outbox ";

// Runs `sql` (kColumns + conditions) with `bind` adding the uses, and reads
// every row.
template <typename Bind>
std::vector<OutboxMessage> Select(Database& db, const std::string& sql,
                                  Bind bind) {
  std::vector<OutboxMessage> out;
  OutboxMessage m;
  soci::indicator sent_ind = soci::i_ok, error_ind = soci::i_ok;
  soci::statement st(db.sql());
  st.exchange(soci::into(m.id));
  st.exchange(soci::into(m.library_id));
  st.exchange(soci::into(m.kind));
  st.exchange(soci::into(m.recipient));
  st.exchange(soci::into(m.language));
  st.exchange(soci::into(m.subject));
  st.exchange(soci::into(m.body_text));
  st.exchange(soci::into(m.body_html));
  st.exchange(soci::into(m.state));
  st.exchange(soci::into(m.attempts));
  st.exchange(soci::into(m.next_attempt_at));
  st.exchange(soci::into(m.created_at));
  st.exchange(soci::into(m.sent_at, sent_ind));
  st.exchange(soci::into(m.last_error, error_ind));
  st.exchange(soci::into(m.retried_as));
  bind(st);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    if (sent_ind != soci::i_ok) m.sent_at = 0;
    if (error_ind != soci::i_ok) m.last_error.clear();
    out.push_back(m);
  }
  return out;
}

Status ClaimLost(long long id) {
  return Status::FailedPrecondition(
      fmt::format("Bericht {} is niet meer door deze verzender geclaimd.", id),
      fmt::format("Message {} is no longer claimed by this worker.", id));
}

}  // namespace

Result<std::vector<OutboxMessage>> ListOutbox(Database& db,
                                              long long library_id, int limit,
                                              std::string_view state) {
  try {
    std::string state_text(state);
    std::string sql = std::string(kColumns) + "WHERE library_id = :lib ";
    if (!state.empty()) sql += "AND state = :state ";
    sql += "ORDER BY id DESC LIMIT :limit";
    return Select(db, sql, [&](soci::statement& st) {
      st.exchange(soci::use(library_id));
      if (!state_text.empty()) st.exchange(soci::use(state_text));
      st.exchange(soci::use(limit));
    });
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

Result<std::vector<OutboxMessage>> ClaimDueMessages(
    Database& db, std::string_view worker_view, long long now,
    long long claim_until, int limit, ClaimRecovery* recovery) {
  std::string worker(worker_view);
  try {
    Transaction transaction(db);
    // Recovery first: on SQLite this write takes the database write lock
    // before anything is read, so two claimers cannot pick the same rows.
    std::string uncertain = kUncertainDelivery;
    soci::statement requeue =
        (db.sql().prepare << "UPDATE outbox SET state = 'pending', "
                             "claimed_by = NULL, claimed_until = NULL, "
                             "next_attempt_at = :now WHERE state = 'sending' "
                             "AND claimed_until < :now2 AND sent_at IS NULL",
         soci::use(now), soci::use(now));
    requeue.execute(true);
    soci::statement give_up =
        (db.sql().prepare << "UPDATE outbox SET state = 'failed', "
                             "claimed_by = NULL, claimed_until = NULL, "
                             "last_error = :error WHERE state = 'sending' "
                             "AND claimed_until < :now AND sent_at IS NOT "
                             "NULL",
         soci::use(uncertain), soci::use(now));
    give_up.execute(true);
    if (recovery) {
      recovery->requeued = static_cast<int>(requeue.get_affected_rows());
      recovery->uncertain = static_cast<int>(give_up.get_affected_rows());
    }

    std::string pick =
        "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= "
        ":now ORDER BY next_attempt_at, id LIMIT :limit";
    if (db.backend() == Backend::kPostgresql) {
      pick += " FOR UPDATE SKIP LOCKED";
    }
    std::vector<long long> ids;
    long long id = 0;
    soci::statement select = (db.sql().prepare << pick, soci::into(id),
                              soci::use(now), soci::use(limit));
    select.execute(false);
    while (select.fetch()) ids.push_back(id);

    std::vector<OutboxMessage> claimed;
    for (long long row_id : ids) {
      soci::statement take =
          (db.sql().prepare
               << "UPDATE outbox SET state = 'sending', claimed_by = :worker, "
                  "claimed_until = :until, attempts = attempts + 1, "
                  "sent_at = NULL WHERE id = :id AND state = 'pending'",
           soci::use(worker), soci::use(claim_until), soci::use(row_id));
      take.execute(true);
      if (take.get_affected_rows() != 1) continue;
      auto rows =
          Select(db, std::string(kColumns) + "WHERE id = :id",
                 [&](soci::statement& st) { st.exchange(soci::use(row_id)); });
      if (!rows.empty()) claimed.push_back(std::move(rows.front()));
    }
    transaction.Commit();
    return claimed;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

Result<bool> MarkHandingOver(Database& db, long long id,
                             std::string_view worker_view, long long now) {
  std::string worker(worker_view);
  try {
    Transaction transaction(db);
    soci::statement st =
        (db.sql().prepare << "UPDATE outbox SET sent_at = :now WHERE id = :id "
                             "AND state = 'sending' AND claimed_by = :worker "
                             "AND sent_at IS NULL",
         soci::use(now), soci::use(id), soci::use(worker));
    st.execute(true);
    bool held = st.get_affected_rows() == 1;
    transaction.Commit();
    return held;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

namespace {

// Ends `worker`'s claim on `id` with `assignments`; ClaimLost when the row
// is not (any more) its claim.
template <typename Bind>
Status FinishClaim(Database& db, long long id, const std::string& worker,
                   const std::string& assignments, Bind bind) {
  try {
    Transaction transaction(db);
    soci::statement st(db.sql());
    bind(st);
    st.exchange(soci::use(id));
    st.exchange(soci::use(worker));
    st.alloc();
    st.prepare("UPDATE outbox SET " + assignments +
               ", claimed_by = NULL, claimed_until = NULL WHERE id = :id AND "
               "state = 'sending' AND claimed_by = :worker");
    st.define_and_bind();
    st.execute(true);
    if (st.get_affected_rows() != 1) return ClaimLost(id);
    transaction.Commit();
    return Status::Ok();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

}  // namespace

Status MarkSent(Database& db, long long id, std::string_view worker,
                long long now) {
  return FinishClaim(db, id, std::string(worker),
                     "state = 'sent', sent_at = :now, last_error = NULL",
                     [&](soci::statement& st) { st.exchange(soci::use(now)); });
}

Status ScheduleRetry(Database& db, long long id, std::string_view worker,
                     long long next_attempt_at, const std::string& error) {
  return FinishClaim(db, id, std::string(worker),
                     "state = 'pending', sent_at = NULL, next_attempt_at = "
                     ":due, last_error = :error",
                     [&](soci::statement& st) {
                       st.exchange(soci::use(next_attempt_at));
                       st.exchange(soci::use(error));
                     });
}

Status MarkFailed(Database& db, long long id, std::string_view worker,
                  const std::string& error) {
  return FinishClaim(
      db, id, std::string(worker), "state = 'failed', last_error = :error",
      [&](soci::statement& st) { st.exchange(soci::use(error)); });
}

Result<long long> RequeueFailedMessage(Database& db, long long library_id,
                                       long long id, long long now) {
  try {
    Transaction transaction(db);
    auto rows = Select(
        db, std::string(kColumns) + "WHERE id = :id AND library_id = :lib",
        [&](soci::statement& st) {
          st.exchange(soci::use(id));
          st.exchange(soci::use(library_id));
        });
    if (rows.empty()) {
      return Status::NotFound(
          fmt::format("Er is geen bericht {} in het postvak uit.", id),
          fmt::format("There is no message {} in the outbox.", id));
    }
    OutboxMessage copy = rows.front();
    if (copy.state != "failed") {
      return Status::FailedPrecondition(
          fmt::format("Bericht {} is niet mislukt (status {}); alleen "
                      "mislukte berichten kunnen opnieuw.",
                      id, copy.state),
          fmt::format("Message {} has not failed (state {}); only failed "
                      "messages can be sent again.",
                      id, copy.state));
    }
    copy.next_attempt_at = now;
    copy.last_error.clear();
    SB_RETURN_IF_ERROR(EnqueueMessage(db, copy));
    std::string note = fmt::format("{} — opnieuw als bericht {} (again as {})",
                                   rows.front().last_error, copy.id, copy.id);
    // Only one retry per failed message: the row is marked with its copy,
    // and a concurrent second retry finds it marked (PostgreSQL re-checks
    // the condition after the first commits; SQLite writes one at a time)
    // and rolls back its copy.
    soci::statement mark =
        (db.sql().prepare << "UPDATE outbox SET last_error = :note, "
                             "retried_as = :copy WHERE id = :id AND "
                             "retried_as IS NULL",
         soci::use(note), soci::use(copy.id), soci::use(id));
    mark.execute(true);
    if (mark.get_affected_rows() != 1) {
      return Status::FailedPrecondition(
          fmt::format("Bericht {} is al opnieuw verstuurd.", id),
          fmt::format("Message {} has already been sent again.", id));
    }
    transaction.Commit();
    return copy.id;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

}  // namespace schoolbieb::store
