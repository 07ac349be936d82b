// schoolbieb demo: migrate, load the demo library into an empty database and
// print the demo logins.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/demo_data.h"

namespace schoolbieb::cli {
namespace {

int RunDemo(Context& ctx) {
  auto db = ctx.OpenCurrentDatabase(/*migrate=*/true);
  if (!db) return kExitRefused;
  auto outcome = store::LoadDemoData(*db);
  if (!outcome.ok()) return ctx.Fail(outcome.status());
  bool loaded = *outcome == store::DemoOutcome::kLoaded;
  if (loaded) ctx.Audit(*db, "demo.load", "library", 0, 0);
  if (ctx.json) {
    nlohmann::json logins = nlohmann::json::array();
    for (const auto& l : store::DemoLogins()) {
      logins.push_back(
          {{"login", l.login}, {"password", l.password}, {"role", l.role}});
    }
    ctx.io.out
        << nlohmann::json({{"loaded", loaded}, {"logins", logins}}).dump()
        << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  ctx.io.out
      << (loaded ? (en ? "Demo library 'Bibliotheek Demostad' loaded.\n"
                       : "Demobibliotheek 'Bibliotheek Demostad' geladen.\n")
                 : (en ? "Demo library already loaded; nothing changed.\n"
                       : "Demobibliotheek was al geladen; niets veranderd.\n"));
  ctx.io.out << (en ? "Demo logins:\n" : "Demo-logins:\n");
  for (const auto& l : store::DemoLogins()) {
    ctx.io.out << fmt::format("  {:<16} {:<24} {}\n", l.login, l.password,
                              l.what);
  }
  return kExitOk;
}

}  // namespace

void SetUpDemo(CLI::App& command, Context& ctx) {
  command.callback([&ctx] { ctx.action = [&ctx] { return RunDemo(ctx); }; });
}

}  // namespace schoolbieb::cli
