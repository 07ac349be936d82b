// Dutch names: prefixes (tussenvoegsels), initials, and how a name is shown
// and sorted. Pure functions on UTF-8 text; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace schoolbieb {

// True when `text` is a known Dutch or Belgian name prefix ("van", "de",
// "van der", "'t", "d'", "v. d.", …), compared case-insensitively.
bool IsNamePrefix(std::string_view text);

// Splits a combined surname into (prefix, surname) when it starts with a
// known prefix: "van der Poel" → ("van der", "Poel"), "De Vries" →
// ("De", "Vries"), "'t Hart" → ("'t", "Hart"). The longest prefix wins; both
// parts keep the case they were written in. A name that is only a prefix
// ("Van") is left whole: it is then the surname.
std::pair<std::string, std::string> SplitNamePrefix(std::string_view surname);

// The prefix as the school wrote it, spaces collapsed ("Van  Der" →
// "Van Der"): names are stored as written, never re-cased.
std::string NormalisePrefix(std::string_view prefix);

// Initials from first names or a call name: "Timo Johannes" → "T.J.",
// "Anne-Marie" → "A.M.", "Çağla" → "Ç.". Already-initials ("T.J.", "T J") are
// normalised to dots without spaces. Empty for empty input.
std::string DeriveInitials(std::string_view names);

// "Jan van der Poel" (call name or initials, prefix, surname). A known Dutch
// prefix after the call name or initials is shown in lower case ("Van Der"
// → "van der"); anything else is shown as stored ("Sara El Amrani").
std::string DisplayName(std::string_view call_name, std::string_view initials,
                        std::string_view prefix, std::string_view surname);

// "Poel, van der" — sorting is on the surname without prefix.
std::string SortName(std::string_view prefix, std::string_view surname);

// Trims ASCII and Unicode spaces (NBSP, thin space) at both ends and
// collapses inner runs of white space to one space.
std::string CollapseSpaces(std::string_view text);

// True when `text` is empty or only white space: CollapseSpaces(text) would
// be empty (without making it).
bool IsBlank(std::string_view text);

// A key for comparing names as a person would: lower case, accents and
// combining marks removed, everything but letters and digits dropped. NFC
// "Zoë", NFD "Zoe\u0308" and "ZOE" all give "zoe"; letters outside Latin-1
// ("ğ") are kept as they are.
std::string MatchKey(std::string_view text);
// Appends MatchKey(text) to `*key` (building a composite key without
// intermediate strings).
void AppendMatchKey(std::string_view text, std::string* key);

// Composes an ASCII letter followed by a combining accent (U+0300 grave,
// U+0301 acute, U+0302 circumflex, U+0303 tilde, U+0308 diaeresis, U+030A
// ring, U+0327 cedilla) into its precomposed Latin-1 letter, so text from a
// file written in NFD is stored as NFC: "e\u0301" → "é". Other text is
// unchanged.
std::string ComposeLatin(std::string_view text);

}  // namespace schoolbieb
