// Opening Office files encrypted with a password we know: in practice only
// Excel's built-in default password "VelvetSweatshop". Excel writes it when
// a workbook is protected without a password to open (a password to modify,
// a protected structure) and opens such a file without asking, so a teacher
// cannot "remove the password" from it. Other passwords are never guessed:
// those files are refused as password-protected, as before.
//
// Implemented from [MS-OFFCRYPTO] and [MS-XLS] 2.2.10 with OpenSSL's hashes
// and AES; RC4, which OpenSSL 3 only has in its legacy provider, is done
// here. Covered: ECMA-376 standard (AES-ECB) and agile (AES-CBC, SHA-1/2)
// encryption of an XLSX package, and in XLS the XOR obfuscation (method 1),
// RC4 and RC4 CryptoAPI. Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schoolbieb::formats {

inline constexpr std::u16string_view kExcelDefaultPassword = u"VelvetSweatshop";

// The package (the XLSX's ZIP bytes) inside an ECMA-376 encrypted file, from
// its EncryptionInfo and EncryptedPackage streams, decrypted with
// `password`. nullopt when the password does not open it, the cipher is not
// one of those above, or the streams are damaged.
std::optional<std::string> DecryptPackage(std::string_view encryption_info,
                                          std::string_view encrypted_package,
                                          std::u16string_view password);

// Decrypts, in place, the records after the first FILEPASS record of a
// BIFF5 (`biff` 5) or BIFF8 workbook stream. Record headers, the records
// [MS-XLS] leaves unencrypted (BOF, FILEPASS, INTERFACEHDR, …) and the
// stream offset in each BOUNDSHEET stay as they were. False, with `stream`
// unchanged, when `password` does not open it or the encryption is unknown.
bool DecryptBiffStream(std::string* stream, int biff,
                       std::u16string_view password);

}  // namespace schoolbieb::formats
