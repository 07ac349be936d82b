// The settings of one schoolbieb process and where they come from.
//
// Precedence, highest first: command-line flag > environment variable >
// config file (TOML) > built-in default. The config file is named by
// --config or SCHOOLBIEB_CONFIG. LoadConfig leaves nothing half-set: on
// failure it returns a Status and no Config.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

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

  // The address people use to reach the portal, for links in mails
  // (SCHOOLBIEB_PUBLIC_URL, [server] public_url); empty: from `listen`.
  std::string public_url;
  // TLS served by schoolbieb itself (SCHOOLBIEB_TLS_CERT/_KEY, [server]
  // tls_cert/tls_key, PEM files); both empty: plain HTTP (behind nginx).
  std::string tls_cert;
  std::string tls_key;
  // The reverse proxy in front (SCHOOLBIEB_TRUSTED_PROXY, [server]
  // trusted_proxy), whose X-Forwarded-For names the client; empty: none.
  std::string trusted_proxy;
  // The upload encryption key: base64 (SCHOOLBIEB_UPLOAD_KEY, [uploads]
  // key) or else a key file, created on first use (SCHOOLBIEB_UPLOAD_KEY_FILE,
  // [uploads] key_file). Never stored in the database.
  std::string upload_key;
  std::string upload_key_file = "var/upload.key";
  // The characters besides letters and digits an uploaded file's name may
  // hold (SCHOOLBIEB_UPLOAD_NAME_CHARACTERS, [uploads] name_characters).
  std::string upload_name_characters = " -_";
  // Outgoing mail (SCHOOLBIEB_SMTP_URL, [mail] smtp_url, e.g.
  // smtp://127.0.0.1:8025 or smtps://user:pass@host:465; empty: messages
  // wait in the outbox) and the sender (SCHOOLBIEB_MAIL_FROM, [mail] from).
  std::string smtp_url;
  std::string mail_from = "schoolbieb@localhost";
  // How long the outbox keeps retrying a message before it is failed
  // (SCHOOLBIEB_MAIL_GIVE_UP_AFTER, [mail] give_up_after; "48h", "90m",
  // "2d"), checked by mail::WorkerOptionsFromConfig.
  std::string mail_give_up_after = "48h";
  // Privacy (AVG): how long an uploaded file is kept after its import or
  // rejection (SCHOOLBIEB_UPLOAD_RETENTION, [privacy] upload_retention), and
  // how long a student who left every membership, with nothing open, is kept
  // before being anonymised (SCHOOLBIEB_LEAVER_RETENTION, [privacy]
  // leaver_retention). Durations as for give_up_after; checked by LoadConfig.
  std::string upload_retention = "30d";
  std::string leaver_retention = "365d";
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

// InvalidArgument (naming a bad duration) when a retention is not a duration.
Result<Config> LoadConfig(const ConfigFlags& flags, const EnvLookup& env);

// "90s", "30m", "48h", "2d" (a bare number: seconds) → seconds;
// InvalidArgument otherwise.
Result<int64_t> ParseDuration(std::string_view text);

}  // namespace schoolbieb
