// Portal accounts (teacher, staff, admin) and API bearer tokens.
//
// Passwords and tokens are never stored: accounts keep an argon2id hash,
// tokens a SHA-256 of the token. A token is shown once, when it is made.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

enum class Role { kTeacher, kStaff, kAdmin };

std::string_view RoleName(Role role);
// "teacher"/"docent", "staff"/"medewerker", "admin"/"beheerder".
std::optional<Role> ParseRole(std::string_view text);

struct Account {
  long long id = 0;
  long long library_id = 0;
  std::string login;
  Role role = Role::kTeacher;
  std::string display_name;
  std::string email;
  std::string language = "nl";
  long long customer_id = 0;  // 0: none
  long long branch_id = 0;  // 0: none (a teacher's own school, a staff's home)
  bool disabled = false;
  long long created_at = 0;
};

// Password rules: at least 12 characters (counted as code points), not a
// commonly used password, not the login name. The message says which rule.
Status CheckPasswordRules(std::string_view password, std::string_view login);

// Checks a login name: 3–64 characters of letters, digits, '.', '-', '_', '@'.
Status ValidateLogin(std::string_view login);

// Adds an account with the given password (rules checked and hashed here).
// AlreadyExists when the login is taken (logins are unique over all
// libraries, since the login form asks for no library).
Status AddAccount(Database& db, Account& account, std::string_view password);

// Adds the account and, for a teacher with a school branch, the teacher's
// customer record linked to it (kind "teacher", school = that branch), with
// the upload right for that branch when `grant_upload` is set. All or
// nothing, in one transaction.
Status AddPortalAccount(Database& db, Account& account,
                        std::string_view password, bool grant_upload);

// As AddPortalAccount, but the account gets no password: it cannot log in
// until its holder sets one through a password link
// (store/password_reset.h), so it needs an e-mail address for the link
// (InvalidArgument otherwise; the caller checks its form). Runs in the caller's
// transaction when one is open, so the link and its mail commit with the
// account.
Status AddPortalAccountWithoutPassword(Database& db, Account& account,
                                       bool grant_upload);

Result<Account> FindAccountByLogin(Database& db, std::string_view login);
Result<Account> GetAccount(Database& db, long long id);
Result<std::vector<Account>> ListAccounts(Database& db, long long library_id);

// The stored hash, for the login check; empty for an account that has no
// password yet.
Result<std::string> PasswordHash(Database& db, long long account_id);

// Makes a new API token for the account and returns it (the only time it is
// visible). FailedPrecondition for a disabled account.
Result<std::string> CreateApiToken(Database& db, long long account_id,
                                   std::string_view label);

// The account a token belongs to; NotFound for an unknown, revoked token or
// a disabled account.
Result<Account> FindAccountByApiToken(Database& db, std::string_view token);

}  // namespace schoolbieb::store
