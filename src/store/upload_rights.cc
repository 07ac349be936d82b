#include "store/upload_rights.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "core/names.h"
#include "store/audit_log.h"
#include "store/library_store.h"

namespace schoolbieb::store {
namespace {

const Message kRightWhat{"Het uploadrecht", "The upload right"};

Result<nlohmann::json> LibrarySettings(Database& db, long long library_id) {
  std::string text;
  db.sql() << "SELECT settings_json FROM library WHERE id = :id",
      soci::into(text), soci::use(library_id);
  if (!db.sql().got_data()) {
    return Status::NotFound(
        fmt::format("Bibliotheek {} bestaat niet.", library_id),
        fmt::format("Library {} does not exist.", library_id));
  }
  nlohmann::json settings = nlohmann::json::parse(text, nullptr, false);
  if (!settings.is_object()) settings = nlohmann::json::object();
  return settings;
}

Status Audit(Database& db, long long library_id, std::string_view actor,
             std::string action, long long object_id,
             const nlohmann::json& details) {
  AuditEvent event;
  event.library_id = library_id;
  event.actor = std::string(actor);
  event.action = std::move(action);
  event.object_kind = "customer";
  event.object_id = object_id;
  event.details_json = details.dump();
  return RecordAudit(db, event);
}

}  // namespace

Result<std::vector<UploadGrant>> GrantUploadRights(Database& db,
                                                   long long library_id,
                                                   bool dry_run,
                                                   std::string_view actor) {
  try {
    // A dry run opens no transaction, so it can never doom an enclosing one.
    std::optional<Transaction> tx;
    if (!dry_run) tx.emplace(db);
    auto branches = ListBranches(db, library_id);
    if (!branches.ok()) return branches.status();
    auto teachers = ListCustomers(db, library_id, "teacher");
    if (!teachers.ok()) return teachers.status();
    std::vector<UploadGrant> grants;
    nlohmann::json ids = nlohmann::json::array();
    for (const Customer& teacher : *teachers) {
      if (teacher.school_branch_id == 0 ||
          teacher.upload_branch_id == teacher.school_branch_id) {
        continue;
      }
      const Branch* school = nullptr;
      for (const Branch& branch : *branches) {
        if (branch.id == teacher.school_branch_id &&
            branch.kind == BranchKind::kSchool) {
          school = &branch;
        }
      }
      if (!school) continue;
      grants.push_back({teacher.id,
                        DisplayName(teacher.call_name, teacher.initials,
                                    teacher.name_prefix, teacher.last_name),
                        teacher.card_number, school->id, school->code});
      ids.push_back(teacher.id);
      if (!dry_run) {
        SB_RETURN_IF_ERROR(SetUploadBranch(db, teacher.id, school->id));
      }
    }
    if (!dry_run && !grants.empty()) {
      SB_RETURN_IF_ERROR(Audit(db, library_id, actor, "upload_right.grant", 0,
                               {{"count", grants.size()}, {"customers", ids}}));
    }
    if (tx) tx->Commit();
    return grants;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
}

Status RevokeUploadRight(Database& db, long long library_id,
                         std::string_view card_number, std::string_view actor) {
  try {
    long long id = 0;
    std::string card(card_number);
    db.sql() << "SELECT id FROM customer WHERE library_id = :lib AND "
                "card_number = :card",
        soci::into(id), soci::use(library_id), soci::use(card);
    if (!db.sql().got_data()) {
      return Status::NotFound(
          fmt::format("Er is geen klant met pasnummer {}.", card_number),
          fmt::format("There is no customer with card number {}.",
                      card_number));
    }
    return RevokeUploadRightOf(db, library_id, id, actor);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
}

Status RevokeUploadRightOf(Database& db, long long library_id,
                           long long customer_id, std::string_view actor) {
  try {
    Transaction tx(db);
    long long branch_id = 0;
    soci::indicator branch_ind = soci::i_ok;
    db.sql() << "SELECT upload_branch_id FROM customer WHERE id = :id AND "
                "library_id = :lib",
        soci::into(branch_id, branch_ind), soci::use(customer_id),
        soci::use(library_id);
    if (!db.sql().got_data()) {
      return Status::NotFound(
          fmt::format("Er is geen klant {}.", customer_id),
          fmt::format("There is no customer {}.", customer_id));
    }
    if (branch_ind == soci::i_null) branch_id = 0;
    SB_RETURN_IF_ERROR(SetUploadBranch(db, customer_id, 0));
    SB_RETURN_IF_ERROR(Audit(db, library_id, actor, "upload_right.revoke",
                             customer_id, {{"branch_id", branch_id}}));
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
  return Status::Ok();
}

Result<std::vector<UploadGrant>> ListUploadRights(Database& db,
                                                  long long library_id) {
  try {
    std::vector<UploadGrant> out;
    UploadGrant grant;
    std::string call_name, initials, prefix, last_name;
    soci::statement st =
        (db.sql().prepare
             << "SELECT c.id, c.call_name, c.initials, c.name_prefix, "
                "c.last_name, COALESCE(c.card_number, ''), b.id, b.code "
                "FROM customer c JOIN branch b ON b.id = c.upload_branch_id "
                "WHERE c.library_id = :lib ORDER BY b.name, b.id, "
                "c.last_name, c.id",
         soci::into(grant.customer_id), soci::into(call_name),
         soci::into(initials), soci::into(prefix), soci::into(last_name),
         soci::into(grant.card_number), soci::into(grant.branch_id),
         soci::into(grant.branch_code), soci::use(library_id));
    st.execute(false);
    while (st.fetch()) {
      grant.name = DisplayName(call_name, initials, prefix, last_name);
      out.push_back(grant);
    }
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
}

Result<bool> TeacherUploadRule(Database& db, long long library_id) {
  try {
    auto settings = LibrarySettings(db, library_id);
    if (!settings.ok()) return settings.status();
    return settings->value("teacher_upload_rule", false);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
}

Status SetTeacherUploadRule(Database& db, long long library_id, bool on,
                            std::string_view actor) {
  try {
    Transaction tx(db);
    auto settings = LibrarySettings(db, library_id);
    if (!settings.ok()) return settings.status();
    (*settings)["teacher_upload_rule"] = on;
    std::string text = settings->dump();
    db.sql() << "UPDATE library SET settings_json = :s WHERE id = :id",
        soci::use(text), soci::use(library_id);
    SB_RETURN_IF_ERROR(
        Audit(db, library_id, actor,
              on ? "upload_right.rule_on" : "upload_right.rule_off", 0, {}));
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kRightWhat);
  }
  return Status::Ok();
}

Result<bool> MayUploadFor(Database& db, const Customer& customer,
                          long long branch_id) {
  if (branch_id == 0) return false;
  if (customer.upload_branch_id == branch_id) return true;
  if (customer.kind != "teacher" || customer.school_branch_id != branch_id) {
    return false;
  }
  return TeacherUploadRule(db, customer.library_id);
}

Result<std::vector<long long>> UploadBranches(Database& db,
                                              const Customer& customer) {
  std::vector<long long> branches;
  if (customer.upload_branch_id) branches.push_back(customer.upload_branch_id);
  if (customer.kind == "teacher" && customer.school_branch_id &&
      customer.school_branch_id != customer.upload_branch_id) {
    auto rule = TeacherUploadRule(db, customer.library_id);
    if (!rule.ok()) return rule.status();
    if (*rule) branches.push_back(customer.school_branch_id);
  }
  return branches;
}

}  // namespace schoolbieb::store
