#include "support/office_encryptor.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace schoolbieb::testing {
namespace {

std::string Le16(uint16_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8)};
}
std::string Le32(uint32_t v) {
  return Le16(static_cast<uint16_t>(v)) + Le16(static_cast<uint16_t>(v >> 16));
}
std::string Le64(uint64_t v) {
  return Le32(static_cast<uint32_t>(v)) + Le32(static_cast<uint32_t>(v >> 32));
}
uint16_t Get16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) |
                               static_cast<uint8_t>(b[at + 1]) << 8);
}

std::string Utf16(std::u16string_view text) {
  std::string out;
  for (char16_t c : text) out += Le16(c);
  return out;
}

// Fixed "random" bytes: fixtures must be the same every run.
std::string Bytes(size_t n, uint8_t seed) {
  std::string out;
  for (size_t i = 0; i < n; ++i)
    out.push_back(static_cast<char>(seed + 37 * i + (i * i) % 11));
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view a,
                   std::string_view b = {}) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              EVP_MD_CTX_free);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestInit_ex(ctx.get(), md, nullptr);
  EVP_DigestUpdate(ctx.get(), a.data(), a.size());
  EVP_DigestUpdate(ctx.get(), b.data(), b.size());
  EVP_DigestFinal_ex(ctx.get(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

// AES encryption without padding; `data` must be whole blocks.
std::string Aes(std::string_view key, std::string_view iv,
                std::string_view data) {
  const EVP_CIPHER* cipher =
      key.size() == 32 ? (iv.empty() ? EVP_aes_256_ecb() : EVP_aes_256_cbc())
                       : (iv.empty() ? EVP_aes_128_ecb() : EVP_aes_128_cbc());
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
      EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  EVP_EncryptInit_ex(
      ctx.get(), cipher, nullptr,
      reinterpret_cast<const unsigned char*>(key.data()),
      iv.empty() ? nullptr : reinterpret_cast<const unsigned char*>(iv.data()));
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(data.size() + 16, '\0');
  int n = 0, m = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  EVP_EncryptUpdate(ctx.get(), o, &n,
                    reinterpret_cast<const unsigned char*>(data.data()),
                    static_cast<int>(data.size()));
  EVP_EncryptFinal_ex(ctx.get(), o + n, &m);
  out.resize(static_cast<size_t>(n + m));
  return out;
}

std::string PadTo16(std::string data) {
  data.resize((data.size() + 15) / 16 * 16, '\0');
  return data;
}

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(data[i]) << 16 |
                 static_cast<uint8_t>(data[i + 1]) << 8 |
                 static_cast<uint8_t>(data[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(v >> k) & 63]);
  }
  if (i < data.size()) {
    uint32_t v = static_cast<uint8_t>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<uint8_t>(data[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

class Rc4 {
 public:
  explicit Rc4(std::string_view key) {
    for (int i = 0; i < 256; ++i) s_[i] = static_cast<uint8_t>(i);
    for (int i = 0, j = 0; i < 256; ++i) {
      j = (j + s_[i] + static_cast<uint8_t>(key[i % key.size()])) & 0xFF;
      std::swap(s_[i], s_[j]);
    }
  }
  std::string Apply(std::string_view data) {
    std::string out(data);
    for (char& c : out) {
      i_ = (i_ + 1) & 0xFF;
      j_ = (j_ + s_[i_]) & 0xFF;
      std::swap(s_[i_], s_[j_]);
      c = static_cast<char>(c ^ s_[(s_[i_] + s_[j_]) & 0xFF]);
    }
    return out;
  }

 private:
  std::array<uint8_t, 256> s_{};
  int i_ = 0, j_ = 0;
};

// ---------------------------------------------------------------------------
// XOR obfuscation method 1, as [MS-OFFCRYPTO] 2.3.7 writes it (the reader
// uses the equivalent LibreOffice/POI form of the array).

uint16_t XorKey(std::string_view password) {
  static constexpr uint16_t kInitialCode[15] = {
      0xE1F0, 0x1D0F, 0xCC9C, 0x84C0, 0x110C, 0x0E10, 0xF1CE, 0x313E,
      0x1872, 0xE139, 0xD40F, 0x84F9, 0x280C, 0xA96A, 0x4EC3};
  static constexpr uint16_t kXorMatrix[105] = {
      0xAEFC, 0x4DD9, 0x9BB2, 0x2745, 0x4E8A, 0x9D14, 0x2A09, 0x7B61, 0xF6C2,
      0xFDA5, 0xEB6B, 0xC6F7, 0x9DCF, 0x2BBF, 0x4563, 0x8AC6, 0x05AD, 0x0B5A,
      0x16B4, 0x2D68, 0x5AD0, 0x0375, 0x06EA, 0x0DD4, 0x1BA8, 0x3750, 0x6EA0,
      0xDD40, 0xD849, 0xA0B3, 0x5147, 0xA28E, 0x553D, 0xAA7A, 0x44D5, 0x6F45,
      0xDE8A, 0xAD35, 0x4A4B, 0x9496, 0x390D, 0x721A, 0xEB23, 0xC667, 0x9CEF,
      0x29FF, 0x53FE, 0xA7FC, 0x5FD9, 0x47D3, 0x8FA6, 0x0F6D, 0x1EDA, 0x3DB4,
      0x7B68, 0xF6D0, 0xB861, 0x60E3, 0xC1C6, 0x93AD, 0x377B, 0x6EF6, 0xDDEC,
      0x45A0, 0x8B40, 0x06A1, 0x0D42, 0x1A84, 0x3508, 0x6A10, 0xAA51, 0x4483,
      0x8906, 0x022D, 0x045A, 0x08B4, 0x1168, 0x76B4, 0xED68, 0xCAF1, 0x85C3,
      0x1BA7, 0x374E, 0x6E9C, 0x3730, 0x6E60, 0xDCC0, 0xA9A1, 0x4363, 0x86C6,
      0x1DAD, 0x3331, 0x6662, 0xCCC4, 0x89A9, 0x0373, 0x06E6, 0x0DCC, 0x1021,
      0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48C4};
  uint16_t key = kInitialCode[password.size() - 1];
  int element = 0x68;
  for (size_t i = password.size(); i-- > 0;) {
    uint8_t c = static_cast<uint8_t>(password[i]);
    for (int bit = 0; bit < 7; ++bit) {
      if (c & 0x40) key ^= kXorMatrix[element];
      c = static_cast<uint8_t>(c << 1);
      --element;
    }
  }
  return key;
}

uint16_t XorVerifier(std::string_view password) {
  uint16_t verifier = 0;
  std::string bytes = std::string(1, static_cast<char>(password.size())) +
                      std::string(password);
  for (size_t i = bytes.size(); i-- > 0;) {
    uint16_t rotated = static_cast<uint16_t>(((verifier >> 14) & 1) |
                                             ((verifier << 1) & 0x7FFF));
    verifier = rotated ^ static_cast<uint8_t>(bytes[i]);
  }
  return verifier ^ 0xCE4B;
}

uint8_t XorRor(uint8_t a, uint8_t b) {
  uint8_t v = a ^ b;
  return static_cast<uint8_t>(v >> 1 | v << 7);
}

std::array<uint8_t, 16> XorArray(std::string_view password) {
  static constexpr uint8_t kPad[16] = {0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF,
                                       0xB9, 0x80, 0x00, 0xBE, 0x0F, 0x00,
                                       0xBF, 0x0F, 0x00, 0x00};
  uint16_t key = XorKey(password);
  uint8_t high = static_cast<uint8_t>(key >> 8), low = key & 0xFF;
  std::array<uint8_t, 16> out{};
  for (int i = 0; i < 16; ++i) out[i] = kPad[i];
  int index = static_cast<int>(password.size());
  auto p = [&](int i) { return static_cast<uint8_t>(password[i]); };
  if (index % 2 == 1) {
    out[index] = XorRor(kPad[0], high);
    --index;
    out[index] = XorRor(p(static_cast<int>(password.size()) - 1), low);
  }
  while (index > 0) {
    --index;
    out[index] = XorRor(p(index), high);
    --index;
    out[index] = XorRor(p(index), low);
  }
  index = 15;
  int pad = 15 - static_cast<int>(password.size());
  while (pad > 0) {
    out[index--] = XorRor(kPad[pad--], high);
    out[index--] = XorRor(kPad[pad--], low);
  }
  return out;
}

std::string Ansi(std::u16string_view password) {
  std::string out;
  for (char16_t c : password.substr(0, 15)) out.push_back(static_cast<char>(c));
  return out;
}

// ---------------------------------------------------------------------------
// RC4 block keys.

std::string Rc4Base(std::u16string_view password) {
  std::string salt = Bytes(16, 3);
  std::string h0 = Digest(EVP_md5(), Utf16(password)).substr(0, 5);
  std::string buffer;
  for (int i = 0; i < 16; ++i) buffer += h0 + salt;
  return Digest(EVP_md5(), buffer).substr(0, 5);
}

std::string BlockKey(BiffEncryption method, std::u16string_view password,
                     uint32_t block) {
  if (method == BiffEncryption::kRc4)
    return Digest(EVP_md5(), Rc4Base(password), Le32(block));
  std::string h0 = Digest(EVP_sha1(), Bytes(16, 3), Utf16(password));
  std::string key = Digest(EVP_sha1(), h0, Le32(block));
  if (method == BiffEncryption::kRc4CryptoApi40)
    return key.substr(0, 5) + std::string(11, '\0');
  return key.substr(0, 16);
}

bool Plain(uint16_t id) {
  return id == 0x0809 || id == 0x002F || id == 0x0194 || id == 0x0195 ||
         id == 0x00E1 || id == 0x0196 || id == 0x0138;
}

}  // namespace

EncryptedPackage EncryptAgile(std::string_view package,
                              std::u16string_view password,
                              unsigned spin_count) {
  const EVP_MD* sha512 = EVP_sha512();
  std::string key_salt = Bytes(16, 1), password_salt = Bytes(16, 2);
  std::string secret = Bytes(32, 5), verifier = Bytes(16, 7);
  std::string h = Digest(sha512, password_salt, Utf16(password));
  for (unsigned i = 0; i < spin_count; ++i) h = Digest(sha512, Le32(i), h);
  auto key = [&](std::string_view block) {
    return Digest(sha512, h, block).substr(0, 32);
  };
  std::string input_key = key("\xfe\xa7\xd2\x76\x3b\x4b\x9e\x79");
  std::string value_key = key("\xd7\xaa\x0f\x6d\x30\x61\x34\x4e");
  std::string secret_key = key("\x14\x6e\x0b\xe7\xab\xac\xd0\xd6");
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      "\r\n"
      R"(<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" )"
      R"(xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">)"
      R"(<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" )"
      R"(cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" )"
      R"(hashAlgorithm="SHA512" saltValue=")" +
      Base64(key_salt) +
      R"("/><dataIntegrity encryptedHmacKey="AAAA" encryptedHmacValue="AAAA"/>)"
      R"(<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">)"
      R"(<p:encryptedKey spinCount=")" +
      std::to_string(spin_count) +
      R"(" saltSize="16" blockSize="16" keyBits="256" hashSize="64" )"
      R"(cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" )"
      R"(hashAlgorithm="SHA512" saltValue=")" +
      Base64(password_salt) + R"(" encryptedVerifierHashInput=")" +
      Base64(Aes(input_key, password_salt, verifier)) +
      R"(" encryptedVerifierHashValue=")" +
      Base64(Aes(value_key, password_salt, Digest(sha512, verifier))) +
      R"(" encryptedKeyValue=")" +
      Base64(Aes(secret_key, password_salt, secret)) +
      R"("/></keyEncryptor></keyEncryptors></encryption>)";
  EncryptedPackage out;
  out.encryption_info = Le16(4) + Le16(4) + Le32(0x40) + xml;
  out.encrypted_package = Le64(package.size());
  for (size_t at = 0, segment = 0; at < package.size(); at += 4096, ++segment) {
    std::string iv =
        Digest(sha512, key_salt, Le32(static_cast<uint32_t>(segment)))
            .substr(0, 16);
    out.encrypted_package +=
        Aes(secret, iv, PadTo16(std::string(package.substr(at, 4096))));
  }
  return out;
}

