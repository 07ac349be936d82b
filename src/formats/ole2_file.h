// An OLE2 Compound File (CFB, "Compound File Binary") held in memory: the
// container around old Excel workbooks (.xls), and around Word documents and
// password-protected .xlsx files that are uploaded by mistake.
//
// Open() reads the header, the FAT (through the DIFAT), the directory and the
// mini FAT, and ReadStream()/StreamView() follow one stream's sector chain.
// Nothing in the file is trusted: every sector number is checked against the
// file size and the FAT, every chain is cycle-checked and bounded by the
// sectors the file really has, so a lying size or a looping chain is refused
// rather than read out of bounds or followed forever. A final sector cut short
// by the writer is accepted (several writers do not pad it); a stream shorter
// than it claims is not. Memory is bounded by the file size.
//
// An Ole2File views the bytes given to Open(), which must outlive it. It is a
// plain value, safe to read from several threads once opened.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace schoolbieb::formats {

class Ole2File {
 public:
  enum class EntryType : uint8_t {
    kEmpty = 0,
    kStorage = 1,
    kStream = 2,
    kRoot = 5
  };

  struct Entry {
    std::string name;  // UTF-8
    EntryType type = EntryType::kEmpty;
    uint32_t start_sector = 0;
    uint64_t size = 0;  // as declared; checked when the stream is read
    uint32_t left = kNoEntry, right = kNoEntry, child = kNoEntry;
  };

  static constexpr uint32_t kNoEntry = 0xFFFFFFFF;

  // Parses the structure; refuses (InvalidArgument, with the reason in the
  // English message) a file that is not a compound file or whose header, FAT
  // or directory is damaged.
  static Result<Ole2File> Open(std::string_view bytes);

  // The streams and storages directly under the root storage, in tree order.
  std::vector<const Entry*> RootChildren() const;
  // The stream directly under the root whose name equals `name` ignoring
  // ASCII case (as CFB compares names), or nullptr.
  const Entry* FindRootStream(std::string_view name) const;

  // The whole stream: from the mini stream when it is smaller than the
  // cutoff, else from the regular sectors. Fails when its chain is broken,
  // loops, leaves the file or ends before the declared size.
  Result<std::string> ReadStream(const Entry& entry) const;
  // The same bytes without a copy when the stream's sectors follow each
  // other in the file (the usual layout of a large workbook); otherwise they
  // are copied into *storage. The view lives as long as the file's bytes and
  // *storage.
  Result<std::string_view> StreamView(const Entry& entry,
                                      std::string* storage) const;

  const std::vector<Entry>& entries() const { return entries_; }
  int major_version() const { return major_version_; }

 private:
  explicit Ole2File(std::string_view bytes) : bytes_(bytes) {}
  Status ParseHeaderAndFat();
  Status ParseDirectory();
  // Follows a chain in `table` from `start`, appending sector numbers to
  // `out`, until ENDOFCHAIN or `max_sectors` sectors (0: no such bound).
  // `sector_count` is how many sectors exist to be pointed at.
  Status FollowChain(const std::vector<uint32_t>& table, uint32_t start,
                     uint64_t sector_count, uint64_t max_sectors,
                     std::vector<uint32_t>* out) const;
  // The bytes of regular sector `sector` (shorter when the file ends inside
  // it).
  std::string_view Sector(uint32_t sector) const;
  // The `size` bytes of the stream starting at `start`. With `to_file_end`,
  // a stream that the end of the file cuts short comes back short rather
  // than as damage (the mini stream: its unused tail may be missing).
  Result<std::string_view> ReadRegular(uint32_t start, uint64_t size,
                                       std::string* storage,
                                       bool to_file_end = false) const;

  std::string_view bytes_;
  int major_version_ = 3;
  uint32_t sector_size_ = 512;
  uint32_t mini_sector_size_ = 64;
  uint32_t mini_cutoff_ = 4096;
  uint64_t sector_count_ = 0;  // regular sectors present in the file
  uint32_t first_directory_sector_ = 0;
  uint32_t first_mini_fat_sector_ = 0;
  uint32_t mini_fat_sector_count_ = 0;
  std::vector<uint32_t> fat_;
  std::vector<Entry> entries_;
};

}  // namespace schoolbieb::formats
