#include "store/account_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/clock.h"
#include "core/crypto.h"
#include "store/customer_store.h"
#include "store/library_store.h"

namespace schoolbieb::store {
namespace {

constexpr const char* kAccountColumns =
    "id, library_id, login, role, display_name, email, language, "
    "COALESCE(customer_id, 0), COALESCE(branch_id, 0), "
    "CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END, created_at";

// The commonest passwords of 12 characters or more in public breach lists,
// plus Dutch ones a school might choose. Compared case-insensitively.
constexpr std::array<std::string_view, 24> kCommonPasswords = {
    "123456789012",   "1234567890123",    "12345678910",    "qwertyuiopas",
    "password1234",   "passwordpassword", "wachtwoord12",   "wachtwoord123",
    "wachtwoord1234", "welkom123456",     "welkomwelkom",   "bibliotheek1",
    "bibliotheek123", "schoolbieb123",    "qwerty123456",   "iloveyou1234",
    "111111111111",   "000000000000",     "abcdefghijkl",   "abcd12345678",
    "administrator",  "letmein12345",     "zomer2026zomer", "docent123456"};

struct AccountRow {
  Account account;
  std::string role;
  int disabled = 0;
};

void IntoAccount(soci::statement& st, AccountRow& row) {
  Account& a = row.account;
  st.exchange(soci::into(a.id));
  st.exchange(soci::into(a.library_id));
  st.exchange(soci::into(a.login));
  st.exchange(soci::into(row.role));
  st.exchange(soci::into(a.display_name));
  st.exchange(soci::into(a.email));
  st.exchange(soci::into(a.language));
  st.exchange(soci::into(a.customer_id));
  st.exchange(soci::into(a.branch_id));
  st.exchange(soci::into(row.disabled));
  st.exchange(soci::into(a.created_at));
}

// Runs SELECT kAccountColumns FROM account WHERE `where` with one bound key.
template <typename Key>
std::vector<Account> QueryAccounts(Database& db, const std::string& where,
                                   Key key) {
  std::vector<Account> out;
  AccountRow row;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM account WHERE {} ORDER BY login",
                         kAccountColumns, where));
  IntoAccount(st, row);
  st.exchange(soci::use(key));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    row.account.role = ParseRole(row.role).value_or(Role::kTeacher);
    row.account.disabled = row.disabled != 0;
    out.push_back(row.account);
  }
  return out;
}

const Message kAccountWhat{"Dit account", "This account"};
const Message kTokenWhat{"Deze sleutel", "This token"};

size_t CodePoints(std::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kTeacher:
      return "teacher";
    case Role::kStaff:
      return "staff";
    case Role::kAdmin:
      return "admin";
  }
  return "teacher";
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "teacher" || text == "docent") return Role::kTeacher;
  if (text == "staff" || text == "medewerker") return Role::kStaff;
  if (text == "admin" || text == "beheerder") return Role::kAdmin;
  return std::nullopt;
}

Status CheckPasswordRules(std::string_view password, std::string_view login) {
  if (CodePoints(password) < 12) {
    return Status::InvalidArgument(
        "Het wachtwoord is te kort. Kies een wachtwoord van minstens 12 "
        "tekens, "
        "bijvoorbeeld een zin van een paar woorden.",
        "The password is too short. Choose a password of at least 12 "
        "characters, for example a sentence of a few words.");
  }
  if (password.size() > 1024) {
    return Status::InvalidArgument(
        "Het wachtwoord is te lang (meer dan 1024 tekens).",
        "The password is too long (over 1024 characters).");
  }
  std::string lower = Lower(password);
  bool common = std::find(kCommonPasswords.begin(), kCommonPasswords.end(),
                          lower) != kCommonPasswords.end();
  if (common || (!login.empty() && lower == Lower(login))) {
    return Status::InvalidArgument(
        "Dit wachtwoord is te makkelijk te raden. Kies een ander wachtwoord.",
        "This password is too easy to guess. Choose another password.");
  }
  return Status::Ok();
}

