#include "store/two_factor.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>
#include <optional>

#include "core/crypto.h"
#include "core/totp.h"

namespace schoolbieb::store {
namespace {

const Message kTwoFactorWhat{"De tweestapsverificatie",
                             "Two-step verification"};

// crypto_kdf context (8 bytes): the sealing key is never the upload key
// itself, so a secret and a file can never be confused.
constexpr char kKdfContext[] = "sbtotp01";
constexpr uint64_t kKdfSubkeyId = 1;

// Recovery codes: ten characters without look-alikes (no 0/o, 1/l/i), shown
// as two groups of five. 31^10 ≈ 2^49.5, and argon2id makes each guess dear.
constexpr std::string_view kRecoveryAlphabet =
    "abcdefghjkmnpqrstuvwxyz23456789";
constexpr size_t kRecoveryLength = 10;

Status WrongCode() {
  return Status::PermissionDenied(
      "Deze code klopt niet. Kijk in uw app en probeer het opnieuw.",
      "This code is not right. Check your app and try again.");
}

Status UsedCode() {
  return Status::PermissionDenied(
      "Deze code is al gebruikt. Wacht tot uw app een nieuwe code laat zien "
      "en vul die in.",
      "This code has already been used. Wait until your app shows a new "
      "code and fill that in.");
}

Status NotEnrolling() {
  return Status::FailedPrecondition(
      "Er wordt geen tweestapsverificatie ingesteld. Begin opnieuw.",
      "Two-step verification is not being set up. Start again.");
}

std::string AssociatedData(long long account_id) {
  return fmt::format("account_totp:{}", account_id);
}

std::string SealingKey(const UploadKey& key) {
  std::string subkey(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  static_assert(crypto_kdf_KEYBYTES ==
                crypto_secretstream_xchacha20poly1305_KEYBYTES);
  crypto_kdf_derive_from_key(
      reinterpret_cast<unsigned char*>(subkey.data()), subkey.size(),
      kKdfSubkeyId, kKdfContext,
      reinterpret_cast<const unsigned char*>(key.bytes().data()));
  return subkey;
}

std::string ToHex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

// nonce ‖ ciphertext ‖ tag, as hex.
std::string Seal(const UploadKey& key, long long account_id,
                 std::string_view secret) {
  std::string subkey = SealingKey(key);
  std::string ad = AssociatedData(account_id);
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + secret.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
      reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
      nonce, reinterpret_cast<const unsigned char*>(subkey.data()));
  sodium_memzero(subkey.data(), subkey.size());
  return ToHex(out);
}

Result<std::string> Open(const UploadKey& key, long long account_id,
                         const std::string& sealed_hex,
                         const std::string& key_id) {
  if (key_id != key.id()) {
    return Status::PermissionDenied(
        fmt::format("De tweestapsverificatie van account {} is versleuteld "
                    "met sleutel {}, maar de server gebruikt sleutel {}.",
                    account_id, key_id, key.id()),
        fmt::format("The two-step verification of account {} is encrypted "
                    "with key {}, but the server uses key {}.",
                    account_id, key_id, key.id()));
  }
  std::string sealed(sealed_hex.size() / 2, '\0');
  size_t length = 0;
  constexpr size_t kOverhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                               crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::string subkey = SealingKey(key);
  std::string ad = AssociatedData(account_id);
  std::string secret;
  bool ok = sodium_hex2bin(reinterpret_cast<unsigned char*>(sealed.data()),
                           sealed.size(), sealed_hex.data(), sealed_hex.size(),
                           nullptr, &length, nullptr) == 0 &&
            length > kOverhead;
  if (ok) {
    const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
    secret.assign(length - kOverhead, '\0');
    unsigned long long opened = 0;
    ok = crypto_aead_xchacha20poly1305_ietf_decrypt(
             reinterpret_cast<unsigned char*>(secret.data()), &opened, nullptr,
             nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
             length - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
             nonce, reinterpret_cast<const unsigned char*>(subkey.data())) == 0;
  }
  sodium_memzero(subkey.data(), subkey.size());
  if (!ok) {
    return Status::Internal(
        fmt::format("De tweestapsverificatie van account {} is beschadigd. "
                    "Vraag een beheerder om hem uit te zetten.",
                    account_id),
        fmt::format("The two-step verification of account {} is damaged. Ask "
                    "an administrator to turn it off.",
                    account_id));
  }
  return secret;
}

struct StoredSecret {
  std::string sealed;
  std::string key_id;
  bool confirmed = false;
  long long confirmed_at = 0;
};

std::optional<StoredSecret> LoadSecret(Database& db, long long account_id) {
  StoredSecret s;
  long long confirmed_at = 0;
  soci::indicator confirmed_ind = soci::i_null;
  db.sql() << "SELECT secret_sealed, key_id, confirmed_at FROM account_totp "
              "WHERE account_id = :a",
      soci::into(s.sealed), soci::into(s.key_id),
      soci::into(confirmed_at, confirmed_ind), soci::use(account_id);
  if (!db.sql().got_data()) return std::nullopt;
  s.confirmed = confirmed_ind == soci::i_ok;
  s.confirmed_at = s.confirmed ? confirmed_at : 0;
  return s;
}

// ResourceExhausted while the account or the address has had too many
// wrong codes within the window; prunes older failures.
Status CheckThrottle(Database& db, long long account_id,
                     const std::string& address, const SessionPolicy& policy,
                     long long now) {
  long long since = now - policy.failure_window_seconds;
  db.sql() << "DELETE FROM second_factor_failure WHERE at < :since",
      soci::use(since);
  int by_account = 0, by_address = 0;
  db.sql() << "SELECT COUNT(*) FROM second_factor_failure WHERE account_id = "
              ":a AND at >= :since",
      soci::use(account_id), soci::use(since), soci::into(by_account);
  db.sql() << "SELECT COUNT(*) FROM second_factor_failure WHERE remote_addr "
              "= :r AND at >= :since",
      soci::use(address), soci::use(since), soci::into(by_address);
  if (by_account < policy.max_failures_per_login &&
      by_address < policy.max_failures_per_address) {
    return Status::Ok();
  }
  return Status::ResourceExhausted(
      fmt::format("Te veel verkeerde codes. Wacht {} minuten en probeer het "
                  "dan opnieuw, of gebruik een herstelcode.",
                  policy.failure_window_seconds / 60),
      fmt::format("Too many wrong codes. Wait {} minutes and try again, or "
                  "use a recovery code.",
                  policy.failure_window_seconds / 60));
}

void RecordFailure(Database& db, long long account_id,
                   const std::string& address, long long now) {
  db.sql() << "INSERT INTO second_factor_failure (account_id, remote_addr, "
              "at) VALUES (:a, :r, :t)",
      soci::use(account_id), soci::use(address), soci::use(now);
}

// Only digits, for a TOTP code typed with spaces ("123 456").
std::string Digits(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != ' ' && c != '-') out += c;
  }
  return out;
}

