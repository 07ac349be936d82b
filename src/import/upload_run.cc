#include "import/upload_run.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "formats/reader.h"
#include "import/stored_upload.h"
#include "mail/messages.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/outbox.h"

namespace schoolbieb::import {
namespace {

const Message kUploadWhat{"Dit leerlingbestand", "This student file"};

Language LanguageOf(const store::Account& account) {
  return ParseLanguage(account.language);
}

// The mail of a hold, to the school's or else the library's address.
Status QueueHoldMail(store::Database& db, const UploadRun& run,
                     const ImportOutcome& outcome,
                     std::string_view public_url) {
  auto library = store::GetLibrary(db, run.upload.library_id);
  if (!library.ok()) return library.status();
  const store::Branch& school = run.settings.branch;
  std::string recipient = !school.notify_email.empty() ? school.notify_email
                                                       : library->notify_email;
  if (recipient.empty()) return Status::Ok();
  mail::HoldNotice notice;
  notice.library_id = run.upload.library_id;
  notice.recipient = recipient;
  notice.library_name = library->name;
  notice.school_name = school.name;
  notice.file_name = run.upload.original_name;
  notice.students = static_cast<long long>(run.roster.students.size());
  notice.leaving = outcome.plan.counts.leaving;
  for (const Hold& hold : outcome.plan.holds) {
    notice.reasons.push_back(hold.message);
  }
  notice.link =
      fmt::format("{}/backoffice/uploads/{}", public_url, run.upload.id);
  store::OutboxMessage message = mail::ImportHeld(notice, Language::kDutch);
  return store::EnqueueMessage(db, message);
}

// The mail of an applied import, to the teacher who uploaded the file.
Status QueueAppliedMail(store::Database& db, const UploadRun& run,
                        const ImportOutcome& outcome,
                        std::string_view public_url) {
  if (run.upload.account_id == 0) return Status::Ok();
  auto teacher = store::GetAccount(db, run.upload.account_id);
  if (!teacher.ok() || teacher->email.empty() || teacher->disabled) {
    return Status::Ok();
  }
  auto library = store::GetLibrary(db, run.upload.library_id);
  if (!library.ok()) return library.status();
  const PlanCounts& counts = outcome.plan.counts;
  mail::ImportNotice notice;
  notice.library_id = run.upload.library_id;
  notice.recipient = teacher->email;
  notice.library_name = library->name;
  notice.school_name = run.settings.branch.name;
  notice.file_name = run.upload.original_name;
  notice.import_id = outcome.import_id;
  notice.added = counts.new_students + counts.moved_in;
  notice.changed = counts.changed;
  notice.unchanged = counts.unchanged;
  notice.leaving = counts.leaving;
  notice.link = fmt::format("{}/uploads/{}", public_url, run.upload.id);
  store::OutboxMessage message =
      mail::ImportApplied(notice, LanguageOf(*teacher));
  return store::EnqueueMessage(db, message);
}

}  // namespace

Result<UploadRun> LoadUploadRun(store::Database& db,
                                const store::UploadKey& key,
                                long long upload_id, std::string_view today) {
  UploadRun run;
  auto upload = store::GetUpload(db, upload_id);
  if (!upload.ok()) return upload.status();
  run.upload = std::move(*upload);
  if (run.upload.status == "rejected" || run.upload.status == "purged") {
    return Status::FailedPrecondition(
        "Dit bestand is afgewezen of al opgeruimd en kan niet meer worden "
        "geïmporteerd. Vraag de school om een nieuw bestand.",
        "This file was rejected or has been removed and can no longer be "
        "imported. Ask the school for a new file.");
  }
  auto settings = LoadSchoolSettings(db, run.upload.branch_id, today);
  if (!settings.ok()) return settings.status();
  run.settings = std::move(*settings);
  {
    auto content = store::ReadUploadContent(db, key, upload_id);
    if (!content.ok()) return content.status();
    formats::ReadOptions read;
    read.file_name = run.upload.original_name;
    auto table = ReadStoredForm(run.upload.stored_form, *content, read);
    if (!table.ok()) return table.status();
    auto roster = Recognise(*table, run.settings);
    if (!roster.ok()) return roster.status();
    run.roster = std::move(*roster);
  }
  ImportRequest& request = run.request;
  request.library_id = run.upload.library_id;
  request.branch_id = run.upload.branch_id;
  request.file_name = run.upload.original_name;
  request.file_sha256 = run.upload.sha256;
  request.upload_id = run.upload.id;
  request.today = std::string(today);
  return run;
}

Result<ImportOutcome> PreviewUpload(store::Database& db, const UploadRun& run,
                                    ImportRequest request,
                                    std::string_view public_url) {
  std::string url(public_url);
  request.on_recorded = [&run, url](store::Database& tx_db,
                                    const ImportOutcome& outcome) {
    if (outcome.status != "held") return Status::Ok();
    return QueueHoldMail(tx_db, run, outcome, url);
  };
  auto plan = PlanImport(db, request, run.settings, run.roster);
  if (!plan.ok()) return plan.status();
  return RecordPreview(db, request, *plan);
}

Result<ImportOutcome> ImportUpload(store::Database& db, const UploadRun& run,
                                   ImportRequest request,
                                   std::string_view fingerprint,
                                   std::string_view public_url) {
  std::string url(public_url);
  request.on_recorded = [&run, url](store::Database& tx_db,
                                    const ImportOutcome& outcome) {
    if (outcome.status == "applied") {
      return QueueAppliedMail(tx_db, run, outcome, url);
    }
    if (outcome.status == "held")
      return QueueHoldMail(tx_db, run, outcome, url);
    return Status::Ok();
  };
  try {
    // One upload is imported once. Two staff members (or a page and a
    // script) pressing "Importeren" at the same moment both get here; the
    // upload's row is taken first, in the import's own transaction, so the
    // second waits for the first to commit and then finds the upload
    // imported (409) instead of applying it again, with a second mail —
    // whichever database, and before the school's lock, which on
    // PostgreSQL refuses at once rather than waiting.
    store::Transaction tx(db);
    SB_RETURN_IF_ERROR(store::LockUploadForImport(db, run.upload.id));
    auto outcome =
        ApplyImport(db, request, run.settings, run.roster, fingerprint);
    if (!outcome.ok()) return outcome.status();
    tx.Commit();
    return outcome;
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kUploadWhat);
  }
}

