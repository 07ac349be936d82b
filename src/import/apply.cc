// Applying an import plan: the writing half of engine.h (undo.cc replays
// what it wrote backwards).
//
// Every write of a run is recorded in import_change as it happens, in the
// same transaction: "customer_new" (after-image), "customer_update" (before-
// image, and as after-image the columns that changed), "membership_new" and
// "membership_end" (the membership id and its end before). Images are
// store::CustomerJson: only what differs from a default customer.

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.h"
#include "import/engine.h"
#include "import/library_state.h"
#include "import/report.h"
#include "store/audit_log.h"
#include "store/customer_store.h"
#include "store/import_runs.h"
#include "store/library_store.h"

namespace schoolbieb::import {
namespace {

using roster::StudentRecord;
using store::Customer;
using store::Database;

constexpr std::string_view kBlockReason = "Schoolabonnement beëindigd";
// The end reason of a pupil the school's file says has left.
constexpr std::string_view kLeftReason = "Uitgeschreven volgens de school";

const Message kRunWhat{"Deze import", "This import"};

long long InsertRun(Database& db, const ImportRequest& request,
                    const ImportPlan& plan, std::string_view status) {
  long long id = 0;
  long long now = SystemClock::Get().Now();
  std::string status_text(status);
  soci::indicator upload_ind = request.upload_id ? soci::i_ok : soci::i_null;
  soci::indicator account_ind = request.account_id ? soci::i_ok : soci::i_null;
  soci::indicator applied_ind = status == "applied" ? soci::i_ok : soci::i_null;
  nlohmann::json options = {{"public_membership", plan.public_membership},
                            {"allow_mass_leave", request.allow_mass_leave},
                            {"confirm_proposals", request.confirm_proposals},
                            {"subscription_type", request.subscription_type},
                            {"file_name", request.file_name},
                            {"today", request.today}};
  std::string options_json = options.dump();
  std::string counts_json = CountsJson(plan.counts).dump();
  std::string report_json =
      ReportJson(plan, 0, status, Language::kDutch, false).dump();
  db.sql() << "INSERT INTO import_run (library_id, branch_id, upload_id, "
              "account_id, actor, file_sha256, profile, options_json, "
              "counts_json, report_json, status, created_at, applied_at) "
              "VALUES (:lib, :branch, :upload, :account, :actor, :sha, "
              ":profile, :options, :counts, :report, :status, :at, :applied) "
              "RETURNING id",
      soci::use(request.library_id), soci::use(plan.branch_id),
      soci::use(request.upload_id, upload_ind),
      soci::use(request.account_id, account_ind), soci::use(request.actor),
      soci::use(request.file_sha256), soci::use(plan.profile),
      soci::use(options_json), soci::use(counts_json), soci::use(report_json),
      soci::use(status_text), soci::use(now), soci::use(now, applied_ind),
      soci::into(id);
  return id;
}

// An upload follows its imports: in progress once previewed or held,
// imported once applied (an upload already imported stays so when it is
// previewed again). Rejected and purged uploads keep their status.
void MarkUpload(Database& db, long long upload_id, std::string_view status) {
  if (upload_id == 0) return;
  std::string text(status);
  long long now = SystemClock::Get().Now();
  if (status == "imported") {
    db.sql() << "UPDATE upload SET status = 'imported', decided_at = :at "
                "WHERE id = :id AND status IN ('received', 'in_progress', "
                "'imported')",
        soci::use(now), soci::use(upload_id);
  } else {
    db.sql() << "UPDATE upload SET status = :status WHERE id = :id AND "
                "status = 'received'",
        soci::use(text), soci::use(upload_id);
  }
}

void Audit(Database& db, const ImportRequest& request, std::string action,
           long long run_id, const nlohmann::json& details) {
  store::AuditEvent event;
  event.library_id = request.library_id;
  event.account_id = request.account_id;
  event.actor = request.actor;
  event.action = std::move(action);
  event.object_kind = "import_run";
  event.object_id = run_id;
  event.details_json = details.dump();
  Status status = store::RecordAudit(db, event);
  if (!status.ok()) throw std::runtime_error(status.ToString());
}

// Writes one run's rows through bulk writers (store::BulkInsert,
// BulkUpdate): rows gather and go out a few megabytes at a time, as COPY and
// multi-row statements, instead of some 400,000 single-row statements for a
// 100,000-student school. The change rows keep the order of the writes,
// which undo replays backwards.
class RunWriter {
 public:
  RunWriter(Database& db, long long run_id, std::string today)
      : customers_(db),
        customer_ids_(db, "customer"),
        membership_ids_(db, "membership"),
        add_membership_(db, "membership",
                        {"customer_id", "scope", "branch_id", "started_on",
                         "consent_based", "import_run_id", "created_at", "id"}),
        end_membership_(db, "membership", {{"ended_on"}, {"end_reason"}}),
        add_change_(db, "import_change",
                    {"import_run_id", "customer_id", "kind", "before_json",
                     "after_json"}),
        run_id_(run_id),
        today_(std::move(today)) {}

