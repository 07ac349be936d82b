#include "store/upload_store.h"

#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/base64.h"
#include "core/clock.h"
#include "core/crypto.h"

namespace schoolbieb::store {
namespace {

constexpr size_t kChunkBytes = 1 << 20;
const Message kUploadWhat{"Deze upload", "This upload"};

// Keys: libsodium's constant-time coding. Ciphertext is not secret and
// goes through the faster EncodeBase64/DecodeBase64 (core/base64.h).
std::string KeyToBase64(std::string_view bytes) {
  std::string out(
      sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool KeyFromBase64(std::string_view text, std::string* bytes) {
  bytes->assign(text.size(), '\0');
  size_t length = 0;
  for (int variant : {sodium_base64_VARIANT_ORIGINAL,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes->data()),
                          bytes->size(), text.data(), text.size(), " \n\r",
                          &length, nullptr, variant) == 0) {
      bytes->resize(length);
      return true;
    }
  }
  return false;
}

Status Damaged(long long upload_id) {
  return Status::Internal(
      fmt::format("Upload {} is beschadigd: de versleutelde inhoud klopt "
                  "niet meer. Vraag de school het bestand opnieuw te "
                  "uploaden.",
                  upload_id),
      fmt::format("Upload {} is damaged: its encrypted content no longer "
                  "verifies. Ask the school to upload the file again.",
                  upload_id));
}

constexpr const char* kUploadColumns =
    "id, library_id, branch_id, COALESCE(account_id, 0), original_name, "
    "size_bytes, sha256, status, report_json, COALESCE(reject_reason, ''), "
    "key_id, created_at, COALESCE(decided_at, 0), COALESCE(purged_at, 0), "
    "stored_form, COALESCE(purge_notice_at, 0)";

template <typename... Keys>
std::vector<Upload> QueryUploads(Database& db, const std::string& where,
                                 Keys... keys) {
  std::vector<Upload> out;
  Upload u;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM upload WHERE {} ORDER BY id DESC",
                         kUploadColumns, where));
  st.exchange(soci::into(u.id));
  st.exchange(soci::into(u.library_id));
  st.exchange(soci::into(u.branch_id));
  st.exchange(soci::into(u.account_id));
  st.exchange(soci::into(u.original_name));
  st.exchange(soci::into(u.size_bytes));
  st.exchange(soci::into(u.sha256));
  st.exchange(soci::into(u.status));
  st.exchange(soci::into(u.report_json));
  st.exchange(soci::into(u.reject_reason));
  st.exchange(soci::into(u.key_id));
  st.exchange(soci::into(u.created_at));
  st.exchange(soci::into(u.decided_at));
  st.exchange(soci::into(u.purged_at));
  st.exchange(soci::into(u.stored_form));
  st.exchange(soci::into(u.purge_notice_at));
  (st.exchange(soci::use(keys)), ...);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(u);
  return out;
}

}  // namespace

UploadKey::UploadKey(std::string bytes)
    : bytes_(std::move(bytes)), id_(Sha256Hex(bytes_).substr(0, 16)) {}

UploadKey UploadKey::Generate() {
  std::string bytes(crypto_secretstream_xchacha20poly1305_KEYBYTES, '\0');
  crypto_secretstream_xchacha20poly1305_keygen(
      reinterpret_cast<unsigned char*>(bytes.data()));
  return UploadKey(std::move(bytes));
}

Result<UploadKey> UploadKey::FromBase64(std::string_view text) {
  std::string bytes;
  if (!KeyFromBase64(text, &bytes) ||
      bytes.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return Status::InvalidArgument(
        "De sleutel voor uploads is ongeldig: verwacht 32 bytes in base64. "
        "Maak een nieuwe met: head -c 32 /dev/urandom | base64",
        "The upload key is not valid: expected 32 bytes in base64. Make a "
        "new one with: head -c 32 /dev/urandom | base64");
  }
  return UploadKey(std::move(bytes));
}

