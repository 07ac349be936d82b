#include "formats/office_crypto.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>

#include "formats/limits.h"
#include "formats/little_endian.h"
#include "formats/xml_stream.h"

namespace schoolbieb::formats {
namespace {

// A spin count above this is refused: Office writes 100,000, and each step
// is one hash, so a file cannot make a read take minutes.
constexpr uint32_t kMaxSpinCount = 10'000'000;

std::string Le32(uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8),
          static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}

std::string Utf16Le(std::u16string_view text) {
  std::string out;
  for (char16_t c : text) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}

const EVP_MD* HashNamed(std::string_view name) {
  if (name == "SHA1" || name == "SHA-1") return EVP_sha1();
  if (name == "SHA256") return EVP_sha256();
  if (name == "SHA384") return EVP_sha384();
  if (name == "SHA512") return EVP_sha512();
  if (name == "MD5") return EVP_md5();
  return nullptr;
}

std::string Hash(const EVP_MD* md, std::string_view a,
                 std::string_view b = {}) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              EVP_MD_CTX_free);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestInit_ex(ctx.get(), md, nullptr);
  EVP_DigestUpdate(ctx.get(), a.data(), a.size());
  EVP_DigestUpdate(ctx.get(), b.data(), b.size());
  EVP_DigestFinal_ex(ctx.get(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

// `bytes` cut or padded with `pad` to `size`, as the key and IV rules say.
std::string Fit(std::string bytes, size_t size, char pad) {
  bytes.resize(size, pad);
  return bytes;
}

// AES without padding, ECB or CBC, the key size from the key. nullopt for a
// key of another size or data that is not whole blocks.
std::optional<std::string> AesDecrypt(std::string_view key, std::string_view iv,
                                      std::string_view data, bool cbc) {
  const EVP_CIPHER* cipher = nullptr;
  if (key.size() == 16) cipher = cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
  if (key.size() == 24) cipher = cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
  if (key.size() == 32) cipher = cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
  if (!cipher || data.size() % 16 != 0 || (cbc && iv.size() != 16))
    return std::nullopt;
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
      EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v =
      cbc ? reinterpret_cast<const unsigned char*>(iv.data()) : nullptr;
  if (EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, k, v) != 1)
    return std::nullopt;
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(data.size() + 16, '\0');
  int length = 0, final_length = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_DecryptUpdate(ctx.get(), o, &length,
                        reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size())) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), o + length, &final_length) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(length + final_length));
  return out;
}

// RC4 (ARC4) as [MS-OFFCRYPTO] uses it.
class Rc4 {
 public:
  explicit Rc4(std::string_view key) {
    for (int i = 0; i < 256; ++i) s_[i] = static_cast<uint8_t>(i);
    uint8_t j = 0;
    for (int i = 0; i < 256; ++i) {
      j = static_cast<uint8_t>(j + s_[i] +
                               static_cast<uint8_t>(key[i % key.size()]));
      std::swap(s_[i], s_[j]);
    }
  }
  uint8_t Next() {
    i_ = static_cast<uint8_t>(i_ + 1);
    j_ = static_cast<uint8_t>(j_ + s_[i_]);
    std::swap(s_[i_], s_[j_]);
    return s_[static_cast<uint8_t>(s_[i_] + s_[j_])];
  }
  std::string Apply(std::string_view data) {
    std::string out(data);
    for (char& c : out) c = static_cast<char>(c ^ Next());
    return out;
  }

 private:
  std::array<uint8_t, 256> s_{};
  uint8_t i_ = 0, j_ = 0;
};

// ---------------------------------------------------------------------------
// ECMA-376 standard encryption ([MS-OFFCRYPTO] 2.3.4.5–2.3.4.9): AES-ECB
// with a key from 50,000 rounds of SHA-1.