EncryptedPackage EncryptStandard(std::string_view package,
                                 std::u16string_view password) {
  const EVP_MD* sha1 = EVP_sha1();
  std::string salt = Bytes(16, 9), verifier = Bytes(16, 11);
  std::string h = Digest(sha1, salt, Utf16(password));
  for (uint32_t i = 0; i < 50000; ++i) h = Digest(sha1, Le32(i), h);
  h = Digest(sha1, h, Le32(0));
  std::string x1(64, '\x36'), x2(64, '\x5C');
  for (size_t i = 0; i < 20; ++i) {
    x1[i] = static_cast<char>(x1[i] ^ h[i]);
    x2[i] = static_cast<char>(x2[i] ^ h[i]);
  }
  std::string key = Digest(sha1, x1).substr(0, 16);  // AES-128
  std::string csp = Utf16(
                        u"Microsoft Enhanced RSA and AES Cryptographic "
                        u"Provider") +
                    std::string(2, '\0');
  std::string header = Le32(0x24) + Le32(0) + Le32(0x660E) + Le32(0x8004) +
                       Le32(128) + Le32(0x18) + Le32(0) + Le32(0) + csp;
  EncryptedPackage out;
  out.encryption_info = Le16(3) + Le16(2) + Le32(0x24) +
                        Le32(static_cast<uint32_t>(header.size())) + header +
                        Le32(16) + salt + Aes(key, "", verifier) + Le32(20) +
                        Aes(key, "", PadTo16(Digest(sha1, verifier)));
  out.encrypted_package =
      Le64(package.size()) + Aes(key, "", PadTo16(std::string(package)));
  return out;
}

