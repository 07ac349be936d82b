// Colours as the library's house style names them: "#rrggbb", and the
// WCAG 2.1 contrast ratio between two of them. The back office lets an admin
// choose the library's colour (store::CheckLibrary refuses one that white
// text cannot be read on); the pages only ever print a colour that
// ParseColour accepted, so nothing typed reaches CSS or HTML as written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schoolbieb {

struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

// "#1a2B3c" → the colour; nullopt for anything else (no short "#abc", no
// names, no spaces): the whole text must be the colour.
std::optional<Rgb> ParseColour(std::string_view text);
// "#1a2b3c": lower case, always seven characters.
std::string ColourText(Rgb colour);
// Relative luminance, 0 (black) to 1 (white), as WCAG 2.1 defines it.
double Luminance(Rgb colour);
// (lighter + 0.05) / (darker + 0.05): 1 to 21.
double ContrastRatio(Rgb a, Rgb b);
// The colour with every channel scaled by `factor` (0..1) towards black.
Rgb Darker(Rgb colour, double factor);
// The lightest colour along Darker(colour, …) whose contrast against
// `background` is at least `ratio`; the colour itself when it already is.
Rgb DarkenUntil(Rgb colour, Rgb background, double ratio);

}  // namespace schoolbieb
