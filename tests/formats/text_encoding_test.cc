#include "formats/text_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace schoolbieb::formats {
namespace {

using namespace std::string_literals;

TEST(TextEncodingTest, AcceptsValidUtf8OfEveryLength) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("LEERLINGNUMMER;ROEPNAAM"));
  EXPECT_TRUE(IsValidUtf8("Zoë Çelik"));         // 2 bytes
  EXPECT_TRUE(IsValidUtf8("€ 12,50"));           // 3 bytes
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600, 4 bytes
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));  // U+D7FF, before the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));  // U+E000, after them
  EXPECT_TRUE(IsValidUtf8("a\0b"s));         // NUL is a character
  EXPECT_EQ(CheckUtf8("Zoë en Anaïs, € 5").multibyte_sequences, 3u);
}

TEST(TextEncodingTest, RejectsOverlongsSurrogatesAndBeyondU10FFFF) {
  struct Case {
    std::string bytes;
    size_t first_invalid;
  };
  const Case cases[] = {
      {"\xC0\x80", 0},          // overlong NUL
      {"\xC1\xBF", 0},          // overlong U+007F
      {"ab\xE0\x80\x80", 2},    // overlong 3-byte
      {"\xE0\x9F\xBF", 0},      // overlong U+07FF
      {"\xF0\x80\x80\x80", 0},  // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 0},  // overlong U+FFFF
      {"x\xED\xA0\x80", 1},     // U+D800
      {"\xED\xBF\xBF", 0},      // U+DFFF
      {"\xF4\x90\x80\x80", 0},  // U+110000
      {"\xF5\x80\x80\x80", 0},  // lead byte beyond F4
      {"\xFF", 0},
      {"Zo\xEB", 2},    // Windows-1252 ë
      {"\x80", 0},      // lone continuation byte
      {"\xC3", 0},      // cut off at the end
      {"\xE2\x82", 0},  // cut off at the end
      {"\xC3(", 0},     // continuation missing
      {"\xE2\x28\xA1", 0},
      {"12345678\xC3\xAB"
       "12345678\x81",
       18},  // after the 8-byte fast path
  };
  for (const Case& c : cases) {
    Utf8Check check = CheckUtf8(c.bytes);
    EXPECT_FALSE(check.valid()) << testing::PrintToString(c.bytes);
    EXPECT_EQ(check.first_invalid, c.first_invalid)
        << testing::PrintToString(c.bytes);
  }
}

TEST(TextEncodingTest, Windows1252MapsTheWholeTableAndKnowsTheUndefinedBytes) {
  const char32_t expected[32] = {
      U'€', 0,    U'‚', U'ƒ', U'„', U'…', U'†', U'‡', U'ˆ', U'‰', U'Š',
      U'‹', U'Œ', 0,    U'Ž', 0,    0,    U'‘', U'’', U'“', U'”', U'•',
      U'–', U'—', U'˜', U'™', U'š', U'›', U'œ', 0,    U'ž', U'Ÿ',
  };
  for (int byte = 0x80; byte <= 0x9F; ++byte) {
    EXPECT_EQ(Windows1252ToUnicode(static_cast<uint8_t>(byte)),
              expected[byte - 0x80])
        << "byte " << byte;
  }
  EXPECT_EQ(Windows1252ToUnicode('A'), U'A');
  EXPECT_EQ(Windows1252ToUnicode(0xEB), U'ë');
  EXPECT_EQ(Windows1252ToUnicode(0xC7), U'Ç');
  EXPECT_EQ(Windows1252ToUnicode(0xA0), U'\u00A0');
  EXPECT_EQ(Windows1252ToUnicode(0xFF), U'ÿ');
}

TEST(TextEncodingTest, DetectsByBomZeroPatternAndValidity) {
  EXPECT_EQ(DetectTextEncoding("a;b\r\n"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding("Zoë;5"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding("\xEF\xBB\xBFZoë;5"), TextEncoding::kUtf8Bom);
  EXPECT_EQ(DetectTextEncoding("Zo\xEB;5"), TextEncoding::kWindows1252);
  // A BOM in front of bytes that are not UTF-8 does not make them UTF-8.
  EXPECT_EQ(DetectTextEncoding("\xEF\xBB\xBFZo\xEB;5"),
            TextEncoding::kWindows1252);
  EXPECT_EQ(DetectTextEncoding("\xFF\xFE"
                               "a\0;\0b\0"s),
            TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectTextEncoding("\xFE\xFF"
                               "\0a\0;\0b"s),
            TextEncoding::kUtf16Be);
  EXPECT_EQ(DetectTextEncoding("N\0a\0a\0m\0;\0G\0r\0o\0e\0p\0"s),
            TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectTextEncoding("\0N\0a\0a\0m\0;\0G\0r\0o\0e\0p"s),
            TextEncoding::kUtf16Be);
  // Zeros everywhere are not UTF-16.
  EXPECT_NE(DetectTextEncoding(std::string(64, '\0')), TextEncoding::kUtf16Le);
  EXPECT_NE(DetectTextEncoding(std::string(64, '\0')), TextEncoding::kUtf16Be);
}

TEST(TextEncodingTest, NamesAreThoseOfTheTable) {
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf8), "utf-8");
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf8Bom), "utf-8-bom");
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf16Be), "utf-16be");
  EXPECT_EQ(TextEncodingName(TextEncoding::kWindows1252), "windows-1252");
}

