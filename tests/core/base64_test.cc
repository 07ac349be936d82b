#include "core/base64.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <random>

namespace schoolbieb {
namespace {

std::string SodiumBase64(const std::string& bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);
  return out;
}

// Stored uploads were written with libsodium's coder: the new one must read
// them, and libsodium must read what it writes.
TEST(Base64Test, AgreesWithLibsodiumOnEveryLengthAndByte) {
  ASSERT_GE(sodium_init(), 0);
  std::mt19937 random(20261202);
  for (size_t length = 0; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    std::string encoded = EncodeBase64(bytes);
    EXPECT_EQ(encoded, SodiumBase64(bytes, sodium_base64_VARIANT_ORIGINAL));
    std::string decoded;
    ASSERT_TRUE(DecodeBase64(encoded, &decoded)) << encoded;
    EXPECT_EQ(decoded, bytes);
    std::string unpadded =
        SodiumBase64(bytes, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    ASSERT_TRUE(DecodeBase64(unpadded, &decoded)) << unpadded;
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64Test, SkipsLineBreaksAndSpaces) {
  std::string decoded;
  ASSERT_TRUE(DecodeBase64("aGVs\r\nbG8g\n d29y bGQ=\n", &decoded));
  EXPECT_EQ(decoded, "hello world");
  ASSERT_TRUE(DecodeBase64("", &decoded));
  EXPECT_EQ(decoded, "");
}

TEST(Base64Test, RefusesWhatIsNotBase64) {
  std::string decoded;
  EXPECT_FALSE(DecodeBase64("aGVsbG8*", &decoded));   // not in the alphabet
  EXPECT_FALSE(DecodeBase64("aG=VsbG8", &decoded));   // padding inside
  EXPECT_FALSE(DecodeBase64("aGVsbG8gd", &decoded));  // one dangling sextet
  EXPECT_FALSE(DecodeBase64("aGVsbA===", &decoded));  // too much padding
  EXPECT_FALSE(DecodeBase64("aGVsbG8=A", &decoded));  // data after padding
  EXPECT_FALSE(DecodeBase64("aGVsbG8-", &decoded));   // URL-safe alphabet
  EXPECT_FALSE(DecodeBase64("aGVsbA=", &decoded));    // half a padding
}

}  // namespace
}  // namespace schoolbieb
