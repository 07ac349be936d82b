#include "core/clock.h"

#include <date/date.h>

#include <chrono>

namespace schoolbieb {

int64_t SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

std::string FormatUtc(int64_t epoch_seconds) {
  date::sys_seconds tp{std::chrono::seconds(epoch_seconds)};
  return date::format("%Y-%m-%dT%H:%M:%SZ", tp);
}

std::string FormatIsoDate(int64_t epoch_seconds) {
  date::sys_seconds tp{std::chrono::seconds(epoch_seconds)};
  return date::format("%Y-%m-%d", date::floor<date::days>(tp));
}

}  // namespace schoolbieb