TEST(TextEncodingTest, Utf8WithoutNulsIsNotCopied) {
  std::string bytes = "\xEF\xBB\xBFZoë;5\n";
  DecodedText decoded = DecodeText(bytes, TextEncoding::kUtf8Bom);
  EXPECT_FALSE(decoded.copied);
  EXPECT_EQ(decoded.text(), "Zoë;5\n");
  EXPECT_EQ(decoded.text().data(), bytes.data() + 3);
  EXPECT_TRUE(decoded.issues.empty());
}

TEST(TextEncodingTest, NulsAreRemovedAndReportedOncePerLine) {
  DecodedText decoded =
      DecodeText("a\0\0b\nc\r\nd\0\re\0"s, TextEncoding::kUtf8);
  EXPECT_EQ(decoded.text(), "ab\nc\r\nd\re");
  ASSERT_EQ(decoded.issues.size(), 3u);
  EXPECT_EQ(decoded.issues[0].kind, TextIssue::Kind::kNul);
  EXPECT_EQ(decoded.issues[0].line, 1);
  EXPECT_EQ(decoded.issues[0].count, 2);
  EXPECT_EQ(decoded.issues[0].offset, 1u);
  EXPECT_EQ(decoded.issues[1].line, 3);
  EXPECT_EQ(decoded.issues[2].line, 4);  // after a lone CR
}

TEST(TextEncodingTest, Windows1252DecodesEveryDefinedCharacter) {
  std::string bytes;
  for (int b = 0x80; b <= 0xFF; ++b) bytes.push_back(static_cast<char>(b));
  DecodedText decoded = DecodeText(bytes, TextEncoding::kWindows1252);
  EXPECT_EQ(decoded.text(),
            "€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ"
            "\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯°±²³´µ¶·¸¹º»¼½¾¿"
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ");
  EXPECT_TRUE(IsValidUtf8(decoded.text()));
  // The five undefined bytes are all on line 1: one issue, counted five times.
  ASSERT_EQ(decoded.issues.size(), 1u);
  EXPECT_EQ(decoded.issues[0].kind, TextIssue::Kind::kUndefinedByte);
  EXPECT_EQ(decoded.issues[0].raw, "0x81");
  EXPECT_EQ(decoded.issues[0].count, 5);
}

TEST(TextEncodingTest, Windows1252ReportsUndefinedBytesWithTheirLine) {
  DecodedText decoded =
      DecodeText("Zo\xEB\r\nab\x90\ncd\x9D", TextEncoding::kWindows1252);
  EXPECT_EQ(decoded.text(), "Zoë\r\nab\uFFFD\ncd\uFFFD");
  ASSERT_EQ(decoded.issues.size(), 2u);
  EXPECT_EQ(decoded.issues[0].line, 2);
  EXPECT_EQ(decoded.issues[0].raw, "0x90");
  EXPECT_EQ(decoded.issues[1].line, 3);
  EXPECT_EQ(decoded.issues[1].raw, "0x9D");
}

TEST(TextEncodingTest, Windows1252SkipsAUtf8BomInFront) {
  DecodedText decoded =
      DecodeText("\xEF\xBB\xBFZo\xEB", TextEncoding::kWindows1252);
  EXPECT_EQ(decoded.text(), "Zoë");
}

TEST(TextEncodingTest, Utf16DecodesSurrogatePairsInBothByteOrders) {
  // "Zoë 😀" with BOM, LE and BE.
  std::string le =
      "\xFF\xFE"
      "Z\0o\0\xEB\0 \0\x3D\xD8\x00\xDE"s;
  std::string be =
      "\xFE\xFF"
      "\0Z\0o\0\xEB\0 \xD8\x3D\xDE\x00"s;
  EXPECT_EQ(DecodeText(le, TextEncoding::kUtf16Le).text(),
            "Zoë \xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeText(be, TextEncoding::kUtf16Be).text(),
            "Zoë \xF0\x9F\x98\x80");
}

TEST(TextEncodingTest, Utf16LongAsciiRunsAroundOtherCharacters) {
  std::string le, be, expected;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 300 * round + 1; ++i) {
      le += "a\0"s;
      be += "\0a"s;
      expected += 'a';
    }
    le += "\xEB\0"s;  // ë
    be += "\0\xEB"s;
    expected += "ë";
  }
  EXPECT_EQ(DecodeText(le, TextEncoding::kUtf16Le).text(), expected);
  EXPECT_EQ(DecodeText(be, TextEncoding::kUtf16Be).text(), expected);
}

