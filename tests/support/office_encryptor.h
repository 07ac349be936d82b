// Encrypts workbooks the way Excel does, for tests and fuzz seeds: written
// here from [MS-OFFCRYPTO] and [MS-XLS] 2.2.10 with OpenSSL, independently
// of the reader's decryption (formats/office_crypto.h), so that each checks
// the other; the real files of other readers' test suites check both (see
// bench/reader_suites.py). Salts and keys are fixed, so fixtures are
// reproducible.
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb::testing {

// The EncryptionInfo and EncryptedPackage streams of an encrypted XLSX.
struct EncryptedPackage {
  std::string encryption_info;
  std::string encrypted_package;
};

// ECMA-376 agile encryption: AES-256-CBC, SHA-512, `spin_count` rounds
// (Excel 2010 and later write 100,000).
EncryptedPackage EncryptAgile(std::string_view package,
                              std::u16string_view password,
                              unsigned spin_count = 100000);

// ECMA-376 standard encryption (Excel 2007): AES-128-ECB, SHA-1.
EncryptedPackage EncryptStandard(std::string_view package,
                                 std::u16string_view password);

enum class BiffEncryption { kXor, kRc4, kRc4CryptoApi40, kRc4CryptoApi128 };

// The body of the FILEPASS record that `EncryptBiff` needs in the globals of
// a BIFF8 workbook stream (for kXor in BIFF5, `biff5` leaves out the type).
std::string FilePassBody(BiffEncryption method, std::u16string_view password,
                         bool biff5 = false);

// Encrypts, in place, the records after the FILEPASS record of `stream` as
// Excel does with that FILEPASS (record headers, BOF, INTERFACEHDR and the
// BOUNDSHEET offsets stay plain).
void EncryptBiff(std::string* stream, BiffEncryption method,
                 std::u16string_view password);

}  // namespace schoolbieb::testing
