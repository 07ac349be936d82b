// ReadCsv: CSV and TXT student files, as Dutch Excel, school administration
// systems and hand edits write them.
//
// The bytes are decoded to UTF-8 once (text_encoding.h; no copy for UTF-8),
// the delimiter is sniffed from the first records, and one pass of a
// tokenizer turns the text into rows. Windows-1252 without NULs or undefined
// bytes (nearly every such file) is not decoded as a whole: its line breaks,
// quotes and delimiters are the same bytes, so the tokenizer reads it as it
// is and converts only the fields that hold other than ASCII. Unquoted fields
// go from the text straight into the sheet; only quoted fields with doubled
// quotes or text after the closing quote pass through a scratch buffer. Every
// record becomes a row, title lines above the header included: finding the
// header is the next stage's work. Damage is reported per physical line
// (Problems) and read around; only what cannot be read at all or exceeds the
// Limits is refused.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "formats/deadline.h"
#include "formats/reader.h"
#include "formats/text_encoding.h"

namespace schoolbieb::formats {
namespace {

constexpr char kDelimiters[] = {';', ',', '\t', '|'};
// Enough records to see past a title line or two, few enough to be instant.
constexpr size_t kSniffRecords = 50;
constexpr size_t kSniffBytes = 1 << 20;
constexpr size_t kRecordsPerDeadlineCheck = 4096;
constexpr size_t kShortValueBytes = 60;
// Sheet::Cell stores the column in 16 bits.
constexpr size_t kMaxStorableColumns = 65535;
// Field counts of rows that say nothing about the shape of the table.
constexpr uint32_t kBlankRow = 0;
constexpr uint32_t kUnknownCount = UINT32_MAX;

struct DelimiterWords {
  std::string_view nl_noun, en_noun;  // "puntkomma", "semicolon"
  std::string_view nl_csv, en_csv;    // "puntkomma-gescheiden", ...
};

DelimiterWords WordsFor(char delimiter) {
  switch (delimiter) {
    case ',':
      return {"komma", "comma", "komma-gescheiden", "comma-separated"};
    case '\t':
      return {"tab", "tab", "tab-gescheiden", "tab-separated"};
    case '|':
      return {"verticale streep (|)", "vertical bar (|)", "gescheiden door |",
              "separated by |"};
    default:
      return {"puntkomma", "semicolon", "puntkomma-gescheiden",
              "semicolon-separated"};
  }
}

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// The length of the line break at `pos` (LF, CRLF or a lone CR), or 0.
size_t LineBreakLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || !IsLineBreak(text[pos])) return 0;
  return text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n'
             ? 2
             : 1;
}

// "Regel 14" / "Regel 14, kolom 3" and their English forms.
std::string WhereNl(int line, int column) {
  return column > 0 ? fmt::format("Regel {}, kolom {}", line, column)
                    : fmt::format("Regel {}", line);
}
std::string WhereEn(int line, int column) {
  return column > 0 ? fmt::format("Line {}, column {}", line, column)
                    : fmt::format("Line {}", line);
}

std::string ShortValue(std::string_view text) {
  std::string_view prefix = Utf8Prefix(text, kShortValueBytes);
  std::string value(prefix);
  if (prefix.size() < text.size()) value += "…";
  return value;
}

Problem MakeProblem(ProblemKind kind, int line, int column, std::string value,
                    std::string nl, std::string en) {
  Problem problem;
  problem.kind = kind;
  problem.row = line;
  problem.column = column;
  problem.value = std::move(value);
  problem.message = {std::move(nl), std::move(en)};
  return problem;
}

// --- The problems, worded for a teacher -------------------------------------

Problem UnclosedQuote(int line, int column, std::string value, char delimiter) {
  DelimiterWords words = WordsFor(delimiter);
  return MakeProblem(
      ProblemKind::kUnclosedQuote, line, column, std::move(value),
      fmt::format("{}: aanhalingsteken wordt niet gesloten. Sla het bestand "
                  "opnieuw op als CSV ({}).",
                  WhereNl(line, 0), words.nl_csv),
      fmt::format("{}: a quotation mark is not closed. Save the file again as "
                  "CSV ({}).",
                  WhereEn(line, 0), words.en_csv));
}

