#include "core/spool_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace schoolbieb {
namespace {

Status IoError(std::string_view what_nl, std::string_view what_en, int err) {
  // A full disk (or a quota or file-size limit) is said in words; the
  // system's English text would read as "your file is too large".
  bool full = err == ENOSPC || err == EDQUOT || err == EFBIG;
  std::string reason_nl =
      full ? "de schijf van de server is vol. Er is niets bewaard"
           : fmt::format("de server kan niet schrijven ({})",
                         std::strerror(err));
  std::string reason_en =
      full ? "the server's disk is full. Nothing was kept"
           : fmt::format("the server cannot write ({})", std::strerror(err));
  return Status::IOError(
      fmt::format("{}: {}. Probeer het later opnieuw; blijft dit gebeuren, "
                  "meld het dan aan de bibliotheek.",
                  what_nl, reason_nl),
      fmt::format("{}: {}. Try again later; if it keeps happening, tell the "
                  "library.",
                  what_en, reason_en));
}

}  // namespace

Result<SpoolFile> SpoolFile::Open(const std::string& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // No O_TMPFILE on this file system: a random name, unlinked at once.
    std::random_device random;
    std::string path =
        fmt::format("{}/.spool-{:x}{:x}", folder, random(), random());
    fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) ::unlink(path.c_str());
  }
  if (fd < 0) {
    return IoError("Het bestand kan niet tijdelijk worden opgeslagen",
                   "The file cannot be stored temporarily", errno);
  }
  return SpoolFile(fd);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept { *this = std::move(other); }

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
    map_ = std::exchange(other.map_, nullptr);
    map_size_ = std::exchange(other.map_size_, 0);
    buffer_ = std::move(other.buffer_);
    other.buffer_.clear();
  }
  return *this;
}

SpoolFile::~SpoolFile() { Close(); }

void SpoolFile::Close() {
  if (map_) ::munmap(map_, map_size_);
  map_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status SpoolFile::Write(std::string_view bytes) {
  if (map_) {
    ::munmap(map_, map_size_);
    map_ = nullptr;
  }
  size_ += bytes.size();
  // Small pieces (an HTTP body arrives 4 KB at a time) are gathered into
  // one write of kBufferBytes: 256 system calls a megabyte became 16.
  if (buffer_.size() + bytes.size() <= kBufferBytes) {
    if (buffer_.capacity() < kBufferBytes) buffer_.reserve(kBufferBytes);
    buffer_.append(bytes);
    return Status::Ok();
  }
  SB_RETURN_IF_ERROR(Flush());
  if (bytes.size() >= kBufferBytes) return WriteAll(bytes);
  buffer_.append(bytes);
  return Status::Ok();
}

Status SpoolFile::Flush() {
  Status written = WriteAll(buffer_);
  buffer_.clear();
  return written;
}

Status SpoolFile::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("Het bestand kan niet tijdelijk worden opgeslagen",
                     "The file cannot be stored temporarily", errno);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

Result<std::string_view> SpoolFile::View() {
  if (size_ == 0) return std::string_view();
  if (!buffer_.empty()) SB_RETURN_IF_ERROR(Flush());
  if (!map_) {
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (map == MAP_FAILED) {
      return IoError("Het bestand kan niet worden gelezen",
                     "The file cannot be read", errno);
    }
    map_ = map;
    map_size_ = size_;
  }
  return std::string_view(static_cast<const char*>(map_), size_);
}

}  // namespace schoolbieb
