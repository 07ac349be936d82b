// A ZIP archive held in memory, read safely: the ZIP upload itself and the
// package inside every XLSX and ODS.
//
// Open() parses the central directory itself (libarchive 3.6 does not count
// inflated bytes nor notice overlapping entries) and refuses, before any
// entry is inflated: too many entries, duplicate names, entries whose data
// overlap (the non-recursive "overlapping files" bomb), symlinks, names that
// climb out of the archive ("../"), absurd declared ratios, and data outside
// the file. Read() inflates one entry while counting the bytes it produces
// against the per-entry, ratio and whole-archive limits, so a lying header
// cannot make it allocate more than the limits. Nothing is ever written to
// disk, and entry names are never used as paths.
//
// Not thread-safe (it counts inflated bytes across reads); cheap to open.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "formats/limits.h"

namespace schoolbieb::formats {

struct ZipEntry {
  std::string name;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;  // as declared; checked while inflating
  uint64_t local_offset = 0;
  uint64_t data_offset = 0;  // where the compressed bytes start
  uint16_t method = 0;       // 0 stored, 8 deflate, 99 AES, …
  bool encrypted = false;
  bool directory = false;
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive.
  static Result<ZipArchive> Open(std::string_view bytes, const Limits& limits);
  // Open() for the package of an XLSX or ODS upload, refusing first an
  // upload over limits.max_file_bytes.
  static Result<ZipArchive> OpenPackage(std::string_view bytes,
                                        const Limits& limits);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // The entry named exactly `name`, or nullptr.
  const ZipEntry* Find(std::string_view name) const;
  // The entry whose name equals `name` ignoring ASCII case, or nullptr.
  const ZipEntry* FindIgnoringCase(std::string_view name) const;
  // The package part `name` as the OPC rules find it (XLSX): names equal
  // ignoring ASCII case, with '\\' read as '/' and no leading '/'; an exact
  // match first. nullptr when there is none.
  const ZipEntry* FindPart(std::string_view name) const;

  // Inflates `entry`, handing the bytes to `sink` in chunks; stops with the
  // sink's Status if it fails. Encrypted entries need `password` (ZipCrypto
  // and AES, through libarchive).
  Status Read(const ZipEntry& entry,
              const std::function<Status(std::string_view)>& sink,
              const std::string& password = "");
  // The whole entry as a string (bounded by the limits).
  Result<std::string> ReadAll(const ZipEntry& entry,
                              const std::string& password = "");

  bool any_encrypted() const;

 private:
  ZipArchive(std::string_view bytes, const Limits& limits)
      : bytes_(bytes), limits_(limits) {}
  Status ParseCentralDirectory();
  Status Count(const ZipEntry& entry, uint64_t entry_bytes, size_t more);
  Status ReadWithZlib(const ZipEntry& entry,
                      const std::function<Status(std::string_view)>& sink);
  Status ReadWithLibarchive(const ZipEntry& entry,
                            const std::function<Status(std::string_view)>& sink,
                            const std::string& password);

  std::string_view bytes_;
  Limits limits_;
  std::vector<ZipEntry> entries_;
  uint64_t inflated_total_ = 0;
};

// True when `bytes` start like a ZIP (local header or empty-archive record).
bool LooksLikeZip(std::string_view bytes);

}  // namespace schoolbieb::formats
