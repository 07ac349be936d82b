#include "core/log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace schoolbieb {

Status SetUpLogging(std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return Status::InvalidArgument(
        fmt::format(
            "Onbekend logniveau '{}'. Kies debug, info, warn, error of off.",
            level),
        fmt::format(
            "Unknown log level '{}'. Use debug, info, warn, error or off.",
            level));
  }
  static auto logger = spdlog::stderr_logger_mt("schoolbieb");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

}  // namespace schoolbieb