Status ValidateLogin(std::string_view login) {
  bool ok = login.size() >= 3 && login.size() <= 64;
  for (char c : login) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
          c == '_' || c == '@')) {
      ok = false;
    }
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format(
          "De gebruikersnaam '{}' is ongeldig: gebruik 3 tot 64 letters, "
          "cijfers, '.', '-', '_' of '@'.",
          login),
      fmt::format(
          "The login name '{}' is invalid: use 3 to 64 letters, digits, "
          "'.', '-', '_' or '@'.",
          login));
}

namespace {

// Validates the login and inserts the account with `hash` ("" for an
// account without a password yet: VerifyPassword never accepts it).
Status InsertAccount(Database& db, Account& account, const std::string& hash) {
  SB_RETURN_IF_ERROR(ValidateLogin(account.login));
  auto existing = FindAccountByLogin(db, account.login);
  if (existing.ok()) {
    return Status::AlreadyExists(
        fmt::format("De gebruikersnaam '{}' is al in gebruik. Kies een andere.",
                    account.login),
        fmt::format("The login name '{}' is already taken. Choose another.",
                    account.login));
  }
  if (existing.status().code() != Status::Code::kNotFound)
    return existing.status();
  try {
    account.created_at = SystemClock::Get().Now();
    std::string role(RoleName(account.role));
    soci::indicator customer_ind =
        account.customer_id ? soci::i_ok : soci::i_null;
    soci::indicator branch_ind = account.branch_id ? soci::i_ok : soci::i_null;
    soci::indicator changed_ind = hash.empty() ? soci::i_null : soci::i_ok;
    db.sql()
        << "INSERT INTO account (library_id, login, role, password_hash, "
           "display_name, email, language, customer_id, branch_id, created_at, "
           "password_changed_at) VALUES (:lib, :login, :role, :hash, :name, "
           ":email, :lang, :customer, :branch, :at, :changed) RETURNING id",
        soci::use(account.library_id), soci::use(account.login),
        soci::use(role), soci::use(hash), soci::use(account.display_name),
        soci::use(account.email), soci::use(account.language),
        soci::use(account.customer_id, customer_ind),
        soci::use(account.branch_id, branch_ind), soci::use(account.created_at),
        soci::use(account.created_at, changed_ind), soci::into(account.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
  return Status::Ok();
}

// AddPortalAccount with a ready hash ("" for none).
Status InsertPortalAccount(Database& db, Account& account,
                           const std::string& hash, bool grant_upload) {
  if (account.branch_id != 0) {
    auto branch = GetBranch(db, account.branch_id);
    if (!branch.ok()) return branch.status();
    if (branch->library_id != account.library_id) {
      return Status::InvalidArgument(
          "Deze vestiging hoort bij een andere bibliotheek.",
          "This branch belongs to another library.");
    }
    if (grant_upload && branch->kind != BranchKind::kSchool) {
      return Status::InvalidArgument(
          "Uploadrecht geldt alleen voor een schoolvestiging.",
          "The upload right applies to a school branch only.");
    }
  } else if (grant_upload) {
    return Status::InvalidArgument(
        "Geef de school op (--branch) waarvoor dit account mag uploaden.",
        "Name the school (--branch) this account may upload for.");
  }
  try {
    Transaction tx(db);
    if (account.role == Role::kTeacher && account.branch_id != 0) {
      Customer teacher;
      teacher.library_id = account.library_id;
      teacher.kind = "teacher";
      teacher.school_branch_id = account.branch_id;
      teacher.home_branch_id = account.branch_id;
      teacher.last_name =
          account.display_name.empty() ? account.login : account.display_name;
      teacher.email = account.email;
      if (grant_upload) teacher.upload_branch_id = account.branch_id;
      SB_RETURN_IF_ERROR(AddCustomer(db, teacher));
      account.customer_id = teacher.id;
    }
    SB_RETURN_IF_ERROR(InsertAccount(db, account, hash));
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
  return Status::Ok();
}

}  // namespace

Status AddAccount(Database& db, Account& account, std::string_view password) {
  SB_RETURN_IF_ERROR(ValidateLogin(account.login));
  SB_RETURN_IF_ERROR(CheckPasswordRules(password, account.login));
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  return InsertAccount(db, account, *hash);
}

Status AddPortalAccount(Database& db, Account& account,
                        std::string_view password, bool grant_upload) {
  SB_RETURN_IF_ERROR(ValidateLogin(account.login));
  SB_RETURN_IF_ERROR(CheckPasswordRules(password, account.login));
  // Hashed before the transaction: argon2id takes a while and holds no lock.
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  return InsertPortalAccount(db, account, *hash, grant_upload);
}

Status AddPortalAccountWithoutPassword(Database& db, Account& account,
                                       bool grant_upload) {
  SB_RETURN_IF_ERROR(ValidateLogin(account.login));
  if (account.email.empty()) {
    return Status::InvalidArgument(
        "Een account zonder wachtwoord heeft een e-mailadres nodig voor de "
        "link om een wachtwoord te kiezen. Vul een e-mailadres in, of typ zelf "
        "een wachtwoord.",
        "An account without a password needs an e-mail address for the link "
        "to choose one. Fill in an e-mail address, or type a password "
        "yourself.");
  }
  return InsertPortalAccount(db, account, "", grant_upload);
}

Result<Account> FindAccountByLogin(Database& db, std::string_view login) {
  try {
    auto rows = QueryAccounts(db, "login = :login", std::string(login));
    if (rows.empty()) {
      return Status::NotFound(
          fmt::format("Er is geen account met gebruikersnaam '{}'.", login),
          fmt::format("There is no account with login name '{}'.", login));
    }
    return rows.front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
}

Result<Account> GetAccount(Database& db, long long id) {
  try {
    auto rows = QueryAccounts(db, "id = :id", id);
    if (rows.empty()) {
      return Status::NotFound(fmt::format("Account {} bestaat niet.", id),
                              fmt::format("Account {} does not exist.", id));
    }
    return rows.front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
}

Result<std::vector<Account>> ListAccounts(Database& db, long long library_id) {
  try {
    return QueryAccounts(db, "library_id = :lib", library_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
}

Result<std::string> PasswordHash(Database& db, long long account_id) {
  try {
    std::string hash;
    db.sql() << "SELECT password_hash FROM account WHERE id = :id",
        soci::use(account_id), soci::into(hash);
    if (!db.sql().got_data()) {
      return Status::NotFound("Dit account bestaat niet.", "No such account.");
    }
    return hash;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kAccountWhat);
  }
}

Result<std::string> CreateApiToken(Database& db, long long account_id,
                                   std::string_view label) {
  auto account = GetAccount(db, account_id);
  if (!account.ok()) return account.status();
  if (account->disabled) {
    return Status::FailedPrecondition(
        fmt::format("Account '{}' is uitgeschakeld; het krijgt geen sleutel.",
                    account->login),
        fmt::format("Account '{}' is disabled; it gets no token.",
                    account->login));
  }
  std::string token = "sbt_" + RandomToken(32);
  std::string hash = Sha256Hex(token);
  std::string label_copy(label);
  try {
    long long now = SystemClock::Get().Now();
    db.sql()
        << "INSERT INTO api_token (account_id, token_hash, label, created_at) "
           "VALUES (:account, :hash, :label, :at)",
        soci::use(account_id), soci::use(hash), soci::use(label_copy),
        soci::use(now);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
  return token;
}

Result<Account> FindAccountByApiToken(Database& db, std::string_view token) {
  try {
    std::string hash = Sha256Hex(token);
    long long account_id = 0;
    db.sql()
        << "SELECT t.account_id FROM api_token t JOIN account a ON a.id = "
           "t.account_id WHERE t.token_hash = :hash AND t.revoked_at IS NULL "
           "AND a.disabled_at IS NULL",
        soci::use(hash), soci::into(account_id);
    if (!db.sql().got_data()) {
      return Status::NotFound("Deze sleutel is onbekend of ingetrokken.",
                              "This token is unknown or revoked.");
    }
    return GetAccount(db, account_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kTokenWhat);
  }
}

}  // namespace schoolbieb::store