std::string FilePassBody(BiffEncryption method, std::u16string_view password,
                         bool biff5) {
  switch (method) {
    case BiffEncryption::kXor: {
      std::string ansi = Ansi(password);
      std::string body = Le16(XorKey(ansi)) + Le16(XorVerifier(ansi));
      return biff5 ? body : Le16(0) + body;
    }
    case BiffEncryption::kRc4: {
      std::string verifier = Bytes(16, 13);
      Rc4 rc4(BlockKey(method, password, 0));
      std::string encrypted_verifier = rc4.Apply(verifier);
      std::string encrypted_hash = rc4.Apply(Digest(EVP_md5(), verifier));
      return Le16(1) + Le16(1) + Le16(1) + Bytes(16, 3) + encrypted_verifier +
             encrypted_hash;
    }
    case BiffEncryption::kRc4CryptoApi40:
    case BiffEncryption::kRc4CryptoApi128: {
      std::string verifier = Bytes(16, 17);
      Rc4 rc4(BlockKey(method, password, 0));
      std::string encrypted_verifier = rc4.Apply(verifier);
      std::string encrypted_hash = rc4.Apply(Digest(EVP_sha1(), verifier));
      uint32_t bits = method == BiffEncryption::kRc4CryptoApi40 ? 40 : 128;
      std::string csp =
          Utf16(u"Microsoft Enhanced Cryptographic Provider v1.0") +
          std::string(2, '\0');
      std::string header = Le32(0x04) + Le32(0) + Le32(0x6801) + Le32(0x8004) +
                           Le32(bits) + Le32(1) + Le32(0) + Le32(0) + csp;
      return Le16(1) + Le16(4) + Le16(2) + Le32(0x04) +
             Le32(static_cast<uint32_t>(header.size())) + header + Le32(16) +
             Bytes(16, 3) + encrypted_verifier + Le32(20) + encrypted_hash;
    }
  }
  throw std::logic_error("unknown method");
}