// A recovery code as typed → its canonical ten characters, or "" when it
// cannot be one.
std::string CanonicalRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (kRecoveryAlphabet.find(lower) == std::string_view::npos) return "";
    out += lower;
  }
  return out.size() == kRecoveryLength ? out : "";
}

// Stores kRecoveryCodeCount new codes in place of the old ones; returns
// them as shown ("abcde-fghjk"). Throws on database errors.
Result<std::vector<std::string>> ReplaceRecoveryCodes(Database& db,
                                                      long long account_id,
                                                      long long now) {
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int n = 0; n < kRecoveryCodeCount; ++n) {
    std::string code;
    for (size_t i = 0; i < kRecoveryLength; ++i) {
      code += kRecoveryAlphabet[randombytes_uniform(
          static_cast<uint32_t>(kRecoveryAlphabet.size()))];
    }
    auto hash = HashPassword(code);
    if (!hash.ok()) return hash.status();
    hashes.push_back(*hash);
    codes.push_back(code.substr(0, 5) + "-" + code.substr(5));
  }
  db.sql() << "DELETE FROM recovery_code WHERE account_id = :a",
      soci::use(account_id);
  for (std::string& hash : hashes) {
    db.sql() << "INSERT INTO recovery_code (account_id, code_hash, "
                "created_at) VALUES (:a, :h, :t)",
        soci::use(account_id), soci::use(hash), soci::use(now);
  }
  return codes;
}

