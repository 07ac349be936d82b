#include "core/names.h"

#include <algorithm>
#include <array>
#include <vector>

namespace schoolbieb {
namespace {

// Longest first, so "van der" wins over "van". Written as they appear in
// Dutch and Belgian names; EDEX files abbreviate ("v. d.", "v.d.").
constexpr std::array<std::string_view, 40> kPrefixes = {
    "van de la", "van der", "van den", "van het",  "van 't", "in het",
    "in 't",     "op de",   "op den",  "op het",   "uit de", "uit den",
    "aan de",    "aan den", "bij de",  "onder de", "van de", "v. d.",
    "v.d.",      "v/d",     "de la",   "de le",    "van",    "von",
    "vd",        "der",     "den",     "het",      "ten",    "ter",
    "te",        "de",      "da",      "di",       "du",     "le",
    "la",        "'t",      "d'",      "in"};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Length in bytes of the UTF-8 sequence starting with `lead`.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Upper-cases a single code point for the letters Dutch names use: ASCII and
// the Latin-1 / Latin Extended-A letters written as two bytes.
std::string UpperFirst(std::string_view letter) {
  if (letter.size() == 1) {
    char c = letter[0];
    return std::string(
        1, c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (letter.size() == 2) {
    unsigned char a = static_cast<unsigned char>(letter[0]);
    unsigned char b = static_cast<unsigned char>(letter[1]);
    if (a == 0xC3 && b >= 0xA0 && b <= 0xBE && b != 0xB7) {
      return std::string{static_cast<char>(a), static_cast<char>(b - 0x20)};
    }
    if ((a == 0xC4 || a == 0xC5) && (b & 1) == 1 && !(a == 0xC4 && b == 0xB1)) {
      return std::string{static_cast<char>(a), static_cast<char>(b - 1)};
    }
  }
  return std::string(letter);
}

}  // namespace

namespace {

// Length of the white space at `at` (ASCII, NBSP, the en/em/thin spaces,
// narrow NBSP); 0 when there is none.
size_t SpaceAt(std::string_view text, size_t at) {
  unsigned char c = static_cast<unsigned char>(text[at]);
  if (IsAsciiSpace(static_cast<char>(c))) return 1;
  if (c == 0xC2 && at + 1 < text.size() &&
      static_cast<unsigned char>(text[at + 1]) == 0xA0) {
    return 2;  // NBSP
  }
  if (c == 0xE2 && at + 2 < text.size() &&
      static_cast<unsigned char>(text[at + 1]) == 0x80 &&
      ((static_cast<unsigned char>(text[at + 2]) >= 0x80 &&
        static_cast<unsigned char>(text[at + 2]) <= 0x8A) ||
       static_cast<unsigned char>(text[at + 2]) == 0xAF)) {
    return 3;  // en/em/thin spaces, narrow NBSP
  }
  return 0;
}

}  // namespace

std::string CollapseSpaces(std::string_view text) {
  // Whole runs at a time: most cells are one run ("Jansen"), appended once.
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size()) {
      size_t space = SpaceAt(text, i);
      if (space == 0) break;
      i += space;
    }
    if (i == text.size()) break;
    size_t start = i;
    while (i < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if ((c <= ' ' || c == 0xC2 || c == 0xE2) && SpaceAt(text, i) > 0) break;
      ++i;
    }
    if (!out.empty()) out.push_back(' ');
    out.append(text.substr(start, i - start));
  }
  return out;
}

bool IsBlank(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t space = SpaceAt(text, i);
    if (space == 0) return false;
    i += space;
  }
  return true;
}

bool IsNamePrefix(std::string_view text) {
  std::string lower = AsciiLower(CollapseSpaces(text));
  return std::find(kPrefixes.begin(), kPrefixes.end(), lower) !=
         kPrefixes.end();
}

