#include "formats/text_encoding.h"

#include <fmt/format.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>

namespace schoolbieb::formats {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 0x80..0x9F; 0 where the code page defines no character.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The UTF-8 bytes of every Windows-1252 byte, built once so decoding is one
// table look-up per byte outside ASCII.
struct Cp1252Utf8 {
  std::array<std::array<char, 3>, 256> bytes{};
  std::array<uint8_t, 256> length{};

  Cp1252Utf8() {
    for (int b = 0; b < 256; ++b) {
      std::string s;
      char32_t cp = Windows1252ToUnicode(static_cast<uint8_t>(b));
      AppendUtf8(cp == 0 && b != 0 ? kReplacement : cp, &s);
      length[b] = static_cast<uint8_t>(s.size());
      std::copy(s.begin(), s.end(), bytes[b].begin());
    }
  }
};

const Cp1252Utf8& Cp1252Table() {
  static const Cp1252Utf8 table;
  return table;
}

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Collects issues while decoding, merging those of one kind on one line.
// Lines are assigned afterwards in one pass (AssignLines), because while
// decoding a trailing CR may still turn out to be half of a CRLF.
class IssueCollector {
 public:
  IssueCollector(const std::string* out, DecodedText* decoded)
      : out_(out), decoded_(decoded) {}

  void Add(TextIssue::Kind kind, std::string_view raw) {
    size_t offset = out_->size();
    int k = static_cast<int>(kind);
    if (last_[k] >= 0) {
      TextIssue& last = decoded_->issues[static_cast<size_t>(last_[k])];
      // Only the part not scanned for this kind yet, so a long line full of
      // bad bytes costs linear time, not quadratic.
      size_t from = std::max(last.offset, scanned_[k]);
      bool break_between = std::any_of(
          out_->begin() + static_cast<std::ptrdiff_t>(from),
          out_->begin() + static_cast<std::ptrdiff_t>(offset), IsLineBreak);
      scanned_[k] = offset;
      if (!break_between) {
        ++last.count;
        return;
      }
    }
    if (decoded_->issues.size() >= kMaxTextIssues) {
      ++decoded_->dropped_issues;
      return;
    }
    TextIssue issue;
    issue.kind = kind;
    issue.offset = offset;
    issue.raw = std::string(raw);
    last_[k] = static_cast<long>(decoded_->issues.size());
    scanned_[k] = offset;
    decoded_->issues.push_back(std::move(issue));
  }

 private:
  const std::string* out_;
  DecodedText* decoded_;
  long last_[3] = {-1, -1, -1};
  size_t scanned_[3] = {0, 0, 0};
};

// Sets TextIssue::line by counting line breaks (LF, CRLF, lone CR) in front
// of each issue: the same rule the CSV tokenizer uses for physical lines.
void AssignLines(std::string_view text, std::vector<TextIssue>* issues) {
  size_t pos = 0;
  int line = 1;
  for (TextIssue& issue : *issues) {
    for (; pos < issue.offset; ++pos) {
      if (text[pos] == '\n') {
        ++line;
      } else if (text[pos] == '\r' &&
                 (pos + 1 >= text.size() || text[pos + 1] != '\n')) {
        ++line;
      }
    }
    issue.line = line;
  }
}

std::string HexByte(uint8_t byte) { return fmt::format("0x{:02X}", byte); }

void DecodeUtf8WithoutNuls(std::string_view bytes, DecodedText* decoded) {
  decoded->copied = true;
  std::string& out = decoded->storage;
  out.reserve(bytes.size());
  IssueCollector issues(&out, decoded);
  size_t pos = 0;
  while (pos < bytes.size()) {
    const void* nul = std::memchr(bytes.data() + pos, 0, bytes.size() - pos);
    size_t end =
        nul ? static_cast<size_t>(static_cast<const char*>(nul) - bytes.data())
            : bytes.size();
    out.append(bytes.substr(pos, end - pos));
    if (end == bytes.size()) break;
    issues.Add(TextIssue::Kind::kNul, "0x00");
    pos = end + 1;
  }
}

// True when any byte of the 8-byte `word` is 0 or has the high bit set.
inline bool ZeroOrHigh(uint64_t word) {
  return (((word - 0x0101010101010101ull) | word) & 0x8080808080808080ull) != 0;
}

void DecodeWindows1252(std::string_view bytes, DecodedText* decoded) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  decoded->copied = true;
  std::string& out = decoded->storage;
  out.reserve(bytes.size() + bytes.size() / 8);
  IssueCollector issues(&out, decoded);
  const Cp1252Utf8& table = Cp1252Table();
  size_t pos = 0;
  const size_t size = bytes.size();
  while (pos < size) {
    // Runs of ASCII are copied as they are; only the rest needs the table.
    size_t run = pos;
    while (run < size && static_cast<uint8_t>(bytes[run]) - 1u < 0x7Fu) ++run;
    out.append(bytes.data() + pos, run - pos);
    if (run == size) break;
    uint8_t byte = static_cast<uint8_t>(bytes[run]);
    pos = run + 1;
    if (byte == 0) {
      issues.Add(TextIssue::Kind::kNul, "0x00");
      continue;
    }
    if (Windows1252ToUnicode(byte) == 0) {
      issues.Add(TextIssue::Kind::kUndefinedByte, HexByte(byte));
    }
    out.append(table.bytes[byte].data(), table.length[byte]);
  }
}

