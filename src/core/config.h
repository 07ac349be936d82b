// The settings of one schoolbieb process and where they come from.
//
// Precedence, highest first: command-line flag > environment variable >
// config file (TOML) > built-in default. The config file is named by
// --config or SCHOOLBIEB_CONFIG. LoadConfig leaves nothing half-set: on
// failure it returns a Status and no Config.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/message.h"
#include "core/status.h"

namespace schoolbieb {

struct Config {
  std::string db_url =
      "sqlite:var/schoolbieb.db";         // SCHOOLBIEB_DB, [database] url
  std::string listen = "127.0.0.1:8080";  // SCHOOLBIEB_LISTEN, [server] listen
  std::string
      log_level;  // SCHOOLBIEB_LOG_LEVEL, [log] level; empty: per command
  Language language = Language::kDutch;  // SCHOOLBIEB_LANG, language
};

// Values given on the command line; unset ones fall through.
struct ConfigFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> db_url;
  std::optional<std::string> listen;
  std::optional<std::string> log_level;
  std::optional<std::string> language;
};

// Looks up an environment variable; returns nullptr when unset. Tests pass
// their own; the program passes std::getenv.
using EnvLookup = std::function<const char*(const char*)>;

Result<Config> LoadConfig(const ConfigFlags& flags, const EnvLookup& env);

}  // namespace schoolbieb
