// schoolbieb branch add|list: public branches and school branches.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/library_store.h"

namespace schoolbieb::cli {
namespace {

struct BranchOptions {
  std::string library;
  std::string code;
  std::string name;
  std::string kind;
  std::string brin;
  std::string dependance;
  std::string las;
  std::string notify;
  bool public_membership = false;
};

nlohmann::json ToJson(const store::Branch& b) {
  return {{"id", b.id},
          {"code", b.code},
          {"name", b.name},
          {"kind", store::BranchKindName(b.kind)},
          {"brin", b.brin},
          {"dependance", b.dependance},
          {"las", b.las_kind},
          {"public_membership_default", b.public_membership_default}};
}

int RunAdd(Context& ctx, const BranchOptions& opt) {
  auto kind = store::ParseBranchKind(opt.kind);
  if (!kind) {
    return ctx.Fail(Status::InvalidArgument(
        fmt::format("Onbekende soort vestiging '{}': kies school of public.",
                    opt.kind),
        fmt::format("Unknown branch kind '{}': choose school or public.",
                    opt.kind)));
  }
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  store::Branch branch;
  branch.library_id = library->id;
  branch.code = opt.code;
  branch.name = opt.name;
  branch.kind = *kind;
  branch.brin = opt.brin;
  branch.dependance = opt.dependance;
  branch.las_kind = opt.las;
  branch.notify_email = opt.notify;
  branch.public_membership_default = opt.public_membership;
  if (Status s = store::AddBranch(*db, branch); !s.ok()) return ctx.Fail(s);
  ctx.Audit(*db, "branch.add", "branch", branch.id, library->id);
  if (ctx.json) {
    ctx.io.out << ToJson(branch).dump() << "\n";
  } else {
    ctx.io.out << fmt::format(
        fmt::runtime(
            ctx.language() == Language::kEnglish
                ? "Branch '{}' ({}) added to library '{}'.\n"
                : "Vestiging '{}' ({}) toegevoegd aan bibliotheek '{}'.\n"),
        branch.code, branch.name, library->code);
  }
  return kExitOk;
}

int RunList(Context& ctx, const std::string& library_code) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, library_code);
  if (!library.ok()) return ctx.Fail(library.status());
  auto branches = store::ListBranches(*db, library->id);
  if (!branches.ok()) return ctx.Fail(branches.status());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : *branches) out.push_back(ToJson(b));
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  for (const auto& b : *branches) {
    ctx.io.out << fmt::format("{:<20} {:<7} {:<5} {}\n", b.code,
                              store::BranchKindName(b.kind), b.brin, b.name);
  }
  return kExitOk;
}

}  // namespace

void SetUpBranch(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<BranchOptions>();
  CLI::App* add = command.add_subcommand("add", "Add a branch to a library");
  add->add_option("LIBRARY", opt->library, "Library code")->required();
  add->add_option("CODE", opt->code, "Branch code, e.g. 'de-kievit'")
      ->required();
  add->add_option("--name", opt->name, "Name, e.g. 'Basisschool De Kievit'")
      ->required();
  add->add_option("--kind", opt->kind, "school or public")->required();
  add->add_option("--brin", opt->brin, "BRIN code of a school, e.g. 12AB");
  add->add_option("--dependance", opt->dependance,
                  "Dependance (location) code");
  add->add_option("--las", opt->las,
                  "Student administration system, e.g. parnassys");
  add->add_option("--notify", opt->notify,
                  "Address told of this school's uploads");
  add->add_flag("--public-membership", opt->public_membership,
                "New students also join the public library by default");
  add->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunAdd(ctx, *opt); }; });
  auto library = std::make_shared<std::string>();
  CLI::App* list = command.add_subcommand("list", "List a library's branches");
  list->add_option("LIBRARY", *library, "Library code")->required();
  list->callback([&ctx, library] {
    ctx.action = [&ctx, library] { return RunList(ctx, *library); };
  });
}

}  // namespace schoolbieb::cli
