// Base64 (RFC 4648, the standard alphabet with padding) for stored
// ciphertext and MIME. Not constant-time: use it for data that is not
// secret (ciphertext, mail bodies), not for keys read from a file.
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb {

std::string EncodeBase64(std::string_view bytes);

// Decodes `text` into `*bytes`. Spaces, tabs and line breaks are skipped;
// the closing '=' padding may be left out. False (and `*bytes` unspecified)
// for any other character, padding in the middle, or a dangling last
// character.
bool DecodeBase64(std::string_view text, std::string* bytes);

}  // namespace schoolbieb