Problem FieldTooLong(int line, int column, std::string value, size_t limit) {
  return MakeProblem(
      ProblemKind::kFieldTooLong, line, column, std::move(value),
      fmt::format("{}: de cel is langer dan {} tekens en is afgekapt. "
                  "Controleer of het scheidingsteken klopt en of er niet per "
                  "ongeluk veel tekst in de cel staat.",
                  WhereNl(line, column), limit),
      fmt::format("{}: the cell is longer than {} characters and was cut. "
                  "Check that the delimiter is right and that the cell does "
                  "not hold a lot of text by accident.",
                  WhereEn(line, column), limit));
}

Problem LineTooLong(int line, size_t limit) {
  return MakeProblem(
      ProblemKind::kLineTooLong, line, 0, "",
      fmt::format("{}: de regel is langer dan {} tekens; de rest van de regel "
                  "is niet gelezen. Controleer of dit een CSV-bestand is met "
                  "één leerling per regel.",
                  WhereNl(line, 0), limit),
      fmt::format("{}: the line is longer than {} characters; the rest of the "
                  "line was not read. Check that this is a CSV file with one "
                  "student per line.",
                  WhereEn(line, 0), limit));
}

Problem FieldCount(int line, uint32_t found, uint32_t expected,
                   char delimiter) {
  DelimiterWords words = WordsFor(delimiter);
  return MakeProblem(
      ProblemKind::kFieldCount, line, 0, "",
      fmt::format("{}: {} {} gevonden, {} verwacht. Controleer of er op deze "
                  "regel een {} te veel of te weinig staat, bijvoorbeeld in "
                  "een naam of adres.",
                  WhereNl(line, 0), found, found == 1 ? "veld" : "velden",
                  expected, words.nl_noun),
      fmt::format("{}: {} {} found, {} expected. Check whether this line has "
                  "one {} too many or too few, for example in a name or "
                  "address.",
                  WhereEn(line, 0), found, found == 1 ? "field" : "fields",
                  expected, words.en_noun));
}

Problem TextIssueProblem(const TextIssue& issue, int column) {
  if (issue.kind == TextIssue::Kind::kNul) {
    return MakeProblem(
        ProblemKind::kNulByte, issue.line, column, issue.raw,
        fmt::format("{}: hier {} een onzichtbaar nulteken (NUL); dat is "
                    "weggelaten. Controleer de gegevens op deze regel en sla "
                    "het bestand opnieuw op als CSV.",
                    WhereNl(issue.line, column),
                    issue.count == 1
                        ? std::string("stond")
                        : fmt::format("stond {} keer", issue.count)),
        fmt::format("{}: there {} an invisible NUL character here; it was "
                    "removed. Check the data on this line and save the file "
                    "again as CSV.",
                    WhereEn(issue.line, column),
                    issue.count == 1
                        ? std::string("was")
                        : fmt::format("were {} times", issue.count)));
  }
  return MakeProblem(
      ProblemKind::kEncoding, issue.line, column, issue.raw,
      fmt::format("{}: een onleesbaar teken ({}) is vervangen door \uFFFD. "
                  "Controleer deze gegevens en sla het bestand bij twijfel "
                  "opnieuw op als CSV UTF-8.",
                  WhereNl(issue.line, column), issue.raw),
      fmt::format("{}: an unreadable character ({}) was replaced by \uFFFD. "
                  "Check this data and if in doubt save the file again as "
                  "CSV UTF-8.",
                  WhereEn(issue.line, column), issue.raw));
}

Status EmptyFile() {
  return Status::InvalidArgument(
      "Het bestand is leeg. Kies het bestand met de leerlingenlijst en "
      "probeer het opnieuw.",
      "The file is empty. Choose the file with the student list and try "
      "again.");
}

Status NotText() {
  return Status::InvalidArgument(
      "Dit is geen tekstbestand, dus ook geen CSV-bestand. Sla de "
      "leerlingenlijst op als CSV (puntkomma-gescheiden) en probeer het "
      "opnieuw.",
      "This is not a text file, so not a CSV file either. Save the student "
      "list as CSV (semicolon-separated) and try again.");
}

// --- Delimiter ------------------------------------------------------------

