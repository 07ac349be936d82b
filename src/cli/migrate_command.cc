// schoolbieb migrate: apply the schema migrations that have not run yet.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/migrations.h"

namespace schoolbieb::cli {
namespace {

int RunMigrate(Context& ctx) {
  auto db = ctx.OpenDatabase();
  if (!db) return kExitRefused;
  auto report = store::Migrate(*db);
  if (!report.ok()) return ctx.Fail(report.status());
  if (ctx.json) {
    nlohmann::json out = {{"from_version", report->from_version},
                          {"to_version", report->to_version},
                          {"applied", report->applied}};
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  if (report->applied.empty()) {
    ctx.io.out << fmt::format(
        fmt::runtime(
            en ? "The database is up to date (version {}); nothing changed.\n"
               : "De database is al bijgewerkt (versie {}); niets "
                 "veranderd.\n"),
        report->to_version);
  } else {
    ctx.io.out << fmt::format(
        fmt::runtime(en ? "Database migrated from version {} to {}:\n"
                        : "Database bijgewerkt van versie {} naar {}:\n"),
        report->from_version, report->to_version);
    for (const auto& line : report->applied) ctx.io.out << "  " << line << "\n";
  }
  return kExitOk;
}

}  // namespace

void SetUpMigrate(CLI::App& command, Context& ctx) {
  command.callback([&ctx] { ctx.action = [&ctx] { return RunMigrate(ctx); }; });
}

}  // namespace schoolbieb::cli
