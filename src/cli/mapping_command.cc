// schoolbieb mapping show|set --library LIB --school CODE: the school's saved
// column mapping, value maps, student-number rule and import settings, which
// win over recognition every year.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "import/number_rule.h"
#include "roster/roster.h"
#include "store/library_store.h"

namespace schoolbieb::cli {
namespace {

struct MappingOptions {
  std::string library;
  std::string school;
  std::vector<std::string> columns;      // "Header=field"
  std::vector<std::string> sex_codes;    // "1=M"
  std::string sex_code_set;              // "jm": the answer to the question
  std::vector<std::string> year_groups;  // "B1=1"
  std::string number_rule;
  std::string drop_forbidden;  // "yes" / "no"
  std::string overwrite_locked;
  std::string teacher_upload;
  bool clear = false;
  bool confirm_number_rule = false;
};

Result<std::pair<std::string, std::string>> SplitPair(std::string_view text,
                                                      std::string_view flag) {
  size_t equals = text.rfind('=');
  if (equals == std::string_view::npos || equals == 0) {
    return Status::InvalidArgument(
        fmt::format("{} '{}' klopt niet: schrijf CODE=WAARDE.", flag, text),
        fmt::format("{} '{}' is not valid: write CODE=VALUE.", flag, text));
  }
  return std::make_pair(std::string(text.substr(0, equals)),
                        std::string(text.substr(equals + 1)));
}

Result<bool> ParseYesNo(std::string_view text, std::string_view flag) {
  auto consent = roster::ParseConsent(text);
  if (!consent || consent->empty()) {
    return Status::InvalidArgument(fmt::format("{} moet ja of nee zijn.", flag),
                                   fmt::format("{} must be yes or no.", flag));
  }
  return *consent == "yes";
}

nlohmann::json Describe(store::Database& db, long long branch_id,
                        Status* status) {
  auto branch = store::GetBranch(db, branch_id);
  auto mapping = store::GetBranchMapping(db, branch_id);
  auto settings = store::GetBranchSettings(db, branch_id);
  if (!branch.ok() || !mapping.ok() || !settings.ok()) {
    *status = !branch.ok()    ? branch.status()
              : !mapping.ok() ? mapping.status()
                              : settings.status();
    return {};
  }
  nlohmann::json mapping_doc =
      mapping->empty() ? nlohmann::json::object()
                       : nlohmann::json::parse(*mapping, nullptr, false);
  nlohmann::json settings_doc =
      nlohmann::json::parse(*settings, nullptr, false);
  return {{"school", branch->code},
          {"las_kind", branch->las_kind},
          {"number_normalisation", branch->number_normalisation},
          {"mapping", mapping_doc},
          {"settings", settings_doc}};
}

int RunShow(Context& ctx, const MappingOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto school = FindSchool(*db, opt.library, opt.school);
  if (!school.ok()) return ctx.Fail(school.status());
  Status status;
  nlohmann::json doc = Describe(*db, school->second, &status);
  if (!status.ok()) return ctx.Fail(status);
  ctx.io.out << (ctx.json ? doc.dump() : doc.dump(2)) << "\n";
  return kExitOk;
}

int RunSet(Context& ctx, const MappingOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto school = FindSchool(*db, opt.library, opt.school);
  if (!school.ok()) return ctx.Fail(school.status());
  long long branch_id = school->second;

  auto stored = store::GetBranchMapping(*db, branch_id);
  if (!stored.ok()) return ctx.Fail(stored.status());
  auto mapping = roster::ParseMapping(opt.clear ? "" : *stored);
  if (!mapping.ok()) return ctx.Fail(mapping.status());
  for (const std::string& text : opt.columns) {
    auto pair = SplitPair(text, "--column");
    if (!pair.ok()) return ctx.Fail(pair.status());
    auto field = roster::ParseFieldName(pair->second);
    if (!field || *field == roster::Field::kForbidden) {
      std::string known;
      for (int field_idx = 0; field_idx < roster::kFieldCount; ++field_idx) {
        auto one = static_cast<roster::Field>(field_idx);
        if (one == roster::Field::kForbidden) continue;
        known +=
            (known.empty() ? "" : ", ") + std::string(roster::FieldName(one));
      }
      return ctx.Fail(Status::InvalidArgument(
          fmt::format("Onbekend veld '{}'. Bekende velden: {}.", pair->second,
                      known),
          fmt::format("Unknown field '{}'. Known fields: {}.", pair->second,
                      known)));
    }
    std::erase_if(mapping->columns, [&](const auto& entry) {
      return roster::HeaderKey(entry.first) == roster::HeaderKey(pair->first);
    });
    mapping->columns.emplace_back(pair->first, *field);
  }
  for (const std::string& text : opt.sex_codes) {
    auto pair = SplitPair(text, "--sex");
    if (!pair.ok()) return ctx.Fail(pair.status());
    mapping->sex_codes.push_back(*pair);
  }
  if (!opt.sex_code_set.empty()) {
    // The answer to "which codes does the school use for sex?": it replaces
    // any code-by-code map, so that one rule reads every file.
    mapping->sex_code_set = opt.sex_code_set;
    mapping->sex_codes.clear();
  }
  for (const std::string& text : opt.year_groups) {
    auto pair = SplitPair(text, "--year-group");
    if (!pair.ok()) return ctx.Fail(pair.status());
    mapping->year_groups.push_back(*pair);
  }
  // Round-trip through the parser so every value is checked the way the
  // import will read it.
  std::string json = mapping->empty() ? "" : roster::MappingJson(*mapping);
  auto checked = roster::ParseMapping(json);
  if (!checked.ok()) return ctx.Fail(checked.status());

  auto settings_text = store::GetBranchSettings(*db, branch_id);
  if (!settings_text.ok()) return ctx.Fail(settings_text.status());
  nlohmann::json settings =
      nlohmann::json::parse(*settings_text, nullptr, false);
  if (!settings.is_object()) settings = nlohmann::json::object();
  struct Toggle {
    const std::string& value;
    const char* flag;
    const char* key;
  };
  for (const Toggle& toggle :
       {Toggle{opt.drop_forbidden, "--drop-forbidden-columns",
               "drop_forbidden_columns"},
        Toggle{opt.overwrite_locked, "--overwrite-locked-fields",
               "overwrite_locked_fields"},
        Toggle{opt.teacher_upload, "--teachers-get-upload-right",
               "teachers_get_upload_right"}}) {
    if (toggle.value.empty()) continue;
    auto yes = ParseYesNo(toggle.value, toggle.flag);
    if (!yes.ok()) return ctx.Fail(yes.status());
    settings[toggle.key] = *yes;
  }
  if (!opt.number_rule.empty()) {
    auto rule = roster::ParseNumberRule(opt.number_rule);
    if (!rule.ok()) return ctx.Fail(rule.status());
    // A rule that reads the stored numbers otherwise is saved only once
    // its effect has been seen.
    auto branch = store::GetBranch(*db, branch_id);
    if (!branch.ok()) return ctx.Fail(branch.status());
    if (roster::NumberRuleText(*rule) != branch->number_normalisation &&
        !opt.confirm_number_rule) {
      auto effect = import::PreviewNumberRule(*db, *branch, *rule);
      if (!effect.ok()) return ctx.Fail(effect.status());
      if (effect->matters()) {
        Message text = effect->Describe();
        return ctx.Fail(Status::FailedPrecondition(
            text.nl + " Niets is opgeslagen; herhaal met --confirm-number-rule "
                      "om de regel op te slaan.",
            text.en + " Nothing was saved; repeat with --confirm-number-rule "
                      "to save the rule."));
      }
    }
  }

  try {
    store::Transaction tx(*db);
    Status status = store::SetBranchMapping(*db, branch_id, json);
    if (status.ok()) {
      status = store::SetBranchSettings(*db, branch_id, settings.dump());
    }
    if (status.ok() && !opt.number_rule.empty()) {
      status = store::SetBranchNumberRule(
          *db, branch_id,
          roster::NumberRuleText(*roster::ParseNumberRule(opt.number_rule)));
    }
    if (status.ok()) {
      status = ctx.Audit(
          *db, "branch.mapping", "branch", branch_id, school->first,
          nlohmann::json{{"mapping", json}, {"settings", settings}}.dump());
    }
    if (!status.ok()) return ctx.Fail(status);
    tx.Commit();
  } catch (const std::exception& error) {
    return ctx.Fail(
        store::FromDatabaseError(error, {"Deze school", "This school"}));
  }
  return RunShow(ctx, opt);
}

}  // namespace

void SetUpMapping(CLI::App& command, Context& ctx) {
  auto opt = std::make_shared<MappingOptions>();
  command.require_subcommand(1);
  auto add_school = [&](CLI::App* sub) {
    sub->add_option("--library", opt->library, "Library code")->required();
    sub->add_option("--school", opt->school, "School branch code")->required();
  };
  CLI::App* show = command.add_subcommand("show", "Show the saved mapping");
  add_school(show);
  show->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunShow(ctx, *opt); }; });
  CLI::App* set = command.add_subcommand("set", "Change the saved mapping");
  add_school(set);
  set->add_option("--column", opt->columns,
                  "HEADER=FIELD, e.g. \"Stamnr=student_number\"");
  set->add_option("--sex", opt->sex_codes, "CODE=M|V|X, e.g. \"1=M\"");
  set->add_option("--sex-codes", opt->sex_code_set,
                  "The school's code set for sex: mv (M/V), jm (J/M: M is a "
                  "girl), en (M/F), iso (EDEX: 1 boy, 2 girl), oso (1 girl, "
                  "2 boy)");
  set->add_option("--year-group", opt->year_groups, "CODE=YEAR, e.g. \"B1=1\"");
  set->add_option("--number", opt->number_rule,
                  "keep | strip-zeros | pad:N, optionally ,strip-brin");
  set->add_option("--drop-forbidden-columns", opt->drop_forbidden,
                  "yes: drop BSN and similar columns instead of refusing");
  set->add_option("--overwrite-locked-fields", opt->overwrite_locked,
                  "yes: the import overwrites fields staff edited by hand");
  set->add_option("--teachers-get-upload-right", opt->teacher_upload,
                  "yes: teachers in the file may upload for the school");
  set->add_flag("--clear", opt->clear, "Start from an empty mapping");
  set->add_flag("--confirm-number-rule", opt->confirm_number_rule,
                "Save a number rule that reads stored numbers otherwise");
  set->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunSet(ctx, *opt); }; });
}

}  // namespace schoolbieb::cli
