// One-time codes for two-factor sign-in: HOTP (RFC 4226) and TOTP (RFC 6238)
// with HMAC-SHA1, 30-second steps and 6 digits, which is what every
// authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP,
// …) assumes when a QR code says nothing else. The HMAC comes from liboath
// (Debian's oath-toolkit): libsodium, which the rest of core/crypto uses,
// has no SHA-1.
//
// These are pure functions of the secret and the time; remembering which
// step was used last (so a code works once) is the caller's job
// (store/two_factor.h). Thread-safe after InitCrypto() (which starts
// liboath as well).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schoolbieb {

inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
// Bytes of a new secret: 160 bits, as RFC 4226 recommends.
inline constexpr size_t kTotpSecretBytes = 20;

// The HOTP value of `secret` (raw bytes) at `counter`, `digits` long with
// leading zeros. Empty only when liboath refuses (digits not 6, 7 or 8).
std::string HotpCode(std::string_view secret, uint64_t counter,
                     int digits = kTotpDigits);

// The time step of `unix_time` (seconds since 1970 / 30).
int64_t TotpStep(int64_t unix_time);

// The TOTP value at `unix_time`: HotpCode(secret, TotpStep(unix_time)).
std::string TotpCode(std::string_view secret, int64_t unix_time,
                     int digits = kTotpDigits);

// The step whose code `code` is, among the step of `unix_time` and one step
// either side (a phone's clock a little off, a code typed just as it
// changed); the latest when more than one matches. nullopt when none does
// or `code` is not 6 digits. Compares every candidate in constant time.
std::optional<int64_t> MatchTotp(std::string_view secret, std::string_view code,
                                 int64_t unix_time);

// A new random secret of kTotpSecretBytes from the CSPRNG.
std::string NewTotpSecret();

// RFC 4648 base32, upper case, without padding: the form authenticator apps
// take by hand and in the otpauth:// URI.
std::string Base32(std::string_view bytes);

// The otpauth:// URI an authenticator app reads from the QR code: the
// issuer (the library's name) and the account's login label the entry;
// algorithm, digits and period are spelled out.
std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret);

}  // namespace schoolbieb
