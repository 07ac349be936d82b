// The clock behind an interface, so tests can set the time (idle timeouts,
// school years, retention) without sleeping. All times are UTC.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace schoolbieb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, UTC.
  virtual int64_t Now() const = 0;
};

// The system's wall clock. Thread-safe.
class SystemClock : public Clock {
 public:
  int64_t Now() const override;
  static const SystemClock& Get();
};

// A clock a test moves by hand. Thread-safe: a test moves it while a
// server's threads read it.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t now) : now_(now) {}
  int64_t Now() const override { return now_.load(); }
  void Set(int64_t now) { now_.store(now); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<int64_t> now_;
};

// "2026-11-28T12:56:08Z".
std::string FormatUtc(int64_t epoch_seconds);
// "2026-11-28".
std::string FormatIsoDate(int64_t epoch_seconds);

}  // namespace schoolbieb
