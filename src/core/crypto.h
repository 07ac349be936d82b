// Small wrappers around libsodium: random tokens, hashes, password hashing.
//
// Call InitCrypto() once before any other function (the CLI and tests do);
// after that every function here is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace schoolbieb {

// Initialises libsodium and liboath (core/totp.h). Returns false only if
// a library cannot start.
bool InitCrypto();

// `bytes` random bytes from the CSPRNG, as unpadded URL-safe base64.
std::string RandomToken(size_t bytes = 32);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// An argon2id hash string (libsodium's crypto_pwhash_str, interactive
// limits) that embeds its salt and parameters.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. Takes constant time in the password.
bool VerifyPassword(std::string_view password, const std::string& hash);

// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace schoolbieb
