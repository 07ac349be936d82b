// The site's words: every key is defined once over all tables, in both
// languages, and every {{t.key}} a template uses exists (an unknown key
// would show the key itself to a teacher).
#include "web/text.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>

#include "web/render.h"

namespace schoolbieb::web {

// Defined in the generated web_assets.cc.
const std::map<std::string_view, std::string_view>& EmbeddedAssets();

namespace {

TEST(TextTest, EveryKeyIsDefinedOnceInBothLanguages) {
  std::set<std::string> seen;
  for (const auto& [key, message] : AllTexts()) {
    EXPECT_TRUE(seen.insert(key).second) << "defined twice: " << key;
    EXPECT_FALSE(message.In(Language::kDutch).empty()) << key;
    EXPECT_FALSE(message.In(Language::kEnglish).empty()) << key;
  }
  EXPECT_GT(seen.size(), 50u);
}

TEST(TextTest, EveryKeyATemplateUsesExists) {
  static const std::regex pattern(R"(\{\{\s*t\.([a-z0-9_]+)\s*\}\})");
  int checked = 0;
  for (const auto& [name, content] : EmbeddedAssets()) {
    if (!name.ends_with(".mustache")) continue;
    std::string text(content);
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end;
         it != end; ++it) {
      std::string key = (*it)[1].str();
      EXPECT_NE(Text(key, Language::kDutch), key)
          << name << " uses an unknown text: " << key;
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

// A page gets only its own texts (and the layout's): every text its
// template names in any form — {{t.x}}, {{{t.x}}}, {{#t.x}} — is among them,
// in both languages, and none of the others.
TEST(TextTest, EachViewGetsTheTextsItsTemplatesName) {
  static const std::regex pattern(R"(t\.([a-z0-9_]+))");
  auto keys_in = [](std::string_view content) {
    std::set<std::string> keys;
    std::string text(content);
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end;
         it != end; ++it) {
      if (Text((*it)[1].str(), Language::kDutch) != (*it)[1].str()) {
        keys.insert((*it)[1].str());
      }
    }
    return keys;
  };
  std::set<std::string> layout = keys_in(Asset("layout.mustache"));
  int views = 0;
  for (const auto& [name, content] : EmbeddedAssets()) {
    if (!name.ends_with(".mustache") || name == "layout.mustache") continue;
    std::string view(name.substr(0, name.size() - 9));
    std::set<std::string> wanted = keys_in(content);
    wanted.insert(layout.begin(), layout.end());
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      const mstch::map& texts = ViewTexts(view, language);
      std::set<std::string> given;
      for (const auto& [key, value] : texts) given.insert(key);
      EXPECT_EQ(given, wanted) << view;
    }
    ++views;
  }
  EXPECT_GT(views, 10);
  EXPECT_LT(ViewTexts("login", Language::kDutch).size(),
            TextMap(Language::kDutch).size() / 4);
}

}  // namespace
}  // namespace schoolbieb::web
