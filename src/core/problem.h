// A Problem is one finding about one place in an input file: what kind, where
// (sheet, row, column), the raw value, and a message in Dutch and English that
// tells a teacher what to do. Problems are data: readers and the import
// collect all of them for the preview rather than stopping at the first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"

namespace schoolbieb {

enum class ProblemKind {
  // Reading (formats/).
  kEncoding,         // bytes not valid in the detected charset
  kUnclosedQuote,    // a quoted CSV field never closed
  kFieldCount,       // a row with another number of fields than the header
  kNulByte,          // NUL bytes in text
  kLineTooLong,      // a physical line over the limit
  kFieldTooLong,     // a cell over the limit
  kTooManyRows,      // rows beyond the limit were not read
  kTooManyColumns,   // columns beyond the limit were not read
  kHiddenSheet,      // a sheet is hidden in the workbook
  kSkippedEntry,     // a file in a ZIP that was not read
  kDroppedField,     // a field the library may not hold was skipped (BSN, …)
  kCellError,        // a spreadsheet error value (#DIV/0!, #N/A)
  kFormatNote,       // how the file was read (e.g. read as CSV despite .xlsx)
  kBrokenStructure,  // a recoverable structural flaw (e.g. a bad reference)
  // Recognising and normalising students (roster/).
  kMissingColumn,     // a required column is not in the file
  kForbiddenColumn,   // a column the library may not hold (BSN, ethnicity, …)
  kMissingValue,      // a required value is empty in a row
  kInvalidValue,      // a value that cannot be used (too long, bad characters)
  kInvalidDate,       // a date that is impossible, in the future or unclear
  kDuplicateStudent,  // the same student twice in the file
  kNameAmbiguity,     // a name that had to be split or completed
  // Matching (import/).
  kConflict,  // a row that matches more than one customer
};

// Stable snake_case name for JSON ("unclosed_quote").
std::string_view ProblemKindName(ProblemKind kind);

struct Problem {
  ProblemKind kind = ProblemKind::kFormatNote;
  std::string sheet;  // empty for single-sheet formats
  int row = 0;        // 1-based physical row or line; 0: the whole file
  int column = 0;     // 1-based; 0: the whole row
  std::string value;  // the raw value, shortened; may be empty
  Message message;
  // True when the row cannot be imported because of this problem; false for
  // a note or a warning that leaves the row usable.
  bool rejects_row = false;
  // Rows that share this problem (same kind, column, value and reason):
  // reported once, `row` being the first of them and the message naming the
  // first few.
  int count = 1;
};

using Problems = std::vector<Problem>;

}  // namespace schoolbieb
