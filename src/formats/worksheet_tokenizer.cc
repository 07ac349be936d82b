#include "formats/worksheet_tokenizer.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "formats/text_encoding.h"

namespace schoolbieb::formats {
namespace {

// A token cut off by a chunk boundary waits here for the rest. Longer than
// this (a huge text or attribute) is left to expat, which cuts cells to the
// limit while it reads instead of holding them whole.
constexpr size_t kMaxCarry = 1u << 20;
// Whatever comes first is looked at in one piece: a byte order mark and
// "<?xml ".
constexpr size_t kStartBytes = 9;
// The stitch of a cut token starts with this much of the next chunk.
constexpr size_t kStitchBytes = 4096;
constexpr size_t kMaxAttributes = 64;  // one bit each in a mask below

enum : uint8_t {
  kNameStart = 1,
  kNameChar = 2,
  kSpace = 4,
  kTextPlain = 8,       // copied from text as it is
  kAttributePlain = 16  // copied from an attribute value as it is
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = 0;
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (letter || c == '_' || c == ':') k |= kNameStart | kNameChar;
    if ((c >= '0' && c <= '9') || c == '-' || c == '.') k |= kNameChar;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') k |= kSpace;
    // Bytes from 0x80 start UTF-8 sequences, which are checked; '&' starts
    // an entity; ']' may start the "]]>" that text must not hold; a CR is
    // a line end to normalise; other controls are not XML characters.
    bool ascii_char = c >= 0x20 && c < 0x80;
    if ((ascii_char || c == '\t' || c == '\n') && c != '<' && c != '&' &&
        c != ']') {
      k |= kTextPlain;
    }
    // Literal tabs and line ends in an attribute value become spaces.
    if (ascii_char && c != '<' && c != '&') k |= kAttributePlain;
    classes[c] = k;
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

inline bool Is(char c, uint8_t kind) {
  return (kClasses[static_cast<uint8_t>(c)] & kind) != 0;
}

bool AllAre(std::string_view text, uint8_t kind) {
  for (char c : text) {
    if (!Is(c, kind)) return false;
  }
  return true;
}

// XML 1.0's Char production, for character references.
bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// The length of the valid UTF-8 sequence at the start of `text` that is an
// XML character, or 0: overlong forms, surrogates, code points beyond
// U+10FFFF, U+FFFE and U+FFFF are refused as expat refuses them.
size_t XmlUtf8Length(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  uint8_t lead = p[0];
  size_t length = 0;
  uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3, low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3, high = 0x9F;
  } else if (lead == 0xF0) {
    length = 4, low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4, high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length || p[1] < low || p[1] > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
  }
  if (lead == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) return 0;
  return length;
}

// Decodes the entity or character reference that `text` starts with ('&'
// included) and appends it; returns the bytes it took, or 0 when it is not
// one of the five predefined entities or a valid character reference.
size_t AppendReference(std::string_view text, std::string* out) {
  size_t semicolon = text.find(';', 1);
  if (semicolon == std::string_view::npos || semicolon > 12) return 0;
  std::string_view name = text.substr(1, semicolon - 1);
  char plain = 0;
  if (name == "lt") {
    plain = '<';
  } else if (name == "gt") {
    plain = '>';
  } else if (name == "amp") {
    plain = '&';
  } else if (name == "quot") {
    plain = '"';
  } else if (name == "apos") {
    plain = '\'';
  }
  if (plain) {
    out->push_back(plain);
    return semicolon + 1;
  }
  if (name.size() < 2 || name[0] != '#') return 0;
  bool hex = name[1] == 'x';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  uint32_t cp = 0;
  for (char c : digits) {
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return 0;
    }
    cp = cp * (hex ? 16 : 10) + digit;
    if (cp > 0x10FFFF) return 0;
  }
  if (!IsXmlChar(cp)) return 0;
  AppendUtf8(static_cast<char32_t>(cp), out);
  return semicolon + 1;
}

}  // namespace

