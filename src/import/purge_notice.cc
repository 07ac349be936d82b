#include "import/purge_notice.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "mail/messages.h"
#include "store/library_store.h"

namespace schoolbieb::import {
namespace {

// "2026-10-14" → "14-10-2026", as Dutch readers write a date.
std::string DutchDate(long long epoch_seconds) {
  std::string iso = FormatIsoDate(epoch_seconds);
  return iso.substr(8, 2) + "-" + iso.substr(5, 2) + "-" + iso.substr(0, 4);
}

}  // namespace

store::PurgeNoticeComposer PurgeNoticeMail(std::string public_url) {
  while (public_url.ends_with('/')) public_url.pop_back();
  return [public_url](
             store::Database& db, const store::Upload& upload,
             int64_t purge_at) -> Result<std::optional<store::OutboxMessage>> {
    auto library = store::GetLibrary(db, upload.library_id);
    if (!library.ok()) return library.status();
    auto school = store::GetBranch(db, upload.branch_id);
    if (!school.ok()) return school.status();
    std::string recipient = !school->notify_email.empty()
                                ? school->notify_email
                                : library->notify_email;
    if (recipient.empty()) return std::optional<store::OutboxMessage>();
    mail::PurgeNotice notice;
    notice.library_id = upload.library_id;
    notice.recipient = recipient;
    notice.library_name = library->name;
    notice.school_name = school->name;
    notice.file_name = upload.original_name;
    notice.received_on = DutchDate(upload.created_at);
    notice.purged_on = DutchDate(purge_at);
    notice.link =
        fmt::format("{}/backoffice/uploads/{}", public_url, upload.id);
    return std::optional<store::OutboxMessage>(
        mail::UploadPurgeSoon(notice, Language::kDutch));
  };
}

}  // namespace schoolbieb::import