std::string UploadKey::Base64() const { return KeyToBase64(bytes_); }

Result<UploadKey> UploadKey::LoadOrCreate(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    return FromBase64(text);
  }
  fs::path file(path);
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  UploadKey key = Generate();
  // Created 0600 from the start: the key is never readable by others.
  mode_t old_mask = umask(077);
  std::ofstream out(path, std::ios::trunc);
  out << key.Base64() << "\n";
  out.close();
  umask(old_mask);
  if (!out) {
    return Status::IOError(
        fmt::format("De sleutel voor uploads kan niet worden bewaard in {}.",
                    path),
        fmt::format("Cannot write the upload key to {}.", path));
  }
  return key;
}

SealedUpload SealUpload(const UploadKey& key, std::string_view content,
                        std::string_view stored_form,
                        std::string_view original) {
  SealedUpload sealed = SealUpload(key, content);
  sealed.stored_form = std::string(stored_form);
  sealed.original_size = static_cast<long long>(original.size());
  sealed.original_sha256 = Sha256Hex(original);
  return sealed;
}

SealedUpload SealUpload(const UploadKey& key, std::string_view content) {
  SealedUpload sealed;
  sealed.size_bytes = static_cast<long long>(content.size());
  sealed.sha256 = Sha256Hex(content);
  sealed.original_size = sealed.size_bytes;
  sealed.original_sha256 = sealed.sha256;
  sealed.key_id = key.id();
  crypto_secretstream_xchacha20poly1305_state state;
  std::string header(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
  crypto_secretstream_xchacha20poly1305_init_push(
      &state, reinterpret_cast<unsigned char*>(header.data()),
      reinterpret_cast<const unsigned char*>(key.bytes().data()));
  sealed.header64 = EncodeBase64(header);
  std::string chunk;
  size_t offset = 0;
  do {
    size_t length = std::min(kChunkBytes, content.size() - offset);
    bool last = offset + length >= content.size();
    chunk.resize(length + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long sealed_length = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(chunk.data()), &sealed_length,
        reinterpret_cast<const unsigned char*>(content.data() + offset), length,
        nullptr, 0, last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    chunk.resize(sealed_length);
    sealed.chunks64.push_back(EncodeBase64(chunk));
    offset += length;
  } while (offset < content.size());
  sodium_memzero(&state, sizeof state);
  return sealed;
}

Status StoreUpload(Database& db, Upload& upload, const SealedUpload& sealed) {
  upload.size_bytes = sealed.original_size;
  upload.sha256 = sealed.original_sha256;
  upload.stored_form = sealed.stored_form;
  upload.key_id = sealed.key_id;
  upload.created_at = SystemClock::Get().Now();
  // The stored content's own size and hash, when it is not the file.
  bool original = sealed.stored_form == "original";
  soci::indicator stored_ind = original ? soci::i_null : soci::i_ok;
  try {
    Transaction tx(db);
    soci::indicator account_ind = upload.account_id ? soci::i_ok : soci::i_null;
    db.sql() << "INSERT INTO upload (library_id, branch_id, account_id, "
                "original_name, size_bytes, sha256, status, report_json, "
                "encryption_header, key_id, created_at, stored_form, "
                "stored_size, stored_sha256) VALUES (:lib, :branch, "
                ":account, :name, :size, :sha, :status, :report, :header, "
                ":key, :at, :form, :stored_size, :stored_sha) RETURNING id",
        soci::use(upload.library_id), soci::use(upload.branch_id),
        soci::use(upload.account_id, account_ind),
        soci::use(upload.original_name), soci::use(upload.size_bytes),
        soci::use(upload.sha256), soci::use(upload.status),
        soci::use(upload.report_json), soci::use(sealed.header64),
        soci::use(upload.key_id), soci::use(upload.created_at),
        soci::use(upload.stored_form), soci::use(sealed.size_bytes, stored_ind),
        soci::use(sealed.sha256, stored_ind), soci::into(upload.id);
    int seq = 0;
    std::string text;
    soci::statement insert =
        (db.sql().prepare << "INSERT INTO upload_chunk (upload_id, seq, data) "
                             "VALUES (:u, :s, :d)",
         soci::use(upload.id), soci::use(seq), soci::use(text));
    for (const std::string& chunk : sealed.chunks64) {
      text = chunk;
      insert.execute(true);
      ++seq;
    }
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
  return Status::Ok();
}

Status StoreUpload(Database& db, const UploadKey& key, Upload& upload,
                   std::string_view content) {
  return StoreUpload(db, upload, SealUpload(key, content));
}

Result<std::string> ReadUploadContent(Database& db, const UploadKey& key,
                                      long long upload_id) {
  auto upload = GetUpload(db, upload_id);
  if (!upload.ok()) return upload.status();
  if (upload->status == "purged") {
    return Status::FailedPrecondition(
        fmt::format("Upload {} is na de import verwijderd; de inhoud is er "
                    "niet meer.",
                    upload_id),
        fmt::format("Upload {} was removed after its import; its content is "
                    "gone.",
                    upload_id));
  }
  if (upload->key_id != key.id()) {
    return Status::PermissionDenied(
        fmt::format("Upload {} is versleuteld met sleutel {}, maar de server "
                    "gebruikt sleutel {}. Stel de juiste sleutel in.",
                    upload_id, upload->key_id, key.id()),
        fmt::format("Upload {} is encrypted with key {}, but the server uses "
                    "key {}. Configure the right key.",
                    upload_id, upload->key_id, key.id()));
  }
  std::string content;
  crypto_secretstream_xchacha20poly1305_state state;
  // What the stored content must be: the file's size and hash, or those of
  // the form kept instead of it.
  long long expected_size = upload->size_bytes;
  std::string expected_sha256 = upload->sha256;
  try {
    std::string header64;
    long long stored_size = 0;
    std::string stored_sha256;
    soci::indicator size_ind = soci::i_null, sha_ind = soci::i_null;
    db.sql() << "SELECT encryption_header, stored_size, stored_sha256 FROM "
                "upload WHERE id = :id",
        soci::into(header64), soci::into(stored_size, size_ind),
        soci::into(stored_sha256, sha_ind), soci::use(upload_id);
    if (size_ind == soci::i_ok && sha_ind == soci::i_ok) {
      expected_size = stored_size;
      expected_sha256 = stored_sha256;
    }
    std::string header;
    if (!DecodeBase64(header64, &header) ||
        header.size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
        crypto_secretstream_xchacha20poly1305_init_pull(
            &state, reinterpret_cast<const unsigned char*>(header.data()),
            reinterpret_cast<const unsigned char*>(key.bytes().data())) != 0) {
      return Damaged(upload_id);
    }
    content.reserve(static_cast<size_t>(expected_size));
    int seq = 0;
    int expected_seq = 0;
    std::string text;
    std::string sealed;
    std::string plain;
    bool final_seen = false;
    soci::statement st =
        (db.sql().prepare << "SELECT seq, data FROM upload_chunk WHERE "
                             "upload_id = :u ORDER BY seq",
         soci::into(seq), soci::into(text), soci::use(upload_id));
    st.execute(false);
    while (st.fetch()) {
      if (final_seen || seq != expected_seq++ || !DecodeBase64(text, &sealed) ||
          sealed.size() < crypto_secretstream_xchacha20poly1305_ABYTES) {
        return Damaged(upload_id);
      }
      plain.resize(sealed.size());
      unsigned long long plain_length = 0;
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(
              &state, reinterpret_cast<unsigned char*>(plain.data()),
              &plain_length, &tag,
              reinterpret_cast<const unsigned char*>(sealed.data()),
              sealed.size(), nullptr, 0) != 0) {
        return Damaged(upload_id);
      }
      content.append(plain.data(), plain_length);
      final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    sodium_memzero(plain.data(), plain.size());
    if (!final_seen) return Damaged(upload_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
  if (static_cast<long long>(content.size()) != expected_size ||
      Sha256Hex(content) != expected_sha256) {
    return Damaged(upload_id);
  }
  return content;
}

Status LockUploadForImport(Database& db, long long upload_id) {
  try {
    // A write, so that on SQLite it is the transaction's first and takes
    // the write lock, and on PostgreSQL a second importer blocks on the row
    // until the first commits and then finds the status it left.
    soci::statement st =
        (db.sql().prepare << "UPDATE upload SET status = status WHERE id = "
                             ":id AND status IN ('received', 'in_progress')",
         soci::use(upload_id));
    st.execute(true);
    if (st.get_affected_rows() == 1) return Status::Ok();
    auto upload = GetUpload(db, upload_id);
    if (!upload.ok()) return upload.status();
    if (upload->status == "imported") {
      return Status::FailedPrecondition(
          "Dit bestand is al geïmporteerd. U vindt de import bij Importen; "
          "wilt u het opnieuw importeren, maak die import dan eerst ongedaan.",
          "This file has already been imported. You find the import under "
          "Imports; to import it again, undo that import first.");
    }
    return Status::FailedPrecondition(
        "Dit bestand is afgewezen of al opgeruimd en kan niet meer worden "
        "geïmporteerd. Vraag de school om een nieuw bestand.",
        "This file was rejected or has been removed and can no longer be "
        "imported. Ask the school for a new file.");
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
}

Status MarkUploadRejected(Database& db, long long upload_id,
                          const std::string& reason, long long now) {
  try {
    // The check and the change in one statement: an import or a colleague's
    // rejection committed a moment ago is seen, never overwritten.
    soci::statement st =
        (db.sql().prepare << "UPDATE upload SET status = 'rejected', "
                             "reject_reason = :r, decided_at = :at WHERE id "
                             "= :id AND status IN ('received', 'in_progress')",
         soci::use(reason), soci::use(now), soci::use(upload_id));
    st.execute(true);
    if (st.get_affected_rows() == 1) return Status::Ok();
    auto upload = GetUpload(db, upload_id);
    if (!upload.ok()) return upload.status();
    return Status::FailedPrecondition(
        "Dit bestand is al geïmporteerd, afgewezen of opgeruimd en kan niet "
        "meer worden afgewezen.",
        "This file was already imported, rejected or removed and can no "
        "longer be rejected.");
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
}

Status PurgeUpload(Database& db, long long upload_id) {
  try {
    Transaction tx(db);
    long long now = SystemClock::Get().Now();
    db.sql() << "DELETE FROM upload_chunk WHERE upload_id = :id",
        soci::use(upload_id);
    soci::statement st =
        (db.sql().prepare << "UPDATE upload SET status = 'purged', purged_at "
                             "= :at WHERE id = :id",
         soci::use(now), soci::use(upload_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound(
          fmt::format("Upload {} bestaat niet.", upload_id),
          fmt::format("Upload {} does not exist.", upload_id));
    }
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
  return Status::Ok();
}

Result<Upload> GetUpload(Database& db, long long upload_id) {
  try {
    auto rows = QueryUploads(db, "id = :id", upload_id);
    if (rows.empty()) {
      return Status::NotFound(
          fmt::format("Upload {} bestaat niet.", upload_id),
          fmt::format("Upload {} does not exist.", upload_id));
    }
    return rows.front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
}

Result<std::vector<Upload>> ListUploads(Database& db, long long library_id,
                                        long long branch_id) {
  try {
    if (branch_id != 0) {
      return QueryUploads(db, "library_id = :lib AND branch_id = :b",
                          library_id, branch_id);
    }
    return QueryUploads(db, "library_id = :lib", library_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
}

Result<std::vector<Upload>> ListAccountUploads(Database& db,
                                               long long account_id) {
  try {
    return QueryUploads(db, "account_id = :acc", account_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kUploadWhat);
  }
}

}  // namespace schoolbieb::store