WorksheetTokenizer::WorksheetTokenizer(WorksheetHandler& handler,
                                       size_t max_depth)
    : handler_(handler), max_depth_(max_depth) {}

bool WorksheetTokenizer::Fail() {
  state_ = State::kUnsupported;
  return true;
}

bool WorksheetTokenizer::Stop() {
  state_ = State::kStopped;
  return true;
}

bool WorksheetTokenizer::Feed(std::string_view chunk) {
  if (state_ != State::kGo) return false;
  size_t from = 0;
  // A token cut off by the last chunk: complete it from the start of this
  // one (growing the piece taken, for a long token), then go on in place.
  while (!carry_.empty()) {
    if (from == chunk.size()) return true;
    size_t old = carry_.size();
    size_t take = std::min(chunk.size() - from, std::max(old, kStitchBytes));
    carry_.append(chunk.data() + from, take);
    size_t used = Parse(carry_);
    if (state_ != State::kGo) return false;
    if (used >= old) {
      from += used - old;
      carry_.clear();
      break;
    }
    carry_.erase(0, used);
    from += take;
    if (carry_.size() > kMaxCarry) {
      Fail();
      return false;
    }
  }
  std::string_view rest = chunk.substr(from);
  size_t used = Parse(rest);
  if (state_ != State::kGo) return false;
  carry_.assign(rest.substr(used));
  if (carry_.size() > kMaxCarry) {
    Fail();
    return false;
  }
  return true;
}

bool WorksheetTokenizer::Finish() {
  if (state_ != State::kGo) return false;
  // A document shorter than kStartBytes is still waiting in the carry.
  finishing_ = true;
  carry_.erase(0, Parse(carry_));
  if (state_ != State::kGo) return false;
  // Only white space may follow the root, and it is never delivered.
  if (!root_closed_ || !AllAre(carry_, kSpace)) {
    Fail();
    return false;
  }
  return true;
}

size_t WorksheetTokenizer::Parse(std::string_view buffer) {
  size_t pos = 0;
  if (at_start_) {
    if (buffer.size() < kStartBytes && !finishing_) return 0;
    at_start_ = false;
    if (buffer.starts_with("\xEF\xBB\xBF")) pos = 3;
    std::string_view head = buffer.substr(pos);
    if (head.size() > 5 && head.starts_with("<?xml") && Is(head[5], kSpace)) {
      if (!ParseDeclaration(buffer, &pos)) {
        at_start_ = true;
        return 0;
      }
    }
  }
  while (state_ == State::kGo && pos < buffer.size()) {
    bool complete;
    if (buffer[pos] != '<') {
      complete = ParseText(buffer, &pos);
    } else if (pos + 1 >= buffer.size()) {
      complete = false;
    } else if (buffer[pos + 1] == '/') {
      complete = ParseEndTag(buffer, &pos);
    } else if (buffer[pos + 1] == '?' || buffer[pos + 1] == '!') {
      complete = Fail();  // comments, CDATA, DOCTYPE, processing instructions
    } else {
      complete = ParseStartTag(buffer, &pos);
    }
    if (!complete) break;
  }
  return pos;
}

bool WorksheetTokenizer::ParseText(std::string_view buffer, size_t* pos) {
  const char* begin = buffer.data() + *pos;
  const void* lt = std::memchr(begin, '<', buffer.size() - *pos);
  if (!lt) return false;
  std::string_view raw(
      begin, static_cast<size_t>(static_cast<const char*>(lt) - begin));
  *pos += raw.size();
  if (open_starts_.empty()) {
    // Outside the root only white space is allowed (and not reported).
    return AllAre(raw, kSpace) ? true : Fail();
  }
  if (AllAre(raw, kTextPlain)) {
    return handler_.Characters(raw) ? true : Stop();
  }
  text_scratch_.clear();
  if (!Decode(raw, false, &text_scratch_)) return Fail();
  return handler_.Characters(text_scratch_) ? true : Stop();
}