std::pair<std::string, std::string> SplitNamePrefix(std::string_view surname) {
  std::string name = CollapseSpaces(surname);
  // Most surnames start with a letter no prefix starts with ("Jansen").
  char first = name.empty() ? '\0' : name[0];
  if (first >= 'A' && first <= 'Z')
    first = static_cast<char>(first - 'A' + 'a');
  if (std::none_of(kPrefixes.begin(), kPrefixes.end(),
                   [first](std::string_view p) { return p[0] == first; })) {
    return {"", name};
  }
  std::string lower = AsciiLower(name);
  for (std::string_view prefix : kPrefixes) {
    if (lower.size() <= prefix.size() ||
        lower.compare(0, prefix.size(), prefix) != 0)
      continue;
    // "'t Hart" and "d'Arcy" may be written without a space after the
    // apostrophe.
    bool apostrophe = prefix.back() == '\'';
    size_t rest = prefix.size();
    if (lower[rest] == ' ') {
      ++rest;
    } else if (!apostrophe) {
      continue;  // "Vandermeulen" has no prefix
    }
    if (rest >= name.size()) continue;
    return {name.substr(0, prefix.size()), name.substr(rest)};
  }
  return {"", name};
}

std::string NormalisePrefix(std::string_view prefix) {
  return CollapseSpaces(prefix);
}

