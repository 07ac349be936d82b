// schoolbieb token create LOGIN: a new API bearer token, shown once.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/account_store.h"

namespace schoolbieb::cli {
namespace {

struct TokenOptions {
  std::string login;
  std::string label;
};

int RunCreate(Context& ctx, const TokenOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto account = store::FindAccountByLogin(*db, opt.login);
  if (!account.ok()) return ctx.Fail(account.status());
  auto token = store::CreateApiToken(*db, account->id, opt.label);
  if (!token.ok()) return ctx.Fail(token.status());
  ctx.Audit(*db, "token.create", "account", account->id, account->library_id);
  if (ctx.json) {
    ctx.io.out
        << nlohmann::json({{"login", account->login}, {"token", *token}}).dump()
        << "\n";
  } else {
    ctx.io.out << *token << "\n";
    ctx.io.err << (ctx.language() == Language::kEnglish
                       ? "Keep this token safe: it is shown only once.\n"
                       : "Bewaar deze sleutel goed: hij wordt maar één keer "
                         "getoond.\n");
  }
  return kExitOk;
}

}  // namespace

void SetUpToken(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<TokenOptions>();
  CLI::App* create =
      command.add_subcommand("create", "Create an API token for an account");
  create->add_option("LOGIN", opt->login, "Login name of the account")
      ->required();
  create->add_option("--label", opt->label, "What the token is for");
  create->callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunCreate(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
