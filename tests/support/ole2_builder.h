// Builds OLE2 compound files (the container of .xls, and of encrypted
// .xlsx) in memory for tests and fuzz seeds: version 3 (512-byte sectors) or
// 4, streams under 4096 bytes in the mini stream as the format requires.
#pragma once

#include <string>
#include <vector>

namespace schoolbieb::testing {

struct OleStream {
  std::string name;
  std::string data;
};

struct OleOptions {
  std::string root_name = "Root Entry";
  bool version4 = false;  // 4096-byte sectors instead of 512
};

// A compound file with `streams` directly under the root. Layout: FAT,
// DIFAT, directory, mini FAT, mini stream, then the large streams, so the
// file ends with stream data (to test a cut-short last sector).
std::string BuildOle2(const std::vector<OleStream>& streams,
                      const OleOptions& options = {});

}  // namespace schoolbieb::testing
