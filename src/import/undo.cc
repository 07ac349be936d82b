// Undoing an applied import: the change rows it wrote (import_change,
// see apply.cc) replayed backwards, field by field.
//
// Undo must never lose work done after the import. So it first plans: for
// every change it checks that what the run wrote is still there — a field
// of a customer still holds the value the run gave it, a membership the run
// opened is still open, one it ended is still ended the same way and no
// newer one took its place, a customer it created was changed by no one
// since. A field the run never wrote is never touched, so a staff edit of
// another field stays. Anything else blocks the undo of that student, and
// one blocked student refuses the whole undo: staff see who and why.

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/names.h"
#include "import/engine.h"
#include "store/audit_log.h"
#include "store/customer_store.h"
#include "store/import_runs.h"

namespace schoolbieb::import {
namespace {

using store::Customer;
using store::Database;
using store::ImportChange;

const Message kFieldsChanged{
    "na de import opnieuw gewijzigd (door een medewerker of een andere "
    "import): ",
    "changed again after the import (by staff or another import): "};

struct UndoStep {
  const ImportChange* change;
  Customer restored;  // customer_update: what to write back
};

// Plans and, with `steps`, lists the writes in the order to do them.
class UndoPlanner {
 public:
  UndoPlanner(Database& db, long long run_id) : db_(db), run_id_(run_id) {}

  Status Plan(const std::vector<ImportChange>& changes, UndoPlan* plan,
              std::vector<UndoStep>* steps) {
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
      SB_RETURN_IF_ERROR(Step(*it, plan, steps));
    }
    return Status::Ok();
  }

 private:
  Status Step(const ImportChange& change, UndoPlan* plan,
              std::vector<UndoStep>* steps) {
    if (change.customer_id == 0) return Status::Ok();
    auto found = Current(change.customer_id);
    if (!found.ok()) return found.status();
    Customer* current = *found;
    if (change.kind == "membership_new") {
      return UndoNewMembership(change, *current, plan, steps);
    }
    if (change.kind == "membership_end") {
      return UndoEndedMembership(change, *current, plan, steps);
    }
    if (change.kind == "customer_update") {
      std::vector<std::string> moved;
      auto restored = store::RevertCustomerChanges(*current, change.before_json,
                                                   change.after_json, &moved);
      if (!restored.ok()) return restored.status();
      if (!moved.empty()) {
        std::string fields = fmt::format("{}", fmt::join(moved, ", "));
        Block(*current,
              {kFieldsChanged.nl + fields, kFieldsChanged.en + fields}, plan);
        return Status::Ok();
      }
      *current = *restored;
      steps->push_back({&change, *restored});
      ++plan->counts.customers_restored;
      return Status::Ok();
    }
    if (change.kind == "customer_new") {
      return UndoNewCustomer(change, *current, plan, steps);
    }
    return Status::Ok();
  }

  Status UndoNewMembership(const ImportChange& change, const Customer& current,
                           UndoPlan* plan, std::vector<UndoStep>* steps) {
    long long id = nlohmann::json::parse(change.after_json).value("id", 0LL);
    const store::Membership* m = Membership(current.id, id);
    if (!m || !m->ended_on.empty()) {
      Block(current,
            {"het lidmaatschap dat de import gaf is daarna beëindigd (door "
             "een andere import of een medewerker)",
             "the membership the import gave was ended afterwards (by "
             "another import or staff)"},
            plan);
      return Status::Ok();
    }
    steps->push_back({&change, {}});
    ++plan->counts.memberships_removed;
    return Status::Ok();
  }

  Status UndoEndedMembership(const ImportChange& change,
                             const Customer& current, UndoPlan* plan,
                             std::vector<UndoStep>* steps) {
    nlohmann::json after = nlohmann::json::parse(change.after_json);
    long long id = after.value("id", 0LL);
    const store::Membership* m = Membership(current.id, id);
    bool still = m && m->ended_on == after.value("ended_on", std::string()) &&
                 m->end_reason == after.value("end_reason", std::string());
    // A membership of the same kind opened since, by anyone but this run,
    // took its place: reopening would give the pupil two schools.
    bool replaced = false;
    for (const store::Membership& other : memberships_[current.id]) {
      if (m && other.id != m->id && other.scope == m->scope &&
          other.ended_on.empty() && other.import_run_id != run_id_) {
        replaced = true;
      }
    }
    if (!still || replaced) {
      Block(current,
            {"het lidmaatschap dat de import beëindigde is daarna veranderd "
             "of vervangen (door een andere import of een medewerker)",
             "the membership the import ended was changed or replaced "
             "afterwards (by another import or staff)"},
            plan);
      return Status::Ok();
    }
    steps->push_back({&change, {}});
    ++plan->counts.memberships_restored;
    return Status::Ok();
  }

