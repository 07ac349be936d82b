// Reading little-endian integers from a byte buffer, as ZIP, OLE2 and BIFF
// store them. The caller checks `at` against the buffer size first.
#pragma once

#include <cstdint>
#include <string_view>

namespace schoolbieb::formats {

inline uint16_t U16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               static_cast<unsigned char>(b[at + 1]) << 8);
}
inline uint32_t U32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(U16(b, at)) |
         static_cast<uint32_t>(U16(b, at + 2)) << 16;
}
inline uint64_t U64(std::string_view b, size_t at) {
  return static_cast<uint64_t>(U32(b, at)) |
         static_cast<uint64_t>(U32(b, at + 4)) << 32;
}

}  // namespace schoolbieb::formats
