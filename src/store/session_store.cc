#include "store/session_store.h"

#include <fmt/format.h>

#include "core/crypto.h"

namespace schoolbieb::store {
namespace {

const Message kSessionWhat{"Deze sessie", "This session"};

Status LogInAgain() {
  return Status::PermissionDenied(
      "Je bent niet (meer) ingelogd. Log opnieuw in.",
      "You are not logged in (any more). Please log in again.");
}

Status WrongLogin() {
  return Status::PermissionDenied(
      "De gebruikersnaam of het wachtwoord klopt niet.",
      "The user name or the password is not right.");
}

// A password hash to verify against when the login name is unknown, so a
// wrong name costs the same time as a wrong password.
const std::string& DummyHash() {
  static const std::string* const kHash = [] {
    auto hash = HashPassword("geen-echt-wachtwoord-2026");
    return new std::string(hash.ok() ? *hash : "");
  }();
  return *kHash;
}

Result<Session> FindSession(Database& db, std::string_view token,
                            const SessionPolicy& policy, const Clock& clock,
                            bool allow_awaiting) {
  if (token.empty()) return LogInAgain();
  try {
    std::string hash = Sha256Hex(token);
    Session s;
    long long created_at = 0, last_seen_at = 0, expires_at = 0;
    int disabled = 0, awaiting = 0;
    db.sql() << "SELECT s.id, s.account_id, s.csrf_token, s.created_at, "
                "s.last_seen_at, s.expires_at, s.remote_addr, "
                "s.awaiting_second_factor, CASE WHEN a.disabled_at IS NULL "
                "THEN 0 ELSE 1 END FROM session s JOIN account a ON a.id = "
                "s.account_id WHERE s.token_hash = :h",
        soci::into(s.id), soci::into(s.account_id), soci::into(s.csrf_token),
        soci::into(created_at), soci::into(last_seen_at),
        soci::into(expires_at), soci::into(s.remote_addr), soci::into(awaiting),
        soci::into(disabled), soci::use(hash);
    if (!db.sql().got_data()) return LogInAgain();
    long long now = clock.Now();
    if (disabled || now >= expires_at ||
        now - last_seen_at >= policy.idle_seconds) {
      db.sql() << "DELETE FROM session WHERE id = :id", soci::use(s.id);
      return LogInAgain();
    }
    s.awaiting_second_factor = awaiting != 0;
    if (s.awaiting_second_factor && !allow_awaiting) return LogInAgain();
    // Activity is written down once a minute at most: a write per request
    // made every signed-in page wait for SQLite's one writer (a p99 of
    // ~1 s with 50 connections, bench/portal.py); the idle timeout is
    // counted to the minute.
    constexpr long long kTouchEvery = 60;
    if (now - last_seen_at >= kTouchEvery) {
      db.sql() << "UPDATE session SET last_seen_at = :t WHERE id = :id",
          soci::use(now), soci::use(s.id);
      last_seen_at = now;
    }
    s.created_at = created_at;
    s.last_seen_at = last_seen_at;
    s.expires_at = expires_at;
    return s;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
}

}  // namespace

Result<NewSession> CreateSession(Database& db, long long account_id,
                                 std::string_view remote_addr,
                                 const SessionPolicy& policy,
                                 const Clock& clock,
                                 bool awaiting_second_factor) {
  NewSession created;
  created.token = RandomToken(32);
  Session& s = created.session;
  s.account_id = account_id;
  s.csrf_token = RandomToken(32);
  s.created_at = s.last_seen_at = clock.Now();
  s.expires_at =
      s.created_at + (awaiting_second_factor ? policy.second_step_seconds
                                             : policy.absolute_seconds);
  s.remote_addr = std::string(remote_addr);
  s.awaiting_second_factor = awaiting_second_factor;
  try {
    std::string hash = Sha256Hex(created.token);
    long long created_at = s.created_at, expires_at = s.expires_at;
    int awaiting = awaiting_second_factor ? 1 : 0;
    db.sql() << "INSERT INTO session (token_hash, account_id, csrf_token, "
                "created_at, last_seen_at, expires_at, remote_addr, "
                "awaiting_second_factor) VALUES (:h, :a, :c, :t, :t2, :e, :r, "
                ":w) RETURNING id",
        soci::use(hash), soci::use(account_id), soci::use(s.csrf_token),
        soci::use(created_at), soci::use(created_at), soci::use(expires_at),
        soci::use(s.remote_addr), soci::use(awaiting), soci::into(s.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return created;
}

Result<NewSession> CompleteSecondStep(Database& db, long long session_id,
                                      std::string_view remote_addr,
                                      const SessionPolicy& policy,
                                      const Clock& clock) {
  try {
    Transaction tx(db);
    long long account_id = 0;
    db.sql() << "SELECT account_id FROM session WHERE id = :id AND "
                "awaiting_second_factor = 1",
        soci::use(session_id), soci::into(account_id);
    if (!db.sql().got_data()) return LogInAgain();
    soci::statement st =
        (db.sql().prepare << "DELETE FROM session WHERE id = :id AND "
                             "awaiting_second_factor = 1",
         soci::use(session_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return LogInAgain();
    auto created = CreateSession(db, account_id, remote_addr, policy, clock);
    if (!created.ok()) return created.status();
    tx.Commit();
    return created;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
}

Result<Session> ValidateSession(Database& db, std::string_view token,
                                const SessionPolicy& policy,
                                const Clock& clock) {
  return FindSession(db, token, policy, clock, /*allow_awaiting=*/false);
}

Result<Session> ValidateAnySession(Database& db, std::string_view token,
                                   const SessionPolicy& policy,
                                   const Clock& clock) {
  return FindSession(db, token, policy, clock, /*allow_awaiting=*/true);
}

Status EndSession(Database& db, std::string_view token) {
  try {
    std::string hash = Sha256Hex(token);
    db.sql() << "DELETE FROM session WHERE token_hash = :h", soci::use(hash);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return Status::Ok();
}

Status EndAccountSessions(Database& db, long long account_id) {
  try {
    db.sql() << "DELETE FROM session WHERE account_id = :a",
        soci::use(account_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return Status::Ok();
}

Status EndOtherSessions(Database& db, long long account_id,
                        long long keep_session_id) {
  try {
    db.sql() << "DELETE FROM session WHERE account_id = :a AND id <> :k",
        soci::use(account_id), soci::use(keep_session_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return Status::Ok();
}

Status ReplacePasswordHash(Database& db, long long account_id,
                           const std::string& hash, long long now,
                           long long keep_session_id) {
  soci::statement st =
      (db.sql().prepare << "UPDATE account SET password_hash = :h, "
                           "password_changed_at = :now WHERE id = :id AND "
                           "disabled_at IS NULL",
       soci::use(hash), soci::use(now), soci::use(account_id));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Status::PermissionDenied(
        "Dit account is uitgezet. Vraag de bibliotheek om hulp.",
        "This account has been disabled. Ask the library for help.");
  }
  return EndOtherSessions(db, account_id, keep_session_id);
}

Status DisableAccount(Database& db, long long account_id, const Clock& clock) {
  try {
    Transaction tx(db);
    long long now = clock.Now();
    soci::statement st =
        (db.sql().prepare << "UPDATE account SET disabled_at = :t WHERE id = "
                             ":id",
         soci::use(now), soci::use(account_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound(
          fmt::format("Account {} bestaat niet.", account_id),
          fmt::format("Account {} does not exist.", account_id));
    }
    SB_RETURN_IF_ERROR(EndAccountSessions(db, account_id));
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return Status::Ok();
}

Result<Account> Login(Database& db, std::string_view login,
                      std::string_view password, std::string_view remote_addr,
                      const SessionPolicy& policy, const Clock& clock) {
  std::string name(login);
  std::string address(remote_addr);
  long long now = clock.Now();
  long long since = now - policy.failure_window_seconds;
  try {
    db.sql() << "DELETE FROM login_failure WHERE at < :since", soci::use(since);
    int by_login = 0, by_address = 0;
    db.sql() << "SELECT COUNT(*) FROM login_failure WHERE login = :l AND at "
                ">= :since",
        soci::use(name), soci::use(since), soci::into(by_login);
    db.sql() << "SELECT COUNT(*) FROM login_failure WHERE remote_addr = :r "
                "AND at >= :since",
        soci::use(address), soci::use(since), soci::into(by_address);
    if (by_login >= policy.max_failures_per_login ||
        by_address >= policy.max_failures_per_address) {
      return Status::ResourceExhausted(
          fmt::format("Te veel mislukte pogingen. Wacht {} minuten en probeer "
                      "het dan opnieuw, of vraag de bibliotheek om hulp.",
                      policy.failure_window_seconds / 60),
          fmt::format("Too many failed attempts. Wait {} minutes and try "
                      "again, or ask the library for help.",
                      policy.failure_window_seconds / 60));
    }
    auto account = FindAccountByLogin(db, login);
    bool good = false;
    if (account.ok() && !account->disabled) {
      // An account still waiting for its password link has an empty hash,
      // which never matches; it costs the same time as a wrong password.
      auto hash = PasswordHash(db, account->id);
      bool has_password = hash.ok() && !hash->empty();
      good = VerifyPassword(password, has_password ? *hash : DummyHash()) &&
             has_password;
    } else {
      VerifyPassword(password, DummyHash());
    }
    if (!good) {
      db.sql() << "INSERT INTO login_failure (login, remote_addr, at) VALUES "
                  "(:l, :r, :t)",
          soci::use(name), soci::use(address), soci::use(now);
      return WrongLogin();
    }
    db.sql() << "DELETE FROM login_failure WHERE login = :l", soci::use(name);
    return account;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
}

Status ChangePassword(Database& db, const Account& account,
                      long long keep_session_id, std::string_view current,
                      std::string_view new_password,
                      std::string_view remote_addr, const SessionPolicy& policy,
                      const Clock& clock) {
  auto checked = Login(db, account.login, current, remote_addr, policy, clock);
  if (!checked.ok()) {
    if (checked.status().code() != Status::Code::kPermissionDenied) {
      return checked.status();
    }
    return Status::PermissionDenied(
        "Het huidige wachtwoord klopt niet. Typ het opnieuw; weet u het niet "
        "meer, log dan uit en kies \"Wachtwoord vergeten?\".",
        "The current password is not right. Type it again; if you no longer "
        "know it, log out and choose \"Forgot your password?\".");
  }
  if (new_password == current) {
    return Status::InvalidArgument(
        "Het nieuwe wachtwoord is hetzelfde als het huidige. Kies een ander.",
        "The new password is the same as the current one. Choose another.");
  }
  SB_RETURN_IF_ERROR(CheckPasswordRules(new_password, account.login));
  // Hashed outside the transaction: argon2id takes a while and needs no lock.
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  try {
    Transaction tx(db);
    SB_RETURN_IF_ERROR(ReplacePasswordHash(db, account.id, *hash, clock.Now(),
                                           keep_session_id));
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kSessionWhat);
  }
  return Status::Ok();
}

}  // namespace schoolbieb::store
