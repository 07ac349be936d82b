// "#rrggbb" colours and WCAG 2.1 contrast ratios.
#include "core/colour.h"

#include <gtest/gtest.h>

namespace schoolbieb {
namespace {

TEST(Colour, ParsesOnlyTheWholeSixDigitForm) {
  EXPECT_EQ(ParseColour("#1A2b3C"), (Rgb{0x1a, 0x2b, 0x3c}));
  EXPECT_EQ(ColourText(*ParseColour("#1A2b3C")), "#1a2b3c");
  for (const char* bad : {"", "#", "#abc", "1a2b3c", "#1a2b3c ", " #1a2b3c",
                          "#1a2b3g", "#1a2b3c4", "red", "#1a2b3c;"}) {
    EXPECT_FALSE(ParseColour(bad)) << bad;
  }
}

TEST(Colour, ContrastMatchesTheWcagExamples) {
  Rgb white{255, 255, 255}, black{0, 0, 0};
  EXPECT_NEAR(ContrastRatio(white, black), 21.0, 1e-9);
  EXPECT_NEAR(ContrastRatio(black, white), 21.0, 1e-9);
  EXPECT_NEAR(ContrastRatio(white, white), 1.0, 1e-9);
  // #777777 on white is the well-known just-too-light grey (4.48:1).
  EXPECT_NEAR(ContrastRatio(*ParseColour("#777777"), white), 4.48, 0.01);
  EXPECT_NEAR(ContrastRatio(*ParseColour("#767676"), white), 4.54, 0.01);
}

TEST(Colour, DarkenUntilReachesTheRatioAndKeepsTheHue) {
  Rgb white{255, 255, 255};
  Rgb light = *ParseColour("#77aadd");
  Rgb darker = DarkenUntil(light, white, 4.5);
  EXPECT_GE(ContrastRatio(darker, white), 4.5);
  EXPECT_LT(darker.b, light.b);
  EXPECT_GT(darker.b, darker.r);  // still blue
  Rgb dark = *ParseColour("#154273");
  EXPECT_EQ(DarkenUntil(dark, white, 4.5), dark);
}

}  // namespace
}  // namespace schoolbieb
