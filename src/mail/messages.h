// The mails schoolbieb sends, composed from facts that are never a
// student's personal data: names of schools and staff, file names, counts
// and links. Each composer returns an outbox message in the recipient's
// language, ready for store::EnqueueMessage.
#pragma once

#include <string>
#include <vector>

#include "core/message.h"
#include "store/outbox.h"

namespace schoolbieb::mail {

// What the caller must know: every text field here ends up in a mail that
// leaves the building. Never put a student's name, birth date or address
// in one — a rejection or hold reason is a file-level sentence ("the file
// belongs to another school"), not a row of the file.

// "Upload received": to the school's or the library's notification address.
struct UploadNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string uploader;  // the teacher's display name
  std::string file_name;
  long long upload_id = 0;
  long long students = 0;
  long long groups = 0;
  std::string recognised_as;  // "ParnasSys-export", in the mail's language
  std::string link;           // absolute URL of the upload in the back office
};

store::OutboxMessage UploadReceived(const UploadNotice& notice,
                                    Language language);

// "Import applied": to the teacher who uploaded the file.
struct ImportNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string file_name;
  long long import_id = 0;
  long long added = 0;
  long long changed = 0;
  long long unchanged = 0;
  long long leaving = 0;
  std::string link;  // the upload in the teacher's portal ("Mijn uploads")
};

store::OutboxMessage ImportApplied(const ImportNotice& notice,
                                   Language language);

// "Upload rejected": to the teacher, with the reason and what to do.
struct RejectionNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string file_name;
  Message reason;    // both languages; the mail takes the recipient's
  std::string link;  // where to upload again
};

store::OutboxMessage UploadRejected(const RejectionNotice& notice,
                                    Language language);

// "Import held": to staff, when a preview stopped on a safety hold.
struct HoldNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string file_name;
  long long students = 0;
  long long leaving = 0;
  std::vector<Message> reasons;
  std::string link;  // the preview in the back office
};

store::OutboxMessage ImportHeld(const HoldNotice& notice, Language language);

// "Upload will be removed": to the school's or the library's notification
// address, some days before an upload nobody imported or rejected is purged
// by the retention (store/retention.h).
struct PurgeNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string file_name;
  std::string received_on;  // "14-09-2026"
  std::string purged_on;    // "14-10-2026"
  std::string link;         // the upload in the back office
};

store::OutboxMessage UploadPurgeSoon(const PurgeNotice& notice,
                                     Language language);

// A new account, or a forgotten password: a single-use link to set one.
// `link` carries the token; the mail says how long it is valid.
struct PasswordLinkNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string display_name;  // the account holder, a member of staff
  std::string login;
  std::string link;
  int valid_minutes = 24 * 60;  // the mail says "24 uur", "30 minuten"
};

store::OutboxMessage AccountCreated(const PasswordLinkNotice& notice,
                                    Language language);
// The same text whether or not the person asked: the caller sends it only
// when the account exists and shows the same page either way. It names the
// login (someone who asked by e-mail address learns it), never the holder.
store::OutboxMessage PasswordForgotten(const PasswordLinkNotice& notice,
                                       Language language);

}  // namespace schoolbieb::mail