std::optional<std::string> DecryptStandard(std::string_view info,
                                           std::string_view package,
                                           std::u16string_view password) {
  // Version (4), flags (4), header size (4), header, verifier.
  if (info.size() < 12) return std::nullopt;
  uint32_t header_size = U32(info, 8);
  if (header_size < 32 || info.size() - 12 < header_size) return std::nullopt;
  std::string_view header = info.substr(12, header_size);
  uint32_t alg_id = U32(header, 8);
  uint32_t key_bits = U32(header, 16);
  if (alg_id != 0x660E && alg_id != 0x660F && alg_id != 0x6610)
    return std::nullopt;  // only AES-128/192/256
  std::string_view verifier = info.substr(12 + header_size);
  if (verifier.size() < 4 + 16 + 16 + 4 + 32 || U32(verifier, 0) != 16)
    return std::nullopt;
  std::string_view salt = verifier.substr(4, 16);
  std::string_view encrypted_verifier = verifier.substr(20, 16);
  std::string_view encrypted_hash = verifier.substr(40, 32);

  const EVP_MD* sha1 = EVP_sha1();
  std::string h = Hash(sha1, salt, Utf16Le(password));
  for (uint32_t i = 0; i < 50000; ++i) h = Hash(sha1, Le32(i), h);
  h = Hash(sha1, h, Le32(0));
  std::string x1(64, '\x36'), x2(64, '\x5C');
  for (size_t i = 0; i < h.size(); ++i) {
    x1[i] = static_cast<char>(x1[i] ^ h[i]);
    x2[i] = static_cast<char>(x2[i] ^ h[i]);
  }
  std::string key = (Hash(sha1, x1) + Hash(sha1, x2)).substr(0, key_bits / 8);

  auto plain_verifier = AesDecrypt(key, "", encrypted_verifier, false);
  auto plain_hash = AesDecrypt(key, "", encrypted_hash, false);
  if (!plain_verifier || !plain_hash ||
      Hash(sha1, *plain_verifier) != plain_hash->substr(0, 20)) {
    return std::nullopt;  // not this password
  }
  if (package.size() < 8) return std::nullopt;
  uint64_t size = U64(package, 0);
  std::string_view data = package.substr(8);
  data = data.substr(0, data.size() / 16 * 16);
  auto plain = AesDecrypt(key, "", data, false);
  if (!plain || plain->size() < size) return std::nullopt;
  plain->resize(size);
  return plain;
}

// ---------------------------------------------------------------------------
// ECMA-376 agile encryption ([MS-OFFCRYPTO] 2.3.4.10–2.3.4.15): the
// parameters in XML, a key encrypted with a key from the password, the
// package in 4096-byte segments of AES-CBC.

struct AgileParams {
  std::string salt;
  uint32_t block_size = 16;
  uint32_t key_bits = 0;
  std::string hash;
  std::string cipher;
  std::string chaining;
};

struct AgilePassword : AgileParams {
  uint32_t spin_count = 0;
  std::string verifier_input, verifier_value, key_value;
  bool found = false;
};

std::string Base64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else {
      continue;  // '=', white space
    }
    bits = bits << 6 | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>(bits >> count));
    }
  }
  return out;
}

class AgileInfoParser : public XmlStream {
 public:
  AgileInfoParser() : XmlStream("EncryptionInfo", Limits{}) {}
  AgileParams key_data;
  AgilePassword password;
  bool has_key_data = false;

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    size_t colon = name.rfind(':');
    std::string_view local =
        colon == std::string_view::npos ? name : name.substr(colon + 1);
    if (local == "keyData") {
      Fill(attrs, &key_data);
      has_key_data = true;
    } else if (local == "encryptedKey" && Attr(attrs, "spinCount") &&
               !password.found) {
      Fill(attrs, &password);
      password.spin_count = static_cast<uint32_t>(
          std::strtoul(Attr(attrs, "spinCount"), nullptr, 10));
      password.verifier_input =
          Base64(Get(attrs, "encryptedVerifierHashInput"));
      password.verifier_value =
          Base64(Get(attrs, "encryptedVerifierHashValue"));
      password.key_value = Base64(Get(attrs, "encryptedKeyValue"));
      password.found = true;
    }
  }
  void EndElement(std::string_view) override {}
  void Characters(std::string_view) override {}

 private:
  static std::string_view Get(const char** attrs, std::string_view key) {
    const char* value = Attr(attrs, key);
    return value ? std::string_view(value) : std::string_view();
  }
  static void Fill(const char** attrs, AgileParams* p) {
    p->salt = Base64(Get(attrs, "saltValue"));
    p->block_size = static_cast<uint32_t>(std::strtoul(
        std::string(Get(attrs, "blockSize")).c_str(), nullptr, 10));
    p->key_bits = static_cast<uint32_t>(
        std::strtoul(std::string(Get(attrs, "keyBits")).c_str(), nullptr, 10));
    p->hash = Get(attrs, "hashAlgorithm");
    p->cipher = Get(attrs, "cipherAlgorithm");
    p->chaining = Get(attrs, "cipherChaining");
  }
};

bool UsableAgile(const AgileParams& p) {
  return HashNamed(p.hash) && p.cipher == "AES" &&
         p.chaining == "ChainingModeCBC" && p.block_size == 16 &&
         (p.key_bits == 128 || p.key_bits == 192 || p.key_bits == 256) &&
         !p.salt.empty();
}