Status RejectUpload(store::Database& db, long long upload_id,
                    std::string_view reason, const Actor& actor,
                    std::string_view public_url) {
  std::string why(reason);
  while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back())))
    why.pop_back();
  size_t start = why.find_first_not_of(" \t\r\n");
  why = start == std::string::npos ? std::string() : why.substr(start);
  if (why.empty()) {
    return Status::InvalidArgument(
        "Schrijf waarom het bestand wordt afgewezen. De docent krijgt deze "
        "reden te zien.",
        "Write why the file is rejected. The teacher will see this reason.");
  }
  if (why.size() > 1000) {
    return Status::InvalidArgument(
        "De reden is te lang. Houd het kort: hoogstens 1000 tekens.",
        "The reason is too long. Keep it short: at most 1000 characters.");
  }
  try {
    store::Transaction tx(db);
    SB_RETURN_IF_ERROR(store::MarkUploadRejected(db, upload_id, why,
                                                 SystemClock::Get().Now()));
    auto upload = store::GetUpload(db, upload_id);
    if (!upload.ok()) return upload.status();
    long long outbox_id = 0;
    if (upload->account_id != 0) {
      auto teacher = store::GetAccount(db, upload->account_id);
      auto library = store::GetLibrary(db, upload->library_id);
      auto school = store::GetBranch(db, upload->branch_id);
      if (teacher.ok() && !teacher->email.empty() && library.ok() &&
          school.ok()) {
        mail::RejectionNotice notice;
        notice.library_id = upload->library_id;
        notice.recipient = teacher->email;
        notice.library_name = library->name;
        notice.school_name = school->name;
        notice.file_name = upload->original_name;
        notice.reason = Message{why, why};
        notice.link = fmt::format("{}/upload", public_url);
        store::OutboxMessage message =
            mail::UploadRejected(notice, LanguageOf(*teacher));
        SB_RETURN_IF_ERROR(store::EnqueueMessage(db, message));
        outbox_id = message.id;
      }
    }
    store::AuditEvent event;
    event.library_id = upload->library_id;
    event.account_id = actor.account_id;
    event.actor = actor.login;
    event.action = "upload.reject";
    event.object_kind = "upload";
    event.object_id = upload_id;
    event.remote_addr = actor.remote_addr;
    // The reason is staff's sentence about the file; it is kept on the
    // upload, not copied into the trail.
    event.details_json = nlohmann::json({{"branch_id", upload->branch_id},
                                         {"sha256", upload->sha256},
                                         {"outbox_id", outbox_id}})
                             .dump();
    SB_RETURN_IF_ERROR(store::RecordAudit(db, event));
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kUploadWhat);
  }
  return Status::Ok();
}

}  // namespace schoolbieb::import