template <bool kLittleEndian>
char16_t Utf16UnitAt(std::string_view bytes, size_t at) {
  uint8_t first = static_cast<uint8_t>(bytes[at]);
  uint8_t second = static_cast<uint8_t>(bytes[at + 1]);
  return kLittleEndian ? static_cast<char16_t>(first | (second << 8))
                       : static_cast<char16_t>((first << 8) | second);
}

template <bool kLittleEndian>
void DecodeUtf16(std::string_view bytes, DecodedText* decoded) {
  decoded->copied = true;
  std::string& out = decoded->storage;
  out.reserve(bytes.size() / 2 + bytes.size() / 8);
  IssueCollector issues(&out, decoded);
  size_t pos = 0;
  if (bytes.size() >= 2 && Utf16UnitAt<kLittleEndian>(bytes, 0) == 0xFEFF) {
    pos = 2;
  }
  const size_t even_end = bytes.size() & ~static_cast<size_t>(1);
  char run[512];
  while (pos < even_end) {
    // Runs of ASCII, most of a student file, go through a small buffer
    // rather than growing the output one character at a time.
    size_t length = 0;
    while (length < sizeof run && pos < even_end) {
      char16_t unit = Utf16UnitAt<kLittleEndian>(bytes, pos);
      if (unit - 1u >= 0x7Fu) break;  // NUL or beyond ASCII
      run[length++] = static_cast<char>(unit);
      pos += 2;
    }
    out.append(run, length);
    if (length == sizeof run || pos >= even_end) continue;

    char16_t unit = Utf16UnitAt<kLittleEndian>(bytes, pos);
    pos += 2;
    if (unit == 0) {
      issues.Add(TextIssue::Kind::kNul, "0x0000");
      continue;
    }
    if (unit < 0xD800 || unit > 0xDFFF) {
      AppendUtf8(unit, &out);
      continue;
    }
    if (unit <= 0xDBFF && pos < even_end) {
      char16_t low = Utf16UnitAt<kLittleEndian>(bytes, pos);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        pos += 2;
        AppendUtf8(0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                       (static_cast<char32_t>(low) - 0xDC00),
                   &out);
        continue;
      }
    }
    issues.Add(TextIssue::Kind::kBadUtf16,
               fmt::format("0x{:04X}", static_cast<unsigned>(unit)));
    AppendUtf8(kReplacement, &out);
  }
  if (even_end != bytes.size()) {
    issues.Add(TextIssue::Kind::kBadUtf16,
               HexByte(static_cast<uint8_t>(bytes.back())));
    AppendUtf8(kReplacement, &out);
  }
}

// Characters that do not occur in text files: NUL and the C0 controls other
// than tab, line feed, vertical tab, form feed, carriage return and the DOS
// end-of-file mark 0x1A.
bool IsSuspicious(uint32_t unit) {
  return unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\v' &&
         unit != '\f' && unit != '\r' && unit != 0x1A;
}