// The id of the unused recovery code that `canonical` is, or 0. Checks
// every unused code, so the time does not say which one matched.
long long FindRecoveryCode(Database& db, long long account_id,
                           const std::string& canonical) {
  long long id = 0, matched = 0;
  std::string hash;
  soci::statement st =
      (db.sql().prepare << "SELECT id, code_hash FROM recovery_code WHERE "
                           "account_id = :a AND used_at IS NULL",
       soci::use(account_id), soci::into(id), soci::into(hash));
  st.execute(false);
  while (st.fetch()) {
    if (VerifyPassword(canonical, hash)) matched = id;
  }
  return matched;
}

}  // namespace

Result<TwoFactorState> GetTwoFactorState(Database& db, const Account& account) {
  try {
    TwoFactorState state;
    auto secret = LoadSecret(db, account.id);
    state.enabled = secret && secret->confirmed;
    state.enabled_at = state.enabled ? secret->confirmed_at : 0;
    db.sql() << "SELECT COUNT(*) FROM recovery_code WHERE account_id = :a AND "
                "used_at IS NULL",
        soci::use(account.id), soci::into(state.recovery_codes_left);
    if (account.role != Role::kTeacher) {
      auto required = LibraryRequiresTwoFactor(db, account.library_id);
      if (!required.ok()) return required.status();
      state.required = *required;
    }
    return state;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Result<bool> MustSetUpTwoFactor(Database& db, const Account& account) {
  if (account.role == Role::kTeacher) return false;
  try {
    int required = 0, enabled = 0;
    db.sql() << "SELECT l.require_two_factor, CASE WHEN EXISTS (SELECT 1 FROM "
                "account_totp t WHERE t.account_id = :a AND t.confirmed_at IS "
                "NOT NULL) THEN 1 ELSE 0 END FROM library l WHERE l.id = :l",
        soci::use(account.id), soci::use(account.library_id),
        soci::into(required), soci::into(enabled);
    return required != 0 && enabled == 0;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Result<bool> LibraryRequiresTwoFactor(Database& db, long long library_id) {
  try {
    int required = 0;
    db.sql() << "SELECT require_two_factor FROM library WHERE id = :l",
        soci::use(library_id), soci::into(required);
    return required != 0;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Status SetLibraryRequiresTwoFactor(Database& db, long long library_id,
                                   bool required) {
  try {
    int value = required ? 1 : 0;
    db.sql() << "UPDATE library SET require_two_factor = :v WHERE id = :l",
        soci::use(value), soci::use(library_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
  return Status::Ok();
}

Result<std::string> StartTotpEnrolment(Database& db, const UploadKey& key,
                                       long long account_id,
                                       const Clock& clock) {
  try {
    Transaction tx(db);
    auto stored = LoadSecret(db, account_id);
    if (stored && stored->confirmed) {
      return Status::FailedPrecondition("De tweestapsverificatie staat al aan.",
                                        "Two-step verification is already on.");
    }
    if (stored && stored->key_id == key.id()) {
      return Open(key, account_id, stored->sealed, stored->key_id);
    }
    // Nothing started yet, or started under a key the server no longer has:
    // a new secret (it was never confirmed, so no app holds it yet).
    std::string secret = NewTotpSecret();
    std::string sealed = Seal(key, account_id, secret);
    std::string key_id = key.id();
    long long now = clock.Now();
    db.sql() << "DELETE FROM account_totp WHERE account_id = :a",
        soci::use(account_id);
    db.sql() << "INSERT INTO account_totp (account_id, secret_sealed, key_id, "
                "created_at) VALUES (:a, :s, :k, :t)",
        soci::use(account_id), soci::use(sealed), soci::use(key_id),
        soci::use(now);
    tx.Commit();
    return secret;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Result<std::vector<std::string>> ConfirmTotpEnrolment(
    Database& db, const UploadKey& key, long long account_id,
    std::string_view code, std::string_view remote_addr,
    const SessionPolicy& policy, const Clock& clock) {
  std::string address(remote_addr);
  long long now = clock.Now();
  try {
    SB_RETURN_IF_ERROR(CheckThrottle(db, account_id, address, policy, now));
    auto stored = LoadSecret(db, account_id);
    if (!stored || stored->confirmed) return NotEnrolling();
    auto secret = Open(key, account_id, stored->sealed, stored->key_id);
    if (!secret.ok()) return secret.status();
    auto step = MatchTotp(*secret, Digits(code), now);
    sodium_memzero(secret->data(), secret->size());
    if (!step) {
      RecordFailure(db, account_id, address, now);
      return WrongCode();
    }
    Transaction tx(db);
    long long used_step = *step;
    soci::statement st =
        (db.sql().prepare << "UPDATE account_totp SET confirmed_at = :t, "
                             "last_step = :s WHERE account_id = :a AND "
                             "confirmed_at IS NULL",
         soci::use(now), soci::use(used_step), soci::use(account_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return NotEnrolling();
    auto codes = ReplaceRecoveryCodes(db, account_id, now);
    if (!codes.ok()) return codes.status();
    db.sql() << "DELETE FROM second_factor_failure WHERE account_id = :a",
        soci::use(account_id);
    tx.Commit();
    return codes;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Result<SecondFactor> VerifySecondFactor(Database& db, const UploadKey& key,
                                        long long account_id,
                                        std::string_view code,
                                        std::string_view remote_addr,
                                        const SessionPolicy& policy,
                                        const Clock& clock) {
  std::string address(remote_addr);
  long long now = clock.Now();
  // No transaction: a failure must be recorded even though the check
  // fails, and each use is one conditional UPDATE that only one request
  // can win.
  try {
    SB_RETURN_IF_ERROR(CheckThrottle(db, account_id, address, policy, now));
    auto stored = LoadSecret(db, account_id);
    if (!stored || !stored->confirmed) {
      return Status::FailedPrecondition(
          "De tweestapsverificatie staat niet aan voor dit account.",
          "Two-step verification is not on for this account.");
    }
    std::string digits = Digits(code);
    if (digits.size() == static_cast<size_t>(kTotpDigits)) {
      auto secret = Open(key, account_id, stored->sealed, stored->key_id);
      if (!secret.ok()) return secret.status();
      auto step = MatchTotp(*secret, digits, now);
      sodium_memzero(secret->data(), secret->size());
      if (step) {
        long long used_step = *step;
        soci::statement st =
            (db.sql().prepare << "UPDATE account_totp SET last_step = :s "
                                 "WHERE account_id = :a AND last_step < :s2",
             soci::use(used_step), soci::use(account_id), soci::use(used_step));
        st.execute(true);
        if (st.get_affected_rows() != 1) {
          RecordFailure(db, account_id, address, now);
          return UsedCode();
        }
        db.sql() << "DELETE FROM second_factor_failure WHERE account_id = :a",
            soci::use(account_id);
        return SecondFactor::kTotp;
      }
    } else if (std::string canonical = CanonicalRecoveryCode(code);
               !canonical.empty()) {
      long long id = FindRecoveryCode(db, account_id, canonical);
      if (id != 0) {
        soci::statement st =
            (db.sql().prepare << "UPDATE recovery_code SET used_at = :t "
                                 "WHERE id = :id AND used_at IS NULL",
             soci::use(now), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() == 1) {
          db.sql() << "DELETE FROM second_factor_failure WHERE account_id = "
                      ":a",
              soci::use(account_id);
          return SecondFactor::kRecoveryCode;
        }
      }
    }
    RecordFailure(db, account_id, address, now);
    return WrongCode();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Result<std::vector<std::string>> RenewRecoveryCodes(Database& db,
                                                    long long account_id,
                                                    const Clock& clock) {
  try {
    Transaction tx(db);
    auto stored = LoadSecret(db, account_id);
    if (!stored || !stored->confirmed) {
      return Status::FailedPrecondition(
          "Zet eerst de tweestapsverificatie aan.",
          "Turn on two-step verification first.");
    }
    auto codes = ReplaceRecoveryCodes(db, account_id, clock.Now());
    if (!codes.ok()) return codes.status();
    tx.Commit();
    return codes;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
}

Status DisableTwoFactor(Database& db, long long account_id) {
  try {
    Transaction tx(db);
    db.sql() << "DELETE FROM recovery_code WHERE account_id = :a",
        soci::use(account_id);
    db.sql() << "DELETE FROM account_totp WHERE account_id = :a",
        soci::use(account_id);
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTwoFactorWhat);
  }
  return Status::Ok();
}

}  // namespace schoolbieb::store
