// Two-factor sign-in: an account's TOTP secret, its recovery codes, the
// library's requirement, and the check of a code with throttling.
//
// The secret is stored sealed (XChaCha20-Poly1305) under a key derived from
// the deployment's upload key (store/upload_store.h, kept outside the
// database) with the account's id as associated data, so a copy of the
// database reveals no secret and a sealed secret moved to another account
// does not open. Recovery codes are stored as argon2id hashes only and are
// shown once, when made. A TOTP code works once: the step it belongs to is
// remembered per account and only a later step is accepted, by one
// conditional UPDATE, so two servers cannot both accept the same code.
//
// Wrong codes are throttled like passwords (store/session_store.h): per
// account and per address over the policy's window, in their own table so
// that a correct password — which forgets the password failures — does not
// reset them. Functions take the clock so tests can move time; they are as
// thread-safe as the Database.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/session_store.h"
#include "store/upload_store.h"

namespace schoolbieb::store {

inline constexpr int kRecoveryCodeCount = 10;

struct TwoFactorState {
  bool enabled = false;  // a confirmed TOTP secret
  long long enabled_at = 0;
  int recovery_codes_left = 0;
  // Staff or admin in a library that requires two-factor sign-in: may not
  // turn it off, and must set it up before anything else.
  bool required = false;
};

Result<TwoFactorState> GetTwoFactorState(Database& db, const Account& account);

// True for a staff member or admin of a library that requires two-factor
// sign-in who has not set it up: such an account reaches only the set-up
// page until it has. One query; false for teachers.
Result<bool> MustSetUpTwoFactor(Database& db, const Account& account);

// Whether the library requires two-factor sign-in of its staff and admins
// (teachers may always choose it themselves).
Result<bool> LibraryRequiresTwoFactor(Database& db, long long library_id);
Status SetLibraryRequiresTwoFactor(Database& db, long long library_id,
                                   bool required);

// The secret (raw bytes) being set up for the account: the one from an
// earlier, unconfirmed start when there is one (a reloaded page shows the
// same QR code), else a new one, stored sealed. FailedPrecondition when
// two-factor sign-in is already on; PermissionDenied when the stored secret
// was sealed under another key.
Result<std::string> StartTotpEnrolment(Database& db, const UploadKey& key,
                                       long long account_id,
                                       const Clock& clock = SystemClock::Get());

// Turns two-factor sign-in on when `code` is a current code of the secret
// being set up, and returns kRecoveryCodeCount new recovery codes (shown
// once; only their hashes are kept). The step of `code` counts as used.
// Wrong codes are throttled as in VerifySecondFactor; FailedPrecondition
// when nothing is being set up. Nothing changes on failure.
Result<std::vector<std::string>> ConfirmTotpEnrolment(
    Database& db, const UploadKey& key, long long account_id,
    std::string_view code, std::string_view remote_addr,
    const SessionPolicy& policy = {}, const Clock& clock = SystemClock::Get());

enum class SecondFactor { kTotp, kRecoveryCode };

// Checks `code` for an account with two-factor sign-in on: six digits are a
// TOTP code (this step or one either side, later than the last one used),
// anything else a recovery code (spaces, hyphens and case ignored), which
// is then used up. Returns which one it was and forgets the account's
// failures. On failure records one and returns PermissionDenied (one
// message for a wrong code, another for a TOTP code already used);
// ResourceExhausted ("te veel pogingen") while the account or the address
// is throttled — then the code is not even checked.
Result<SecondFactor> VerifySecondFactor(
    Database& db, const UploadKey& key, long long account_id,
    std::string_view code, std::string_view remote_addr,
    const SessionPolicy& policy = {}, const Clock& clock = SystemClock::Get());

// Replaces the account's recovery codes with kRecoveryCodeCount new ones
// (returned, shown once). FailedPrecondition when two-factor sign-in is off.
Result<std::vector<std::string>> RenewRecoveryCodes(
    Database& db, long long account_id,
    const Clock& clock = SystemClock::Get());

// Removes the secret and the recovery codes: the account signs in with its
// password alone again. The caller decides whether that is allowed.
Status DisableTwoFactor(Database& db, long long account_id);

}  // namespace schoolbieb::store
