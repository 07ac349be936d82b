// A sentence a person reads, in Dutch first and in English.
//
// Everything a teacher or a librarian reads carries both languages so the
// caller can pick one at the edge (CLI flag, web session, mail recipient).
// Developer-only text (logs, exceptions for bugs) is plain English instead.
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb {

enum class Language { kDutch, kEnglish };

// Parses "nl", "nl_NL", "en", "en-GB" (case-insensitive). Anything else is
// Dutch, the default of the whole system.
Language ParseLanguage(std::string_view code);
std::string_view LanguageCode(Language language);

struct Message {
  std::string nl;
  std::string en;

  const std::string& In(Language language) const {
    return language == Language::kEnglish ? en : nl;
  }
  bool empty() const { return nl.empty() && en.empty(); }
};

}  // namespace schoolbieb