std::optional<std::string> DecryptAgile(std::string_view info,
                                        std::string_view package,
                                        std::u16string_view password) {
  // Version (4), reserved (4), then the XML.
  AgileInfoParser parser;
  if (!parser.Feed(info.substr(8)).ok() || !parser.Finish().ok())
    return std::nullopt;
  const AgilePassword& pw = parser.password;
  const AgileParams& data = parser.key_data;
  if (!parser.has_key_data || !pw.found || !UsableAgile(pw) ||
      !UsableAgile(data) || pw.spin_count > kMaxSpinCount) {
    return std::nullopt;
  }
  const EVP_MD* md = HashNamed(pw.hash);
  std::string h = Hash(md, pw.salt, Utf16Le(password));
  for (uint32_t i = 0; i < pw.spin_count; ++i) h = Hash(md, Le32(i), h);
  auto key_for = [&](std::string_view block_key) {
    return Fit(Hash(md, h, block_key), pw.key_bits / 8, '\x36');
  };
  std::string iv = Fit(pw.salt, pw.block_size, '\x36');
  static constexpr char kInputBlock[] = "\xfe\xa7\xd2\x76\x3b\x4b\x9e\x79";
  static constexpr char kValueBlock[] = "\xd7\xaa\x0f\x6d\x30\x61\x34\x4e";
  static constexpr char kKeyBlock[] = "\x14\x6e\x0b\xe7\xab\xac\xd0\xd6";
  auto input = AesDecrypt(key_for(std::string_view(kInputBlock, 8)), iv,
                          pw.verifier_input, true);
  auto value = AesDecrypt(key_for(std::string_view(kValueBlock, 8)), iv,
                          pw.verifier_value, true);
  if (!input || !value) return std::nullopt;
  std::string expected = Hash(md, input->substr(0, pw.salt.size()));
  if (value->size() < expected.size() ||
      value->substr(0, expected.size()) != expected) {
    return std::nullopt;  // not this password
  }
  auto secret = AesDecrypt(key_for(std::string_view(kKeyBlock, 8)), iv,
                           pw.key_value, true);
  if (!secret || secret->size() < data.key_bits / 8) return std::nullopt;
  secret->resize(data.key_bits / 8);

  if (package.size() < 8) return std::nullopt;
  uint64_t size = U64(package, 0);
  std::string_view encrypted = package.substr(8);
  if (size > encrypted.size()) return std::nullopt;
  const EVP_MD* data_md = HashNamed(data.hash);
  std::string plain;
  plain.reserve(encrypted.size());
  constexpr size_t kSegment = 4096;
  for (uint32_t segment = 0; plain.size() < size; ++segment) {
    std::string_view piece =
        encrypted.substr(static_cast<size_t>(segment) * kSegment, kSegment);
    piece = piece.substr(0, piece.size() / 16 * 16);
    if (piece.empty()) return std::nullopt;
    std::string segment_iv =
        Fit(Hash(data_md, data.salt, Le32(segment)), data.block_size, '\x36');
    auto part = AesDecrypt(*secret, segment_iv, piece, true);
    if (!part) return std::nullopt;
    plain += *part;
  }
  plain.resize(size);
  return plain;
}

// ---------------------------------------------------------------------------
// XLS: [MS-XLS] 2.2.10. Each byte of an encrypted record's body is
// decrypted by its offset in the workbook stream.

constexpr uint16_t kFilePass = 0x002F, kBoundSheet = 0x0085;

bool LeftUnencrypted(uint16_t id) {
  switch (id) {
    case 0x0809:  // BOF
    case 0x0009:
    case 0x0209:
    case 0x0409:
    case kFilePass:
    case 0x0194:  // UsrExcl
    case 0x0195:  // FileLock
    case 0x00E1:  // InterfaceHdr
    case 0x0196:  // RRDInfo
    case 0x0138:  // RRDHead
      return true;
    default:
      return false;
  }
}

// How one byte at a stream offset is decrypted.
class BiffCipher {
 public:
  virtual ~BiffCipher() = default;
  // Decrypts `byte` at stream `offset` in a record body of `length` bytes.
  virtual uint8_t Decrypt(uint8_t byte, size_t offset, size_t length) = 0;
};

// XOR obfuscation, method 1 ([MS-OFFCRYPTO] 2.3.7.1–2.3.7.4): a 16-byte
// array from the password (at most 15 ANSI characters), indexed by the
// byte's offset plus the record's length.
class XorCipher : public BiffCipher {
 public:
  static std::unique_ptr<XorCipher> Open(std::u16string_view password,
                                         uint16_t key, uint16_t verifier) {
    std::string bytes;
    for (char16_t c : password.substr(0, 15)) {
      bytes.push_back(static_cast<char>(c & 0xFF));
    }
    // The key in the file is not checked: it follows from the password.
    (void)key;
    if (bytes.empty() || Verifier(bytes) != verifier) return nullptr;
    return std::unique_ptr<XorCipher>(new XorCipher(bytes, Key(bytes)));
  }

