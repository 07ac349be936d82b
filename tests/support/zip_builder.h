// Builds ZIP archives in memory for tests: ordinary ones (stored or deflated
// with zlib), hostile ones (overlapping entries, symlinks, lying sizes,
// duplicate names), and encrypted ones through libarchive's writer. Every
// XLSX/ODS fixture in the tests is a ZIP made here from XML strings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace schoolbieb::testing {

struct ZipItem {
  std::string name;
  std::string data;
  bool deflate = true;
  bool symlink = false;        // unix mode 0120777
  int64_t declared_size = -1;  // lie about the uncompressed size
};

// A well-formed ZIP of the items, in order.
std::string BuildZip(const std::vector<ZipItem>& items);

// A non-recursive "overlapping files" zip bomb: `entries` central-directory
// records that all point at the same deflated kernel of `kernel_bytes` zeros.
std::string BuildOverlappingZip(int entries, size_t kernel_bytes);

// An encrypted ZIP through libarchive: `encryption` is "zipcrypt", "aes128"
// or "aes256".
std::string BuildEncryptedZip(const std::vector<ZipItem>& items,
                              const std::string& password,
                              const std::string& encryption);

// Raw deflate of `data` (no zlib header), as in ZIP entries.
std::string Deflate(const std::string& data);

}  // namespace schoolbieb::testing
