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
  try {
    std::vector<AuditEvent> out;
    AuditEvent e;
    std::string where =
        library_id ? "library_id = :lib" : "(library_id IS NULL AND :lib = 0)";
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, COALESCE(library_id, 0), COALESCE(account_id, 0), "
                "actor, at, action, object_kind, COALESCE(object_id, 0), "
                "details_json, remote_addr FROM audit_event WHERE " +
                    where + " ORDER BY id DESC LIMIT :limit",
         soci::into(e.id), soci::into(e.library_id), soci::into(e.account_id),
         soci::into(e.actor), soci::into(e.at), soci::into(e.action),
         soci::into(e.object_kind), soci::into(e.object_id),
         soci::into(e.details_json), soci::into(e.remote_addr),
         soci::use(library_id), soci::use(limit));
    st.execute(false);
    while (st.fetch()) out.push_back(e);
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kWhat);
  }
}

}  // namespace schoolbieb::store
