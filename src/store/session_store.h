// Portal sessions and logins.
//
// A session token is 256 bits from the CSPRNG, given to the browser once
// (an HttpOnly cookie) and stored only as its SHA-256, so a copy of the
// database lets no one in. A session ends at logout, after being idle too
// long, after an absolute lifetime, and when its account is disabled. Each
// session carries its own CSRF token for state-changing forms.
//
// Logins are throttled per account and per address across every server
// process (the failures live in the database), and a wrong login name and
// a wrong password get the same answer. Functions take the clock so tests
// can move time; they are as thread-safe as the Database.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "store/account_store.h"
#include "store/database.h"

namespace schoolbieb::store {

struct SessionPolicy {
  int64_t idle_seconds = 30 * 60;
  int64_t absolute_seconds = 12 * 60 * 60;
  // Failed logins within the window before a login name or an address is
  // refused for the rest of it.
  int64_t failure_window_seconds = 15 * 60;
  int max_failures_per_login = 5;
  int max_failures_per_address = 20;
  // How long a session that passed the password may wait for its
  // two-factor code (store/two_factor.h) before the login starts over.
  int64_t second_step_seconds = 5 * 60;
};

struct Session {
  long long id = 0;
  long long account_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;  // the absolute end
  std::string remote_addr;
  // Passed the password, not yet the two-factor code: admits to nothing but
  // the code page (web/page.h).
  bool awaiting_second_factor = false;
};

struct NewSession {
  std::string token;  // for the cookie; never stored
  Session session;
};

// Starts a session for the account (always a new token: a token from
// before the login is never reused). With `awaiting_second_factor` it has
// passed the password only and waits for the account's two-factor code: it
// admits to nothing but the code page (web/page.h) and lasts
// `policy.second_step_seconds`.
Result<NewSession> CreateSession(Database& db, long long account_id,
                                 std::string_view remote_addr,
                                 const SessionPolicy& policy = {},
                                 const Clock& clock = SystemClock::Get(),
                                 bool awaiting_second_factor = false);

// Ends the waiting session `session_id` and starts a signed-in one with a
// new token and CSRF token, in one transaction. PermissionDenied when the
// session no longer exists or is not waiting (a second request with the
// same code lost the race).
Result<NewSession> CompleteSecondStep(Database& db, long long session_id,
                                      std::string_view remote_addr,
                                      const SessionPolicy& policy = {},
                                      const Clock& clock = SystemClock::Get());

// The signed-in session of `token`, its last use moved to now.
// PermissionDenied ("log opnieuw in") when the token is unknown, idle too
// long, past its lifetime, its account is disabled, or it still waits for
// its two-factor code; an ended session is deleted.
Result<Session> ValidateSession(Database& db, std::string_view token,
                                const SessionPolicy& policy = {},
                                const Clock& clock = SystemClock::Get());

// As ValidateSession, but a session waiting for its two-factor code is
// returned too (`awaiting_second_factor` set): for admission only, which
// must then let it reach nothing but the code page.
Result<Session> ValidateAnySession(Database& db, std::string_view token,
                                   const SessionPolicy& policy = {},
                                   const Clock& clock = SystemClock::Get());

// Logout: the token stops working at once.
Status EndSession(Database& db, std::string_view token);
// Ends every session of an account (password change, disabling).
Status EndAccountSessions(Database& db, long long account_id);
// Ends every session of an account but `keep_session_id` (its sign-in
// changed: two-step verification turned on or off).
Status EndOtherSessions(Database& db, long long account_id,
                        long long keep_session_id);
// A new password for an enabled account, in the caller's transaction: the
// hash and its time are stored, and every session of the account but
// `keep_session_id` (0: every one) is ended. PermissionDenied ("Dit account
// is uitgezet") when the account is disabled or gone; throws soci::soci_error
// like the session.
Status ReplacePasswordHash(Database& db, long long account_id,
                           const std::string& hash, long long now,
                           long long keep_session_id = 0);
// Disables an account (admins) and ends its sessions, in one transaction.
Status DisableAccount(Database& db, long long account_id,
                      const Clock& clock = SystemClock::Get());

// Checks login name and password. On success returns the account and
// forgets the name's failures; on failure records one and returns
// PermissionDenied with one message whether the name or the password was
// wrong; ResourceExhausted ("te veel pogingen") while the name or the
// address is throttled — then the password is not even checked.
Result<Account> Login(Database& db, std::string_view login,
                      std::string_view password, std::string_view remote_addr,
                      const SessionPolicy& policy = {},
                      const Clock& clock = SystemClock::Get());

// A signed-in user changes their own password. The current one is checked
// as Login checks it — a wrong one counts as a failed login of the account
// and the same throttling applies (ResourceExhausted) — and a wrong one is
// PermissionDenied ("het huidige wachtwoord klopt niet"). InvalidArgument
// when the new password breaks CheckPasswordRules or is the current one.
// On success, in one transaction: the new hash is stored and every other
// session of the account is ended (`keep_session_id` goes on). Nothing
// changes on failure.
Status ChangePassword(Database& db, const Account& account,
                      long long keep_session_id, std::string_view current,
                      std::string_view new_password,
                      std::string_view remote_addr,
                      const SessionPolicy& policy = {},
                      const Clock& clock = SystemClock::Get());

}  // namespace schoolbieb::store