// Field counts of the first records of `sample` when split at `delimiter`,
// quotes respected; empty lines are left out since every delimiter gives
// them one field.
std::vector<uint32_t> SampleFieldCounts(std::string_view sample,
                                        char delimiter) {
  std::vector<uint32_t> counts;
  size_t pos = 0;
  while (pos < sample.size() && counts.size() < kSniffRecords) {
    uint32_t fields = 1;
    bool blank = true, in_quotes = false, field_start = true;
    while (pos < sample.size()) {
      char c = sample[pos];
      if (in_quotes) {
        if (c == '"') {
          if (pos + 1 < sample.size() && sample[pos + 1] == '"') {
            ++pos;  // a doubled quote stays inside
          } else {
            in_quotes = false;
          }
        }
        ++pos;
      } else if (c == delimiter) {
        ++fields;
        field_start = true;
        ++pos;
      } else if (IsLineBreak(c)) {
        pos += LineBreakLength(sample, pos);
        break;
      } else {
        in_quotes = c == '"' && field_start;
        field_start = false;
        blank = false;
        ++pos;
      }
    }
    if (!blank || fields > 1) counts.push_back(fields);
  }
  return counts;
}

// The delimiter that splits the first records most consistently into more
// than one field. Score: how many records share the most common count,
// times the fields it adds; so a stray delimiter in a few rows does not
// lose to another character that happens to occur once in every row.
char SniffDelimiter(std::string_view text) {
  std::string_view sample = text.substr(0, kSniffBytes);
  char best = ';';  // Dutch Excel's choice, also for one-column files
  uint64_t best_score = 0, best_frequency = 0;
  for (char delimiter : kDelimiters) {
    std::unordered_map<uint32_t, uint64_t> frequency;
    for (uint32_t count : SampleFieldCounts(sample, delimiter)) {
      if (count > 1) ++frequency[count];
    }
    uint32_t mode = 0;
    uint64_t mode_frequency = 0;
    for (auto [count, seen] : frequency) {
      if (seen > mode_frequency || (seen == mode_frequency && count > mode)) {
        mode = count;
        mode_frequency = seen;
      }
    }
    uint64_t score = mode_frequency * (mode > 0 ? mode - 1 : 0);
    if (score > best_score ||
        (score == best_score && score > 0 && mode_frequency > best_frequency)) {
      best = delimiter;
      best_score = score;
      best_frequency = mode_frequency;
    }
  }
  return best;
}

// Excel honours a first line "sep=;" naming the delimiter; so do we. Returns
// the delimiter and the length of that line with its line break, or 0, 0.
std::pair<char, size_t> SepDirective(std::string_view text) {
  if (!text.starts_with("sep=") || text.size() < 5) return {0, 0};
  char delimiter = text[4];
  bool known = std::find(std::begin(kDelimiters), std::end(kDelimiters),
                         delimiter) != std::end(kDelimiters);
  size_t line_break = LineBreakLength(text, 5);
  if (!known || (line_break == 0 && text.size() > 5)) return {0, 0};
  return {delimiter, 5 + line_break};
}

// --- Tokenizer ------------------------------------------------------------

class CsvTokenizer {
 public:
  // `windows1252`: `text` is Windows-1252, converted per field. Then the
  // line limit counts the file's bytes, not those of the UTF-8 text.
  CsvTokenizer(std::string_view text, bool windows1252, char delimiter,
               const Limits& limits, const Deadline& deadline,
               const std::vector<TextIssue>& issues, Sheet* sheet,
               Problems* problems)
      : text_(text),
        windows1252_(windows1252),
        delimiter_(delimiter),
        limits_(limits),
        max_columns_(std::min(limits.max_columns, kMaxStorableColumns)),
        deadline_(deadline),
        issues_(issues),
        sheet_(sheet),
        problems_(problems) {
    stop_.fill(false);
    stop_[static_cast<uint8_t>(delimiter)] = true;
    stop_['\n'] = true;
    stop_['\r'] = true;
  }

  // Reads all records from `pos`, which is at the start of physical line
  // `line`. On failure the sheet holds the rows read so far.
  Status Run(size_t pos, int line) {
    pos_ = pos;
    line_ = line;
    line_start_ = pos;
    size_t records = 0;
    while (pos_ < text_.size()) {
      if (++records % kRecordsPerDeadlineCheck == 0 && deadline_.Passed()) {
        return deadline_.Exceeded();
      }
      SB_RETURN_IF_ERROR(ReadRecord());
    }
    // Issues left sat in what was not stored (trailing empty lines, the
    // rest of an over-long line): still worth reporting.
    ReportIssuesUpTo(text_.size(), 0);
    return Status::Ok();
  }