std::string DeriveInitials(std::string_view names) {
  std::string text = CollapseSpaces(names);
  // Already initials ("Chr. Th.", "T J", "T.J"): keep what was written
  // ("Chr." is a valid initial), with a dot after each part and no spaces.
  bool initials = !text.empty();
  std::vector<std::string_view> parts;
  const std::string_view all = text;
  for (size_t start = 0; start < all.size();) {
    size_t end = start;
    while (end < all.size() && all[end] != ' ' && all[end] != '.') ++end;
    if (end > start) parts.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  // Whether `part` occurs anywhere followed by a dot.
  auto dotted = [&all](std::string_view part) {
    for (size_t at = all.find(part); at != std::string_view::npos;
         at = all.find(part, at + 1)) {
      if (at + part.size() < all.size() && all[at + part.size()] == '.') {
        return true;
      }
    }
    return false;
  };
  for (std::string_view part : parts) {
    size_t letters = 0;
    for (size_t i = 0; i < part.size();
         i += SequenceLength(static_cast<unsigned char>(part[i]))) {
      ++letters;
    }
    if (!(letters == 1 || (letters <= 3 && dotted(part)))) {
      initials = false;
      break;
    }
  }
  if (initials) {
    std::string out;
    for (std::string_view part : parts) {
      size_t len = SequenceLength(static_cast<unsigned char>(part[0]));
      out += UpperFirst(part.substr(0, len));
      out += part.substr(len);
      out += '.';
    }
    return out;
  }
  std::string out;
  bool at_word_start = true;
  for (size_t i = 0; i < text.size();) {
    size_t len = SequenceLength(static_cast<unsigned char>(text[i]));
    char c = text[i];
    if (c == ' ' || c == '-' || c == '.') {
      at_word_start = true;
      ++i;
      continue;
    }
    if (at_word_start && c != '\'' && c != '(' && c != ')') {
      out += UpperFirst(text.substr(i, len));
      out.push_back('.');
      at_word_start = false;
    }
    i += len;
  }
  return out;
}

std::string DisplayName(std::string_view call_name, std::string_view initials,
                        std::string_view prefix, std::string_view surname) {
  std::string out(call_name.empty() ? initials : call_name);
  if (!prefix.empty()) {
    // Stored as the school wrote it; a Dutch prefix after a name is written
    // in lower case ("Jan van der Poel"), a name part such as "El" is not a
    // prefix and keeps its capital.
    out += out.empty()            ? std::string(prefix)
           : IsNamePrefix(prefix) ? " " + AsciiLower(prefix)
                                  : " " + std::string(prefix);
  }
  // "d'Arcy", "l'Ami": a prefix that ends in an apostrophe joins the
  // surname without a space.
  bool joined = prefix.ends_with('\'') || prefix.ends_with("\u2019");
  if (!surname.empty()) {
    out += (out.empty() || joined ? "" : " ") + std::string(surname);
  }
  return out;
}

std::string SortName(std::string_view prefix, std::string_view surname) {
  std::string out(surname);
  if (!prefix.empty()) out += ", " + std::string(prefix);
  return out;
}

namespace {

// U+00C0..U+00FF: the base letter of each precomposed character ('_' for
// the few that have none: Æ, Ð, ×, Þ, ß, …) and its accent as the second
// byte of the combining mark's UTF-8 (CC xx), 0 for none.
struct Latin1Letter {
  char base;
  unsigned char mark;
};
constexpr unsigned char kGrave = 0x80, kAcute = 0x81, kCircumflex = 0x82,
                        kTilde = 0x83, kDiaeresis = 0x88, kRing = 0x8A,
                        kCedilla = 0xA7;
constexpr Latin1Letter kLatin1[64] = {
    {'A', kGrave},      {'A', kAcute}, {'A', kCircumflex}, {'A', kTilde},
    {'A', kDiaeresis},  {'A', kRing},  {'_', 0},           {'C', kCedilla},
    {'E', kGrave},      {'E', kAcute}, {'E', kCircumflex}, {'E', kDiaeresis},
    {'I', kGrave},      {'I', kAcute}, {'I', kCircumflex}, {'I', kDiaeresis},
    {'_', 0},           {'N', kTilde}, {'O', kGrave},      {'O', kAcute},
    {'O', kCircumflex}, {'O', kTilde}, {'O', kDiaeresis},  {'_', 0},
    {'_', 0},           {'U', kGrave}, {'U', kAcute},      {'U', kCircumflex},
    {'U', kDiaeresis},  {'Y', kAcute}, {'_', 0},           {'_', 0},
    {'a', kGrave},      {'a', kAcute}, {'a', kCircumflex}, {'a', kTilde},
    {'a', kDiaeresis},  {'a', kRing},  {'_', 0},           {'c', kCedilla},
    {'e', kGrave},      {'e', kAcute}, {'e', kCircumflex}, {'e', kDiaeresis},
    {'i', kGrave},      {'i', kAcute}, {'i', kCircumflex}, {'i', kDiaeresis},
    {'_', 0},           {'n', kTilde}, {'o', kGrave},      {'o', kAcute},
    {'o', kCircumflex}, {'o', kTilde}, {'o', kDiaeresis},  {'_', 0},
    {'_', 0},           {'u', kGrave}, {'u', kAcute},      {'u', kCircumflex},
    {'u', kDiaeresis},  {'y', kAcute}, {'_', 0},           {'y', kDiaeresis},
};

bool IsCombiningMark(std::string_view text, size_t at) {
  // U+0300..U+036F is CC 80 .. CD AF in UTF-8.
  if (at + 1 >= text.size()) return false;
  unsigned char first = static_cast<unsigned char>(text[at]);
  unsigned char second = static_cast<unsigned char>(text[at + 1]);
  return (first == 0xCC && second >= 0x80 && second <= 0xBF) ||
         (first == 0xCD && second >= 0x80 && second <= 0xAF);
}

}  // namespace

void AppendMatchKey(std::string_view text, std::string* out) {
  std::string& key = *out;
  for (size_t i = 0; i < text.size();) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte >= 'A' && byte <= 'Z') {
        key += static_cast<char>(byte - 'A' + 'a');
      } else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
        key += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    if (IsCombiningMark(text, i)) {
      i += 2;
      continue;
    }
    if (byte == 0xC3 && i + 1 < text.size()) {
      unsigned char second = static_cast<unsigned char>(text[i + 1]);
      if (second >= 0x80 && second <= 0xBF) {
        char base = kLatin1[second - 0x80].base;
        if (base != '_') {
          key += static_cast<char>(base >= 'A' && base <= 'Z' ? base - 'A' + 'a'
                                                              : base);
        } else {
          key.append(text.substr(i, 2));
        }
        i += 2;
        continue;
      }
    }
    // Any other character: kept whole (its UTF-8 bytes), so distinct
    // letters stay distinct.
    size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    key.append(text.substr(i, length));
    i += length;
  }
}

std::string MatchKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  AppendMatchKey(text, &key);
  return key;
}

std::string ComposeLatin(std::string_view text) {
  if (text.find('\xCC') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char base = text[i];
    bool letter = (base >= 'A' && base <= 'Z') || (base >= 'a' && base <= 'z');
    if (letter && i + 2 < text.size() && IsCombiningMark(text, i + 1) &&
        static_cast<unsigned char>(text[i + 1]) == 0xCC) {
      unsigned char mark = static_cast<unsigned char>(text[i + 2]);
      int found = -1;
      for (int index = 0; index < 64; ++index) {
        if (kLatin1[index].base == base && kLatin1[index].mark == mark) {
          found = index;
          break;
        }
      }
      if (found >= 0) {
        out += static_cast<char>(0xC3);
        out += static_cast<char>(0x80 + found);
        i += 2;
        continue;
      }
    }
    out += base;
  }
  return out;
}

}  // namespace schoolbieb