template <bool kLittleEndian>
void CountSuspiciousUtf16(std::string_view bytes, size_t* total,
                          size_t* suspicious) {
  const size_t even_end = bytes.size() & ~static_cast<size_t>(1);
  *total = even_end / 2;
  size_t pos = 0;
  // Four code units at a time: only words with a unit below 0x20 need a
  // closer look.
  for (; pos + 8 <= even_end; pos += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + pos, 8);
    if (!kLittleEndian) {
      word = ((word & 0x00FF00FF00FF00FFull) << 8) |
             ((word >> 8) & 0x00FF00FF00FF00FFull);
    }
    if (((word - 0x0020002000200020ull) & ~word & 0x8000800080008000ull) == 0) {
      continue;
    }
    for (size_t k = 0; k < 8; k += 2) {
      *suspicious += IsSuspicious(Utf16UnitAt<kLittleEndian>(bytes, pos + k));
    }
  }
  for (; pos < even_end; pos += 2) {
    *suspicious += IsSuspicious(Utf16UnitAt<kLittleEndian>(bytes, pos));
  }
}

uint32_t Utf32UnitAt(std::string_view bytes, size_t pos, bool little) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + pos);
  return little ? (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
                   uint32_t{p[3]} << 24)
                : (uint32_t{p[3]} | uint32_t{p[2]} << 8 | uint32_t{p[1]} << 16 |
                   uint32_t{p[0]} << 24);
}

void DecodeUtf32(std::string_view bytes, bool little, DecodedText* decoded) {
  decoded->copied = true;
  std::string& out = decoded->storage;
  out.reserve(bytes.size() / 4 + bytes.size() / 16);
  IssueCollector issues(&out, decoded);
  size_t pos = 0;
  if (bytes.size() >= 4 && Utf32UnitAt(bytes, 0, little) == 0xFEFF) pos = 4;
  for (; pos + 4 <= bytes.size(); pos += 4) {
    uint32_t unit = Utf32UnitAt(bytes, pos, little);
    if (unit == 0) {
      issues.Add(TextIssue::Kind::kNul, "0x00000000");
    } else if (unit > 0x10FFFF || (unit >= 0xD800 && unit <= 0xDFFF)) {
      issues.Add(TextIssue::Kind::kBadUtf16, fmt::format("0x{:08X}", unit));
      AppendUtf8(kReplacement, &out);
    } else if (unit < 0x80) {
      out.push_back(static_cast<char>(unit));
    } else {
      AppendUtf8(static_cast<char32_t>(unit), &out);
    }
  }
  if (pos != bytes.size()) {
    issues.Add(TextIssue::Kind::kBadUtf16,
               HexByte(static_cast<uint8_t>(bytes.back())));
    AppendUtf8(kReplacement, &out);
  }
}

// UTF-32 without a byte order mark, as PHP and some exports write it: in
// text of the Basic Multilingual Plane the top byte of every unit is zero
// and the next nearly always; the lowest almost never is. nullopt when the
// bytes do not look like that.
std::optional<TextEncoding> Utf32WithoutMark(std::string_view bytes) {
  size_t units = std::min<size_t>(bytes.size(), 16384) / 4;
  if (units < 2 || bytes.size() % 4 != 0) return std::nullopt;
  size_t zeros[4] = {0, 0, 0, 0};
  for (size_t u = 0; u < units; ++u) {
    for (int k = 0; k < 4; ++k) zeros[k] += bytes[4 * u + k] == 0;
  }
  auto looks = [&](int low, int second, int third, int top) {
    return zeros[top] == units && zeros[third] * 10 >= units * 9 &&
           zeros[second] * 10 >= units * 6 && zeros[low] * 10 <= units;
  };
  if (looks(0, 1, 2, 3)) return TextEncoding::kUtf32Le;
  if (looks(3, 2, 1, 0)) return TextEncoding::kUtf32Be;
  return std::nullopt;
}

}  // namespace

std::string_view TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8:
      return "utf-8";
    case TextEncoding::kUtf8Bom:
      return "utf-8-bom";
    case TextEncoding::kUtf16Le:
      return "utf-16le";
    case TextEncoding::kUtf16Be:
      return "utf-16be";
    case TextEncoding::kWindows1252:
      return "windows-1252";
    case TextEncoding::kUtf32Le:
      return "utf-32le";
    case TextEncoding::kUtf32Be:
      return "utf-32be";
  }
  return "utf-8";
}

