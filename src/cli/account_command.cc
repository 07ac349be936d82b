// schoolbieb account add|list|two-factor-off: portal logins for teachers,
// staff and admins.
#include <fmt/format.h>

#include <istream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/account_store.h"
#include "store/library_store.h"
#include "store/session_store.h"
#include "store/two_factor.h"

namespace schoolbieb::cli {
namespace {

struct AccountOptions {
  std::string library;
  std::string login;
  std::string role;
  std::string branch;
  std::string name;
  std::string email;
  bool password_stdin = false;
  bool grant_upload = false;
};

nlohmann::json ToJson(const store::Account& a, const std::string& branch_code) {
  return {{"id", a.id},
          {"login", a.login},
          {"role", store::RoleName(a.role)},
          {"branch", branch_code},
          {"name", a.display_name},
          {"disabled", a.disabled}};
}

int RunAdd(Context& ctx, const AccountOptions& opt) {
  auto role = store::ParseRole(opt.role);
  if (!role) {
    return ctx.Fail(Status::InvalidArgument(
        fmt::format("Onbekende rol '{}': kies teacher, staff of admin.",
                    opt.role),
        fmt::format("Unknown role '{}': choose teacher, staff or admin.",
                    opt.role)));
  }
  if (!opt.password_stdin) {
    return ctx.Fail(
        Status::InvalidArgument("Geef het wachtwoord via standaardinvoer met "
                                "--password-stdin, zodat het niet in "
                                "de opdrachtgeschiedenis komt.",
                                "Pass the password on standard input with "
                                "--password-stdin, so it stays out "
                                "of the shell history."));
  }
  std::string password;
  std::getline(ctx.io.in, password);
  while (!password.empty() &&
         (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  store::Account account;
  account.library_id = library->id;
  account.login = opt.login;
  account.role = *role;
  account.display_name = opt.name;
  account.email = opt.email;
  if (!opt.branch.empty()) {
    auto branch = store::FindBranch(*db, library->id, opt.branch);
    if (!branch.ok()) return ctx.Fail(branch.status());
    account.branch_id = branch->id;
  }
  Status s = store::AddPortalAccount(*db, account, password, opt.grant_upload);
  if (!s.ok()) return ctx.Fail(s);
  ctx.Audit(
      *db, "account.add", "account", account.id, library->id,
      nlohmann::json({{"role", opt.role}, {"upload_right", opt.grant_upload}})
          .dump());
  if (ctx.json) {
    ctx.io.out << ToJson(account, opt.branch).dump() << "\n";
  } else {
    ctx.io.out << fmt::format(
        fmt::runtime(
            ctx.language() == Language::kEnglish
                ? "Account '{}' ({}) added to library '{}'.\n"
                : "Account '{}' ({}) toegevoegd aan bibliotheek '{}'.\n"),
        account.login, store::RoleName(account.role), library->code);
  }
  return kExitOk;
}

int RunList(Context& ctx, const std::string& library_code) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, library_code);
  if (!library.ok()) return ctx.Fail(library.status());
  auto accounts = store::ListAccounts(*db, library->id);
  if (!accounts.ok()) return ctx.Fail(accounts.status());
  auto branches = store::ListBranches(*db, library->id);
  if (!branches.ok()) return ctx.Fail(branches.status());
  auto branch_code = [&](long long id) {
    for (const auto& b : *branches) {
      if (b.id == id) return b.code;
    }
    return std::string();
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : *accounts) {
    if (ctx.json) {
      out.push_back(ToJson(a, branch_code(a.branch_id)));
    } else {
      ctx.io.out << fmt::format(
          "{:<24} {:<8} {:<20}{}\n", a.login, store::RoleName(a.role),
          branch_code(a.branch_id), a.disabled ? " (disabled)" : "");
    }
  }
  if (ctx.json) ctx.io.out << out.dump() << "\n";
  return kExitOk;
}

// For a lost phone without recovery codes: someone with access to the
// server, having checked who asks, turns two-step verification off; the
// holder then sets it up again (staff are sent there by their library's
// setting). Every session of the account ends.
int RunTwoFactorOff(Context& ctx, const std::string& login) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto account = store::FindAccountByLogin(*db, login);
  if (!account.ok()) return ctx.Fail(account.status());
  Status off = store::DisableTwoFactor(*db, account->id);
  if (off.ok()) off = store::EndAccountSessions(*db, account->id);
  if (!off.ok()) return ctx.Fail(off);
  ctx.Audit(*db, "two_factor.disabled", "account", account->id,
            account->library_id, R"({"by":"cli"})");
  ctx.io.out << fmt::format(
      fmt::runtime(ctx.language() == Language::kEnglish
                       ? "Two-step verification of '{}' is off; its sessions "
                         "have ended.\n"
                       : "Tweestapsverificatie van '{}' staat uit; de sessies "
                         "zijn beëindigd.\n"),
      account->login);
  return kExitOk;
}

}  // namespace

void SetUpAccount(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<AccountOptions>();
  CLI::App* add = command.add_subcommand("add", "Add a portal account");
  add->add_option("LIBRARY", opt->library, "Library code")->required();
  add->add_option("LOGIN", opt->login, "Login name")->required();
  add->add_option("--role", opt->role, "teacher, staff or admin")->required();
  add->add_option("--branch", opt->branch,
                  "The teacher's school (branch code)");
  add->add_option("--name", opt->name, "Display name");
  add->add_option("--email", opt->email, "E-mail address");
  add->add_flag("--password-stdin", opt->password_stdin,
                "Read the password from standard input");
  add->add_flag("--grant-upload", opt->grant_upload,
                "Give the upload right for --branch (teachers)");
  add->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunAdd(ctx, *opt); }; });
  auto library = std::make_shared<std::string>();
  CLI::App* list = command.add_subcommand("list", "List a library's accounts");
  list->add_option("LIBRARY", *library, "Library code")->required();
  list->callback([&ctx, library] {
    ctx.action = [&ctx, library] { return RunList(ctx, *library); };
  });
  auto login = std::make_shared<std::string>();
  CLI::App* off = command.add_subcommand(
      "two-factor-off",
      "Turn off an account's two-step verification (a lost phone)");
  off->add_option("LOGIN", *login, "Login name")->required();
  off->callback([&ctx, login] {
    ctx.action = [&ctx, login] { return RunTwoFactorOff(ctx, *login); };
  });
}

}  // namespace schoolbieb::cli
