#include "core/message.h"

#include <cctype>

namespace schoolbieb {

Language ParseLanguage(std::string_view code) {
  if (code.size() >= 2 &&
      std::tolower(static_cast<unsigned char>(code[0])) == 'e' &&
      std::tolower(static_cast<unsigned char>(code[1])) == 'n' &&
      (code.size() == 2 || code[2] == '_' || code[2] == '-')) {
    return Language::kEnglish;
  }
  return Language::kDutch;
}

std::string_view LanguageCode(Language language) {
  return language == Language::kEnglish ? "en" : "nl";
}

}  // namespace schoolbieb