TEST(TextEncodingTest, Utf16ReportsUnpairedSurrogatesAndAnOddByte) {
  DecodedText decoded = DecodeText(
      "a\0\n\0\x00\xD8"
      "b\0c"s,
      TextEncoding::kUtf16Le);
  EXPECT_EQ(decoded.text(), "a\n\uFFFDb\uFFFD");
  ASSERT_EQ(decoded.issues.size(), 1u);  // both on line 2
  EXPECT_EQ(decoded.issues[0].kind, TextIssue::Kind::kBadUtf16);
  EXPECT_EQ(decoded.issues[0].line, 2);
  EXPECT_EQ(decoded.issues[0].raw, "0xD800");
  EXPECT_EQ(decoded.issues[0].count, 2);
}

TEST(TextEncodingTest, IssuesStopGrowingAtTheLimit) {
  std::string bytes;
  for (size_t i = 0; i < kMaxTextIssues + 5; ++i) bytes += "a\x81\n";
  DecodedText decoded = DecodeText(bytes, TextEncoding::kWindows1252);
  EXPECT_EQ(decoded.issues.size(), kMaxTextIssues);
  EXPECT_EQ(decoded.dropped_issues, 5u);
  EXPECT_EQ(decoded.issues.back().line, static_cast<int>(kMaxTextIssues));
}

TEST(TextEncodingTest, BinaryIsRecognisedButStrayNulsAreNot) {
  EXPECT_TRUE(LooksBinary("PK\x03\x04rest of a zip", TextEncoding::kUtf8));
  EXPECT_TRUE(LooksBinary("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....",
                          TextEncoding::kWindows1252));
  EXPECT_TRUE(LooksBinary("%PDF-1.7", TextEncoding::kUtf8));
  EXPECT_TRUE(LooksBinary(std::string(4096, '\0'), TextEncoding::kUtf8));
  std::string mostly_nul = "a;b\n" + std::string(100, '\0');
  EXPECT_TRUE(LooksBinary(mostly_nul, TextEncoding::kUtf8));
  std::string random;
  uint32_t state = 12345;
  for (int i = 0; i < 8192; ++i) {
    state = state * 1103515245u + 12345u;
    random.push_back(static_cast<char>(state >> 24));
  }
  EXPECT_TRUE(LooksBinary(random, DetectTextEncoding(random)));

  std::string text;
  for (int i = 0; i < 100; ++i) text += "000123;Zoë;de;Vries;12-03-2015;5a\r\n";
  EXPECT_FALSE(LooksBinary(text, TextEncoding::kUtf8));
  text[40] = '\0';
  text[400] = '\0';
  EXPECT_FALSE(LooksBinary(text, TextEncoding::kUtf8));
  EXPECT_FALSE(LooksBinary("a\0b\0;\0"s, TextEncoding::kUtf16Le));
  // In UTF-16 it is the code units that count, in both byte orders.
  std::string le_text, be_text, le_controls, be_controls;
  for (int i = 0; i < 300; ++i) {
    le_text += "N\0a\0a\0m\0\t\0\xEB\0\r\0\n\0"s;
    be_text += "\0N\0a\0a\0m\0\t\0\xEB\0\r\0\n"s;
    le_controls += "\x01\0\x02\0a\0\x1F\0"s;
    be_controls += "\0\x01\0\x02\0a\0\x1F"s;
  }
  EXPECT_FALSE(LooksBinary(le_text, TextEncoding::kUtf16Le));
  EXPECT_FALSE(LooksBinary(be_text, TextEncoding::kUtf16Be));
  EXPECT_TRUE(LooksBinary(le_controls, TextEncoding::kUtf16Le));
  EXPECT_TRUE(LooksBinary(be_controls, TextEncoding::kUtf16Be));
  // 0x0120 has no zero byte but is no control character either.
  std::string high_units;
  for (int i = 0; i < 600; ++i) high_units += "\x20\x01"s;
  EXPECT_FALSE(LooksBinary(high_units, TextEncoding::kUtf16Le));
  EXPECT_FALSE(LooksBinary("a;b\t\x1A", TextEncoding::kUtf8));
}

