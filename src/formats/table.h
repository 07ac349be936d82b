// Table: what every reader produces — sheets of rows of cells, each cell with
// its text, its type and its position — plus the problems found on the way.
//
// Storage is compact because a file may hold 200,000 rows: a sheet keeps all
// cell texts in one pool and each cell as 12 bytes (offset, length, column,
// type). Only non-empty cells are stored; a row's cells are in column order.
// A Table is a plain value: not thread-safe to build, safe to read from many
// threads once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/problem.h"

namespace schoolbieb::formats {

enum class CellType : uint8_t {
  kEmpty,
  kText,
  kNumber,
  kDate,
  kBoolean,
  kError
};

// "empty", "text", "number", "date", "boolean", "error".
std::string_view CellTypeName(CellType type);

// The canonical texts of typed values, the same for every reader:
// numbers "1234" / "12.5" (shortest round-trip; whole numbers below 1e21
// without an exponent, from 16 digits on as their shortest digits padded
// with zeros, never the binary value's noise), dates "2018-08-07" or
// "2018-08-07T13:45:00", booleans "TRUE" / "FALSE", errors as written ("#N/A").
std::string NumberText(double value);

class Sheet {
 public:
  struct Cell {
    uint32_t offset;
    uint32_t length;
    uint16_t column;  // 1-based
    CellType type;
  };

  explicit Sheet(std::string name = "", bool hidden = false)
      : name_(std::move(name)), hidden_(hidden) {}

  const std::string& name() const { return name_; }
  bool hidden() const { return hidden_; }
  void set_hidden(bool hidden) { hidden_ = hidden; }

  // Sizes the storage up front when a reader can estimate it (CSV can, from
  // its line count): without it most of a 100,000-row read is spent growing
  // and copying these vectors. Estimates may be off either way.
  void Reserve(size_t rows, size_t cells, size_t text_bytes);

  // Building. Rows are added in reading order; `line` is the 1-based physical
  // row (spreadsheet row number, or CSV line where the record starts).
  void BeginRow(int line);
  // Adds a cell to the current row. Cells of a row must come in increasing
  // column order; empty text with type kEmpty is not stored.
  void AddCell(int column, CellType type, std::string_view text);
  // Drops the current row if it has no cells (used by readers that skip
  // trailing empty rows).
  void DropEmptyLastRow();
  // Drops the current row's last cell if it is in `column`, so that a cell
  // written twice keeps its last value. Its text stays in the pool unused.
  void DropLastCellIn(int column);

  // Reading.
  size_t row_count() const { return rows_.size(); }
  // The physical row number of row `row` (0-based index).
  int line(size_t row) const { return rows_[row].line; }
  // The highest column holding a cell, over all rows.
  int column_count() const { return max_column_; }
  // The stored cells of a row, in column order.
  size_t cell_count(size_t row) const { return rows_[row].count; }
  const Cell& cell_at(size_t row, size_t index) const {
    return cells_[rows_[row].first + index];
  }
  std::string_view text(const Cell& cell) const {
    return std::string_view(pool_).substr(cell.offset, cell.length);
  }
  // Text and type at (row, 1-based column); "" and kEmpty when no cell.
  std::string_view Text(size_t row, int column) const;
  CellType Type(size_t row, int column) const;
  // All cells of a row as texts, columns 1..column_count() (for tests and
  // simple consumers).
  std::vector<std::string> RowTexts(size_t row) const;
  size_t total_cells() const { return cells_.size(); }

 private:
  struct RowSpan {
    uint32_t first;
    uint32_t count;
    int line;
  };
  const Cell* Find(size_t row, int column) const;

  std::string name_;
  bool hidden_ = false;
  std::string pool_;
  std::vector<Cell> cells_;
  std::vector<RowSpan> rows_;
  int max_column_ = 0;
};

struct Table {
  // "csv", "xlsx", "ods", "xls", "edex", "edex2000"; inside a ZIP prefixed
  // "zip/" ("zip/xlsx", "zip/edex2000").
  std::string format;
  std::string encoding;  // CSV: "utf-8", "utf-8-bom", "utf-16le", "utf-16be",
                         // "windows-1252"
  char delimiter = 0;    // CSV: ';' ',' '\t' '|'
  std::vector<Sheet> sheets;
  // Facts about the whole file that are not cells (EDEX: "brin",
  // "dependance", "schooljaar", "auteur"; ZIP: "entry").
  std::vector<std::pair<std::string, std::string>> properties;
  Problems problems;

  size_t total_rows() const;
  // The value of a property, or "" when absent.
  std::string_view property(std::string_view key) const;
};

// The note the spreadsheet readers (XLSX, ODS, XLS) add for a hidden sheet:
// its rows are read like any other, but a teacher may not know it is there.
Problem HiddenSheetNote(std::string_view sheet_name);

}  // namespace schoolbieb::formats
