#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <cstdint>
#include <set>

namespace schoolbieb {
namespace {

// The plain string settings: config-file key, environment variable, field.
struct StringSetting {
  const char* key;
  const char* env;
  std::string Config::*field;
};
constexpr StringSetting kStrings[] = {
    {"database.url", "SCHOOLBIEB_DB", &Config::db_url},
    {"server.listen", "SCHOOLBIEB_LISTEN", &Config::listen},
    {"server.public_url", "SCHOOLBIEB_PUBLIC_URL", &Config::public_url},
    {"server.tls_cert", "SCHOOLBIEB_TLS_CERT", &Config::tls_cert},
    {"server.tls_key", "SCHOOLBIEB_TLS_KEY", &Config::tls_key},
    {"server.trusted_proxy", "SCHOOLBIEB_TRUSTED_PROXY",
     &Config::trusted_proxy},
    {"log.level", "SCHOOLBIEB_LOG_LEVEL", &Config::log_level},
    {"uploads.key", "SCHOOLBIEB_UPLOAD_KEY", &Config::upload_key},
    {"uploads.key_file", "SCHOOLBIEB_UPLOAD_KEY_FILE",
     &Config::upload_key_file},
    {"uploads.name_characters", "SCHOOLBIEB_UPLOAD_NAME_CHARACTERS",
     &Config::upload_name_characters},
    {"mail.smtp_url", "SCHOOLBIEB_SMTP_URL", &Config::smtp_url},
    {"mail.from", "SCHOOLBIEB_MAIL_FROM", &Config::mail_from},
    {"mail.give_up_after", "SCHOOLBIEB_MAIL_GIVE_UP_AFTER",
     &Config::mail_give_up_after},
    {"privacy.upload_retention", "SCHOOLBIEB_UPLOAD_RETENTION",
     &Config::upload_retention},
    {"privacy.leaver_retention", "SCHOOLBIEB_LEAVER_RETENTION",
     &Config::leaver_retention},
};

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
  std::set<std::string> known = {"language"};
  for (const auto& setting : kStrings) known.insert(setting.key);
  std::string unknown;
  table.for_each([&](const toml::key& key, auto&& node) {
    if constexpr (toml::is_table<decltype(node)>) {
      node.for_each([&](const toml::key& inner, auto&&) {
        std::string full =
            std::string(key.str()) + "." + std::string(inner.str());
        if (!known.count(full) && unknown.empty()) unknown = full;
      });
    } else if (!known.count(std::string(key.str())) && unknown.empty()) {
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

  for (const auto& setting : kStrings) {
    if (auto v = table.at_path(setting.key).value<std::string>()) {
      config.*setting.field = *v;
    }
  }
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

  for (const auto& setting : kStrings) {
    if (const char* v = env(setting.env); v && *v) config.*setting.field = v;
  }
  if (const char* v = env("SCHOOLBIEB_LANG"); v && *v) {
    config.language = ParseLanguage(v);
  }

  if (flags.db_url) config.db_url = *flags.db_url;
  if (flags.listen) config.listen = *flags.listen;
  if (flags.log_level) config.log_level = *flags.log_level;
  if (flags.language) config.language = ParseLanguage(*flags.language);
  // A bad duration names its setting, in both the file's and the
  // environment's spelling, so that it can be found.
  for (const auto& setting : kStrings) {
    if (setting.field != &Config::upload_retention &&
        setting.field != &Config::leaver_retention) {
      continue;
    }
    auto duration = ParseDuration(config.*setting.field);
    if (!duration.ok()) {
      const Message& why = duration.status().message();
      return Status::InvalidArgument(
          fmt::format("Instelling {} ({}): {}", setting.key, setting.env,
                      why.nl),
          fmt::format("Setting {} ({}): {}", setting.key, setting.env, why.en));
    }
  }
  return config;
}

Result<int64_t> ParseDuration(std::string_view text) {
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, text.data() + text.size() - end);
  int64_t factor = unit == "s" || unit.empty() ? 1
                   : unit == "m"               ? 60
                   : unit == "h"               ? 3600
                   : unit == "d"               ? 86400
                                               : 0;
  if (error != std::errc() || value <= 0 || factor == 0 ||
      value > INT64_MAX / factor / 2) {
    return Status::InvalidArgument(
        fmt::format("'{}' is geen duur; schrijf bijvoorbeeld 48h, 90m of 2d.",
                    text),
        fmt::format("'{}' is not a duration; write e.g. 48h, 90m or 2d.",
                    text));
  }
  return value * factor;
}

}  // namespace schoolbieb
