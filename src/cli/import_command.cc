// schoolbieb import FILE --library LIB --school CODE: preview (--dry-run) or
// apply one school's student file; schoolbieb undo IMPORT_ID. Exit 0 when
// applied or previewed, 3 when held, 1 when refused.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "import/report.h"

namespace schoolbieb::cli {
namespace {

struct ImportOptions {
  std::string file;
  std::string library;
  std::string school;
  std::string password;
  std::string date;
  std::string subscription;
  std::vector<std::string> decisions;
  bool dry_run = false;
  bool public_membership = false;
  bool no_public_membership = false;
  bool allow_mass_leave = false;
  bool confirm_matches = false;
  bool details = false;
};

// "12=345" (row 12 is customer 345) or "12=new".
Result<import::Decision> ParseDecision(std::string_view text) {
  size_t equals = text.find('=');
  import::Decision decision;
  auto invalid = Status::InvalidArgument(
      fmt::format("--decide '{}' klopt niet: schrijf REGEL=KLANTNUMMER of "
                  "REGEL=new.",
                  text),
      fmt::format("--decide '{}' is not valid: write ROW=CUSTOMER_ID or "
                  "ROW=new.",
                  text));
  if (equals == std::string_view::npos) return invalid;
  try {
    decision.line = std::stoi(std::string(text.substr(0, equals)));
    std::string_view who = text.substr(equals + 1);
    decision.customer_id = who == "new" ? 0 : std::stoll(std::string(who));
  } catch (const std::exception&) {
    return invalid;
  }
  return decision;
}

int Refused(Context& ctx, const Status& status) {
  if (!ctx.json) return ctx.Fail(status);
  nlohmann::json out = {{"import_id", 0},
                        {"status", "rejected"},
                        {"profile", ""},
                        {"counts", import::CountsJson({})},
                        {"holds", nlohmann::json::array()},
                        {"problems", nlohmann::json::array()},
                        {"error",
                         {{"code", status.code_name()},
                          {"message", status.message(ctx.language())}}}};
  ctx.io.out << out.dump() << "\n";
  return kExitRefused;
}

void PrintText(Context& ctx, const import::ImportOutcome& outcome) {
  const import::ImportPlan& plan = outcome.plan;
  const import::PlanCounts& c = plan.counts;
  bool en = ctx.language() == Language::kEnglish;
  std::ostream& out = ctx.io.out;
  std::string status =
      outcome.status == "applied" ? (en ? "applied" : "uitgevoerd")
      : outcome.status == "held"  ? (en ? "held" : "aangehouden")
                                  : (en ? "preview" : "voorbeeld");
  out << fmt::format("{} {}: {}\n", en ? "Import" : "Import", outcome.import_id,
                     status);
  out << fmt::format("{}: {} ({} %)\n", en ? "Recognised as" : "Herkend als",
                     plan.profile_label.In(ctx.language()), plan.confidence);
  if (plan.imported_before) {
    out << (en ? "This file was imported before.\n"
               : "Dit bestand is al eerder geïmporteerd.\n");
  }
  out << fmt::format(
      fmt::runtime(
          en ? "New {}, changed {}, unchanged {}, leaving {}, moved in {}, "
               "conflicts {}, rejected rows {}\n"
             : "Nieuw {}, gewijzigd {}, ongewijzigd {}, vertrekt {}, "
               "overgekomen {}, twijfelgevallen {}, afgekeurde regels {}\n"),
      c.new_students, c.changed, c.unchanged, c.leaving, c.moved_in,
      c.conflicts, c.rejected_rows);
  for (const import::Hold& hold : plan.holds) {
    out << fmt::format("{}: {}\n", en ? "Held" : "Aangehouden",
                       hold.message.In(ctx.language()));
  }
  for (const Problem& problem : plan.problems) {
    out << "  - " << problem.message.In(ctx.language()) << "\n";
  }
}

int RunImport(Context& ctx, const ImportOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto school = FindSchool(*db, opt.library, opt.school);
  if (!school.ok()) return Refused(ctx, school.status());
  std::string today =
      opt.date.empty() ? FormatIsoDate(SystemClock::Get().Now()) : opt.date;
  auto settings = import::LoadSchoolSettings(*db, school->second, today);
  if (!settings.ok()) return Refused(ctx, settings.status());

  formats::ReadOptions read;
  read.file_name = std::filesystem::path(opt.file).filename().string();
  read.password = opt.password;
  auto bytes = ReadInputFile(opt.file, read.limits.max_file_bytes);
  if (!bytes.ok()) return Refused(ctx, bytes.status());
  auto table = formats::ReadTable(*bytes, read);
  if (!table.ok()) return Refused(ctx, table.status());
  auto roster = import::Recognise(*table, *settings);
  if (!roster.ok()) return Refused(ctx, roster.status());

  import::ImportRequest request;
  request.library_id = school->first;
  request.branch_id = school->second;
  request.file_name = read.file_name;
  request.file_sha256 = Sha256Hex(*bytes);
  request.actor = ctx.Actor();
  request.today = today;
  if (opt.public_membership) request.public_membership = true;
  if (opt.no_public_membership) request.public_membership = false;
  request.subscription_type = opt.subscription;
  request.allow_mass_leave = opt.allow_mass_leave;
  request.confirm_proposals = opt.confirm_matches;
  for (const std::string& text : opt.decisions) {
    auto decision = ParseDecision(text);
    if (!decision.ok()) return Refused(ctx, decision.status());
    request.decisions.push_back(*decision);
  }

  Result<import::ImportOutcome> outcome = Status::Internal("", "");
  if (opt.dry_run) {
    auto plan = import::PlanImport(*db, request, *settings, *roster);
    if (!plan.ok()) return Refused(ctx, plan.status());
    outcome = import::RecordPreview(*db, request, *plan);
  } else {
    outcome = import::ApplyImport(*db, request, *settings, *roster);
  }
  if (!outcome.ok()) return Refused(ctx, outcome.status());

  if (ctx.json) {
    ctx.io.out << import::ReportJson(outcome->plan, outcome->import_id,
                                     outcome->status, ctx.language(),
                                     opt.details)
                      .dump()
               << "\n";
  } else {
    PrintText(ctx, *outcome);
  }
  return outcome->status == "held" ? kExitHeld : kExitOk;
}

int RunUndo(Context& ctx, long long import_id) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto outcome = import::UndoImport(*db, import_id, 0, ctx.Actor());
  if (!outcome.ok()) return ctx.Fail(outcome.status());
  if (ctx.json) {
    ctx.io.out << nlohmann::json(
                      {{"import_id", import_id},
                       {"status", "undone"},
                       {"customers_restored", outcome->customers_restored},
                       {"customers_removed", outcome->customers_removed},
                       {"memberships_removed", outcome->memberships_removed},
                       {"memberships_restored", outcome->memberships_restored}})
                      .dump()
               << "\n";
  } else {
    bool en = ctx.language() == Language::kEnglish;
    ctx.io.out << fmt::format(
        fmt::runtime(
            en ? "Import {} undone: {} customers restored, {} removed.\n"
               : "Import {} ongedaan gemaakt: {} klanten hersteld, {} "
                 "verwijderd.\n"),
        import_id, outcome->customers_restored, outcome->customers_removed);
  }
  return kExitOk;
}

}  // namespace

