#include "import/intake.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <semaphore>
#include <set>
#include <thread>

#include "core/clock.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "import/report.h"
#include "import/stored_upload.h"
#include "mail/messages.h"
#include "roster/field.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/outbox.h"

namespace schoolbieb::import {
namespace {

// Enough for a teacher to see what to fix; the full list is the preview's.
constexpr size_t kReportProblems = 20;

QuickReport MakeReport(const roster::Roster& roster) {
  QuickReport report;
  report.students = static_cast<long long>(roster.students.size());
  std::set<std::string_view> groups;
  std::string_view previous;
  for (const auto& student : roster.students) {
    std::string_view key =
        student.group_key.empty() ? student.group_name : student.group_key;
    // Exports list a group's students together: one look-up per group.
    if (key.empty() || key == previous) continue;
    groups.insert(key);
    previous = key;
  }
  report.groups = static_cast<long long>(groups.size());
  report.profile = roster.profile;
  report.profile_label = roster.profile_label;
  report.confidence = roster.confidence;
  report.rejected_rows = roster.rejected_rows;
  report.left_rows = roster.left_rows;
  report.dropped_columns = roster.dropped_columns;
  report.columns = roster.column_uses;
  for (const roster::Question& question : roster.questions) {
    report.questions.push_back(question.text);
  }
  for (const Problem& problem : roster.problems) {
    if (report.problems.size() >= kReportProblems) break;
    report.problems.push_back(problem);
  }
  return report;
}

// The required columns a file lacks, but the group: a file without one
// (Wise's English template) is held for staff to confirm, not refused.
std::vector<roster::Field> MissingKeyColumns(const roster::Roster& roster) {
  std::vector<roster::Field> missing;
  for (roster::Field field : roster.missing_fields) {
    if (field != roster::Field::kGroupKey) missing.push_back(field);
  }
  return missing;
}

Status MissingColumns(const std::vector<roster::Field>& fields) {
  std::string nl, en;
  for (roster::Field field : fields) {
    Message label = roster::FieldLabel(field);
    nl += (nl.empty() ? "" : ", ") + label.nl;
    en += (en.empty() ? "" : ", ") + label.en;
  }
  return Status::InvalidArgument(
      fmt::format("In dit bestand ontbreken kolommen die nodig zijn: {}. "
                  "Maak de export opnieuw met deze kolommen erin (zie "
                  "Handleidingen) en upload het bestand nog eens.",
                  nl),
      fmt::format("This file lacks columns that are needed: {}. Make the "
                  "export again with these columns (see Manuals) and upload "
                  "the file again.",
                  en));
}

}  // namespace

Message QuickReport::Summary() const {
  Message m{fmt::format("{} {} in {} {}", students,
                        students == 1 ? "leerling" : "leerlingen", groups,
                        groups == 1 ? "groep" : "groepen"),
            fmt::format("{} {} in {} {}", students,
                        students == 1 ? "student" : "students", groups,
                        groups == 1 ? "group" : "groups")};
  if (!profile_label.empty()) {
    m.nl += ", herkend als " + profile_label.nl;
    m.en += ", recognised as " + profile_label.en;
  }
  return m;
}

nlohmann::json QuickReport::ToJson(Language language) const {
  nlohmann::json problems_json = nlohmann::json::array();
  for (const Problem& p : problems) {
    problems_json.push_back({{"kind", std::string(ProblemKindName(p.kind))},
                             {"sheet", p.sheet},
                             {"row", p.row},
                             {"column", p.column},
                             {"rejects_row", p.rejects_row},
                             {"count", p.count},
                             {"message", p.message.In(language)},
                             {"nl", p.message.nl},
                             {"en", p.message.en}});
  }
  nlohmann::json columns_json = nlohmann::json::array();
  for (const roster::ColumnUse& use : columns) {
    columns_json.push_back(
        {{"column", use.column},
         {"header", use.header},
         {"field",
          use.field ? nlohmann::json(std::string(roster::FieldName(*use.field)))
                    : nlohmann::json()},
         {"from_mapping", use.from_mapping},
         {"duplicate", use.duplicate},
         {"read", ColumnUseRead(use)},
         {"label", ColumnUseNote(use).In(language)}});
  }
  nlohmann::json questions_json = nlohmann::json::array();
  for (const Message& question : questions) {
    questions_json.push_back({{"message", question.In(language)},
                              {"nl", question.nl},
                              {"en", question.en}});
  }
  return {{"students", students},
          {"groups", groups},
          {"left_rows", left_rows},
          {"columns", columns_json},
          {"questions", questions_json},
          {"profile", profile},
          {"profile_label", profile_label.In(language)},
          {"profile_label_nl", profile_label.nl},
          {"profile_label_en", profile_label.en},
          {"confidence", confidence},
          {"rejected_rows", rejected_rows},
          {"dropped_columns", dropped_columns},
          {"summary", Summary().In(language)},
          {"problems", problems_json}};
}

QuickReport QuickReport::FromJson(std::string_view text) {
  QuickReport report;
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return report;
  report.students = json.value("students", 0LL);
  report.groups = json.value("groups", 0LL);
  report.profile = json.value("profile", "");
  report.profile_label = {json.value("profile_label_nl", ""),
                          json.value("profile_label_en", "")};
  report.confidence = json.value("confidence", 0);
  report.rejected_rows = json.value("rejected_rows", 0);
  report.left_rows = json.value("left_rows", 0);
  if (json.contains("columns") && json["columns"].is_array()) {
    for (const auto& c : json["columns"]) {
      if (!c.is_object()) continue;
      roster::ColumnUse use;
      use.column = c.value("column", 0);
      use.header = c.value("header", "");
      if (c.contains("field") && c["field"].is_string()) {
        use.field = roster::ParseFieldName(c["field"].get<std::string>());
      }
      use.from_mapping = c.value("from_mapping", false);
      use.duplicate = c.value("duplicate", false);
      report.columns.push_back(std::move(use));
    }
  }
  if (json.contains("questions") && json["questions"].is_array()) {
    for (const auto& q : json["questions"]) {
      if (q.is_object()) {
        report.questions.push_back({q.value("nl", ""), q.value("en", "")});
      }
    }
  }
  if (json.contains("dropped_columns") && json["dropped_columns"].is_array()) {
    for (const auto& column : json["dropped_columns"]) {
      if (column.is_string()) report.dropped_columns.push_back(column);
    }
  }
  if (json.contains("problems") && json["problems"].is_array()) {
    for (const auto& p : json["problems"]) {
      if (!p.is_object()) continue;
      Problem problem;
      problem.sheet = p.value("sheet", "");
      problem.row = p.value("row", 0);
      problem.column = p.value("column", 0);
      problem.rejects_row = p.value("rejects_row", false);
      problem.count = p.value("count", 1);
      problem.message = {p.value("nl", ""), p.value("en", "")};
      report.problems.push_back(std::move(problem));
    }
  }
  return report;
}

Result<IntakeOutcome> AcceptUpload(store::Database& db,
                                   const store::UploadKey& key,
                                   const IntakeRequest& request,
                                   std::string_view content) {
  std::string today = FormatIsoDate(SystemClock::Get().Now());
  auto settings = LoadSchoolSettings(db, request.branch_id, today);
  if (!settings.ok()) return settings.status();
  if (settings->branch.library_id != request.library_id) {
    return Status::PermissionDenied(
        "Deze school hoort niet bij uw bibliotheek.",
        "This school does not belong to your library.");
  }
  formats::ReadOptions read;
  read.file_name = request.file_name;
  if (content.size() > read.limits.max_file_bytes) {
    return Status::InvalidArgument(
        fmt::format("Het bestand is te groot (meer dan {} MB). Een "
                    "leerlingbestand is meestal veel kleiner: kies alleen de "
                    "leerlingen van deze school.",
                    read.limits.max_file_bytes / (1024 * 1024)),
        fmt::format("The file is too large (over {} MB). A student file is "
                    "usually much smaller: choose only this school's "
                    "students.",
                    read.limits.max_file_bytes / (1024 * 1024)));
  }
  IntakeOutcome outcome;
  store::SealedUpload sealed;
  std::optional<std::string> kept;  // what is stored instead of the file
  {
    // Reading and recognising a file takes several times its size in memory
    // (the table, the roster) and a core: as many at once as there are
    // cores, the others wait with their file safely spooled (50 teachers
    // sending at the same moment would otherwise hold it all at once).
    // Sealing the file takes a core too; the transaction that stores it
    // needs neither, so the slot is given back before it: a file waiting
    // for the database's writer does not keep another from being read.
    static std::counting_semaphore<256> slots(static_cast<ptrdiff_t>(
        std::clamp(std::thread::hardware_concurrency(), 2u, 256u)));
    slots.acquire();
    struct Slot {
      ~Slot() { slots.release(); }
    } slot;
    {
      // The table and roster live only for the report: for a big file
      // they and the sealed copy together would double the memory.
      auto table = formats::ReadTable(content, read);
      if (!table.ok()) return table.status();
      auto roster = Recognise(*table, *settings);
      if (!roster.ok()) return roster.status();
      if (auto missing = MissingKeyColumns(*roster); !missing.empty()) {
        return MissingColumns(missing);
      }
      if (roster->students.empty()) {
        return Status::InvalidArgument(
            "Er staan geen leerlingen in dit bestand. Controleer of u de "
            "goede export hebt gekozen en upload het bestand opnieuw.",
            "There are no students in this file. Check that you chose the "
            "right export and upload the file again.");
      }
      outcome.report = MakeReport(*roster);
      // The file itself is kept only when reading it left nothing out: a
      // BSN that the reader skipped must not wait in the stored original
      // for anyone who downloads it.
      auto normalised = NormalisedForm(*table, *roster, *settings);
      if (!normalised.ok()) return normalised.status();
      kept = std::move(*normalised);
    }
    sealed = kept ? store::SealUpload(key, *kept, kTableForm, content)
                  : store::SealUpload(key, content);
  }

  store::Upload& upload = outcome.upload;
  upload.library_id = request.library_id;
  upload.branch_id = request.branch_id;
  upload.account_id = request.account_id;
  upload.original_name = request.file_name;
  upload.report_json = outcome.report.ToJson(Language::kDutch).dump();

  auto library = store::GetLibrary(db, request.library_id);
  if (!library.ok()) return library.status();
  try {
    store::Transaction tx(db);
    SB_RETURN_IF_ERROR(store::StoreUpload(db, upload, sealed));
    const store::Branch& school = settings->branch;
    std::string recipient = !school.notify_email.empty()
                                ? school.notify_email
                                : library->notify_email;
    long long outbox_id = 0;
    if (!recipient.empty()) {
      mail::UploadNotice notice;
      notice.library_id = request.library_id;
      notice.recipient = recipient;
      notice.library_name = library->name;
      notice.school_name = school.name;
      notice.uploader =
          request.uploader_name.empty() ? request.actor : request.uploader_name;
      notice.file_name = request.file_name;
      notice.upload_id = upload.id;
      notice.students = outcome.report.students;
      notice.groups = outcome.report.groups;
      notice.recognised_as = outcome.report.profile_label.nl;
      notice.link = fmt::format("{}/backoffice/uploads/{}", request.public_url,
                                upload.id);
      store::OutboxMessage message =
          mail::UploadReceived(notice, Language::kDutch);
      SB_RETURN_IF_ERROR(store::EnqueueMessage(db, message));
      outbox_id = message.id;
    }
    store::AuditEvent event;
    event.library_id = request.library_id;
    event.account_id = request.account_id;
    event.actor = request.actor;
    event.action = "upload.create";
    event.object_kind = "upload";
    event.object_id = upload.id;
    event.remote_addr = request.remote_addr;
    event.details_json = nlohmann::json({{"branch_id", request.branch_id},
                                         {"size", upload.size_bytes},
                                         {"sha256", upload.sha256},
                                         {"students", outcome.report.students},
                                         {"outbox_id", outbox_id}})
                             .dump();
    SB_RETURN_IF_ERROR(store::RecordAudit(db, event));
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(
        error, Message{"Dit leerlingbestand", "This student file"});
  }
  return outcome;
}

}  // namespace schoolbieb::import
