// Importing a stored upload: what the back office and the staff API do with
// a teacher's file. The upload's content is decrypted, read and recognised
// for its school (LoadUploadRun); previews and imports run through the
// engine with the mail that belongs to the outcome written in the same
// transaction (import applied → the teacher; held → the library); a
// rejection marks the upload, tells the teacher and is audited, all at once.
//
// The caller has checked that the account may act for the upload's library.
// Thread-safe as the Database it is given.
#pragma once

#include <string>
#include <string_view>

#include "core/message.h"
#include "core/status.h"
#include "import/engine.h"
#include "roster/roster.h"
#include "store/database.h"
#include "store/upload_store.h"

namespace schoolbieb::import {

struct UploadRun {
  store::Upload upload;
  SchoolSettings settings;
  roster::Roster roster;
  // Library, school, file name and hash, upload id and today filled in;
  // the caller adds who acts and the staff's choices.
  ImportRequest request;
};

// Who acts, for the audit trail and the mails.
struct Actor {
  long long account_id = 0;
  std::string login;
  std::string remote_addr;
};

// Decrypts, reads and recognises upload `upload_id` for its school.
// FailedPrecondition when it was rejected or purged (nothing to import).
Result<UploadRun> LoadUploadRun(store::Database& db,
                                const store::UploadKey& key,
                                long long upload_id, std::string_view today);

// Plans the import and records it as a preview (or a hold, with the mail to
// the library); changes no customer.
Result<ImportOutcome> PreviewUpload(store::Database& db, const UploadRun& run,
                                    ImportRequest request,
                                    std::string_view public_url);

// Applies the import of the previewed plan (`fingerprint`; empty: whatever
// the plan is now). On success the teacher who uploaded is mailed the
// counts, in the same transaction; a held plan is recorded and the library
// told, as with PreviewUpload.
Result<ImportOutcome> ImportUpload(store::Database& db, const UploadRun& run,
                                   ImportRequest request,
                                   std::string_view fingerprint,
                                   std::string_view public_url);

// Rejects the upload with `reason` (shown to the teacher, mailed to them;
// a sentence about the file, never about a student). FailedPrecondition
// when it is already imported, rejected or purged; InvalidArgument for an
// empty reason.
Status RejectUpload(store::Database& db, long long upload_id,
                    std::string_view reason, const Actor& actor,
                    std::string_view public_url);

}  // namespace schoolbieb::import
