// Shared by the fuzz targets: small limits so each input runs fast, and a
// check that whatever a reader returns is consistent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/reader.h"

namespace schoolbieb::fuzz {

inline formats::ReadOptions Options() {
  formats::ReadOptions options;
  options.limits.max_rows = 5000;
  options.limits.max_inflated_bytes = 32u << 20;
  options.limits.max_entry_bytes = 16u << 20;
  options.limits.max_millis = 5000;
  return options;
}

// Touches every cell so a bad offset in the Table shows up under ASan.
inline void Check(const Result<formats::Table>& table) {
  if (!table.ok()) {
    if (table.status().message().nl.empty())
      std::abort();  // a refusal must explain itself
    return;
  }
  size_t bytes = 0;
  for (const auto& sheet : table->sheets) {
    for (size_t r = 0; r < sheet.row_count(); ++r) {
      for (size_t i = 0; i < sheet.cell_count(r); ++i) {
        bytes += sheet.text(sheet.cell_at(r, i)).size();
      }
    }
  }
  for (const auto& p : table->problems) bytes += p.message.nl.size();
  if (bytes == static_cast<size_t>(-1)) std::abort();
}

}  // namespace schoolbieb::fuzz