void EncryptBiff(std::string* stream, BiffEncryption method,
                 std::u16string_view password) {
  std::string& s = *stream;
  std::string ansi = Ansi(password);
  std::array<uint8_t, 16> xor_array = XorArray(ansi);
  // The RC4 key stream of the block each offset falls in.
  std::vector<std::string> keystreams;
  auto keystream = [&](size_t offset) {
    size_t block = offset / 1024;
    while (keystreams.size() <= block) {
      Rc4 rc4(
          BlockKey(method, password, static_cast<uint32_t>(keystreams.size())));
      keystreams.push_back(rc4.Apply(std::string(1024, '\0')));
    }
    return static_cast<uint8_t>(keystreams[block][offset % 1024]);
  };
  bool after = false;
  for (size_t pos = 0; pos + 4 <= s.size();) {
    uint16_t id = Get16(s, pos), length = Get16(s, pos + 2);
    size_t data = pos + 4;
    if (after && !Plain(id)) {
      size_t from = id == 0x0085 ? 4 : 0;
      for (size_t i = data + from; i < data + length; ++i) {
        uint8_t b = static_cast<uint8_t>(s[i]);
        if (method == BiffEncryption::kXor) {
          b = static_cast<uint8_t>(b << 5 | b >> 3);
          b ^= xor_array[(i + length) % 16];
        } else {
          b ^= keystream(i);
        }
        s[i] = static_cast<char>(b);
      }
    }
    if (id == 0x002F) after = true;
    pos = data + length;
  }
}

}  // namespace schoolbieb::testing
