#include "core/problem.h"

namespace schoolbieb {

std::string_view ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kEncoding:
      return "encoding";
    case ProblemKind::kUnclosedQuote:
      return "unclosed_quote";
    case ProblemKind::kFieldCount:
      return "field_count";
    case ProblemKind::kNulByte:
      return "nul_byte";
    case ProblemKind::kLineTooLong:
      return "line_too_long";
    case ProblemKind::kFieldTooLong:
      return "field_too_long";
    case ProblemKind::kTooManyRows:
      return "too_many_rows";
    case ProblemKind::kTooManyColumns:
      return "too_many_columns";
    case ProblemKind::kHiddenSheet:
      return "hidden_sheet";
    case ProblemKind::kSkippedEntry:
      return "skipped_entry";
    case ProblemKind::kDroppedField:
      return "dropped_field";
    case ProblemKind::kCellError:
      return "cell_error";
    case ProblemKind::kFormatNote:
      return "format_note";
    case ProblemKind::kBrokenStructure:
      return "broken_structure";
    case ProblemKind::kMissingColumn:
      return "missing_column";
    case ProblemKind::kForbiddenColumn:
      return "forbidden_column";
    case ProblemKind::kMissingValue:
      return "missing_value";
    case ProblemKind::kInvalidValue:
      return "invalid_value";
    case ProblemKind::kInvalidDate:
      return "invalid_date";
    case ProblemKind::kDuplicateStudent:
      return "duplicate_student";
    case ProblemKind::kNameAmbiguity:
      return "name_ambiguity";
    case ProblemKind::kConflict:
      return "conflict";
  }
  return "unknown";
}

}  // namespace schoolbieb
