// Limits on what a reader accepts. Every reader enforces them while it reads,
// so memory and time stay bounded by the limits, not by what a file claims.
// A refusal names the limit (see LimitExceeded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace schoolbieb::formats {

struct Limits {
  size_t max_file_bytes = 50u << 20;  // the upload itself
  size_t max_rows = 200000;           // per file, all sheets together
  size_t max_columns = 256;           // per row
  size_t max_cell_bytes = 32768;      // one cell's text
  size_t max_line_bytes = 1u << 20;   // one physical CSV line
  size_t max_sheets = 64;
  // ZIP and the zip inside XLSX/ODS.
  size_t max_zip_entries = 10000;
  uint64_t max_inflated_bytes = 512ull << 20;  // all entries read, together
  uint64_t max_entry_bytes = 256ull << 20;     // one entry
  uint64_t max_ratio = 200;  // inflated / compressed, per entry
  int max_zip_depth = 1;     // a zip inside the zip: refused
  // XML.
  size_t max_xml_depth = 64;
  size_t max_shared_strings = 2000000;
  uint64_t max_total_cells = 20000000;  // cells claimed, repeats included
  // Wall-clock time for one read, in milliseconds (0: no limit).
  int64_t max_millis = 30000;
};

// ResourceExhausted naming the limit in both languages, e.g.
// LimitExceeded("rijen", "rows", 200000).
Status LimitExceeded(std::string_view what_nl, std::string_view what_en,
                     uint64_t limit);

}  // namespace schoolbieb::formats
