// A QR code drawn on the server as inline SVG (libqrencode), so the
// enrolment page needs no image URL, no external service and no script: the
// secret in the otpauth:// URI never leaves the page it is shown on. Pure;
// thread-safe (libqrencode is reentrant for separate symbols).
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb::web {

// An <svg role="img"> of `text` (8-bit mode, error correction M, four
// modules of quiet zone) with `title` (escaped) as its accessible name, one
// path of black squares on white, `pixels` wide. Empty when the text does
// not fit in a QR code.
std::string QrCodeSvg(std::string_view text, std::string_view title,
                      int pixels = 264);

}  // namespace schoolbieb::web
