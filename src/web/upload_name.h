// The rule for an uploaded file's name: one of the allowed extensions and no
// punctuation marks in the name (the seed's rule, which keeps names safe in
// every system the file passes through).
//
// Allowed are letters (ASCII and the accented Latin letters of Dutch and
// its neighbours: U+00C0–U+017F without × and ÷), digits, and the extra
// characters of the rule (by default space, "-" and "_"). Everything else
// counts as punctuation: also control and bidirectional-text characters,
// and Unicode look-alikes such as a fullwidth full stop or a Cyrillic "а",
// which would make a name look other than it is. Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace schoolbieb::web {

struct UploadNameRule {
  std::vector<std::string> extensions = {"csv", "ods", "xls", "xlsx", "zip"};
  std::string extra_allowed = " -_";  // ASCII characters allowed besides
                                      // letters and digits
  size_t max_bytes = 200;
};

// OK, or InvalidArgument whose message names the file, the offending
// characters (invisible ones by code point and what they are) and suggests
// a clean name ("leerlingen 2026.csv" for "leerlingen (2026).csv").
Status CheckUploadName(std::string_view name, const UploadNameRule& rule = {});

// True when the name ends in one of the rule's extensions (any case).
bool HasAllowedExtension(std::string_view name,
                         const UploadNameRule& rule = {});

// The name with every character the rule refuses removed and spaces
// collapsed; the extension lower-cased. Empty when nothing usable is left.
std::string CleanUploadName(std::string_view name,
                            const UploadNameRule& rule = {});

}  // namespace schoolbieb::web
