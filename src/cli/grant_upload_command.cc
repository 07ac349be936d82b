// schoolbieb grant-upload --library LIB [--dry-run]: gives every teacher who
// lacks it the upload right for their own school and reports who got it;
// idempotent, for cron. Also --revoke CARD and --standing-rule on|off.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "roster/roster.h"
#include "store/library_store.h"
#include "store/upload_rights.h"

namespace schoolbieb::cli {
namespace {

struct GrantOptions {
  std::string library;
  bool dry_run = false;
  std::string revoke;
  std::string standing_rule;
};

int RunGrant(Context& ctx, const GrantOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  bool en = ctx.language() == Language::kEnglish;

  if (!opt.standing_rule.empty()) {
    auto answer = roster::ParseConsent(opt.standing_rule);
    bool on = opt.standing_rule == "on" || (answer && *answer == "yes");
    bool off = opt.standing_rule == "off" || (answer && *answer == "no");
    if (on == off) {
      return ctx.Fail(
          Status::InvalidArgument("--standing-rule moet on of off zijn.",
                                  "--standing-rule must be on or off."));
    }
    bool rule = on;
    Status status =
        store::SetTeacherUploadRule(*db, library->id, rule, ctx.Actor());
    if (!status.ok()) return ctx.Fail(status);
    ctx.io.out << (ctx.json ? nlohmann::json({{"standing_rule", rule}}).dump()
                   : rule ? (en ? "Every teacher may now upload for their own "
                                  "school."
                                : "Elke docent mag nu uploaden voor de eigen "
                                  "school.")
                          : (en ? "The standing rule is off."
                                : "De vaste regel "
                                  "staat uit."))
               << "\n";
    return kExitOk;
  }
  if (!opt.revoke.empty()) {
    Status status =
        store::RevokeUploadRight(*db, library->id, opt.revoke, ctx.Actor());
    if (!status.ok()) return ctx.Fail(status);
    ctx.io.out << (ctx.json ? nlohmann::json({{"revoked", opt.revoke}}).dump()
                            : fmt::format(
                                  fmt::runtime(en ? "Upload right of card {} "
                                                    "revoked."
                                                  : "Uploadrecht van pas {} "
                                                    "ingetrokken."),
                                  opt.revoke))
               << "\n";
    return kExitOk;
  }
  auto grants =
      store::GrantUploadRights(*db, library->id, opt.dry_run, ctx.Actor());
  if (!grants.ok()) return ctx.Fail(grants.status());
  if (ctx.json) {
    nlohmann::json out = {{"dry_run", opt.dry_run},
                          {"granted", nlohmann::json::array()}};
    for (const store::UploadGrant& grant : *grants) {
      out["granted"].push_back({{"customer_id", grant.customer_id},
                                {"name", grant.name},
                                {"card_number", grant.card_number},
                                {"school", grant.branch_code}});
    }
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  if (grants->empty()) {
    ctx.io.out << (en ? "Every teacher already has the upload right.\n"
                      : "Alle docenten hebben het uploadrecht al.\n");
    return kExitOk;
  }
  ctx.io.out << fmt::format(
      fmt::runtime(opt.dry_run ? (en ? "Would grant the upload right to {}:\n"
                                     : "Zou het uploadrecht geven aan {}:\n")
                               : (en ? "Upload right granted to {}:\n"
                                     : "Uploadrecht gegeven aan {}:\n")),
      grants->size());
  for (const store::UploadGrant& grant : *grants) {
    ctx.io.out << fmt::format("  {} ({})\n", grant.name, grant.branch_code);
  }
  return kExitOk;
}

}  // namespace

void SetUpGrantUpload(CLI::App& command, Context& ctx) {
  auto opt = std::make_shared<GrantOptions>();
  command.add_option("--library", opt->library, "Library code")->required();
  command.add_flag("--dry-run", opt->dry_run, "Only report who would get it");
  command.add_option("--revoke", opt->revoke,
                     "Take the right away from this card number");
  command.add_option("--standing-rule", opt->standing_rule,
                     "on: every teacher may upload for their own school");
  command.callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunGrant(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
