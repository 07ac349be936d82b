// schoolbieb privacy purge [--dry-run]: what `serve` does every hour, for
// cron — purge uploaded files past their retention and anonymise students
// who left long enough ago (store/retention.h).
// schoolbieb person export --library LIB (--customer ID | --card NUMBER |
// --school CODE --student-number N) [--format json|csv] [--output FILE]:
// everything held about one person, for a request to see their data.
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/clock.h"
#include "import/purge_notice.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/person_data.h"
#include "store/retention.h"

namespace schoolbieb::cli {
namespace {

int RunPurge(Context& ctx, bool dry_run) {
  auto options = store::RetentionFromConfig(ctx.config);
  if (!options.ok()) return ctx.Fail(options.status());
  options->dry_run = dry_run;
  std::string public_url = ctx.config.public_url.empty()
                               ? "http://" + ctx.config.listen
                               : ctx.config.public_url;
  options->compose_purge_notice = import::PurgeNoticeMail(public_url);
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto report = store::ApplyRetention(*db, SystemClock::Get().Now(), *options);
  if (!report.ok()) return ctx.Fail(report.status());
  if (ctx.json) {
    ctx.io.out << nlohmann::json(
                      {{"dry_run", dry_run},
                       {"uploads_purged", report->uploads_purged},
                       {"purge_notices", report->purge_notices},
                       {"customers_anonymised", report->customers_anonymised}})
                      .dump()
               << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  ctx.io.out << fmt::format(
      fmt::runtime(
          dry_run ? (en ? "Would purge {} uploaded file(s) and anonymise {} "
                          "student(s) who left; nothing was changed.\n"
                        : "Zou {} geüploade bestand(en) verwijderen en {} "
                          "vertrokken leerling(en) anonimiseren; er is niets "
                          "veranderd.\n")
                  : (en ? "Purged {} uploaded file(s), anonymised {} "
                          "student(s) who left.\n"
                        : "{} geüploade bestand(en) verwijderd, {} "
                          "vertrokken leerling(en) geanonimiseerd.\n")),
      report->uploads_purged.size(), report->customers_anonymised.size());
  if (!report->purge_notices.empty()) {
    ctx.io.out << fmt::format(
        fmt::runtime(
            dry_run ? (en ? "Would tell the library of {} upload(s) nobody "
                            "imported or rejected, which go in a week.\n"
                          : "Zou de bibliotheek waarschuwen voor {} "
                            "upload(s) die niemand heeft geïmporteerd of "
                            "afgewezen en die over een week verdwijnen.\n")
                    : (en ? "Told the library of {} upload(s) nobody "
                            "imported or rejected, which go in a week.\n"
                          : "De bibliotheek is gewaarschuwd voor {} "
                            "upload(s) die niemand heeft geïmporteerd of "
                            "afgewezen en die over een week verdwijnen.\n")),
        report->purge_notices.size());
  }
  return kExitOk;
}

struct ExportOptions {
  std::string library;
  long long customer = 0;
  std::string card;
  std::string school;
  std::string student_number;
  std::string format = "json";
  std::string output;
};

// The one customer the options name; NotFound or InvalidArgument otherwise.
Result<long long> FindPerson(store::Database& db, long long library_id,
                             const ExportOptions& opt) {
  if (opt.customer > 0) return opt.customer;
  std::vector<store::Customer> found;
  if (!opt.card.empty()) {
    auto matches = store::SearchCustomers(db, library_id, opt.card, 10);
    if (!matches.ok()) return matches.status();
    for (store::Customer& c : *matches) {
      if (c.card_number == opt.card) found.push_back(std::move(c));
    }
  } else if (!opt.school.empty() && !opt.student_number.empty()) {
    auto school = FindSchool(db, opt.library, opt.school);
    if (!school.ok()) return school.status();
    auto matches = store::FindByExternalNumber2(
        db, library_id, opt.student_number, school->second);
    if (!matches.ok()) return matches.status();
    found = std::move(matches).value();
  } else {
    return Status::InvalidArgument(
        "Zeg wie: --customer ID, --card PASNUMMER of --school CODE "
        "--student-number NUMMER.",
        "Say who: --customer ID, --card NUMBER or --school CODE "
        "--student-number NUMBER.");
  }
  if (found.size() != 1) {
    return Status::NotFound(
        found.empty() ? "Er is niemand met dat nummer."
                      : "Meer dan één klant heeft dat nummer; gebruik "
                        "--customer ID.",
        found.empty() ? "No one has that number."
                      : "More than one customer has that number; use "
                        "--customer ID.");
  }
  return found.front().id;
}

int RunExport(Context& ctx, const ExportOptions& opt) {
  if (opt.format != "json" && opt.format != "csv") {
    return ctx.Fail(Status::InvalidArgument("--format moet json of csv zijn.",
                                            "--format must be json or csv."));
  }
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  auto customer = FindPerson(*db, library->id, opt);
  if (!customer.ok()) return ctx.Fail(customer.status());
  auto data = store::PersonData(*db, library->id, *customer);
  if (!data.ok()) return ctx.Fail(data.status());
  std::string text =
      opt.format == "csv" ? store::PersonDataCsv(*data) : data->dump(2) + "\n";
  if (opt.output.empty()) {
    ctx.io.out << text;
  } else {
    std::ofstream file(opt.output, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      return ctx.Fail(
          Status::IOError(fmt::format("Kan {} niet schrijven.", opt.output),
                          fmt::format("Cannot write {}.", opt.output)));
    }
  }
  ctx.Audit(*db, "person.export", "customer", *customer, library->id,
            nlohmann::json({{"format", opt.format}}).dump());
  return kExitOk;
}

}  // namespace

void SetUpPrivacy(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto dry_run = std::make_shared<bool>(false);
  CLI::App* purge = command.add_subcommand(
      "purge",
      "Purge uploads and anonymise leavers past their retention (for cron)");
  purge->add_flag("--dry-run", *dry_run, "Only count, change nothing");
  purge->callback([&ctx, dry_run] {
    ctx.action = [&ctx, dry_run] { return RunPurge(ctx, *dry_run); };
  });
}

void SetUpPerson(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<ExportOptions>();
  CLI::App* out = command.add_subcommand(
      "export", "Everything stored about one person (a request to see it)");
  out->add_option("--library", opt->library, "Library code")->required();
  out->add_option("--customer", opt->customer, "The customer's id");
  out->add_option("--card", opt->card, "The card number");
  out->add_option("--school", opt->school,
                  "School code (with --student-number)");
  out->add_option("--student-number", opt->student_number,
                  "The student number at that school");
  out->add_option("--format", opt->format, "json (default) or csv");
  out->add_option("--output", opt->output, "Write to this file, not stdout");
  out->callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunExport(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
