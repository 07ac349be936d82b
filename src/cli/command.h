// What every subcommand shares: the parsed global options, the streams, how
// to open the database and how to report a refusal. Each subcommand lives in
// its own file and is listed once in commands.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.h"
#include "core/config.h"
#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::cli {

struct Context {
  explicit Context(Io io_in) : io(io_in) {}

  Io io;
  ConfigFlags flags;
  Config config;
  bool json = false;
  // Used when no log level is configured: commands stay quiet, serve says more.
  std::string default_log_level = "warn";
  // Set by the chosen subcommand's callback; run after the config is loaded.
  std::function<int()> action;

  Language language() const { return config.language; }
  // Opens config.db_url; on failure reports and returns nullptr.
  std::unique_ptr<store::Database> OpenDatabase();
  // Opens the database and requires the newest schema (or migrates it when
  // `migrate` is true).
  std::unique_ptr<store::Database> OpenCurrentDatabase(bool migrate = false);
  // Prints the status on stderr as one line ("fout: …" / "error: …") or, with
  // --json, as {"error": {"code", "message"}} on stdout. Returns kExitRefused.
  int Fail(const Status& status);
  // Who is acting, for the audit trail: "cli:<login user>".
  std::string Actor() const;
  // Records an audit event for a command-line action.
  Status Audit(store::Database& db, std::string_view action,
               std::string_view object_kind, long long object_id,
               long long library_id, const std::string& details_json = "{}");
};

// The bytes of a student file named on the command line; NotFound when it
// cannot be read, ResourceExhausted (naming the limit) when it is larger than
// `max_bytes`.
Result<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes);

// A library and one of its schools by their codes, with a clear refusal.
Result<std::pair<long long, long long>> FindSchool(store::Database& db,
                                                   const std::string& library,
                                                   const std::string& school);

struct Command {
  const char* name;
  const char* summary;
  void (*set_up)(CLI::App& command, Context& context);
};

// Every subcommand, in the order `--help` shows them.
const std::vector<Command>& Commands();

void SetUpMigrate(CLI::App& command, Context& context);
void SetUpDemo(CLI::App& command, Context& context);
void SetUpServe(CLI::App& command, Context& context);
void SetUpLibrary(CLI::App& command, Context& context);
void SetUpBranch(CLI::App& command, Context& context);
void SetUpAccount(CLI::App& command, Context& context);
void SetUpToken(CLI::App& command, Context& context);
void SetUpInspect(CLI::App& command, Context& context);
void SetUpImport(CLI::App& command, Context& context);
void SetUpUndo(CLI::App& command, Context& context);
void SetUpStudents(CLI::App& command, Context& context);
void SetUpMapping(CLI::App& command, Context& context);
void SetUpGrantUpload(CLI::App& command, Context& context);
void SetUpMail(CLI::App& command, Context& context);
void SetUpPrivacy(CLI::App& command, Context& context);
void SetUpPerson(CLI::App& command, Context& context);

}  // namespace schoolbieb::cli