Utf8Check CheckUtf8(std::string_view bytes) {
  Utf8Check check;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  size_t pos = 0;
  while (pos < size) {
    // Most of a student file is ASCII: skip it eight bytes at a time.
    while (pos + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, p + pos, 8);
      if (word & 0x8080808080808080ull) break;
      pos += 8;
    }
    if (pos >= size) break;
    uint8_t lead = p[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    size_t length = 0;
    uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3, low = 0xA0;  // below: overlong
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3, high = 0x9F;  // above: surrogates
    } else if (lead == 0xF0) {
      length = 4, low = 0x90;  // below: overlong
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4, high = 0x8F;  // above: beyond U+10FFFF
    } else {
      check.first_invalid = pos;  // continuation byte, C0/C1, F5..FF
      return check;
    }
    bool valid =
        pos + length <= size && p[pos + 1] >= low && p[pos + 1] <= high;
    for (size_t k = 2; valid && k < length; ++k)
      valid = (p[pos + k] & 0xC0) == 0x80;
    if (!valid) {
      check.first_invalid = pos;
      return check;
    }
    pos += length;
    ++check.multibyte_sequences;
  }
  return check;
}

TextEncoding DetectTextEncoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) {
    return IsValidUtf8(bytes.substr(kUtf8Bom.size()))
               ? TextEncoding::kUtf8Bom
               : TextEncoding::kWindows1252;
  }
  // UTF-32 LE's mark starts like UTF-16 LE's, so it is tested first.
  if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4)))
    return TextEncoding::kUtf32Le;
  if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    return TextEncoding::kUtf32Be;
  if (bytes.starts_with("\xFF\xFE")) return TextEncoding::kUtf16Le;
  if (bytes.starts_with("\xFE\xFF")) return TextEncoding::kUtf16Be;
  if (auto utf32 = Utf32WithoutMark(bytes)) return *utf32;

  // UTF-16 of mostly Latin text has a zero in the high byte of most code
  // units and almost never in the low byte. Either kind of zero alone, or
  // both at once, is something else (stray NULs, binary).
  size_t sample =
      std::min<size_t>(bytes.size(), 16384) & ~static_cast<size_t>(1);
  size_t pairs = sample / 2;
  if (pairs >= 2) {
    size_t zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i < sample; i += 2) {
      zero_even += bytes[i] == 0;
      zero_odd += bytes[i + 1] == 0;
    }
    if (zero_odd * 10 >= pairs * 3 && zero_even * 20 <= pairs)
      return TextEncoding::kUtf16Le;
    if (zero_even * 10 >= pairs * 3 && zero_odd * 20 <= pairs)
      return TextEncoding::kUtf16Be;
  }
  return IsValidUtf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kWindows1252;
}

bool LooksBinary(std::string_view bytes, TextEncoding encoding) {
  static constexpr std::string_view kSignatures[] = {
      "PK\x03\x04",  // ZIP, XLSX, ODS
      "PK\x05\x06",  // empty ZIP
      std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                       8),  // OLE2: XLS, DOC
      "%PDF-",
      "\x89PNG",
      "GIF8",
      "\xFF\xD8\xFF",  // JPEG
      "\x1F\x8B",      // gzip
      "Rar!",
      "7z\xBC\xAF",
  };
  for (std::string_view signature : kSignatures) {
    if (bytes.starts_with(signature)) return true;
  }

  size_t total = 0, suspicious = 0;
  if (encoding == TextEncoding::kUtf32Le ||
      encoding == TextEncoding::kUtf32Be) {
    bool little = encoding == TextEncoding::kUtf32Le;
    for (size_t pos = 0; pos + 4 <= bytes.size(); pos += 4, ++total) {
      suspicious += IsSuspicious(Utf32UnitAt(bytes, pos, little));
    }
  } else if (encoding == TextEncoding::kUtf16Le) {
    CountSuspiciousUtf16<true>(bytes, &total, &suspicious);
  } else if (encoding == TextEncoding::kUtf16Be) {
    CountSuspiciousUtf16<false>(bytes, &total, &suspicious);
  } else {
    total = bytes.size();
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
    size_t pos = 0;
    // Eight bytes at a time: only words with a byte below 0x20 (in text,
    // those with a line break or a tab) need a closer look.
    for (; pos + 8 <= total; pos += 8) {
      uint64_t word;
      std::memcpy(&word, p + pos, 8);
      if (((word - 0x2020202020202020ull) & ~word & 0x8080808080808080ull) ==
          0) {
        continue;
      }
      for (size_t k = 0; k < 8; ++k) suspicious += IsSuspicious(p[pos + k]);
    }
    for (; pos < total; ++pos) suspicious += IsSuspicious(p[pos]);
  }
  // A quarter is "mostly not text" for any size; on a file of some length a
  // twentieth already is, as random binary has about an eighth.
  return suspicious * 4 > total || (total >= 1024 && suspicious * 20 > total);
}