  // Per row of the sheet: its number of fields; kBlankRow for rows without
  // cells; kUnknownCount when the row was cut at the line limit or ends in
  // an unclosed quote.
  const std::vector<uint32_t>& field_counts() const { return field_counts_; }

 private:
  Status ReadRecord() {
    record_line_ = line_;
    row_open_ = false;
    dropping_ = false;
    unclosed_ = false;
    uint32_t field_count = 0;
    for (;;) {
      ++field_count;
      SB_RETURN_IF_ERROR(ReadField(
          static_cast<int>(std::min<uint32_t>(field_count, INT32_MAX))));
      if (pos_ < text_.size() && text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) {
        pos_ += LineBreakLength(text_, pos_);
        ++line_;
        line_start_ = pos_;
      }
      break;
    }
    // A cut record's count says nothing, and one with an unclosed quote is
    // already reported: a second problem for it would only confuse.
    return EndRecord(dropping_ || unclosed_ ? kUnknownCount : field_count);
  }

  Status ReadField(int column) {
    const bool drop = dropping_;
    const int field_line = line_;
    std::string_view value;
    size_t full_size;  // before any cut to the cell limit
    if (pos_ < text_.size() && text_[pos_] == '"') {
      value = ReadQuoted(column, &full_size);
    } else {
      const char* data = text_.data();
      size_t end = pos_;
      while (end < text_.size() && !stop_[static_cast<uint8_t>(data[end])]) {
        ++end;
      }
      value = text_.substr(pos_, end - pos_);
      full_size = value.size();
      pos_ = end;
    }
    CheckLineLength(pos_);
    if (next_issue_ < issues_.size()) ReportIssuesUpTo(pos_, drop ? 0 : column);
    if (drop || full_size == 0) return Status::Ok();
    if (windows1252_ && !IsAscii(value)) {
      converted_.clear();
      AppendWindows1252(value, &converted_);
      // The field was cut at the cell limit (plus a little) only when its
      // bytes were already over it, so the UTF-8 size decides the same.
      full_size = std::max(full_size, converted_.size());
      value = converted_;
    }

    if (static_cast<size_t>(column) > max_columns_) {
      return LimitExceeded("kolommen", "columns", max_columns_);
    }
    if (full_size > limits_.max_cell_bytes) {
      value = Utf8Prefix(value, limits_.max_cell_bytes);
      problems_->push_back(FieldTooLong(field_line, column, ShortValue(value),
                                        limits_.max_cell_bytes));
    }
    if (value.empty()) return Status::Ok();
    if (!row_open_) SB_RETURN_IF_ERROR(OpenRow());
    sheet_->AddCell(column, CellType::kText, value);
    return Status::Ok();
  }

  // From an opening quote to the closing one and any text after it up to
  // the next delimiter or line break (kept as written, as Excel does).
  // Returns a view into the text when the field has no doubled quotes and
  // no such tail, else into scratch_.
  std::string_view ReadQuoted(int column, size_t* full_size) {
    const char* data = text_.data();
    const size_t size = text_.size();
    const int quote_line = line_;
    const size_t opening = pos_++;
    size_t segment = pos_;
    *full_size = 0;
    in_scratch_ = false;
    scratch_.clear();
    for (;;) {
      while (pos_ < size && data[pos_] != '"') {
        char c = data[pos_];
        if (c == '\n' ||
            (c == '\r' && (pos_ + 1 >= size || data[pos_ + 1] != '\n'))) {
          CheckLineLength(pos_);
          ++line_;
          line_start_ = pos_ + 1;
        }
        ++pos_;
      }
      if (pos_ >= size) {
        // Never closed: the rest of the file is this field, as in Excel.
        Append(segment, pos_, full_size);
        unclosed_ = true;
        problems_->push_back(
            UnclosedQuote(quote_line, column,
                          ShortValue(Utf8(text_.substr(opening))), delimiter_));
        break;
      }
      if (pos_ + 1 < size && data[pos_ + 1] == '"') {
        // A doubled quote stands for one: keep the first, skip the second.
        in_scratch_ = true;
        Append(segment, pos_ + 1, full_size);
        pos_ += 2;
        segment = pos_;
        continue;
      }
      const size_t closing = pos_++;
      const size_t tail = pos_;
      while (pos_ < size && !stop_[static_cast<uint8_t>(data[pos_])]) ++pos_;
      if (pos_ > tail) in_scratch_ = true;
      Append(segment, closing, full_size);
      Append(tail, pos_, full_size);
      break;
    }
    if (in_scratch_) return scratch_;
    return text_.substr(segment, *full_size);
  }

