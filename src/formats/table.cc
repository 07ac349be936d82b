#include "formats/table.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace schoolbieb::formats {

std::string_view CellTypeName(CellType type) {
  switch (type) {
    case CellType::kEmpty:
      return "empty";
    case CellType::kText:
      return "text";
    case CellType::kNumber:
      return "number";
    case CellType::kDate:
      return "date";
    case CellType::kBoolean:
      return "boolean";
    case CellType::kError:
      return "error";
  }
  return "empty";
}

std::string NumberText(double value) {
  char buf[64];
  if (std::isfinite(value) && std::floor(value) == value &&
      std::fabs(value) < 1e15) {
    auto [end, ec] =
        std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value));
    return std::string(buf, end);
  }
  if (std::isfinite(value) && std::floor(value) == value &&
      std::fabs(value) < 1e21) {
    // A whole number of 16 to 21 digits: the shortest digits that read back
    // as the same double, then zeros. Printed exactly, 12345678901234567890
    // would come out as 12345678901234567168, digits nobody wrote.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value,
                                   std::chars_format::scientific);
    std::string_view sci(buf, static_cast<size_t>(end - buf));
    size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
    digits.resize(static_cast<size_t>(exponent) + 1, '0');
    return (value < 0 ? "-" : "") + digits;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

namespace {

// Asks Linux to back the 2 MB-aligned middle of a large buffer with huge
// pages. A sheet of 100,000 rows fills some 20 MB, and on the project's
// virtual machine faulting that in 4 KB pages took a fifth of a read; a
// buffer that is only partly used costs at most one huge page more.
void AdviseHugePages(const void* data, size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  uintptr_t begin =
      (reinterpret_cast<uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  uintptr_t end =
      (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end > begin) {
    // Only advice: where it is refused, 4 KB pages serve as before.
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace

void Sheet::Reserve(size_t rows, size_t cells, size_t text_bytes) {
  rows_.reserve(rows);
  cells_.reserve(cells);
  pool_.reserve(text_bytes);
  AdviseHugePages(cells_.data(), cells_.capacity() * sizeof(Cell));
  AdviseHugePages(pool_.data(), pool_.capacity());
}

void Sheet::BeginRow(int line) {
  rows_.push_back({static_cast<uint32_t>(cells_.size()), 0, line});
}

void Sheet::AddCell(int column, CellType type, std::string_view text) {
  if (type == CellType::kEmpty && text.empty()) return;
  if (type == CellType::kEmpty) type = CellType::kText;
  if (rows_.empty()) BeginRow(1);
  cells_.push_back({static_cast<uint32_t>(pool_.size()),
                    static_cast<uint32_t>(text.size()),
                    static_cast<uint16_t>(column), type});
  pool_.append(text);
  ++rows_.back().count;
  max_column_ = std::max(max_column_, column);
}

void Sheet::DropEmptyLastRow() {
  if (!rows_.empty() && rows_.back().count == 0) rows_.pop_back();
}

void Sheet::DropLastCellIn(int column) {
  if (rows_.empty() || rows_.back().count == 0 ||
      cells_.back().column != column) {
    return;
  }
  cells_.pop_back();
  --rows_.back().count;
}

const Sheet::Cell* Sheet::Find(size_t row, int column) const {
  const RowSpan& span = rows_[row];
  const Cell* begin = cells_.data() + span.first;
  const Cell* end = begin + span.count;
  // Most rows have a cell in every column up to their last: the cell of
  // `column` is then at its index, found without a search.
  if (column >= 1 && static_cast<size_t>(column) <= span.count &&
      begin[column - 1].column == column) {
    return begin + (column - 1);
  }
  const Cell* it =
      std::lower_bound(begin, end, column,
                       [](const Cell& c, int col) { return c.column < col; });
  return it != end && it->column == column ? it : nullptr;
}

std::string_view Sheet::Text(size_t row, int column) const {
  const Cell* cell = Find(row, column);
  return cell ? text(*cell) : std::string_view();
}

CellType Sheet::Type(size_t row, int column) const {
  const Cell* cell = Find(row, column);
  return cell ? cell->type : CellType::kEmpty;
}

std::vector<std::string> Sheet::RowTexts(size_t row) const {
  std::vector<std::string> out(static_cast<size_t>(max_column_));
  for (size_t i = 0; i < cell_count(row); ++i) {
    const Cell& c = cell_at(row, i);
    out[c.column - 1] = std::string(text(c));
  }
  return out;
}

size_t Table::total_rows() const {
  size_t total = 0;
  for (const auto& sheet : sheets) total += sheet.row_count();
  return total;
}

std::string_view Table::property(std::string_view key) const {
  for (const auto& [k, v] : properties) {
    if (k == key) return v;
  }
  return {};
}

Problem HiddenSheetNote(std::string_view sheet_name) {
  return {ProblemKind::kHiddenSheet,
          std::string(sheet_name),
          0,
          0,
          "",
          {fmt::format("Werkblad '{}' is verborgen.", sheet_name),
           fmt::format("Sheet '{}' is hidden.", sheet_name)}};
}

}  // namespace schoolbieb::formats
