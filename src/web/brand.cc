#include "web/brand.h"

#include <fmt/format.h>

#include <cmath>

#include "core/colour.h"
#include "store/library_store.h"

namespace schoolbieb::web {
namespace {

// The colour mixed with white: a light background of the same hue (the drop
// zone while a file is dragged over it, "in behandeling"), on which the
// pages' near-black text keeps a contrast far above 4.5:1.
Rgb Tint(Rgb colour, double white_share) {
  auto mix = [white_share](unsigned char c) {
    return static_cast<unsigned char>(std::lround(c + (255 - c) * white_share));
  };
  return Rgb{mix(colour.r), mix(colour.g), mix(colour.b)};
}

}  // namespace

std::string BrandStylesheet(std::string_view colour) {
  std::optional<Rgb> rgb = ParseColour(colour);
  if (!rgb) rgb = ParseColour(store::kDefaultBrandColour);
  return fmt::format("/brand/{}.css", ColourText(*rgb).substr(1));
}

void RegisterBrand(httplib::Server& server) {
  server.Get(R"(/brand/([0-9a-f]{6})\.css)", [](const httplib::Request& req,
                                                httplib::Response& res) {
    std::optional<Rgb> brand = ParseColour("#" + req.matches[1].str());
    if (!brand) {
      res.status = 404;
      return;
    }
    // Hover and headings are darker still; on white that only adds contrast.
    std::string css = fmt::format(
        ":root {{ --brand: {}; --brand-dark: {}; --brand-tint: {}; }}\n",
        ColourText(*brand), ColourText(Darker(*brand, 0.6)),
        ColourText(Tint(*brand, 0.88)));
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_content(css, "text/css; charset=utf-8");
  });
}

}  // namespace schoolbieb::web
