#include "cli/cli.h"

#include <fmt/format.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/crypto.h"
#include "core/log.h"
#include "formats/limits.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/migrations.h"

namespace schoolbieb::cli {

Result<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return Status::NotFound(
        fmt::format("Het bestand '{}' kan niet worden gelezen: {}.", path,
                    ec.message()),
        fmt::format("Cannot read the file '{}': {}.", path, ec.message()));
  }
  if (size > max_bytes) {
    return formats::LimitExceeded("bytes", "bytes", max_bytes);
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Status::IOError(
        fmt::format("Het bestand '{}' kan niet worden gelezen.", path),
        fmt::format("Cannot read the file '{}'.", path));
  }
  return bytes;
}

Result<std::pair<long long, long long>> FindSchool(store::Database& db,
                                                   const std::string& library,
                                                   const std::string& school) {
  auto lib = store::FindLibrary(db, library);
  if (!lib.ok()) return lib.status();
  auto branch = store::FindBranch(db, lib->id, school);
  if (!branch.ok()) return branch.status();
  return std::make_pair(lib->id, branch->id);
}

std::unique_ptr<store::Database> Context::OpenDatabase() {
  auto db = store::Database::Open(config.db_url);
  if (!db.ok()) {
    Fail(db.status());
    return nullptr;
  }
  return std::move(db).value();
}

std::unique_ptr<store::Database> Context::OpenCurrentDatabase(bool migrate) {
  auto db = OpenDatabase();
  if (!db) return nullptr;
  Status status =
      migrate ? store::Migrate(*db).status() : store::RequireCurrentSchema(*db);
  if (!status.ok()) {
    Fail(status);
    return nullptr;
  }
  return db;
}

int Context::Fail(const Status& status) {
  if (json) {
    nlohmann::json out = {{"error",
                           {{"code", status.code_name()},
                            {"message", status.message(language())}}}};
    io.out << out.dump() << "\n";
  } else {
    io.err << (language() == Language::kEnglish ? "error: " : "fout: ")
           << status.message(language()) << "\n";
  }
  return kExitRefused;
}

std::string Context::Actor() const {
  std::string user = "unknown";
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name)
    user = pw->pw_name;
  return "cli:" + user;
}

Status Context::Audit(store::Database& db, std::string_view action,
                      std::string_view object_kind, long long object_id,
                      long long library_id, const std::string& details_json) {
  store::AuditEvent event;
  event.library_id = library_id;
  event.actor = Actor();
  event.action = std::string(action);
  event.object_kind = std::string(object_kind);
  event.object_id = object_id;
  event.details_json = details_json;
  return store::RecordAudit(db, event);
}

int Run(const std::vector<std::string>& args, Io io, const EnvLookup& env) {
  if (!InitCrypto()) {
    io.err << "fout: libsodium kan niet starten.\n";
    return kExitRefused;
  }
  Context context(io);
  CLI::App app{
      "schoolbieb: de jaarlijkse leerlingimport voor schoolbibliotheken.\n"
      "schoolbieb: the yearly student import for school libraries.",
      "schoolbieb"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("schoolbieb ") + SCHOOLBIEB_VERSION);
  app.add_option_function<std::string>(
      "--db", [&](const std::string& v) { context.flags.db_url = v; },
      "Database URL: sqlite:PATH (default sqlite:var/schoolbieb.db) or "
      "postgresql://user@host:port/db [env SCHOOLBIEB_DB]");
  app.add_option_function<std::string>(
      "--config", [&](const std::string& v) { context.flags.config_file = v; },
      "TOML config file [env SCHOOLBIEB_CONFIG]");
  app.add_option_function<std::string>(
      "--lang", [&](const std::string& v) { context.flags.language = v; },
      "Language of messages: nl (default) or en [env SCHOOLBIEB_LANG]");
  app.add_option_function<std::string>(
      "--log-level", [&](const std::string& v) { context.flags.log_level = v; },
      "debug, info, warn, error or off [env SCHOOLBIEB_LOG_LEVEL]");
  app.add_flag("--json", context.json, "Answer in JSON, for scripts");

  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    command.set_up(*sub, context);
  }

  std::vector<const char*> argv = {"schoolbieb"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    io.out << "schoolbieb " << SCHOOLBIEB_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    if (!context.action) {
      std::string names;
      for (const Command& command : Commands()) {
        names += std::string(names.empty() ? "" : ", ") + command.name;
      }
      io.err << "fout: kies een geldige opdracht: " << names
             << " (zie 'schoolbieb --help')\n";
    } else {
      io.err << "fout: " << error.what() << " (zie 'schoolbieb --help')\n";
    }
    return kExitUsage;
  }

  auto config = LoadConfig(context.flags, env);
  if (!config.ok()) {
    io.err << "fout: " << config.status().message(Language::kDutch) << "\n";
    return kExitUsage;
  }
  context.config = *config;
  std::string level = context.config.log_level.empty()
                          ? context.default_log_level
                          : context.config.log_level;
  if (Status s = SetUpLogging(level); !s.ok()) {
    io.err << "fout: " << s.message(context.language()) << "\n";
    return kExitUsage;
  }
  if (!context.action) {
    io.err << "fout: kies een opdracht (zie 'schoolbieb --help')\n";
    return kExitUsage;
  }
  try {
    return context.action();
  } catch (const std::exception& error) {
    spdlog::error("unexpected failure: {}", error.what());
    return context.Fail(
        Status::Internal("Er ging onverwacht iets mis. De fout is gelogd.",
                         std::string("Unexpected failure: ") + error.what()));
  }
}

}  // namespace schoolbieb::cli