  static bool IsAscii(std::string_view text) {
    for (char c : text) {
      if (static_cast<uint8_t>(c) >= 0x80) return false;
    }
    return true;
  }

  // `raw` from text_ as UTF-8 for a problem's value. ShortValue() shows
  // only the start and adds "…" when there is more; every byte gives at
  // least one, so converting one byte more than it shows is enough.
  std::string Utf8(std::string_view raw) const {
    if (!windows1252_) return std::string(raw);
    std::string out;
    AppendWindows1252(raw.substr(0, kShortValueBytes + 1), &out);
    return out;
  }

  // Adds text_[begin, end) to the quoted field being read. Outside scratch
  // the field is one view, so only its size grows. In scratch, appending
  // stops a little past the cell limit since the rest is cut anyway.
  void Append(size_t begin, size_t end, size_t* full_size) {
    *full_size += end - begin;
    if (!in_scratch_) return;
    const size_t cap = limits_.max_cell_bytes + 4;
    if (scratch_.size() < cap) {
      scratch_.append(
          text_.substr(begin, std::min(end - begin, cap - scratch_.size())));
    }
  }

  // Called at every field end, and at line breaks inside quotes, with the
  // position reached on the current physical line. Past the line limit the
  // field being read is kept (cut to the cell limit) and the rest of the
  // record is dropped, which bounds the memory of one row by the limits.
  void CheckLineLength(size_t pos) {
    if (pos - line_start_ <= limits_.max_line_bytes ||
        long_line_reported_ == line_) {
      return;
    }
    long_line_reported_ = line_;
    dropping_ = true;
    problems_->push_back(LineTooLong(line_, limits_.max_line_bytes));
  }

  // Reports the decoding issues in the text read so far, in the column of
  // the field where they were (0 when that field is not stored).
  void ReportIssuesUpTo(size_t end, int column) {
    for (; next_issue_ < issues_.size() && issues_[next_issue_].offset <= end;
         ++next_issue_) {
      problems_->push_back(TextIssueProblem(issues_[next_issue_], column));
    }
  }

  // Starts the row of the current record at its first stored cell, after
  // the empty rows held back in front of it.
  Status OpenRow() {
    for (auto [first, count] : blank_runs_) {
      for (int line = first; line < first + count; ++line) {
        SB_RETURN_IF_ERROR(BeginRow(line));
        field_counts_.push_back(kBlankRow);
      }
    }
    blank_runs_.clear();
    row_open_ = true;
    return BeginRow(record_line_);
  }

  Status EndRecord(uint32_t field_count) {
    if (row_open_) {
      field_counts_.push_back(field_count);
      return Status::Ok();
    }
    if (field_count == kUnknownCount) {
      // Nothing stored, but there was something: keep the line as a row.
      SB_RETURN_IF_ERROR(OpenRow());
      field_counts_.push_back(kBlankRow);
      return Status::Ok();
    }
    // Empty lines (or only delimiters) become rows only when something
    // follows: trailing empty lines are not rows.
    if (!blank_runs_.empty() &&
        blank_runs_.back().first + blank_runs_.back().second == record_line_) {
      ++blank_runs_.back().second;
    } else {
      blank_runs_.emplace_back(record_line_, 1);
    }
    return Status::Ok();
  }

  Status BeginRow(int line) {
    if (sheet_->row_count() >= limits_.max_rows) {
      return LimitExceeded("rijen", "rows", limits_.max_rows);
    }
    sheet_->BeginRow(line);
    return Status::Ok();
  }

  const std::string_view text_;
  const bool windows1252_;
  const char delimiter_;
  const Limits& limits_;
  const size_t max_columns_;
  const Deadline& deadline_;
  const std::vector<TextIssue>& issues_;
  Sheet* const sheet_;
  Problems* const problems_;
  std::array<bool, 256> stop_;  // bytes that end an unquoted field