void SetUpImport(CLI::App& command, Context& ctx) {
  auto opt = std::make_shared<ImportOptions>();
  command.add_option("FILE", opt->file, "The student file")->required();
  command.add_option("--library", opt->library, "Library code")->required();
  command.add_option("--school", opt->school, "School branch code")->required();
  command.add_flag("--dry-run", opt->dry_run,
                   "Only preview: show what would change, write nothing");
  command.add_flag("--public-membership", opt->public_membership,
                   "New students also join the public library");
  command.add_flag("--no-public-membership", opt->no_public_membership,
                   "New students join the school library only");
  command.add_flag("--allow-mass-leave", opt->allow_mass_leave,
                   "Release a hold for many leaving students");
  command.add_flag("--confirm-matches", opt->confirm_matches,
                   "Accept every student found by name and birth date alone");
  command.add_option("--decide", opt->decisions,
                     "ROW=CUSTOMER_ID or ROW=new for a conflict");
  command.add_option("--password", opt->password,
                     "Password of an encrypted ZIP");
  command.add_option("--date", opt->date,
                     "The import date, YYYY-MM-DD (default: today)");
  command.add_option("--subscription", opt->subscription,
                     "Subscription type for new students");
  command.add_flag("--details", opt->details,
                   "With --json: also every student of the plan");
  command.callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunImport(ctx, *opt); };
  });
}

void SetUpUndo(CLI::App& command, Context& ctx) {
  auto id = std::make_shared<long long>(0);
  command.add_option("IMPORT_ID", *id, "The import to undo")->required();
  command.callback(
      [&ctx, id] { ctx.action = [&ctx, id] { return RunUndo(ctx, *id); }; });
}

}  // namespace schoolbieb::cli