bool WorksheetTokenizer::ParseStartTag(std::string_view buffer, size_t* pos) {
  const size_t size = buffer.size();
  const char* b = buffer.data();
  size_t p = *pos + 1;
  if (!Is(b[p], kNameStart)) return Fail();  // also non-ASCII names
  while (p < size && Is(b[p], kNameChar)) ++p;
  if (p >= size) return false;
  std::string_view name(b + *pos + 1, p - *pos - 1);

  attributes_.clear();
  uint64_t to_decode = 0;  // attributes whose values need Decode()
  size_t decode_bytes = 0;
  bool self_closing = false;
  for (;;) {
    size_t space = p;
    while (p < size && Is(b[p], kSpace)) ++p;
    if (p >= size) return false;
    if (b[p] == '>') {
      ++p;
      break;
    }
    if (b[p] == '/') {
      if (p + 1 >= size) return false;
      if (b[p + 1] != '>') return Fail();
      p += 2;
      self_closing = true;
      break;
    }
    // Attributes are separated by white space.
    if (p == space || !Is(b[p], kNameStart)) return Fail();
    size_t name_start = p;
    while (p < size && Is(b[p], kNameChar)) ++p;
    size_t name_end = p;
    while (p < size && Is(b[p], kSpace)) ++p;
    if (p >= size) return false;
    if (b[p] != '=') return Fail();
    ++p;
    while (p < size && Is(b[p], kSpace)) ++p;
    if (p >= size) return false;
    char quote = b[p];
    if (quote != '"' && quote != '\'') return Fail();
    ++p;
    const void* close = std::memchr(b + p, quote, size - p);
    if (!close) return false;
    size_t value_end = static_cast<size_t>(static_cast<const char*>(close) - b);
    std::string_view value(b + p, value_end - p);
    p = value_end + 1;
    if (attributes_.size() == kMaxAttributes) return Fail();
    if (!AllAre(value, kAttributePlain)) {
      to_decode |= uint64_t{1} << attributes_.size();
      decode_bytes += value.size();
    }
    attributes_.push_back(
        {std::string_view(b + name_start, name_end - name_start), value});
  }

  for (size_t i = 0; i < attributes_.size(); ++i) {
    for (size_t j = i + 1; j < attributes_.size(); ++j) {
      if (attributes_[i].name == attributes_[j].name) return Fail();
    }
  }
  if (to_decode) {
    // Decoding never makes a value longer, so with this much reserved the
    // scratch does not move and the views into it stay valid.
    attribute_scratch_.clear();
    attribute_scratch_.reserve(decode_bytes);
    for (size_t i = 0; i < attributes_.size(); ++i) {
      if (!(to_decode >> i & 1)) continue;
      size_t offset = attribute_scratch_.size();
      if (!Decode(attributes_[i].value, true, &attribute_scratch_))
        return Fail();
      attributes_[i].value = std::string_view(attribute_scratch_)
                                 .substr(offset, std::string::npos);
    }
  }
  if (open_starts_.empty() && root_closed_) return Fail();  // a second root
  // XmlStream counts the same way: the root is at depth 1.
  if (open_starts_.size() + 1 > max_depth_) return Fail();

  *pos = p;
  if (!handler_.StartElement(name, attributes_)) return Stop();
  if (self_closing) {
    if (open_starts_.empty()) root_closed_ = true;
    return handler_.EndElement(name) ? true : Stop();
  }
  open_starts_.push_back(open_names_.size());
  open_names_.append(name);
  return true;
}

