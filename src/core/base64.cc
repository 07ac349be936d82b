#include "core/base64.h"

#include <array>
#include <cstdint>

namespace schoolbieb {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr uint8_t kSkip = 0xFE;
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (auto& value : table) value = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = i;
  }
  table[' '] = table['\t'] = table['\r'] = table['\n'] = kSkip;
  return table;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  char* o = out.data();
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];
    o[0] = kAlphabet[v >> 18];
    o[1] = kAlphabet[(v >> 12) & 63];
    o[2] = kAlphabet[(v >> 6) & 63];
    o[3] = kAlphabet[v & 63];
    o += 4;
  }
  if (i < bytes.size()) {
    uint32_t v = in[i] << 16;
    if (i + 1 < bytes.size()) v |= in[i + 1] << 8;
    o[0] = kAlphabet[v >> 18];
    o[1] = kAlphabet[(v >> 12) & 63];
    o[2] = i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    o[3] = '=';
  }
  return out;
}

bool DecodeBase64(std::string_view text, std::string* bytes) {
  bytes->resize(text.size() / 4 * 3 + 3);
  char* out = bytes->data();
  uint32_t group = 0;
  int count = 0;  // sextets in `group`
  size_t padding = 0;
  for (unsigned char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    uint8_t value = kDecode[c];
    if (value == kSkip) continue;
    if (value == kInvalid || padding > 0) return false;
    group = group << 6 | value;
    if (++count == 4) {
      *out++ = static_cast<char>(group >> 16);
      *out++ = static_cast<char>(group >> 8);
      *out++ = static_cast<char>(group);
      group = 0;
      count = 0;
    }
  }
  // The tail: 2 sextets give a byte, 3 give two; padding, when written,
  // completes the group of four.
  if (count == 1 || (padding > 0 && count + padding != 4) || padding > 2) {
    return false;
  }
  if (count == 2) {
    *out++ = static_cast<char>(group >> 4);
  } else if (count == 3) {
    *out++ = static_cast<char>(group >> 10);
    *out++ = static_cast<char>(group >> 2);
  }
  bytes->resize(static_cast<size_t>(out - bytes->data()));
  return true;
}

}  // namespace schoolbieb
