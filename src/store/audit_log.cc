#include "store/audit_log.h"

#include "core/clock.h"

namespace schoolbieb::store {
namespace {
const Message kWhat{"Deze auditregel", "This audit event"};
}  // namespace

Status RecordAudit(Database& db, AuditEvent& e) {
  if (e.at == 0) e.at = SystemClock::Get().Now();
  try {
    soci::indicator lib_ind = e.library_id ? soci::i_ok : soci::i_null;
    soci::indicator acc_ind = e.account_id ? soci::i_ok : soci::i_null;
    soci::indicator obj_ind = e.object_id ? soci::i_ok : soci::i_null;
    db.sql()
        << "INSERT INTO audit_event (library_id, account_id, actor, at, "
           "action, "
           "object_kind, object_id, details_json, remote_addr) VALUES (:lib, "
           ":acc, "
           ":actor, :at, :action, :kind, :obj, :details, :addr) RETURNING id",
        soci::use(e.library_id, lib_ind), soci::use(e.account_id, acc_ind),
        soci::use(e.actor), soci::use(e.at), soci::use(e.action),
        soci::use(e.object_kind), soci::use(e.object_id, obj_ind),
        soci::use(e.details_json), soci::use(e.remote_addr), soci::into(e.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
  return Status::Ok();
}

Result<std::vector<AuditEvent>> ListAudit(Database& db, long long library_id,
                                          int limit) {
  AuditFilter filter;
  filter.limit = limit;
  return ListAudit(db, library_id, filter);
}

Result<std::vector<AuditEvent>> ListAudit(Database& db, long long library_id,
                                          const AuditFilter& filter) {
  try {
    // Bound values live here until the statement has run.
    std::string action = filter.action;
    std::string family = filter.action + ".";
    int family_length = static_cast<int>(family.size());
    std::string actor = filter.actor;
    std::string kind = filter.object_kind;
    long long from = filter.from, until = filter.until;
    int limit = filter.limit, offset = filter.offset;

    std::string sql =
        "SELECT id, COALESCE(library_id, 0), COALESCE(account_id, 0), actor, "
        "at, action, object_kind, COALESCE(object_id, 0), details_json, "
        "remote_addr FROM audit_event WHERE ";
    sql +=
        library_id ? "library_id = :lib" : "(library_id IS NULL AND :lib = 0)";
    // A family by its prefix with substr, not LIKE: '_' in "upload_right"
    // would be a wildcard there.
    if (!action.empty()) {
      sql += " AND (action = :action OR substr(action, 1, :n) = :family)";
    }
    if (!actor.empty()) sql += " AND actor = :actor";
    if (!kind.empty()) sql += " AND object_kind = :kind";
    if (from) sql += " AND at >= :from";
    if (until) sql += " AND at < :until";
    sql += " ORDER BY id DESC LIMIT :limit OFFSET :offset";

    std::vector<AuditEvent> out;
    AuditEvent e;
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::into(e.id));
    st.exchange(soci::into(e.library_id));
    st.exchange(soci::into(e.account_id));
    st.exchange(soci::into(e.actor));
    st.exchange(soci::into(e.at));
    st.exchange(soci::into(e.action));
    st.exchange(soci::into(e.object_kind));
    st.exchange(soci::into(e.object_id));
    st.exchange(soci::into(e.details_json));
    st.exchange(soci::into(e.remote_addr));
    st.exchange(soci::use(library_id));
    if (!action.empty()) {
      st.exchange(soci::use(action));
      st.exchange(soci::use(family_length));
      st.exchange(soci::use(family));
    }
    if (!actor.empty()) st.exchange(soci::use(actor));
    if (!kind.empty()) st.exchange(soci::use(kind));
    if (from) st.exchange(soci::use(from));
    if (until) st.exchange(soci::use(until));
    st.exchange(soci::use(limit));
    st.exchange(soci::use(offset));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(e);
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

}  // namespace schoolbieb::store