  Status UndoNewCustomer(const ImportChange& change, const Customer& current,
                         UndoPlan* plan, std::vector<UndoStep>* steps) {
    auto created = store::CustomerFromJson(change.after_json);
    if (!created.ok()) return created.status();
    Customer now = current;
    now.updated_at = created->updated_at;
    bool unchanged = store::CustomerJson(now) == store::CustomerJson(*created);
    auto later = store::ChangedByLaterRun(db_, current.id, run_id_);
    if (!later.ok()) return later.status();
    if (!unchanged || *later) {
      Block(current,
            {"deze nieuwe leerling is na de import gewijzigd (door een "
             "medewerker of een andere import)",
             "this new student was changed after the import (by staff or "
             "another import)"},
            plan);
      return Status::Ok();
    }
    steps->push_back({&change, {}});
    ++plan->counts.customers_removed;
    return Status::Ok();
  }

  Result<Customer*> Current(long long id) {
    auto found = customers_.find(id);
    if (found != customers_.end()) return &found->second;
    auto customer = store::GetCustomer(db_, id);
    if (!customer.ok()) return customer.status();
    auto memberships = store::ListMemberships(db_, id);
    if (!memberships.ok()) return memberships.status();
    memberships_[id] = std::move(*memberships);
    return &customers_.emplace(id, std::move(*customer)).first->second;
  }

  // The customer's membership `id` as it is now; nullptr when gone.
  const store::Membership* Membership(long long customer_id, long long id) {
    for (const store::Membership& m : memberships_[customer_id]) {
      if (m.id == id) return &m;
    }
    return nullptr;
  }

  void Block(const Customer& c, Message why, UndoPlan* plan) {
    for (UndoPlan::Blocked& blocked : plan->blocked) {
      if (blocked.customer_id == c.id) return;  // one reason is enough
    }
    plan->blocked.push_back(
        {c.id, DisplayName(c.call_name, c.initials, c.name_prefix, c.last_name),
         std::move(why)});
  }