  size_t pos_ = 0;
  int line_ = 1;           // physical line of pos_
  size_t line_start_ = 0;  // where that line starts
  int record_line_ = 1;    // where the current record starts
  int long_line_reported_ = 0;
  bool row_open_ = false;  // the current record has a row in the sheet
  bool dropping_ = false;  // the rest of the record is past the line limit
  bool unclosed_ = false;  // the record ends in a quote that never closed
  bool in_scratch_ = false;
  std::string scratch_;    // reused for every quoted field
  std::string converted_;  // reused for every Windows-1252 field to convert
  size_t next_issue_ = 0;
  std::vector<std::pair<int, int>> blank_runs_;  // (first line, count)
  std::vector<uint32_t> field_counts_;
};

// One problem per row whose number of fields differs from the most common
// one, from the first row that has the common count on: rows above it are
// title lines the next stage skips. Rows that only have extra empty fields
// at the end (a trailing delimiter) are fine: nothing moved.
void ReportFieldCounts(const Sheet& sheet, const std::vector<uint32_t>& counts,
                       char delimiter, Problems* problems) {
  std::unordered_map<uint32_t, size_t> frequency;
  for (uint32_t count : counts) {
    if (count != kBlankRow && count != kUnknownCount) ++frequency[count];
  }
  uint32_t expected = 0;
  size_t expected_frequency = 0;
  for (auto [count, seen] : frequency) {
    if (seen > expected_frequency ||
        (seen == expected_frequency && count > expected)) {
      expected = count;
      expected_frequency = seen;
    }
  }
  if (expected_frequency == 0) return;
  size_t first = static_cast<size_t>(
      std::find(counts.begin(), counts.end(), expected) - counts.begin());
  for (size_t row = first + 1; row < counts.size(); ++row) {
    uint32_t found = counts[row];
    if (found == expected || found == kBlankRow || found == kUnknownCount) {
      continue;
    }
    size_t cells = sheet.cell_count(row);
    uint32_t last_column = cells > 0 ? sheet.cell_at(row, cells - 1).column : 0;
    if (found > expected && last_column <= expected) continue;
    problems->push_back(
        FieldCount(sheet.line(row), found, expected, delimiter));
  }
}

// --- Encoding notes ---------------------------------------------------------

// Line of `offset` in bytes whose line breaks are ASCII (UTF-8 and
// Windows-1252 alike).
int LineOfOffset(std::string_view bytes, size_t offset) {
  int line = 1;
  for (size_t pos = 0; pos < offset && pos < bytes.size(); ++pos) {
    if (bytes[pos] == '\n' ||
        (bytes[pos] == '\r' && LineBreakLength(bytes, pos) == 1)) {
      ++line;
    }
  }
  return line;
}

// Notes on how a Windows-1252 file was read. A file that is mostly UTF-8
// but damaged shows its accents wrong, which a teacher must hear about. And
// uchardet may recognise a charset of another script (Cyrillic, Greek, ...)
// whose names now read as nonsense: worth a hint, never a different
// decoding.
void NoteWindows1252(std::string_view bytes, Problems* problems) {
  Utf8Check check = CheckUtf8(bytes);
  if (!check.valid() && check.multibyte_sequences > 0) {
    int line = LineOfOffset(bytes, check.first_invalid);
    problems->push_back(MakeProblem(
        ProblemKind::kEncoding, line, 0,
        fmt::format("0x{:02X}",
                    static_cast<uint8_t>(bytes[check.first_invalid])),
        fmt::format("{}: het bestand lijkt UTF-8, maar hier staat een teken "
                    "dat geen geldige UTF-8 is. Daarom is het hele bestand "
                    "gelezen als Windows-1252 en kunnen letters met accenten "
                    "(zoals ë of é) verkeerd staan. Sla het bestand opnieuw "
                    "op als CSV UTF-8 en lees het opnieuw in.",
                    WhereNl(line, 0)),
        fmt::format("{}: the file looks like UTF-8, but here is a character "
                    "that is not valid UTF-8. So the whole file was read as "
                    "Windows-1252 and letters with accents (such as ë or é) "
                    "may be wrong. Save the file again as CSV UTF-8 and "
                    "import it again.",
                    WhereEn(line, 0))));
    return;
  }
  std::optional<std::string> guess = GuessCharset(bytes);
  if (!guess || !IsOtherScriptCharset(*guess)) return;
  problems->push_back(MakeProblem(
      ProblemKind::kFormatNote, 0, 0, *guess,
      fmt::format("Het bestand is gelezen als Windows-1252 (West-Europees), "
                  "maar het lijkt op {}. Controleer of de namen goed leesbaar "
                  "zijn; zo niet, sla het bestand opnieuw op als CSV UTF-8 en "
                  "lees het opnieuw in.",
                  *guess),
      fmt::format("The file was read as Windows-1252 (Western European), but "
                  "it looks like {}. Check that the names are readable; if "
                  "not, save the file again as CSV UTF-8 and import it "
                  "again.",
                  *guess)));
}

