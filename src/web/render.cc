#include "web/render.h"

#include <map>

#include "web/text.h"

namespace schoolbieb::web {

// Defined in the file cmake/embed_assets.cmake generates.
const std::map<std::string_view, std::string_view>& EmbeddedAssets();

std::string_view Asset(std::string_view name) {
  const auto& assets = EmbeddedAssets();
  auto it = assets.find(name);
  return it == assets.end() ? std::string_view() : it->second;
}

const mstch::map& TextMap(Language language) {
  static const auto build = [](Language lang) {
    mstch::map texts;
    for (const auto& [key, message] : AllTexts()) {
      texts.emplace(key, message.In(lang));
    }
    return texts;
  };
  static const mstch::map dutch = build(Language::kDutch);
  static const mstch::map english = build(Language::kEnglish);
  return language == Language::kEnglish ? english : dutch;
}

std::string RenderPage(std::string_view view, const mstch::map& context) {
  std::string layout(Asset("layout.mustache"));
  std::map<std::string, std::string> partials = {
      {"content", std::string(Asset(std::string(view) + ".mustache"))}};
  return mstch::render(layout, context, partials);
}

}  // namespace schoolbieb::web
