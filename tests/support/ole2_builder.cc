#include "support/ole2_builder.h"

#include <cstdint>
#include <string_view>

namespace schoolbieb::testing {
namespace {

std::string Le16(uint16_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}
std::string Le32(uint32_t v) { return Le16(v & 0xFFFF) + Le16(v >> 16); }

std::string Utf16(std::u16string_view text) {
  std::string out;
  for (char16_t c : text) out += Le16(c);
  return out;
}

// Entry names as UTF-16 code units (ASCII and Latin-1 are enough here).
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80 || i + 1 >= utf8.size()) {
      out.push_back(c);
      i += 1;
    } else {
      out.push_back(
          static_cast<char16_t>((c & 0x1F) << 6 | (utf8[i + 1] & 0x3F)));
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::string BuildOle2(const std::vector<OleStream>& streams,
                      const OleOptions& options) {
  constexpr uint32_t kEnd = 0xFFFFFFFE, kFree = 0xFFFFFFFF, kNone = 0xFFFFFFFF;
  const size_t ss = options.version4 ? 4096 : 512;  // sector size
  const size_t per = ss / 4;                        // 32-bit entries per sector
  auto sectors_for = [](size_t bytes, size_t unit) {
    return (bytes + unit - 1) / unit;
  };
  std::string mini_stream;
  std::vector<uint32_t> mini_fat;
  std::vector<uint32_t> starts(streams.size(), kEnd);
  std::vector<bool> in_mini(streams.size(), false);
  for (size_t i = 0; i < streams.size(); ++i) {
    const std::string& data = streams[i].data;
    if (data.empty() || data.size() >= 4096) continue;
    in_mini[i] = true;
    starts[i] = static_cast<uint32_t>(mini_fat.size());
    size_t n = sectors_for(data.size(), 64);
    for (size_t k = 0; k < n; ++k) {
      mini_fat.push_back(k + 1 < n ? static_cast<uint32_t>(mini_fat.size() + 1)
                                   : kEnd);
    }
    mini_stream += data;
    mini_stream.resize(mini_fat.size() * 64, '\0');
  }
  size_t entries = streams.size() + 1;
  size_t dir_sectors = sectors_for(entries, ss / 128);
  size_t mini_fat_sectors = sectors_for(mini_fat.size(), per);
  size_t mini_sectors = sectors_for(mini_stream.size(), ss);
  size_t big_sectors = 0;
  for (size_t i = 0; i < streams.size(); ++i) {
    if (!in_mini[i]) big_sectors += sectors_for(streams[i].data.size(), ss);
  }
  size_t data_sectors =
      dir_sectors + mini_fat_sectors + mini_sectors + big_sectors;
  size_t fat_sectors = 1, difat_sectors = 0;
  while (true) {
    size_t need = sectors_for(data_sectors + fat_sectors + difat_sectors, per);
    size_t need_difat = need > 109 ? sectors_for(need - 109, per - 1) : 0;
    if (need == fat_sectors && need_difat == difat_sectors) break;
    fat_sectors = need;
    difat_sectors = need_difat;
  }
  std::vector<uint32_t> fat(fat_sectors * per, kFree);
  uint32_t next = 0;
  for (size_t i = 0; i < fat_sectors; ++i) fat[next++] = 0xFFFFFFFD;
  uint32_t first_difat = difat_sectors ? next : kEnd;
  for (size_t i = 0; i < difat_sectors; ++i) fat[next++] = 0xFFFFFFFC;
  auto chain = [&](size_t count) {
    if (count == 0) return kEnd;
    uint32_t start = next;
    for (size_t k = 0; k < count; ++k, ++next)
      fat[next] = k + 1 < count ? next + 1 : kEnd;
    return start;
  };
  uint32_t dir_start = chain(dir_sectors);
  uint32_t mini_fat_start = chain(mini_fat_sectors);
  uint32_t mini_start = chain(mini_sectors);
  for (size_t i = 0; i < streams.size(); ++i) {
    if (!in_mini[i] && !streams[i].data.empty()) {
      starts[i] = chain(sectors_for(streams[i].data.size(), ss));
    }
  }

  auto entry = [](const std::string& name, uint8_t type, uint32_t left,
                  uint32_t right, uint32_t child, uint32_t start,
                  uint32_t size) {
    std::u16string wide = ToUtf16(name);
    std::string e = Utf16(wide);
    e.resize(64, '\0');
    e += Le16(static_cast<uint16_t>(name.empty() ? 0 : (wide.size() + 1) * 2));
    e += std::string{static_cast<char>(type), '\1'};
    e += Le32(left) + Le32(right) + Le32(child);
    e += std::string(16 + 4 + 16, '\0');  // CLSID, state bits, times
    e += Le32(start) + Le32(size) + Le32(0);
    return e;
  };
  std::string directory =
      entry(options.root_name, 5, kNone, kNone, streams.empty() ? kNone : 1,
            mini_stream.empty() ? kEnd : mini_start,
            static_cast<uint32_t>(mini_stream.size()));
  for (size_t i = 0; i < streams.size(); ++i) {
    uint32_t right =
        i + 1 < streams.size() ? static_cast<uint32_t>(i + 2) : kNone;
    directory += entry(streams[i].name, 2, kNone, right, kNone, starts[i],
                       static_cast<uint32_t>(streams[i].data.size()));
  }
  while (directory.size() < dir_sectors * ss) {
    directory += entry("", 0, kNone, kNone, kNone, 0, 0);
  }

  std::string header =
      std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
      std::string(16, '\0') + Le16(0x3E) + Le16(options.version4 ? 4 : 3) +
      Le16(0xFFFE) + Le16(options.version4 ? 12 : 9) + Le16(6) +
      std::string(6, '\0') +
      Le32(options.version4 ? static_cast<uint32_t>(dir_sectors) : 0) +
      Le32(static_cast<uint32_t>(fat_sectors)) + Le32(dir_start) + Le32(0) +
      Le32(4096) + Le32(mini_fat_sectors ? mini_fat_start : kEnd) +
      Le32(static_cast<uint32_t>(mini_fat_sectors)) + Le32(first_difat) +
      Le32(static_cast<uint32_t>(difat_sectors));
  std::vector<uint32_t> difat_entries;
  for (uint32_t i = 0; i < fat_sectors; ++i) difat_entries.push_back(i);
  for (size_t i = 0; i < 109; ++i) {
    header += Le32(i < difat_entries.size() ? difat_entries[i] : kFree);
  }
  header.resize(ss, '\0');  // version 4: the header fills a whole sector
  std::string body;
  for (uint32_t v : fat) body += Le32(v);
  for (size_t d = 0; d < difat_sectors; ++d) {
    for (size_t k = 0; k + 1 < per; ++k) {
      size_t index = 109 + d * (per - 1) + k;
      body += Le32(index < difat_entries.size() ? difat_entries[index] : kFree);
    }
    body +=
        Le32(d + 1 < difat_sectors ? first_difat + static_cast<uint32_t>(d) + 1
                                   : kEnd);
  }
  body += directory;
  std::string mf;
  for (uint32_t v : mini_fat) mf += Le32(v);
  mf.resize(mini_fat_sectors * ss, '\xFF');
  body += mf;
  std::string ms = mini_stream;
  ms.resize(mini_sectors * ss, '\0');
  body += ms;
  for (size_t i = 0; i < streams.size(); ++i) {
    if (in_mini[i] || streams[i].data.empty()) continue;
    std::string d = streams[i].data;
    d.resize(sectors_for(d.size(), ss) * ss, '\0');
    body += d;
  }
  return header + body;
}

}  // namespace schoolbieb::testing