// "leerlingen" for "C:\Users\juf\leerlingen.csv".
std::string SheetName(std::string_view file_name) {
  size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    file_name = file_name.substr(0, dot);
  }
  return std::string(file_name);
}

}  // namespace

Result<Table> ReadCsv(std::string_view bytes, const ReadOptions& options) {
  const Limits& limits = options.limits;
  Deadline deadline(limits.max_millis);
  if (bytes.size() > limits.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", limits.max_file_bytes);
  }
  if (bytes.empty()) return EmptyFile();

  TextEncoding encoding = DetectTextEncoding(bytes);
  if (LooksBinary(bytes, encoding)) return NotText();

  Table table;
  table.format = "csv";
  table.encoding = std::string(TextEncodingName(encoding));
  if (encoding == TextEncoding::kWindows1252) {
    NoteWindows1252(bytes, &table.problems);
  }

  DecodedText decoded;
  std::string_view text;
  const bool per_field =
      encoding == TextEncoding::kWindows1252 && !HasWindows1252Issues(bytes);
  if (per_field) {
    // DecodeText skips a UTF-8 byte order mark in front of Windows-1252.
    text = bytes;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  } else {
    decoded = DecodeText(bytes, encoding);
    text = decoded.text();
  }
  if (text.empty()) return EmptyFile();

  auto [delimiter, skip] = SepDirective(text);
  if (delimiter == 0) delimiter = SniffDelimiter(text);
  table.delimiter = delimiter;

  table.sheets.emplace_back(SheetName(options.file_name));
  Sheet& sheet = table.sheets.back();
  {
    // Lines and the fields of the longest of the first lines give the size;
    // the limits cap it, so a file cannot make us reserve more than they allow.
    size_t lines =
        static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    lines = std::min(lines, limits.max_rows + 1);
    size_t fields = 1;
    std::string_view head = text.substr(0, 64 * 1024);
    for (size_t start = 0, n = 0; start < head.size() && n < 20; ++n) {
      size_t end = head.find('\n', start);
      if (end == std::string_view::npos) end = head.size();
      fields = std::max(
          fields, static_cast<size_t>(std::count(
                      head.begin() + start, head.begin() + end, delimiter)) +
                      1);
      start = end + 1;
    }
    fields = std::min(fields, limits.max_columns);
    // Windows-1252 letters beyond ASCII take two or three bytes in UTF-8.
    size_t text_bytes = per_field ? text.size() + text.size() / 8 : text.size();
    sheet.Reserve(lines, lines * fields,
                  std::min(text_bytes, limits.max_file_bytes));
  }
  CsvTokenizer tokenizer(text, per_field, delimiter, limits, deadline,
                         decoded.issues, &sheet, &table.problems);
  SB_RETURN_IF_ERROR(tokenizer.Run(skip, skip > 0 ? 2 : 1));
  if (sheet.row_count() == 0) return EmptyFile();
  ReportFieldCounts(sheet, tokenizer.field_counts(), delimiter,
                    &table.problems);

  if (decoded.dropped_issues > 0) {
    table.problems.push_back(MakeProblem(
        ProblemKind::kEncoding, 0, 0, "",
        fmt::format("Er staan nog {} onleesbare tekens in het bestand die "
                    "niet apart genoemd worden. Sla het bestand opnieuw op "
                    "als CSV UTF-8.",
                    decoded.dropped_issues),
        fmt::format("The file has {} more unreadable characters that are not "
                    "listed one by one. Save the file again as CSV UTF-8.",
                    decoded.dropped_issues)));
  }
  // The preview lists problems from the top of the file down.
  std::stable_sort(
      table.problems.begin(), table.problems.end(),
      [](const Problem& a, const Problem& b) { return a.row < b.row; });
  return table;
}

}  // namespace schoolbieb::formats