  void NewCustomer(Customer& customer) {
    customer.id = customer_ids_.Next();
    customers_.Insert(customer);
    Change(customer.id, "customer_new", "", store::CustomerJson(customer));
  }

  void UpdateCustomer(const Customer& before, Customer& after) {
    customers_.Update(before, after);
    Change(after.id, "customer_update", store::CustomerJson(before),
           store::CustomerChangesJson(before, after));
  }

  void AddMembership(long long customer_id, std::string_view scope,
                     long long branch_id, bool consent_based) {
    long long id = membership_ids_.Next();
    add_membership_.Int(customer_id);
    add_membership_.Text(scope);
    add_membership_.Int(branch_id);
    add_membership_.Text(today_);
    add_membership_.Int(consent_based ? 1 : 0);
    add_membership_.Int(run_id_);
    add_membership_.Int(SystemClock::Get().Now());
    add_membership_.Int(id);
    add_membership_.EndRow();
    Change(customer_id, "membership_new", "", fmt::format("{{\"id\":{}}}", id));
  }

  // Ends a membership on `ended_on` (empty: the import's date).
  void EndMembership(long long customer_id, long long membership_id,
                     std::string_view reason, std::string_view ended_on = "") {
    std::string date(ended_on.empty() ? std::string_view(today_) : ended_on);
    end_membership_.Id(membership_id);
    end_membership_.Text(date);
    end_membership_.Text(reason);
    end_membership_.EndRow();
    Change(customer_id, "membership_end",
           nlohmann::json{{"id", membership_id}}.dump(),
           nlohmann::json{{"id", membership_id},
                          {"ended_on", date},
                          {"end_reason", std::string(reason)}}
               .dump());
  }

  // Writes what is held back once it passes a few megabytes, which bounds
  // the memory of a large run.
  void FlushIfFull() {
    constexpr size_t kFlushBytes = size_t{8} << 20;
    size_t held = customers_.pending_bytes() + add_membership_.pending_bytes() +
                  end_membership_.pending_bytes() + add_change_.pending_bytes();
    if (held >= kFlushBytes) Flush();
  }

  // Writes everything held back; the customers first, which the
  // memberships and change rows refer to.
  void Flush() {
    customers_.Flush();
    end_membership_.Flush();
    add_membership_.Flush();
    add_change_.Flush();
  }

 private:
  void Change(long long customer_id, std::string_view kind,
              std::string_view before, std::string_view after) {
    add_change_.Int(run_id_);
    add_change_.Int(customer_id);
    add_change_.Text(kind);
    add_change_.TextOrNull(before, before.empty());
    add_change_.TextOrNull(after, after.empty());
    add_change_.EndRow();
  }

  store::CustomerWriter customers_;
  store::IdSource customer_ids_;
  store::IdSource membership_ids_;
  store::BulkInsert add_membership_;
  store::BulkUpdate end_membership_;
  store::BulkInsert add_change_;
  long long run_id_;
  std::string today_;
};

// Chooses new card numbers: numbers of the library's range reserved for
// this import (store::ReserveCardNumbers, so concurrent imports never take
// the same one), skipping any that a customer already carries — a card from
// a school's file may lie in the range.
class CardNumbers {
 public:
  CardNumbers(Database& db, store::Library library,
              const roster::Roster& roster)
      : db_(db), library_(std::move(library)) {
    for (const StudentRecord& r : roster.students) {
      if (!r.card_number.empty()) in_file_.insert(r.card_number);
    }
  }

