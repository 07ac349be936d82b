// TOTP against the published test vectors: RFC 4226 appendix D (HOTP, 6
// digits) and RFC 6238 appendix B (TOTP, SHA-1, 8 digits), then the window,
// the base32 form and the otpauth:// URI that authenticator apps read.
#include "core/totp.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace schoolbieb {
namespace {

// The RFC's shared secret: ASCII "12345678901234567890".
constexpr std::string_view kRfcSecret = "12345678901234567890";

class TotpTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(TotpTest, Rfc4226HotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(HotpCode(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST_F(TotpTest, Rfc6238Sha1Vectors) {
  struct Vector {
    int64_t time;
    int64_t step;
    const char* code;
  };
  const Vector vectors[] = {
      {59, 0x1, "94287082"},
      {1111111109, 0x23523EC, "07081804"},
      {1111111111, 0x23523ED, "14050471"},
      {1234567890, 0x273EF07, "89005924"},
      {2000000000, 0x3F940AA, "69279037"},
      {20000000000, 0x27BC86AA, "65353130"},
  };
  for (const Vector& v : vectors) {
    EXPECT_EQ(TotpStep(v.time), v.step) << v.time;
    EXPECT_EQ(TotpCode(kRfcSecret, v.time, 8), v.code) << v.time;
    // Six digits are the last six of the eight.
    EXPECT_EQ(TotpCode(kRfcSecret, v.time), std::string(v.code).substr(2))
        << v.time;
  }
}

TEST_F(TotpTest, MatchesOneStepEitherSideAndNoFurther) {
  const int64_t now = 1111111111;
  const int64_t step = TotpStep(now);
  for (int64_t offset : {-1, 0, 1}) {
    std::string code = TotpCode(kRfcSecret, now + offset * kTotpStepSeconds);
    auto matched = MatchTotp(kRfcSecret, code, now);
    ASSERT_TRUE(matched.has_value()) << offset;
    EXPECT_EQ(*matched, step + offset);
  }
  for (int64_t offset : {-3, -2, 2, 3}) {
    std::string code = TotpCode(kRfcSecret, now + offset * kTotpStepSeconds);
    EXPECT_FALSE(MatchTotp(kRfcSecret, code, now).has_value()) << offset;
  }
}

TEST_F(TotpTest, RefusesWhatIsNotSixDigits) {
  const int64_t now = 1111111111;
  std::string code = TotpCode(kRfcSecret, now);
  EXPECT_FALSE(MatchTotp(kRfcSecret, "", now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code.substr(1), now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code + "0", now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "12 456", now));
  EXPECT_FALSE(MatchTotp("another secret......", code, now));
}

TEST_F(TotpTest, Base32IsRfc4648WithoutPadding) {
  // RFC 4648 section 10, padding removed.
  EXPECT_EQ(Base32(""), "");
  EXPECT_EQ(Base32("f"), "MY");
  EXPECT_EQ(Base32("fo"), "MZXQ");
  EXPECT_EQ(Base32("foo"), "MZXW6");
  EXPECT_EQ(Base32("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST_F(TotpTest, NewSecretsAreRandomAnd160Bits) {
  std::string a = NewTotpSecret(), b = NewTotpSecret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
  EXPECT_EQ(Base32(a).size(), 32u);
}

TEST_F(TotpTest, OtpAuthUriNamesEverythingAndEncodesTheLabel) {
  EXPECT_EQ(OtpAuthUri("Bibliotheek Demostad", "medewerker", kRfcSecret),
            "otpauth://totp/Bibliotheek%20Demostad:medewerker?secret="
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bibliotheek%20Demostad&"
            "algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(OtpAuthUri("a:b&c", "x@y", "f"),
            "otpauth://totp/a%3Ab%26c:x%40y?secret=MY&issuer=a%3Ab%26c&"
            "algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace schoolbieb
