// schoolbieb library add|list: the libraries (tenants) in this database.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "store/library_store.h"

namespace schoolbieb::cli {
namespace {

struct LibraryOptions {
  std::string code;
  std::string name;
  std::string notify;
  std::string card_prefix;
};

nlohmann::json ToJson(const store::Library& l) {
  return {{"id", l.id},
          {"code", l.code},
          {"name", l.name},
          {"notify_email", l.notify_email},
          {"card_prefix", l.card_prefix}};
}

int RunAdd(Context& ctx, const LibraryOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  store::Library library;
  library.code = opt.code;
  library.name = opt.name;
  library.notify_email = opt.notify;
  library.card_prefix = opt.card_prefix;
  if (Status s = store::AddLibrary(*db, library); !s.ok()) return ctx.Fail(s);
  ctx.Audit(*db, "library.add", "library", library.id, library.id);
  if (ctx.json) {
    ctx.io.out << ToJson(library).dump() << "\n";
  } else {
    ctx.io.out << fmt::format(
        fmt::runtime(ctx.language() == Language::kEnglish
                         ? "Library '{}' ({}) added.\n"
                         : "Bibliotheek '{}' ({}) toegevoegd.\n"),
        library.code, library.name);
  }
  return kExitOk;
}

int RunList(Context& ctx) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto libraries = store::ListLibraries(*db);
  if (!libraries.ok()) return ctx.Fail(libraries.status());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : *libraries) out.push_back(ToJson(l));
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  for (const auto& l : *libraries)
    ctx.io.out << fmt::format("{:<16} {}\n", l.code, l.name);
  return kExitOk;
}

}  // namespace

void SetUpLibrary(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<LibraryOptions>();
  CLI::App* add = command.add_subcommand("add", "Add a library");
  add->add_option("CODE", opt->code, "Short code, e.g. 'demo'")->required();
  add->add_option("--name", opt->name, "Name, e.g. 'Bibliotheek Demostad'")
      ->required();
  add->add_option("--notify", opt->notify, "Address told of every upload");
  add->add_option("--card-prefix", opt->card_prefix,
                  "Prefix of new card numbers");
  add->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunAdd(ctx, *opt); }; });
  CLI::App* list = command.add_subcommand("list", "List the libraries");
  list->callback([&ctx] { ctx.action = [&ctx] { return RunList(ctx); }; });
}

}  // namespace schoolbieb::cli
