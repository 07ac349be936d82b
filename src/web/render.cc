#include "web/render.h"

#include <cctype>
#include <map>
#include <set>

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

namespace {

// The text keys a template names: {{t.key}}, {{{t.key}}}, {{#t.key}}, …
void AddTextKeys(std::string_view text, std::set<std::string>* keys) {
  for (size_t at = text.find("t."); at != std::string_view::npos;
       at = text.find("t.", at + 2)) {
    // Only where "t" is a whole name: after a mustache tag opener or space.
    if (at == 0) continue;
    char before = text[at - 1];
    if (before != '{' && before != '#' && before != '^' && before != ' ' &&
        before != '&') {
      continue;
    }
    size_t end = at + 2;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) ||
            text[end] == '_')) {
      ++end;
    }
    if (end > at + 2) keys->emplace(text.substr(at + 2, end - at - 2));
  }
}

using ViewTextMaps = std::map<std::string, mstch::map, std::less<>>;

// For every embedded view: its texts (and the layout's) in one language.
ViewTextMaps BuildViewTexts(Language language) {
  std::set<std::string> layout_keys;
  AddTextKeys(Asset("layout.mustache"), &layout_keys);
  const mstch::map& all = TextMap(language);
  ViewTextMaps maps;
  for (const auto& [name, text] : EmbeddedAssets()) {
    if (!name.ends_with(".mustache") || name == "layout.mustache") continue;
    std::set<std::string> keys = layout_keys;
    AddTextKeys(text, &keys);
    mstch::map texts;
    for (const std::string& key : keys) {
      auto it = all.find(key);
      if (it != all.end()) texts.emplace(key, it->second);
    }
    maps.emplace(std::string(name.substr(0, name.size() - 9)),
                 std::move(texts));
  }
  return maps;
}

}  // namespace

const mstch::map& ViewTexts(std::string_view view, Language language) {
  static const ViewTextMaps dutch = BuildViewTexts(Language::kDutch);
  static const ViewTextMaps english = BuildViewTexts(Language::kEnglish);
  const ViewTextMaps& maps = language == Language::kEnglish ? english : dutch;
  auto it = maps.find(view);
  return it == maps.end() ? TextMap(language) : it->second;
}

std::string RenderPage(std::string_view view, const mstch::map& context) {
  std::string layout(Asset("layout.mustache"));
  std::map<std::string, std::string> partials = {
      {"content", std::string(Asset(std::string(view) + ".mustache"))}};
  return mstch::render(layout, context, partials);
}

}  // namespace schoolbieb::web
