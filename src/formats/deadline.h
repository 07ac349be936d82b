// A time limit for one read, checked by readers every few thousand rows.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/status.h"

namespace schoolbieb::formats {

class Deadline {
 public:
  // 0 millis: no limit.
  explicit Deadline(int64_t millis)
      : unlimited_(millis <= 0),
        millis_(millis),
        end_(std::chrono::steady_clock::now() +
             std::chrono::milliseconds(millis)) {}

  bool Passed() const {
    return !unlimited_ && std::chrono::steady_clock::now() > end_;
  }
  // ResourceExhausted naming the time limit.
  Status Exceeded() const;

 private:
  bool unlimited_;
  int64_t millis_;
  std::chrono::steady_clock::time_point end_;
};

}  // namespace schoolbieb::formats