  uint8_t Decrypt(uint8_t byte, size_t offset, size_t length) override {
    uint8_t value = static_cast<uint8_t>(byte << 3 | byte >> 5);
    return value ^ array_[(offset + length) % 16];
  }

  // CreatePasswordVerifier_Method1.
  static uint16_t Verifier(std::string_view bytes) {
    uint16_t verifier = 0;
    std::string all = static_cast<char>(bytes.size()) + std::string(bytes);
    for (size_t i = all.size(); i-- > 0;) {
      uint16_t high = (verifier & 0x4000) ? 1 : 0;
      verifier = static_cast<uint16_t>(((verifier << 1) & 0x7FFF) | high);
      verifier ^= static_cast<uint8_t>(all[i]);
    }
    return verifier ^ 0xCE4B;
  }

  // CreateXorKey_Method1.
  static uint16_t Key(std::string_view bytes) {
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
    uint16_t key = kInitialCode[bytes.size() - 1];
    int element = 0x68;
    for (size_t i = bytes.size(); i-- > 0;) {
      uint8_t c = static_cast<uint8_t>(bytes[i]);
      for (int bit = 0; bit < 7; ++bit, --element) {
        if (c & 0x40) key ^= kXorMatrix[element];
        c = static_cast<uint8_t>(c << 1);
      }
    }
    return key;
  }

 private:
  XorCipher(std::string_view bytes, uint16_t key) {
    static constexpr uint8_t kPad[15] = {0xBB, 0xFF, 0xFF, 0xBA, 0xFF,
                                         0xFF, 0xB9, 0x80, 0x00, 0xBE,
                                         0x0F, 0x00, 0xBF, 0x0F, 0x00};
    for (size_t i = 0; i < 16; ++i) {
      uint8_t b = i < bytes.size() ? static_cast<uint8_t>(bytes[i])
                                   : kPad[i - bytes.size()];
      b ^= static_cast<uint8_t>(i % 2 == 0 ? key & 0xFF : key >> 8);
      array_[i] = static_cast<uint8_t>(b << 2 | b >> 6);
    }
  }

  std::array<uint8_t, 16> array_{};
};

// RC4 rekeyed every 1024 bytes of the stream, the key of block n from the
// password, the salt and n: binary RC4 ([MS-OFFCRYPTO] 2.3.6) with MD5 and
// RC4 CryptoAPI (2.3.5) with SHA-1.
class Rc4Cipher : public BiffCipher {
 public:
  // Binary RC4 (version 1.1): salt, encrypted verifier, encrypted hash.
  static std::unique_ptr<Rc4Cipher> OpenRc4(std::u16string_view password,
                                            std::string_view body) {
    if (body.size() < 48) return nullptr;
    std::string_view salt = body.substr(0, 16);
    const EVP_MD* md5 = EVP_md5();
    std::string h0 = Hash(md5, Utf16Le(password)).substr(0, 5);
    std::string buffer;
    for (int i = 0; i < 16; ++i) buffer += h0 + std::string(salt);
    std::string base = Hash(md5, buffer).substr(0, 5);
    std::unique_ptr<Rc4Cipher> cipher(new Rc4Cipher(md5, base, 16, false));
    if (!cipher->Verify(body.substr(16, 16), body.substr(32, 16)))
      return nullptr;
    return cipher;
  }

  // RC4 CryptoAPI (version 2–4.2): an EncryptionHeader and verifier.
  static std::unique_ptr<Rc4Cipher> OpenCryptoApi(std::u16string_view password,
                                                  std::string_view body) {
    // Flags (4), header size (4), header, verifier.
    if (body.size() < 8) return nullptr;
    uint32_t header_size = U32(body, 4);
    if (header_size < 32 || body.size() - 8 < header_size) return nullptr;
    std::string_view header = body.substr(8, header_size);
    if (U32(header, 8) != 0x6801) return nullptr;  // RC4
    uint32_t key_bits = U32(header, 16);
    if (key_bits == 0) key_bits = 40;
    if (key_bits < 40 || key_bits > 128 || key_bits % 8 != 0) return nullptr;
    std::string_view verifier = body.substr(8 + header_size);
    if (verifier.size() < 4 + 16 + 16 + 4 + 20 || U32(verifier, 0) != 16)
      return nullptr;
    const EVP_MD* sha1 = EVP_sha1();
    std::string h0 = Hash(sha1, verifier.substr(4, 16), Utf16Le(password));
    std::unique_ptr<Rc4Cipher> cipher(
        new Rc4Cipher(sha1, h0, key_bits / 8, key_bits == 40));
    if (!cipher->Verify(verifier.substr(20, 16), verifier.substr(40, 20)))
      return nullptr;
    return cipher;
  }

