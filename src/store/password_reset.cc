#include "store/password_reset.h"

#include <fmt/format.h>

#include "core/crypto.h"
#include "store/session_store.h"

namespace schoolbieb::store {
namespace {

const Message kTokenWhat{"Deze link", "This link"};

Status LinkGone() {
  return Status::FailedPrecondition(
      "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.",
      "This link has expired or has already been used. Ask for a new one.");
}

Status AccountDisabled() {
  return Status::PermissionDenied(
      "Dit account is uitgezet. Vraag de bibliotheek om hulp.",
      "This account has been disabled. Ask the library for help.");
}

// The number of rows the statement changed.
template <typename... Uses>
long long Execute(Database& db, const std::string& sql, Uses&&... uses) {
  soci::statement st =
      ((db.sql().prepare << sql), ..., std::forward<Uses>(uses));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

std::string_view PasswordPurposeName(PasswordPurpose purpose) {
  return purpose == PasswordPurpose::kSet ? "set" : "reset";
}

Result<std::string> CreatePasswordToken(Database& db, long long account_id,
                                        PasswordPurpose purpose,
                                        const Clock& clock,
                                        int64_t valid_seconds,
                                        int max_per_hour) {
  try {
    Transaction tx(db);
    // The lock makes count-then-insert one step for parallel requests.
    std::string lock =
        "SELECT CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END FROM account "
        "WHERE id = :id";
    if (db.backend() == Backend::kPostgresql) lock += " FOR UPDATE";
    int disabled = 0;
    db.sql() << lock, soci::use(account_id), soci::into(disabled);
    if (!db.sql().got_data()) {
      return Status::NotFound(
          fmt::format("Account {} bestaat niet.", account_id),
          fmt::format("Account {} does not exist.", account_id));
    }
    if (disabled) {
      return Status::FailedPrecondition(
          "Dit account is uitgezet; het krijgt geen link.",
          "This account has been disabled; it gets no link.");
    }
    long long now = clock.Now();
    long long hour_ago = now - 60 * 60;
    std::string purpose_name(PasswordPurposeName(purpose));
    if (max_per_hour > 0) {
      int recent = 0;
      db.sql() << "SELECT COUNT(*) FROM password_token WHERE account_id = :a "
                  "AND purpose = :p AND created_at > :since",
          soci::use(account_id), soci::use(purpose_name), soci::use(hour_ago),
          soci::into(recent);
      if (recent >= max_per_hour) {
        return Status::ResourceExhausted(
            "Er zijn het afgelopen uur al genoeg links voor dit account "
            "gestuurd. Probeer het later opnieuw.",
            "Enough links were sent for this account in the past hour. Try "
            "again later.");
      }
    }
    // Rows that expired over an hour ago count for nothing any more (a row
    // made within the hour expires no earlier than it was made).
    db.sql() << "DELETE FROM password_token WHERE account_id = :a AND "
                "expires_at < :cutoff",
        soci::use(account_id), soci::use(hour_ago);
    db.sql() << "UPDATE password_token SET expires_at = :now WHERE account_id "
                "= :a AND used_at IS NULL AND expires_at > :now2",
        soci::use(now), soci::use(account_id), soci::use(now);
    std::string token = RandomToken(32);
    std::string hash = Sha256Hex(token);
    long long expires_at = now + valid_seconds;
    db.sql() << "INSERT INTO password_token (account_id, token_hash, purpose, "
                "created_at, expires_at) VALUES (:a, :h, :p, :t, :e)",
        soci::use(account_id), soci::use(hash), soci::use(purpose_name),
        soci::use(now), soci::use(expires_at);
    tx.Commit();
    return token;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
}

Result<PasswordTokenInfo> CheckPasswordToken(Database& db,
                                             std::string_view token,
                                             const Clock& clock) {
  if (token.empty()) return LinkGone();
  PasswordTokenInfo info;
  try {
    std::string hash = Sha256Hex(token);
    long long account_id = 0, expires_at = 0;
    std::string purpose;
    int used = 0;
    db.sql() << "SELECT account_id, purpose, expires_at, CASE WHEN used_at IS "
                "NULL THEN 0 ELSE 1 END FROM password_token WHERE token_hash "
                "= :h",
        soci::use(hash), soci::into(account_id), soci::into(purpose),
        soci::into(expires_at), soci::into(used);
    if (!db.sql().got_data() || used || clock.Now() >= expires_at) {
      return LinkGone();
    }
    auto account = GetAccount(db, account_id);
    if (!account.ok()) return account.status();
    if (account->disabled) return AccountDisabled();
    info.account = std::move(*account);
    info.purpose =
        purpose == "set" ? PasswordPurpose::kSet : PasswordPurpose::kReset;
    info.expires_at = expires_at;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
  return info;
}

Result<Account> UsePasswordToken(Database& db, std::string_view token,
                                 std::string_view new_password,
                                 const Clock& clock) {
  auto info = CheckPasswordToken(db, token, clock);
  if (!info.ok()) return info.status();
  const Account& account = info->account;
  SB_RETURN_IF_ERROR(CheckPasswordRules(new_password, account.login));
  // Hashed outside the transaction: argon2id takes a while and needs no lock.
  auto password_hash = HashPassword(new_password);
  if (!password_hash.ok()) return password_hash.status();
  try {
    Transaction tx(db);
    long long now = clock.Now();
    std::string token_hash = Sha256Hex(token);
    long long account_id = account.id;
    // The conditions are checked again where they are written: of two uses
    // at once, the second finds the token used (PostgreSQL re-reads the row
    // once the first commits; SQLite lets one writer at a time).
    if (Execute(db,
                "UPDATE password_token SET used_at = :now WHERE token_hash = "
                ":h AND account_id = :a AND used_at IS NULL AND expires_at > "
                ":now2",
                soci::use(now), soci::use(token_hash), soci::use(account_id),
                soci::use(now)) != 1) {
      return LinkGone();
    }
    SB_RETURN_IF_ERROR(
        ReplacePasswordHash(db, account_id, *password_hash, now));
    std::string login = account.login;
    db.sql() << "DELETE FROM login_failure WHERE login = :l", soci::use(login);
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
  return account;
}

Result<std::vector<Account>> FindAccountsForPasswordMail(
    Database& db, std::string_view login_or_email) {
  std::vector<Account> out;
  if (login_or_email.empty()) return out;
  auto usable = [](const Account& a) {
    return !a.disabled && !a.email.empty();
  };
  auto by_login = FindAccountByLogin(db, login_or_email);
  if (by_login.ok()) {
    if (usable(*by_login)) out.push_back(std::move(*by_login));
    return out;
  }
  if (by_login.status().code() != Status::Code::kNotFound) {
    return by_login.status();
  }
  try {
    std::string email(login_or_email);
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st =
        (db.sql().prepare << "SELECT id FROM account WHERE LOWER(email) = "
                             "LOWER(:e) AND disabled_at IS NULL ORDER BY id",
         soci::use(email), soci::into(id));
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
    for (long long account_id : ids) {
      auto account = GetAccount(db, account_id);
      if (!account.ok()) return account.status();
      if (usable(*account)) out.push_back(std::move(*account));
    }
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
  return out;
}

}  // namespace schoolbieb::store