  Database& db_;
  long long run_id_;
  std::map<long long, Customer> customers_;
  std::map<long long, std::vector<store::Membership>> memberships_;
};

Status RunRefusal(const store::ImportRunState& run) {
  if (run.status != "applied") {
    return Status::FailedPrecondition(
        fmt::format("Import {} is niet uitgevoerd (status: {}); er is niets "
                    "ongedaan te maken.",
                    run.id, run.status),
        fmt::format("Import {} was not applied (status: {}); there is "
                    "nothing to undo.",
                    run.id, run.status));
  }
  if (run.later_applied > 0) {
    return Status::FailedPrecondition(
        fmt::format("Na import {} is voor deze school import {} uitgevoerd. "
                    "Maak eerst die ongedaan.",
                    run.id, run.later_applied),
        fmt::format("Import {} was applied for this school after import "
                    "{}. Undo that one first.",
                    run.later_applied, run.id));
  }
  if (run.anonymised > 0) {
    return Status::FailedPrecondition(
        fmt::format("Import {} kan niet meer ongedaan worden gemaakt: de "
                    "gegevens van {} vertrokken leerling(en) zijn na de "
                    "bewaartermijn verwijderd.",
                    run.id, run.anonymised),
        fmt::format("Import {} can no longer be undone: the data of {} "
                    "student(s) who left was removed after the retention "
                    "period.",
                    run.id, run.anonymised));
  }
  return Status::Ok();
}

Status Blocked(long long run_id, const UndoPlan& plan) {
  constexpr size_t kNamed = 5;
  std::vector<std::string> nl, en;
  for (size_t idx = 0; idx < plan.blocked.size() && idx < kNamed; ++idx) {
    const UndoPlan::Blocked& b = plan.blocked[idx];
    nl.push_back(fmt::format("{}: {}", b.name, b.why.nl));
    en.push_back(fmt::format("{}: {}", b.name, b.why.en));
  }
  size_t more = plan.blocked.size() - nl.size();
  return Status::FailedPrecondition(
      fmt::format("Import {} kan niet ongedaan worden gemaakt zonder later "
                  "werk te verliezen. Bij {} leerling(en) is na deze import "
                  "iets veranderd: {}{}. Er is niets teruggezet; pas deze "
                  "leerlingen zo nodig met de hand aan.",
                  run_id, plan.blocked.size(), fmt::join(nl, "; "),
                  more ? fmt::format(" (en nog {})", more) : ""),
      fmt::format("Import {} cannot be undone without losing later work. For "
                  "{} student(s) something changed after this import: {}{}. "
                  "Nothing was restored; adjust these students by hand if "
                  "needed.",
                  run_id, plan.blocked.size(), fmt::join(en, "; "),
                  more ? fmt::format(" (and {} more)", more) : ""));
}

// PlanUndo's work, with the writes listed in `steps`.
Result<UndoPlan> PlanSteps(Database& db, const store::ImportRunState& run,
                           const std::vector<ImportChange>& changes,
                           std::vector<UndoStep>* steps) {
  SB_RETURN_IF_ERROR(RunRefusal(run));
  UndoPlan plan;
  plan.counts.import_id = run.id;
  UndoPlanner planner(db, run.id);
  SB_RETURN_IF_ERROR(planner.Plan(changes, &plan, steps));
  return plan;
}

Status Write(Database& db, const std::vector<UndoStep>& steps) {
  store::CustomerWriter customers(db);
  for (const UndoStep& step : steps) {
    const ImportChange& change = *step.change;
    if (change.kind == "membership_new") {
      SB_RETURN_IF_ERROR(store::DeleteMembership(
          db, nlohmann::json::parse(change.after_json).value("id", 0LL)));
    } else if (change.kind == "membership_end") {
      SB_RETURN_IF_ERROR(store::ReopenMembership(
          db, nlohmann::json::parse(change.before_json).value("id", 0LL)));
    } else if (change.kind == "customer_update") {
      Customer restored = step.restored;
      customers.Update(restored);
    } else if (change.kind == "customer_new") {
      SB_RETURN_IF_ERROR(store::DeleteImportedCustomer(db, change.customer_id));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<UndoPlan> PlanUndo(Database& db, long long import_id) {
  auto run = store::GetImportRunState(db, import_id);
  if (!run.ok()) return run.status();
  auto changes = store::ListImportChanges(db, import_id);
  if (!changes.ok()) return changes.status();
  std::vector<UndoStep> steps;
  return PlanSteps(db, *run, *changes, &steps);
}

Result<UndoOutcome> UndoImport(Database& db, long long import_id,
                               long long account_id, std::string_view actor) {
  try {
    store::Transaction tx(db);
    auto run = store::GetImportRunState(db, import_id);
    if (!run.ok()) return run.status();
    SB_RETURN_IF_ERROR(store::LockSchoolImports(db, run->branch_id));
    auto changes = store::ListImportChanges(db, import_id);
    if (!changes.ok()) return changes.status();
    std::vector<UndoStep> steps;
    auto plan = PlanSteps(db, *run, *changes, &steps);
    if (!plan.ok()) return plan.status();
    if (!plan->blocked.empty()) return Blocked(import_id, *plan);
    SB_RETURN_IF_ERROR(Write(db, steps));
    SB_RETURN_IF_ERROR(
        store::MarkRunUndone(db, import_id, SystemClock::Get().Now()));
    const UndoOutcome& counts = plan->counts;
    store::AuditEvent event;
    event.library_id = run->library_id;
    event.account_id = account_id;
    event.actor = std::string(actor);
    event.action = "import.undo";
    event.object_kind = "import_run";
    event.object_id = import_id;
    event.details_json =
        nlohmann::json{{"customers_restored", counts.customers_restored},
                       {"customers_removed", counts.customers_removed},
                       {"memberships_removed", counts.memberships_removed},
                       {"memberships_restored", counts.memberships_restored}}
            .dump();
    SB_RETURN_IF_ERROR(store::RecordAudit(db, event));
    tx.Commit();
    return counts;
  } catch (const std::exception& error) {
    return store::FromDatabaseError(
        error, {"Een klant van deze import", "A customer of this import"});
  }
}

}  // namespace schoolbieb::import
