#include "core/colour.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace schoolbieb {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

double Linear(unsigned char channel) {
  double c = channel / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

std::optional<Rgb> ParseColour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  unsigned char channels[3];
  for (int i = 0; i < 3; ++i) {
    int high = HexDigit(text[1 + 2 * i]);
    int low = HexDigit(text[2 + 2 * i]);
    if (high < 0 || low < 0) return std::nullopt;
    channels[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return Rgb{channels[0], channels[1], channels[2]};
}

std::string ColourText(Rgb colour) {
  return fmt::format("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b);
}

double Luminance(Rgb colour) {
  return 0.2126 * Linear(colour.r) + 0.7152 * Linear(colour.g) +
         0.0722 * Linear(colour.b);
}

double ContrastRatio(Rgb a, Rgb b) {
  double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb Darker(Rgb colour, double factor) {
  auto scale = [factor](unsigned char c) {
    return static_cast<unsigned char>(std::lround(c * factor));
  };
  return Rgb{scale(colour.r), scale(colour.g), scale(colour.b)};
}

Rgb DarkenUntil(Rgb colour, Rgb background, double ratio) {
  // Luminance falls monotonically with the factor; 1% steps are finer than
  // a person can tell apart, and black always reaches any ratio up to 21.
  for (int percent = 100; percent >= 0; --percent) {
    Rgb candidate = Darker(colour, percent / 100.0);
    if (ContrastRatio(candidate, background) >= ratio) return candidate;
  }
  return Rgb{};
}

}  // namespace schoolbieb