  uint8_t Decrypt(uint8_t byte, size_t offset, size_t) override {
    size_t block = offset / 1024;
    if (block != block_) {
      block_ = block;
      Rc4 rc4(BlockKey(static_cast<uint32_t>(block)));
      for (uint8_t& k : keystream_) k = rc4.Next();
    }
    return byte ^ keystream_[offset % 1024];
  }

 private:
  Rc4Cipher(const EVP_MD* md, std::string base, size_t key_bytes,
            bool pad_40_bits)
      : md_(md),
        base_(std::move(base)),
        key_bytes_(key_bytes),
        pad_40_bits_(pad_40_bits) {}

  std::string BlockKey(uint32_t block) const {
    std::string key = Hash(md_, base_, Le32(block)).substr(0, key_bytes_);
    // A 40-bit CryptoAPI key is used as 128 bits with zeros after it.
    if (pad_40_bits_) key.resize(16, '\0');
    return key;
  }

  bool Verify(std::string_view encrypted_verifier,
              std::string_view encrypted_hash) const {
    Rc4 rc4(BlockKey(0));
    std::string verifier = rc4.Apply(encrypted_verifier);
    std::string hash = rc4.Apply(encrypted_hash);
    return Hash(md_, verifier) == hash;
  }

  const EVP_MD* md_;
  std::string base_;
  size_t key_bytes_;
  bool pad_40_bits_;
  size_t block_ = SIZE_MAX;
  std::array<uint8_t, 1024> keystream_{};
};

std::unique_ptr<BiffCipher> OpenBiffCipher(std::string_view filepass, int biff,
                                           std::u16string_view password) {
  if (biff < 8) {
    // BIFF5 knows only XOR obfuscation: key, verifier.
    if (filepass.size() < 4) return nullptr;
    return XorCipher::Open(password, U16(filepass, 0), U16(filepass, 2));
  }
  if (filepass.size() < 6) return nullptr;
  uint16_t type = U16(filepass, 0);
  if (type == 0) {
    return XorCipher::Open(password, U16(filepass, 2), U16(filepass, 4));
  }
  if (type != 1) return nullptr;
  uint16_t major = U16(filepass, 2), minor = U16(filepass, 4);
  if (major == 1 && minor == 1)
    return Rc4Cipher::OpenRc4(password, filepass.substr(6));
  if (major >= 2 && major <= 4 && minor == 2)
    return Rc4Cipher::OpenCryptoApi(password, filepass.substr(6));
  return nullptr;
}

}  // namespace

std::optional<std::string> DecryptPackage(std::string_view encryption_info,
                                          std::string_view encrypted_package,
                                          std::u16string_view password) {
  if (encryption_info.size() < 8) return std::nullopt;
  uint16_t major = U16(encryption_info, 0), minor = U16(encryption_info, 2);
  if (major == 4 && minor == 4)
    return DecryptAgile(encryption_info, encrypted_package, password);
  if ((major == 2 || major == 3 || major == 4) && minor == 2)
    return DecryptStandard(encryption_info, encrypted_package, password);
  return std::nullopt;
}

bool DecryptBiffStream(std::string* stream, int biff,
                       std::u16string_view password) {
  std::string& s = *stream;
  std::string plain = s;
  std::unique_ptr<BiffCipher> cipher;
  size_t pos = 0;
  while (pos + 4 <= s.size()) {
    uint16_t id = U16(s, pos);
    size_t length = U16(s, pos + 2);
    size_t data = pos + 4;
    if (s.size() - data < length) break;
    if (cipher && !LeftUnencrypted(id)) {
      size_t from = id == kBoundSheet ? std::min<size_t>(4, length) : 0;
      for (size_t i = data + from; i < data + length; ++i) {
        plain[i] = static_cast<char>(
            cipher->Decrypt(static_cast<uint8_t>(s[i]), i, length));
      }
    }
    if (id == kFilePass && !cipher) {
      cipher = OpenBiffCipher(std::string_view(s).substr(data, length), biff,
                              password);
      if (!cipher) return false;
    }
    pos = data + length;
  }
  if (!cipher) return false;
  s = std::move(plain);
  return true;
}

}  // namespace schoolbieb::formats
