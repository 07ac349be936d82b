#include "core/totp.h"

#include <fmt/format.h>
#include <liboath/oath.h>
#include <sodium.h>

#include <array>

namespace schoolbieb {
namespace {

// Percent-encoding for a URI component: unreserved characters stay.
std::string UriEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string HotpCode(std::string_view secret, uint64_t counter, int digits) {
  // liboath's HOTP: RFC 4226 dynamic truncation, no checksum digit.
  std::array<char, 16> out{};
  int rc = oath_hotp_generate(secret.data(), secret.size(), counter,
                              static_cast<unsigned>(digits), false,
                              OATH_HOTP_DYNAMIC_TRUNCATION, out.data());
  if (rc != OATH_OK) return "";
  return std::string(out.data());
}

int64_t TotpStep(int64_t unix_time) {
  // Floor division: a time before 1970 is never a valid sign-in, but it must
  // not map onto step 0's code either.
  int64_t step = unix_time / kTotpStepSeconds;
  if (unix_time < 0 && unix_time % kTotpStepSeconds != 0) --step;
  return step;
}

std::string TotpCode(std::string_view secret, int64_t unix_time, int digits) {
  return HotpCode(secret, static_cast<uint64_t>(TotpStep(unix_time)), digits);
}

std::optional<int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                 int64_t unix_time) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t now_step = TotpStep(unix_time);
  std::optional<int64_t> matched;
  // Every candidate is computed and compared, whichever matches.
  for (int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    if (step < 0) continue;
    std::string expected = HotpCode(secret, static_cast<uint64_t>(step));
    if (expected.size() == code.size() &&
        sodium_memcmp(expected.data(), code.data(), code.size()) == 0) {
      matched = step;
    }
  }
  return matched;
}

std::string NewTotpSecret() {
  std::string secret(kTotpSecretBytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string Base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret) {
  return fmt::format(
      "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&algorithm=SHA1&digits={3}"
      "&period={4}",
      UriEncode(issuer), UriEncode(account), Base32(secret), kTotpDigits,
      kTotpStepSeconds);
}

}  // namespace schoolbieb