TEST(TextEncodingTest, Utf8PrefixDoesNotCutACharacter) {
  EXPECT_EQ(Utf8Prefix("Zoë", 10), "Zoë");
  EXPECT_EQ(Utf8Prefix("Zoë", 4), "Zoë");
  EXPECT_EQ(Utf8Prefix("Zoë", 3), "Zo");
  EXPECT_EQ(Utf8Prefix("€€", 5), "€");
  EXPECT_EQ(Utf8Prefix("\xF0\x9F\x98\x80", 3), "");
}

// Issue 26.11: UTF-32 with its byte order mark is text, decoded.
TEST(TextEncodingTest, Issue26Utf32WithAByteOrderMark) {
  std::u32string text = U"\uFEFFnaam;Zoë\r\n\U0001F600;1\r\n";
  std::string le, be;
  for (char32_t c : text) {
    for (int i = 0; i < 4; ++i) le.push_back(static_cast<char>(c >> (8 * i)));
    for (int i = 3; i >= 0; --i) be.push_back(static_cast<char>(c >> (8 * i)));
  }
  EXPECT_EQ(DetectTextEncoding(le), TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectTextEncoding(be), TextEncoding::kUtf32Be);
  EXPECT_FALSE(LooksBinary(le, TextEncoding::kUtf32Le));
  EXPECT_FALSE(LooksBinary(be, TextEncoding::kUtf32Be));
  EXPECT_EQ(DecodeText(le, TextEncoding::kUtf32Le).text(),
            "naam;Zoë\r\n\xF0\x9F\x98\x80;1\r\n");
  EXPECT_EQ(DecodeText(be, TextEncoding::kUtf32Be).text(),
            "naam;Zoë\r\n\xF0\x9F\x98\x80;1\r\n");
  // Without the mark, as PhpSpreadsheet's encoding.utf32le.csv: found by
  // the zero bytes.
  EXPECT_EQ(DetectTextEncoding(le.substr(4)), TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectTextEncoding(be.substr(4)), TextEncoding::kUtf32Be);
  EXPECT_EQ(DecodeText(be.substr(4), TextEncoding::kUtf32Be).text(),
            "naam;Zoë\r\n\xF0\x9F\x98\x80;1\r\n");
  EXPECT_NE(DetectTextEncoding(std::string(64, '\0')), TextEncoding::kUtf32Le);
  // A unit beyond U+10FFFF is no character.
  DecodedText bad =
      DecodeText("\xFF\xFE\0\0a\0\0\0\0\0\x11\0"s, TextEncoding::kUtf32Le);
  EXPECT_EQ(bad.text(), "a\uFFFD");
  ASSERT_EQ(bad.issues.size(), 1u);
  EXPECT_EQ(bad.issues[0].kind, TextIssue::Kind::kBadUtf16);
  // UTF-16 LE starting with an empty character is still UTF-16.
  EXPECT_EQ(DetectTextEncoding("\xFF\xFE"
                               "a\0b\0"s),
            TextEncoding::kUtf16Le);
}

TEST(TextEncodingTest, AppendUtf8WritesEveryLength) {
  std::string out;
  for (char32_t cp : {U'a', U'ë', U'€', U'\U0001F600'}) AppendUtf8(cp, &out);
  EXPECT_EQ(out, "aë€\xF0\x9F\x98\x80");
}

TEST(TextEncodingTest, GuessCharsetNamesAGuessInUpperCase) {
  std::string text;
  for (int i = 0; i < 50; ++i)
    text += "Leerlingen van groep 5 met hun ouders en de juf.\n";
  std::optional<std::string> guess = GuessCharset(text);
  ASSERT_TRUE(guess.has_value());
  EXPECT_EQ(*guess, "ASCII");
}

TEST(TextEncodingTest, OnlyOtherScriptsAreWorthAHint) {
  EXPECT_TRUE(IsOtherScriptCharset("WINDOWS-1251"));
  EXPECT_TRUE(IsOtherScriptCharset("KOI8-R"));
  EXPECT_TRUE(IsOtherScriptCharset("ISO-8859-7"));
  EXPECT_TRUE(IsOtherScriptCharset("SHIFT_JIS"));
  EXPECT_FALSE(IsOtherScriptCharset("WINDOWS-1252"));
  EXPECT_FALSE(IsOtherScriptCharset("ISO-8859-1"));
  EXPECT_FALSE(IsOtherScriptCharset("ISO-8859-15"));
  EXPECT_FALSE(IsOtherScriptCharset("MAC-CENTRALEUROPE"));
  EXPECT_FALSE(IsOtherScriptCharset("WINDOWS-1250"));
}

}  // namespace
}  // namespace schoolbieb::formats