  // Reserves `count` at once (one round trip instead of one per card).
  Status Reserve(size_t count) {
    while (free_.size() < count) {
      size_t asked = count - free_.size();
      auto numbers = store::ReserveCardNumbers(db_, library_, asked);
      if (!numbers.ok()) return numbers.status();
      std::vector<std::string> cards;
      for (long long number : *numbers) {
        if (number > library_.card_range_end) {
          return Status::ResourceExhausted(
              "De reeks pasnummers van de bibliotheek is op. Stel een nieuwe "
              "reeks in.",
              "The library's range of card numbers is used up. Set a new "
              "range.");
        }
        cards.push_back(
            CardNumber(library_.card_prefix, number, library_.card_range_end));
      }
      auto taken = store::FindCustomersByCard(db_, library_.id, cards);
      if (!taken.ok()) return taken.status();
      std::set<std::string> used(in_file_.begin(), in_file_.end());
      for (const Customer& c : *taken) used.insert(c.card_number);
      for (std::string& card : cards) {
        if (!used.count(card)) free_.push_back(std::move(card));
      }
    }
    return Status::Ok();
  }

  Result<std::string> Next() {
    SB_RETURN_IF_ERROR(Reserve(1));
    std::string card = std::move(free_.front());
    free_.pop_front();
    return card;
  }