bool WorksheetTokenizer::ParseEndTag(std::string_view buffer, size_t* pos) {
  const size_t size = buffer.size();
  const char* b = buffer.data();
  size_t p = *pos + 2;
  if (p >= size) return false;
  if (!Is(b[p], kNameStart)) return Fail();
  while (p < size && Is(b[p], kNameChar)) ++p;
  std::string_view name(b + *pos + 2, p - *pos - 2);
  while (p < size && Is(b[p], kSpace)) ++p;
  if (p >= size) return false;
  if (b[p] != '>') return Fail();
  if (open_starts_.empty() ||
      std::string_view(open_names_).substr(open_starts_.back()) != name) {
    return Fail();
  }
  open_names_.resize(open_starts_.back());
  open_starts_.pop_back();
  if (open_starts_.empty()) root_closed_ = true;
  *pos = p + 1;
  return handler_.EndElement(name) ? true : Stop();
}

// <?xml version="1.0" encoding="UTF-8" standalone="yes"?>, in that order,
// each but the version optional. Any other shape is left to expat.
bool WorksheetTokenizer::ParseDeclaration(std::string_view buffer,
                                          size_t* pos) {
  size_t end = buffer.find("?>", *pos);
  if (end == std::string_view::npos) return false;  // Feed bounds the wait
  std::string_view rest = buffer.substr(*pos + 5, end - *pos - 5);
  auto pseudo_attribute = [&](std::string_view name,
                              std::string_view* value) -> bool {
    size_t p = 0;
    while (p < rest.size() && Is(rest[p], kSpace)) ++p;
    if (p == 0 || !rest.substr(p).starts_with(name)) return false;
    p += name.size();
    while (p < rest.size() && Is(rest[p], kSpace)) ++p;
    if (p >= rest.size() || rest[p] != '=') return false;
    ++p;
    while (p < rest.size() && Is(rest[p], kSpace)) ++p;
    if (p >= rest.size() || (rest[p] != '"' && rest[p] != '\'')) return false;
    size_t close = rest.find(rest[p], p + 1);
    if (close == std::string_view::npos) return false;
    *value = rest.substr(p + 1, close - p - 1);
    rest.remove_prefix(close + 1);
    return true;
  };
  std::string_view version, encoding, standalone;
  if (!pseudo_attribute("version", &version) || version != "1.0") {
    return Fail();
  }
  if (pseudo_attribute("encoding", &encoding)) {
    if (encoding.size() != 5 || (encoding[0] | 0x20) != 'u' ||
        (encoding[1] | 0x20) != 't' || (encoding[2] | 0x20) != 'f' ||
        encoding.substr(3) != "-8") {
      return Fail();
    }
  }
  if (pseudo_attribute("standalone", &standalone) && standalone != "yes" &&
      standalone != "no") {
    return Fail();
  }
  if (!AllAre(rest, kSpace)) return Fail();
  *pos = end + 2;
  return true;
}

bool WorksheetTokenizer::Decode(std::string_view raw, bool attribute,
                                std::string* out) {
  const uint8_t plain = attribute ? kAttributePlain : kTextPlain;
  size_t i = 0;
  while (i < raw.size()) {
    size_t run = i;
    while (run < raw.size() && Is(raw[run], plain)) ++run;
    out->append(raw.data() + i, run - i);
    if (run == raw.size()) break;
    i = run;
    char c = raw[i];
    auto byte = static_cast<uint8_t>(c);
    if (c == '&') {
      size_t used = AppendReference(raw.substr(i), out);
      if (used == 0) return false;
      i += used;
    } else if (c == ']') {
      if (raw.substr(i, 3) == "]]>") return false;
      out->push_back(c);
      ++i;
    } else if (c == '\r' || c == '\n' || c == '\t') {
      // Line ends become "\n" (CRLF one of them), as expat reports them;
      // in attribute values every one of these becomes a space.
      if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      out->push_back(attribute ? ' ' : (c == '\t' ? '\t' : '\n'));
      ++i;
    } else if (byte >= 0x80) {
      size_t length = XmlUtf8Length(raw.substr(i));
      if (length == 0) return false;
      out->append(raw.data() + i, length);
      i += length;
    } else {
      return false;  // '<' in an attribute value, or a control character
    }
  }
  return true;
}

}  // namespace schoolbieb::formats
