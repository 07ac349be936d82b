// bench_read FILE: reads FILE with formats::ReadTable, as the portal does,
// and prints rows, cells and seconds. Exit 1 when the file is refused.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>

#include "formats/reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_read FILE\n";
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  // One read of the whole file into memory that is not zeroed first, as the
  // portal holds an upload: growing a string through istreambuf_iterator
  // cost more than reading a CSV.
  std::ifstream in(argv[1], std::ios::binary | std::ios::ate);
  auto size = static_cast<size_t>(std::max<std::streamoff>(in.tellg(), 0));
  std::unique_ptr<char[]> buffer(new char[size]);
  in.seekg(0);
  in.read(buffer.get(), static_cast<std::streamsize>(size));
  std::string_view bytes(buffer.get(), static_cast<size_t>(in.gcount()));
  schoolbieb::formats::ReadOptions options;
  options.file_name = argv[1];
  // Above the upload limits, so the scaling runs (bench/scaling.py) read
  // files of up to 1,000,000 rows; a 1,000,000-row XLSX holds 2 million
  // distinct strings and a worksheet part of some 400 MB.
  options.limits.max_rows = 2000000;
  options.limits.max_file_bytes = 1ull << 30;
  options.limits.max_inflated_bytes = 4ull << 30;
  options.limits.max_entry_bytes = 4ull << 30;
  options.limits.max_shared_strings = 8000000;
  options.limits.max_total_cells = 100000000;
  options.limits.max_millis = 0;
  auto table = schoolbieb::formats::ReadTable(bytes, options);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!table.ok()) {
    std::cerr << table.status().ToString() << "\n";
    return 1;
  }
  size_t cells = 0;
  for (const auto& sheet : table->sheets) cells += sheet.total_cells();
  std::cout << table->format << " rows=" << table->total_rows()
            << " cells=" << cells << " seconds=" << seconds << "\n";
  return 0;
}
