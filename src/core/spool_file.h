// A place to receive an uploaded file without holding it in memory.
//
// The bytes go to an anonymous file (O_TMPFILE) in a folder of the caller's
// choosing, mode 0600: it has no name, so no other process can open it, and
// the kernel frees it when the SpoolFile closes — also when the process is
// killed mid-upload, so a cut-off upload never leaves a file behind. When
// the folder's file system cannot make anonymous files, a named file is
// made and unlinked at once, which behaves the same. Reading maps the file
// (the page cache holds it, not the heap). Not thread-safe: one per upload.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace schoolbieb {

class SpoolFile {
 public:
  // Opens an anonymous file in `folder` (created when missing).
  static Result<SpoolFile> Open(const std::string& folder);

  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  ~SpoolFile();

  // Appends; IOError (disk full, …) in words for a teacher, here or, for
  // the last bytes (gathered in memory up to kBufferBytes), from View().
  Status Write(std::string_view bytes);
  size_t size() const { return size_; }

  // The whole content, valid until the SpoolFile is destroyed or written
  // to again. IOError when it cannot be mapped.
  Result<std::string_view> View();

 private:
  static constexpr size_t kBufferBytes = 64 << 10;

  SpoolFile(int fd) : fd_(fd) {}
  void Close();
  Status Flush();
  Status WriteAll(std::string_view bytes);

  int fd_ = -1;
  size_t size_ = 0;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string buffer_;  // written, not yet in the file
};

}  // namespace schoolbieb
