#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <set>

namespace schoolbieb {
namespace {

Status ApplyFile(const std::string& path, Config& config) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Status::InvalidArgument(
        fmt::format("Het configuratiebestand {} klopt niet (regel {}): {}. "
                    "Verbeter het bestand en probeer het opnieuw.",
                    path, where.line, error.description()),
        fmt::format("The config file {} is invalid (line {}): {}. Fix the "
                    "file and try again.",
                    path, where.line, error.description()));
  }

  // A misspelt key silently ignored is a setting that never takes effect:
  // refuse keys we do not know.
  static const std::set<std::string> kKnown = {"language", "database.url",
                                               "server.listen", "log.level"};
  std::string unknown;
  table.for_each([&](const toml::key& key, auto&& node) {
    if constexpr (toml::is_table<decltype(node)>) {
      node.for_each([&](const toml::key& inner, auto&&) {
        std::string full =
            std::string(key.str()) + "." + std::string(inner.str());
        if (!kKnown.count(full) && unknown.empty()) unknown = full;
      });
    } else if (!kKnown.count(std::string(key.str())) && unknown.empty()) {
      unknown = std::string(key.str());
    }
  });
  if (!unknown.empty()) {
    return Status::InvalidArgument(
        fmt::format("Onbekende instelling '{}' in {}. Controleer de spelling.",
                    unknown, path),
        fmt::format("Unknown setting '{}' in {}. Check the spelling.", unknown,
                    path));
  }

  if (auto v = table["database"]["url"].value<std::string>())
    config.db_url = *v;
  if (auto v = table["server"]["listen"].value<std::string>())
    config.listen = *v;
  if (auto v = table["log"]["level"].value<std::string>())
    config.log_level = *v;
  if (auto v = table["language"].value<std::string>()) {
    config.language = ParseLanguage(*v);
  }
  return Status::Ok();
}

}  // namespace

Result<Config> LoadConfig(const ConfigFlags& flags, const EnvLookup& env) {
  Config config;
  std::optional<std::string> file = flags.config_file;
  if (!file) {
    if (const char* v = env("SCHOOLBIEB_CONFIG"); v && *v) file = v;
  }
  if (file) SB_RETURN_IF_ERROR(ApplyFile(*file, config));

  if (const char* v = env("SCHOOLBIEB_DB"); v && *v) config.db_url = v;
  if (const char* v = env("SCHOOLBIEB_LISTEN"); v && *v) config.listen = v;
  if (const char* v = env("SCHOOLBIEB_LOG_LEVEL"); v && *v)
    config.log_level = v;
  if (const char* v = env("SCHOOLBIEB_LANG"); v && *v) {
    config.language = ParseLanguage(v);
  }

  if (flags.db_url) config.db_url = *flags.db_url;
  if (flags.listen) config.listen = *flags.listen;
  if (flags.log_level) config.log_level = *flags.log_level;
  if (flags.language) config.language = ParseLanguage(*flags.language);
  return config;
}

}  // namespace schoolbieb
