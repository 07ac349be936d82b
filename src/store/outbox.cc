#include "store/outbox.h"

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

Result<std::vector<OutboxMessage>> ListOutbox(Database& db,
                                              long long library_id, int limit) {
  try {
    std::vector<OutboxMessage> out;
    OutboxMessage m;
    soci::indicator sent_ind = soci::i_ok, error_ind = soci::i_ok;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, COALESCE(library_id, 0), kind, recipient, "
                "language, subject, body_text, body_html, state, attempts, "
                "next_attempt_at, created_at, sent_at, last_error FROM outbox "
                "WHERE library_id = :lib ORDER BY id DESC LIMIT :limit",
         soci::into(m.id), soci::into(m.library_id), soci::into(m.kind),
         soci::into(m.recipient), soci::into(m.language), soci::into(m.subject),
         soci::into(m.body_text), soci::into(m.body_html), soci::into(m.state),
         soci::into(m.attempts), soci::into(m.next_attempt_at),
         soci::into(m.created_at), soci::into(m.sent_at, sent_ind),
         soci::into(m.last_error, error_ind), soci::use(library_id),
         soci::use(limit));
    st.execute(false);
    while (st.fetch()) {
      if (sent_ind != soci::i_ok) m.sent_at = 0;
      if (error_ind != soci::i_ok) m.last_error.clear();
      out.push_back(m);
    }
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

}  // namespace schoolbieb::store