 private:
  Database& db_;
  store::Library library_;
  std::set<std::string> in_file_;
  std::deque<std::string> free_;
};

// How many new customers the plan makes without a card from the file.
size_t CardsNeeded(const ImportPlan& plan, const roster::Roster& roster) {
  size_t count = 0;
  for (const PlannedStudent& s : plan.students) {
    if (s.kind == ChangeKind::kNew && s.customer_id == 0 &&
        roster.students[s.record].card_number.empty()) {
      ++count;
    }
  }
  for (const PlannedTeacher& t : plan.teachers) {
    if (t.customer_id == 0 && !t.conflict) ++count;
  }
  return count;
}

void FillFromRecord(const StudentRecord& record, Customer* customer) {
  customer->call_name = record.call_name;
  customer->first_names = record.first_names;
  customer->initials = record.initials;
  customer->name_prefix = record.name_prefix;
  customer->last_name = record.last_name;
  customer->birth_date = record.birth_date;
  customer->sex = record.sex;
  customer->street = record.street;
  customer->house_number = record.house_number;
  customer->house_number_suffix = record.house_number_suffix;
  customer->postcode = record.postcode;
  customer->city = record.city;
  customer->phone = record.phone;
  customer->mobile = record.mobile;
  customer->email = record.email;
  customer->external_number_2 = record.student_number;
  customer->year_group = record.year_group;
  customer->group_key = record.group_key;
  customer->group_name = record.group_name;
  customer->public_consent = record.public_consent;
}

// The public branch new public memberships belong to: the library's first
// public branch, or the school itself when the library has none.
Result<long long> PublicBranch(Database& db, const store::Branch& school) {
  auto branches = store::ListPublicBranches(db, school.library_id);
  if (!branches.ok()) return branches.status();
  return branches->empty() ? school.id : branches->front().id;
}

void WritePlan(Database& db, const LibraryState& state,
               const ImportRequest& request, const SchoolSettings& settings,
               const roster::Roster& roster, const ImportPlan& plan,
               long long run_id, CardNumbers& cards, long long public_branch) {
  RunWriter writer(db, run_id, request.today);
  const long long branch_id = settings.branch.id;
  const bool consent_column = roster.has_field(roster::Field::kPublicConsent);
  auto card = [&]() {
    auto next = cards.Next();
    if (!next.ok()) throw std::runtime_error(next.status().ToString());
    return *next;
  };
  auto add_public = [&](Customer& customer) {
    writer.AddMembership(customer.id, "public", public_branch, consent_column);
  };
  for (const PlannedStudent& planned : plan.students) {
    const StudentRecord* record =
        planned.record >= 0 ? &roster.students[planned.record] : nullptr;
    switch (planned.kind) {
      case ChangeKind::kNew:
      case ChangeKind::kMovedIn: {
        if (planned.customer_id == 0) {
          Customer customer;
          customer.library_id = request.library_id;
          customer.kind = "student";
          FillFromRecord(*record, &customer);
          customer.card_number =
              !record->card_number.empty() ? record->card_number : card();
          customer.home_branch_id = branch_id;
          customer.school_branch_id = branch_id;
          customer.subscription_type = request.subscription_type;
          customer.subscription_start = request.today;
          if (!record->public_consent.empty()) {
            customer.public_consent_at = SystemClock::Get().Now();
            customer.public_consent_source = fmt::format("import {}", run_id);
          }
          writer.NewCustomer(customer);
          writer.AddMembership(customer.id, "school", branch_id, false);
          if (planned.public_membership) add_public(customer);
          break;
        }
        const Customer before =
            state.students.Get(state.by_id.at(planned.customer_id));
        Customer after = before;
        ApplyFieldChanges(planned.changes, &after);
        after.external_number_2 = record->student_number;
        if (after.school_branch_id != branch_id) {
          after.school_branch_id = branch_id;
          after.home_branch_id = branch_id;
        }
        if (after.card_blocked && after.card_blocked_reason == kBlockReason) {
          after.card_blocked = false;
          after.card_blocked_reason.clear();
        }
        if (planned.kind == ChangeKind::kMovedIn) {
          auto from = state.school_of.find(planned.customer_id);
          if (from != state.school_of.end()) {
            writer.EndMembership(planned.customer_id, from->second.first,
                                 "Naar een andere school");
          }
        }
        writer.UpdateCustomer(before, after);
        writer.AddMembership(after.id, "school", branch_id, false);
        if (planned.public_membership) add_public(after);
        break;
      }
      case ChangeKind::kChanged: {
        const Customer before =
            state.students.Get(state.by_id.at(planned.customer_id));
        Customer after = before;
        ApplyFieldChanges(planned.changes, &after);
        if (!planned.changes.empty()) writer.UpdateCustomer(before, after);
        if (planned.public_membership) add_public(after);
        break;
      }
      case ChangeKind::kLeaving: {
        const Customer before =
            state.students.Get(state.by_id.at(planned.customer_id));
        // A pupil the file says left, on the date it gives; anyone else
        // on the import's date, for not being in the file.
        writer.EndMembership(
            before.id, state.school_of.at(before.id).first,
            planned.leave_date.empty() ? settings.leave_reason : kLeftReason,
            planned.leave_date);
        // The card stays usable while a public membership holds it.
        if (!state.public_of.count(before.id) && !before.card_blocked) {
          Customer after = before;
          after.card_blocked = true;
          after.card_blocked_reason = std::string(kBlockReason);
          writer.UpdateCustomer(before, after);
        }
        break;
      }
      case ChangeKind::kUnchanged:
      case ChangeKind::kConflict:
      case ChangeKind::kRejected:
      case ChangeKind::kFormer:
        break;
    }
    writer.FlushIfFull();
  }

  for (size_t index = 0; index < plan.teachers.size(); ++index) {
    const PlannedTeacher& planned = plan.teachers[index];
    const roster::TeacherRecord& teacher = roster.teachers[index];
    if (planned.conflict) continue;  // another school's: staff decide
    if (planned.customer_id == 0) {
      Customer customer;
      customer.library_id = request.library_id;
      customer.kind = "teacher";
      customer.call_name = teacher.call_name;
      customer.initials = teacher.initials;
      customer.name_prefix = teacher.name_prefix;
      customer.last_name = teacher.last_name;
      customer.email = teacher.email;
      customer.external_number_2 = teacher.key;
      customer.card_number = card();
      customer.home_branch_id = branch_id;
      customer.school_branch_id = branch_id;
      if (planned.grant_upload) customer.upload_branch_id = branch_id;
      writer.NewCustomer(customer);
      writer.AddMembership(customer.id, "school", branch_id, false);
      continue;
    }
    if (planned.changes.empty() && !planned.grant_upload) continue;
    const Customer* found = nullptr;
    for (const Customer& c : state.teachers) {
      if (c.id == planned.customer_id) found = &c;
    }
    if (!found) continue;
    Customer after = *found;
    ApplyFieldChanges(planned.changes, &after);
    if (planned.grant_upload) after.upload_branch_id = branch_id;
    writer.UpdateCustomer(*found, after);
  }
  writer.Flush();
}

}  // namespace

Result<ImportOutcome> RecordPreview(Database& db, const ImportRequest& request,
                                    const ImportPlan& plan) {
  ImportOutcome outcome;
  outcome.plan = plan;
  outcome.status = plan.held() ? "held" : "previewed";
  try {
    store::Transaction tx(db);
    outcome.import_id = InsertRun(db, request, plan, outcome.status);
    MarkUpload(db, request.upload_id, "in_progress");
    Audit(db, request, plan.held() ? "import.hold" : "import.preview",
          outcome.import_id,
          {{"file_sha256", request.file_sha256},
           {"counts", CountsJson(plan.counts)}});
    if (request.on_recorded) {
      SB_RETURN_IF_ERROR(request.on_recorded(db, outcome));
    }
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
  return outcome;
}

Result<ImportOutcome> ApplyImport(Database& db, const ImportRequest& request,
                                  const SchoolSettings& settings,
                                  const roster::Roster& roster,
                                  std::string_view expected_fingerprint) {
  ImportOutcome outcome;
  try {
    store::Transaction tx(db);
    SB_RETURN_IF_ERROR(store::LockSchoolImports(db, settings.branch.id));
    auto state = LoadState(db, request.library_id, settings, roster);
    if (!state.ok()) return state.status();
    auto plan = PlanWithState(db, *state, request, settings, roster);
    if (!plan.ok()) return plan.status();
    if (!expected_fingerprint.empty() &&
        plan->fingerprint != expected_fingerprint) {
      return Status::FailedPrecondition(
          "De gegevens zijn veranderd sinds het voorbeeld. Bekijk het "
          "voorbeeld opnieuw en importeer dan.",
          "The data changed since the preview. Look at the preview again, "
          "then import.");
    }
    if (!plan->released(request.allow_mass_leave)) {
      tx.Commit();  // nothing written yet but the lock's no-op
      return RecordPreview(db, request, *plan);
    }
    auto library = store::GetLibrary(db, request.library_id);
    if (!library.ok()) return library.status();
    CardNumbers cards(db, *library, roster);
    SB_RETURN_IF_ERROR(cards.Reserve(CardsNeeded(*plan, roster)));
    auto public_branch = PublicBranch(db, settings.branch);
    if (!public_branch.ok()) return public_branch.status();

    outcome.import_id = InsertRun(db, request, *plan, "applied");
    MarkUpload(db, request.upload_id, "imported");
    WritePlan(db, *state, request, settings, roster, *plan, outcome.import_id,
              cards, *public_branch);
    Audit(db, request, "import.apply", outcome.import_id,
          {{"file_sha256", request.file_sha256},
           {"file_name", request.file_name},
           {"counts", CountsJson(plan->counts)}});
    outcome.status = "applied";
    outcome.plan = std::move(*plan);
    if (request.on_recorded) {
      SB_RETURN_IF_ERROR(request.on_recorded(db, outcome));
    }
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
  return outcome;
}

Result<std::optional<PlanCounts>> AppliedCounts(Database& db,
                                                long long upload_id) {
  try {
    std::string counts_json;
    soci::indicator ind = soci::i_null;
    db.sql() << "SELECT counts_json FROM import_run WHERE upload_id = :u AND "
                "status = 'applied' ORDER BY id DESC LIMIT 1",
        soci::use(upload_id), soci::into(counts_json, ind);
    if (!db.sql().got_data() || ind != soci::i_ok) {
      return std::optional<PlanCounts>();
    }
    auto json = nlohmann::json::parse(counts_json, nullptr, false);
    if (!json.is_object()) return std::optional<PlanCounts>();
    PlanCounts counts;
    counts.new_students = json.value("new", 0);
    counts.changed = json.value("changed", 0);
    counts.unchanged = json.value("unchanged", 0);
    counts.leaving = json.value("leaving", 0);
    counts.moved_in = json.value("moved_in", 0);
    counts.conflicts = json.value("conflicts", 0);
    counts.rejected_rows = json.value("rejected_rows", 0);
    return std::optional<PlanCounts>(counts);
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
}

}  // namespace schoolbieb::import
