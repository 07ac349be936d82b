// Text encodings of uploaded text files (CSV, TXT): detecting the charset,
// strict UTF-8 validation, and decoding everything to UTF-8 in one pass.
//
// Student files come from Dutch Excel (Windows-1252, or UTF-8 with a BOM when
// saved as "CSV UTF-8"), from school administration systems (UTF-8, sometimes
// UTF-16 from Windows tools) and from hand edits. The rule is strict: bytes
// that are valid UTF-8 are UTF-8; anything else is Windows-1252. Invalid UTF-8
// is never decoded leniently, because a half-decoded name is worse than one
// that is visibly wrong and reported. What could not be decoded, and stray NUL
// bytes, are recorded as TextIssues with their line so a reader can report
// them where they are.
//
// Everything here is a pure function of its input; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schoolbieb::formats {

// UTF-32 is rare, but some Unicode exports write it, with or without a
// byte order mark.
enum class TextEncoding {
  kUtf8,
  kUtf8Bom,
  kUtf16Le,
  kUtf16Be,
  kWindows1252,
  kUtf32Le,
  kUtf32Be
};

// "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252",
// "utf-32le", "utf-32be" (Table.encoding).
std::string_view TextEncodingName(TextEncoding encoding);

// The result of a strict UTF-8 check: overlong forms, surrogates (U+D800 to
// U+DFFF), code points above U+10FFFF and cut-off sequences are invalid.
struct Utf8Check {
  // Offset of the first byte of the first invalid sequence; npos when valid.
  size_t first_invalid = std::string_view::npos;
  // Valid multi-byte sequences before first_invalid. Many of them followed by
  // an invalid byte suggests a UTF-8 file damaged by another editor.
  size_t multibyte_sequences = 0;

  bool valid() const { return first_invalid == std::string_view::npos; }
};
Utf8Check CheckUtf8(std::string_view bytes);
inline bool IsValidUtf8(std::string_view bytes) {
  return CheckUtf8(bytes).valid();
}

// Decides the encoding from the content alone: a byte order mark first
// (UTF-8, UTF-32 LE/BE, UTF-16 LE/BE), then the pattern of zero bytes that
// UTF-32 and UTF-16 text without a BOM show, then strict UTF-8 validity;
// else Windows-1252.
TextEncoding DetectTextEncoding(std::string_view bytes);

// True when the bytes are not text at all: a known binary signature (ZIP,
// OLE2/XLS, PDF, images) or too many NUL and control characters for the
// given encoding. A few stray NULs in a text file are not binary.
bool LooksBinary(std::string_view bytes, TextEncoding encoding);

// Something in the input that could not become text as it was.
struct TextIssue {
  enum class Kind {
    kNul,            // NUL characters, removed
    kUndefinedByte,  // Windows-1252 byte without a character, now U+FFFD
    kBadUtf16,       // unpaired surrogate or odd trailing byte, now U+FFFD
                     // (also a UTF-32 unit that is no character)
  };
  Kind kind = Kind::kNul;
  size_t offset = 0;  // in the decoded text, where the first one was
  int line = 1;       // 1-based physical line in the decoded text
  int count = 1;      // how many on this line (issues merge per line and kind)
  std::string raw;    // the first offending bytes, e.g. "0x81"
};

inline constexpr size_t kMaxTextIssues = 10000;

// The input as UTF-8, without the byte order mark. When the input was UTF-8
// without NULs nothing is copied and text() views the input bytes, so a
// DecodedText must not outlive them.
struct DecodedText {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::vector<TextIssue> issues;  // in order of offset

  std::string_view text() const {
    return copied ? std::string_view(storage) : view;
  }

  // Issues beyond kMaxTextIssues are counted here instead of kept, so a
  // damaged file cannot make the list grow with its size.
  size_t dropped_issues = 0;

  bool copied = false;
  std::string storage;    // the decoded text when copied
  std::string_view view;  // the text inside the input when not copied
};

// Decodes `bytes` in `encoding` (usually from DetectTextEncoding) to UTF-8,
// without the byte order mark. For kUtf8/kUtf8Bom the bytes must be valid
// UTF-8 (see CheckUtf8). NULs are removed in every encoding. For
// kWindows1252 a leading UTF-8 BOM is skipped too: DetectTextEncoding picks
// Windows-1252 for a file that starts with the mark but is not valid UTF-8.
DecodedText DecodeText(std::string_view bytes, TextEncoding encoding);

// True when decoding `bytes` as Windows-1252 would note a TextIssue: a NUL
// or one of the five bytes without a character. Without any, a reader may
// convert field by field (AppendWindows1252) instead of the whole input.
bool HasWindows1252Issues(std::string_view bytes);

// Appends Windows-1252 `bytes` as UTF-8 (undefined bytes as U+FFFD, NULs
// kept: see HasWindows1252Issues). ASCII is copied as it is.
void AppendWindows1252(std::string_view bytes, std::string* out);

// Appends the UTF-8 form of `code_point` (which must be a scalar value).
void AppendUtf8(char32_t code_point, std::string* out);

// The Unicode character of a Windows-1252 byte; 0 for the five undefined
// bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D.
char32_t Windows1252ToUnicode(uint8_t byte);

// The longest prefix of valid UTF-8 `text` of at most `max_bytes` bytes that
// does not cut a character in two.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

// What uchardet guesses for `bytes`, upper case ("WINDOWS-1252", "IBM866"),
// or nothing when it has no guess. Only a hint: never used to decode.
std::optional<std::string> GuessCharset(std::string_view bytes);

// True for a GuessCharset name of a charset for another script than Latin
// (Cyrillic, Greek, Hebrew, Arabic, Thai, Vietnamese, Chinese, Japanese,
// Korean). Only those guesses are worth telling a teacher: for short Dutch
// text uchardet often names a Latin code page such as MAC-CENTRALEUROPE,
// and reading that as Windows-1252 gives the same letters or nearly so.
bool IsOtherScriptCharset(std::string_view charset);

}  // namespace schoolbieb::formats
