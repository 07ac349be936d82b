// Uploaded student files, encrypted at rest.
//
// A file's bytes never reach the database in the clear: they are encrypted
// with libsodium's secretstream (XChaCha20-Poly1305) under the deployment's
// upload key in 1 MiB chunks, each authenticated, the last one marked final,
// so a changed, reordered, truncated or extended chunk is refused when read.
// The chunks are stored base64 in upload_chunk, in the same transaction as
// the upload row: an upload is either whole or absent. Purging removes the
// chunks and keeps the row (who, when, name, size, SHA-256) for the audit.
//
// The key is 32 random bytes, kept outside the database: in a file (the
// embedded default creates var/upload.key, mode 0600) or in the environment
// (SCHOOLBIEB_UPLOAD_KEY, base64), so a copy of the database alone reveals
// no student file. Each upload records the id of its key (a hash prefix), so
// a wrong key is named, not mistaken for damage. Thread-safe as the
// Database it is given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

class UploadKey {
 public:
  // From base64 text (standard alphabet, padding optional).
  static Result<UploadKey> FromBase64(std::string_view text);
  // Reads the key file, or creates it with a new random key (mode 0600,
  // its folder created) when it does not exist.
  static Result<UploadKey> LoadOrCreate(const std::string& path);
  // A new random key (tests).
  static UploadKey Generate();

  // The first 16 hex digits of the key's SHA-256: names the key, reveals
  // nothing of it.
  const std::string& id() const { return id_; }
  std::string Base64() const;
  const std::string& bytes() const { return bytes_; }

 private:
  explicit UploadKey(std::string bytes);
  std::string bytes_;
  std::string id_;
};

struct Upload {
  long long id = 0;
  long long library_id = 0;
  long long branch_id = 0;
  long long account_id = 0;  // 0: not through the portal (CLI, API script)
  std::string original_name;
  long long size_bytes = 0;  // of the file as uploaded
  std::string sha256;        // of the file as uploaded
  // What the encrypted content is: "original" (the file) or "table" (what
  // was read from it, without what the library may not hold; see
  // import/stored_upload.h).
  std::string stored_form = "original";
  std::string status = "received";  // received | in_progress | imported |
                                    // rejected | purged
  std::string report_json = "{}";
  std::string reject_reason;
  std::string key_id;
  long long created_at = 0;
  long long decided_at = 0;
  long long purged_at = 0;
  long long purge_notice_at = 0;  // undecided: the library was told when
};

// An upload's content encrypted (XChaCha20-Poly1305 secretstream, 1 MB
// chunks) and coded for storing. Sealing takes a core and needs no
// database: made before the transaction, it keeps the database's write lock
// short.
struct SealedUpload {
  long long size_bytes = 0;
  std::string sha256;  // of the plain content
  // The file it stands for: the content itself, or (stored_form other than
  // "original") the file it was made from.
  std::string stored_form = "original";
  long long original_size = 0;
  std::string original_sha256;
  std::string key_id;
  std::string header64;               // the stream's header, Base64
  std::vector<std::string> chunks64;  // the sealed chunks, Base64
};
SealedUpload SealUpload(const UploadKey& key, std::string_view content);
// Seals `content`, which stands in `stored_form` for the file `original`.
SealedUpload SealUpload(const UploadKey& key, std::string_view content,
                        std::string_view stored_form,
                        std::string_view original);

// Stores the sealed content and the upload row, in one transaction; fills
// in id, size, sha256 (the file's), stored_form, key_id and created_at.
Status StoreUpload(Database& db, Upload& upload, const SealedUpload& sealed);
// SealUpload, then StoreUpload.
Status StoreUpload(Database& db, const UploadKey& key, Upload& upload,
                   std::string_view content);

// The decrypted content (what stored_form says it is), checked against the
// stored size and SHA-256.
// FailedPrecondition when purged; PermissionDenied naming both key ids
// when `key` is not the upload's; Internal (DataLoss in words) when any
// chunk was altered, removed or added.
Result<std::string> ReadUploadContent(Database& db, const UploadKey& key,
                                      long long upload_id);

// For importing upload `upload_id`, inside the caller's transaction: takes
// the upload's row until that transaction ends (PostgreSQL: its row lock,
// so a second import of the same upload waits here for the first and then
// sees its outcome; SQLite: the database's write lock, which the caller's
// transaction already holds) and checks that it may still be imported.
// FailedPrecondition saying "al geïmporteerd" when it is imported, or that
// it was rejected or purged; NotFound when there is no such upload. Leaves
// the row unchanged.
Status LockUploadForImport(Database& db, long long upload_id);

// Marks upload `upload_id` rejected with `reason` at `now`, inside the
// caller's transaction, when it is still undecided (received or in
// progress); FailedPrecondition otherwise (already imported, rejected or
// purged, also by someone else a moment ago), NotFound when there is none.
Status MarkUploadRejected(Database& db, long long upload_id,
                          const std::string& reason, long long now);

// Removes the encrypted content; the row stays with status "purged".
Status PurgeUpload(Database& db, long long upload_id);

Result<Upload> GetUpload(Database& db, long long upload_id);
// The uploads of one branch (0: every branch of the library), newest first.
Result<std::vector<Upload>> ListUploads(Database& db, long long library_id,
                                        long long branch_id = 0);

// The uploads made by one portal account, newest first ("Mijn uploads").
Result<std::vector<Upload>> ListAccountUploads(Database& db,
                                               long long account_id);

}  // namespace schoolbieb::store
