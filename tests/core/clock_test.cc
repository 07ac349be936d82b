#include "core/clock.h"

#include <gtest/gtest.h>

namespace schoolbieb {
namespace {

TEST(ClockTest, FormatsUtc) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(1795870568), "2026-11-28T12:56:08Z");
  EXPECT_EQ(FormatIsoDate(1795870568), "2026-11-28");
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.Now(), 1000);
  clock.Advance(60);
  EXPECT_EQ(clock.Now(), 1060);
  EXPECT_GT(SystemClock::Get().Now(), 1700000000);
}

}  // namespace
}  // namespace schoolbieb