DecodedText DecodeText(std::string_view bytes, TextEncoding encoding) {
  DecodedText decoded;
  decoded.encoding = encoding;
  switch (encoding) {
    case TextEncoding::kUtf8:
    case TextEncoding::kUtf8Bom:
      if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
      if (std::memchr(bytes.data(), 0, bytes.size()) == nullptr) {
        decoded.view = bytes;  // the common case: no copy at all
      } else {
        DecodeUtf8WithoutNuls(bytes, &decoded);
      }
      break;
    case TextEncoding::kWindows1252:
      DecodeWindows1252(bytes, &decoded);
      break;
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be:
      if (encoding == TextEncoding::kUtf16Le) {
        DecodeUtf16<true>(bytes, &decoded);
      } else {
        DecodeUtf16<false>(bytes, &decoded);
      }
      break;
    case TextEncoding::kUtf32Le:
    case TextEncoding::kUtf32Be:
      DecodeUtf32(bytes, encoding == TextEncoding::kUtf32Le, &decoded);
      break;
  }
  if (!decoded.issues.empty()) AssignLines(decoded.text(), &decoded.issues);
  return decoded;
}

bool HasWindows1252Issues(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  size_t pos = 0;
  while (pos < size) {
    // Text is mostly ASCII without NULs: eight bytes at a time.
    for (; pos + 8 <= size; pos += 8) {
      uint64_t word;
      std::memcpy(&word, p + pos, 8);
      if (ZeroOrHigh(word)) break;
    }
    size_t end = std::min(pos + 8, size);
    for (; pos < end; ++pos) {
      if (p[pos] == 0 || (p[pos] >= 0x80 && Windows1252ToUnicode(p[pos]) == 0))
        return true;
    }
  }
  return false;
}

void AppendWindows1252(std::string_view bytes, std::string* out) {
  const Cp1252Utf8& table = Cp1252Table();
  size_t pos = 0;
  const size_t size = bytes.size();
  while (pos < size) {
    size_t run = pos;
    while (run < size && static_cast<uint8_t>(bytes[run]) < 0x80) ++run;
    out->append(bytes.data() + pos, run - pos);
    if (run == size) break;
    auto byte = static_cast<uint8_t>(bytes[run]);
    out->append(table.bytes[byte].data(), table.length[byte]);
    pos = run + 1;
  }
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    char b[2] = {static_cast<char>(0xC0 | (cp >> 6)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 2);
  } else if (cp < 0x10000) {
    char b[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                 static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 3);
  } else {
    char b[4] = {static_cast<char>(0xF0 | (cp >> 18)),
                 static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                 static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 4);
  }
}

char32_t Windows1252ToUnicode(uint8_t byte) {
  if (byte >= 0x80 && byte <= 0x9F) return kCp1252High[byte - 0x80];
  return byte;  // elsewhere Windows-1252 is ISO-8859-1
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<uint8_t>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::optional<std::string> GuessCharset(std::string_view bytes) {
  std::unique_ptr<struct uchardet, void (*)(uchardet_t)> detector(
      uchardet_new(), uchardet_delete);
  if (!detector) return std::nullopt;
  // The start of a file says as much about its charset as the whole of it.
  std::string_view sample = bytes.substr(0, 256 * 1024);
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) {
    return std::nullopt;
  }
  uchardet_data_end(detector.get());
  const char* charset = uchardet_get_charset(detector.get());
  if (charset == nullptr || *charset == '\0') return std::nullopt;
  std::string name(charset);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return static_cast<char>(std::toupper(c));
  });
  return name;
}

bool IsOtherScriptCharset(std::string_view charset) {
  static constexpr std::string_view kMarkers[] = {
      "1251",   "KOI8",       "IBM866",    "IBM855",  "ISO-8859-5",  "CYRILLIC",
      "1253",   "ISO-8859-7", "GREEK",     "1255",    "ISO-8859-8",  "HEBREW",
      "1256",   "ISO-8859-6", "ARABIC",    "TIS-620", "ISO-8859-11", "1258",
      "VISCII", "TCVN",       "SHIFT_JIS", "EUC-JP",  "ISO-2022",    "GB18030",
      "GB2312", "BIG5",       "EUC-KR",    "EUC-TW",  "UHC",         "HZ-GB",
  };
  for (std::string_view marker : kMarkers) {
    if (charset.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace schoolbieb::formats
