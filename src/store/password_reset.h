// Single-use links to set a password: a new account's first password, and
// "wachtwoord vergeten".
//
// A link carries a 256-bit token from the CSPRNG, shown once (in the mail);
// the database keeps only its SHA-256, so a copy of it opens no account. A
// token works once, until it expires, and only while its account is enabled.
// Making a token for an account ends that account's earlier unused ones, so
// only the newest link in someone's mailbox works. Setting the password ends
// every session of the account.
//
// Functions take the clock so tests can move time; they are as thread-safe as
// the Database they are given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/account_store.h"
#include "store/database.h"

namespace schoolbieb::store {

enum class PasswordPurpose {
  kSet,    // a new account's first password
  kReset,  // "wachtwoord vergeten"
};

// "set", "reset": the stored words.
std::string_view PasswordPurposeName(PasswordPurpose purpose);

// How long a link works.
inline constexpr int64_t kSetPasswordSeconds = 24 * 60 * 60;
inline constexpr int64_t kResetPasswordSeconds = 30 * 60;

// Makes a token for the account and returns it (the only time it is
// visible), valid for `valid_seconds` from now; the account's earlier unused
// tokens stop working. With `max_per_hour` > 0, ResourceExhausted (and
// nothing changes) when that many tokens of `purpose` were already made for
// the account in the past hour — the "wachtwoord vergeten" throttle; the
// account row is locked first (PostgreSQL), so parallel requests cannot pass
// the limit together (on SQLite the second writer fails instead). NotFound
// for an unknown account, FailedPrecondition for a disabled one. Runs in the
// caller's transaction when one is open, so the mail carrying the token
// commits with it.
Result<std::string> CreatePasswordToken(Database& db, long long account_id,
                                        PasswordPurpose purpose,
                                        const Clock& clock,
                                        int64_t valid_seconds,
                                        int max_per_hour = 0);

// What a token is for.
struct PasswordTokenInfo {
  Account account;
  PasswordPurpose purpose = PasswordPurpose::kReset;
  int64_t expires_at = 0;
};

// The account a token would set the password of, without using the token
// (the form shows the login name). FailedPrecondition ("Deze link is
// verlopen of al gebruikt. Vraag een nieuwe aan.") for an unknown, used or
// expired token alike, so a guess learns nothing; PermissionDenied when the
// account is disabled.
Result<PasswordTokenInfo> CheckPasswordToken(Database& db,
                                             std::string_view token,
                                             const Clock& clock);

// Sets the account's password through its token. The errors of
// CheckPasswordToken, and InvalidArgument when the password breaks
// CheckPasswordRules (the token then stays usable). On success, in one
// transaction: the new hash is stored, the token marked used, every session
// of the account ended and its failed logins forgotten (so the login that
// follows is not refused for earlier attempts). Of two uses of one token at
// the same moment exactly one succeeds. Nothing changes on failure.
Result<Account> UsePasswordToken(Database& db, std::string_view token,
                                 std::string_view new_password,
                                 const Clock& clock);

// The enabled accounts "wachtwoord vergeten" may mail for what the visitor
// typed: the account with that login name, or else every account with that
// e-mail address (compared without regard to case). Accounts without an
// e-mail address are left out. Empty when none.
Result<std::vector<Account>> FindAccountsForPasswordMail(
    Database& db, std::string_view login_or_email);

}  // namespace schoolbieb::store
