#include "web/qr_code.h"

#include <fmt/format.h>
#include <qrencode.h>
#include <sodium.h>

#include <memory>

#include "core/escape.h"

namespace schoolbieb::web {
namespace {

constexpr int kQuietZone = 4;  // modules of white around the symbol

struct QrFree {
  void operator()(QRcode* code) const {
    // The symbol encodes a secret: wiped before it is freed.
    sodium_memzero(code->data, static_cast<size_t>(code->width) * code->width);
    QRcode_free(code);
  }
};

}  // namespace

std::string QrCodeSvg(std::string_view text, std::string_view title,
                      int pixels) {
  std::string input(text);
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M));
  sodium_memzero(input.data(), input.size());
  if (!code) return "";
  int width = code->width;
  int size = width + 2 * kQuietZone;
  // One path: a 1×1 square per dark module (bit 0 of each byte).
  std::string path;
  path.reserve(static_cast<size_t>(width) * width * 4);
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        path += fmt::format("M{} {}h1v1h-1z", x + kQuietZone, y + kQuietZone);
      }
    }
  }
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" "
      "viewBox=\"0 0 {0} {0}\" width=\"{1}\" height=\"{1}\" role=\"img\" "
      "shape-rendering=\"crispEdges\"><title>{2}</title>"
      "<rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"{3}\"/></svg>",
      size, pixels, EscapeHtml(title), path);
  sodium_memzero(path.data(), path.size());
  return svg;
}

}  // namespace schoolbieb::web
