// XLSX (Office Open XML spreadsheet) reader: a streaming reader over the
// package's parts, because liborcus 0.17 as packaged drops inlineStr and
// t="str" cells and repeats the previous string for an empty shared string.
//
// Parts are found through the relationships (workbook → sheets, shared
// strings, styles), each inflated by ZipArchive under its limits and parsed
// without building a DOM: the small parts by XmlStream (expat), the
// worksheets, which grow with the rows, by WorksheetTokenizer, which leaves
// any worksheet it does not fully understand to expat. Shared strings are
// kept in one pool, sheets go straight into the Table's compact storage.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <span>

#include "formats/deadline.h"
#include "formats/reader.h"
#include "formats/spreadsheet_dates.h"
#include "formats/text_encoding.h"
#include "formats/worksheet_tokenizer.h"
#include "formats/xml_stream.h"
#include "formats/zip_archive.h"

namespace schoolbieb::formats {
namespace {

// Resolves a relationship target against the folder of the part that
// declares it ("worksheets/sheet1.xml" from "xl/" →
// "xl/worksheets/sheet1.xml").
std::string ResolveTarget(std::string_view base_folder,
                          std::string_view target) {
  std::string path = std::string(base_folder) + std::string(target);
  // Some writers put Windows separators in targets; OPC names use '/'.
  std::replace(path.begin(), path.end(), '\\', '/');
  if (!target.empty() && (target.front() == '/' || target.front() == '\\'))
    path = path.substr(base_folder.size() + 1);
  // Collapse "a/../b".
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string piece = path.substr(start, end - start);
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(piece);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Parses a whole small part (workbook, rels, styles) with `stream`.
Status ParsePart(ZipArchive& zip, const ZipEntry& entry, XmlStream& stream) {
  SB_RETURN_IF_ERROR(zip.Read(
      entry, [&](std::string_view chunk) { return stream.Feed(chunk); }));
  return stream.Finish();
}

class RelsParser : public XmlStream {
 public:
  RelsParser(std::string part, const Limits& limits)
      : XmlStream(std::move(part), limits) {}
  struct Rel {
    std::string type;
    std::string target;
  };
  std::map<std::string, Rel> by_id;

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    if (LocalName(name) != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* type = Attr(attrs, "Type");
    const char* target = Attr(attrs, "Target");
    const char* mode = Attr(attrs, "TargetMode");
    if (!id || !target || (mode && std::string_view(mode) == "External"))
      return;
    by_id[id] = {type ? type : "", target};
  }
  void EndElement(std::string_view) override {}
  void Characters(std::string_view) override {}
};

class WorkbookParser : public XmlStream {
 public:
  WorkbookParser(std::string part, const Limits& limits)
      : XmlStream(std::move(part), limits) {}
  struct SheetRef {
    std::string name;
    std::string rel_id;
    bool hidden = false;
  };
  std::vector<SheetRef> sheets;
  bool date1904 = false;

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    std::string_view local = LocalName(name);
    ++depth_;
    if (local == "sheet") {
      SheetRef ref;
      const char* n = Attr(attrs, "name");
      const char* state = Attr(attrs, "state");
      ref.name = n ? n : "";
      ref.hidden = state && std::string_view(state) != "visible";
      for (size_t i = 0; attrs[i]; i += 2) {
        if (LocalName(attrs[i]) == "id") ref.rel_id = attrs[i + 1];
      }
      sheets.push_back(std::move(ref));
    } else if (local == "workbookPr" && depth_ == 2) {
      // Only the workbook's own <workbookPr> counts: Excel 2013 and later
      // repeat one without date1904 as <x15:workbookPr> inside <extLst>.
      const char* d = Attr(attrs, "date1904");
      date1904 =
          d && (std::string_view(d) == "1" || std::string_view(d) == "true");
    }
  }
  void EndElement(std::string_view) override { --depth_; }
  void Characters(std::string_view) override {}

 private:
  int depth_ = 0;  // 1 for <workbook>
};

class StylesParser : public XmlStream {
 public:
  StylesParser(std::string part, const Limits& limits)
      : XmlStream(std::move(part), limits) {}
  std::vector<DateFormatKind> xf_date_kind;  // by cell style index (s="…")

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    std::string_view local = LocalName(name);
    if (local == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id && code) custom_[std::atoi(id)] = code;
    } else if (local == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (local == "xf" && in_cell_xfs_) {
      const char* id = Attr(attrs, "numFmtId");
      int fmt_id = id ? std::atoi(id) : 0;
      auto it = custom_.find(fmt_id);
      xf_date_kind.push_back(
          ClassifyDateFormat(it == custom_.end() ? fmt_id : -1,
                             it == custom_.end() ? "" : it->second));
    }
  }
  void EndElement(std::string_view name) override {
    if (LocalName(name) == "cellXfs") in_cell_xfs_ = false;
  }
  void Characters(std::string_view) override {}

 private:
  std::map<int, std::string> custom_;
  bool in_cell_xfs_ = false;
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of an escape "_xHHHH_" at `at`, or -1.
int EscapedUnit(std::string_view text, size_t at) {
  if (at + 7 > text.size() || text[at] != '_' || text[at + 1] != 'x' ||
      text[at + 6] != '_') {
    return -1;
  }
  int unit = 0;
  for (size_t i = at + 2; i < at + 6; ++i) {
    int digit = HexDigit(text[i]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

// Undoes the escapes of OOXML strings (ST_Xstring): Excel writes characters
// XML cannot hold, such as a carriage return, as "_x000D_", and a literal
// "_x" as "_x005F_x". Surrogate pairs come as two escapes; a lone half is
// U+FFFD. Text without "_x" comes back unchanged.
std::string DecodeXstring(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    int unit = EscapedUnit(text, i);
    if (unit < 0) {
      out.push_back(text[i++]);
      continue;
    }
    i += 7;
    char32_t code = static_cast<char32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = EscapedUnit(text, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        i += 7;
      } else {
        code = 0xFFFD;
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      code = 0xFFFD;
    }
    AppendUtf8(code, &out);
  }
  return out;
}

// Shared strings in one pool. An <si> is the concatenation of its <t>
// texts, directly or in rich-text runs <r>; phonetic runs <rPh> are not part
// of the value. An empty <si/> is an empty string, not the previous one.
class SharedStringsParser : public XmlStream {
 public:
  SharedStringsParser(std::string part, const Limits& limits)
      : XmlStream(std::move(part), limits), limits_(limits) {}

  std::string pool;
  std::vector<std::pair<uint32_t, uint32_t>> spans;

  std::string_view Get(size_t index) const {
    const auto& [offset, length] = spans[index];
    return std::string_view(pool).substr(offset, length);
  }

 protected:
  void StartElement(std::string_view name, const char**) override {
    std::string_view local = LocalName(name);
    if (local == "si") {
      start_ = pool.size();
      in_si_ = true;
    } else if (local == "rPh") {
      ++in_phonetic_;
    } else if (local == "t" && in_si_ && in_phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void EndElement(std::string_view name) override {
    std::string_view local = LocalName(name);
    if (local == "si") {
      if (spans.size() >= limits_.max_shared_strings) {
        Stop(LimitExceeded("gedeelde teksten", "shared strings",
                           limits_.max_shared_strings));
        return;
      }
      if (pool.find("_x", start_) != std::string::npos) {
        std::string decoded =
            DecodeXstring(std::string_view(pool).substr(start_));
        pool.replace(start_, std::string::npos, decoded);
      }
      size_t length = std::min(pool.size() - start_, limits_.max_cell_bytes);
      pool.resize(start_ + length);
      spans.emplace_back(static_cast<uint32_t>(start_),
                         static_cast<uint32_t>(length));
      in_si_ = false;
    } else if (local == "rPh") {
      --in_phonetic_;
    } else if (local == "t") {
      in_t_ = false;
    }
  }
  void Characters(std::string_view text) override {
    if (!in_t_) return;
    // Cut over-long strings while reading so a huge <t> cannot grow memory.
    if (pool.size() - start_ < limits_.max_cell_bytes + 4) pool.append(text);
    if (pool.size() > (uint64_t{1} << 32) - 1) {
      Stop(LimitExceeded("bytes tekst", "bytes of text",
                         (uint64_t{1} << 32) - 1));
    }
  }

 private:
  Limits limits_;
  size_t start_ = 0;
  bool in_si_ = false;
  bool in_t_ = false;
  int in_phonetic_ = 0;
};

// The column of a cell reference ("D1" → 4). Letters in either case: the
// specification writes upper case, but Excel reads "d1" as D1 and so do
// the other readers.
int ColumnFromRef(std::string_view ref) {
  int column = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') {
      column = column * 26 + (c - 'A' + 1);
      if (column > 1 << 20) return -1;
    } else {
      break;
    }
  }
  return column;
}

// The leading integer of `text` as atoi reads it (white space, a sign,
// digits; 0 when there are none), clamped to int.
int LeadingInt(std::string_view text) {
  size_t p = 0;
  while (p < text.size() &&
         (text[p] == ' ' || (text[p] >= '\t' && text[p] <= '\r')))
    ++p;
  bool negative = false;
  if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    negative = text[p] == '-';
    ++p;
  }
  int64_t value = 0;
  for (; p < text.size() && text[p] >= '0' && text[p] <= '9'; ++p) {
    value = std::min<int64_t>(value * 10 + (text[p] - '0'), INT32_MAX);
  }
  return static_cast<int>(negative ? -value : value);
}

// The t="…" of a cell; an unknown type reads like a number (t="n").
enum class CellKind {
  kNumber,
  kShared,
  kInline,
  kStr,
  kBoolean,
  kError,
  kDate
};

CellKind KindOf(std::string_view t) {
  if (t == "s") return CellKind::kShared;
  if (t == "inlineStr") return CellKind::kInline;
  if (t == "str") return CellKind::kStr;
  if (t == "b") return CellKind::kBoolean;
  if (t == "e") return CellKind::kError;
  if (t == "d") return CellKind::kDate;
  return CellKind::kNumber;
}

// Turns the elements of a worksheet into rows of cells. Both parsers of a
// worksheet (WorksheetTokenizer and, for what that does not take, expat)
// drive this one class, so a part reads to the same cells whichever parsed
// it. Element names come without their prefix; `attr(name)` gives an
// attribute's value, or a view with a null data() when it is absent.
class SheetCells {
 public:
  SheetCells(const Limits& limits, Sheet& sheet,
             const SharedStringsParser* strings,
             const std::vector<DateFormatKind>& xf_date_kind, bool date1904,
             Problems& problems, size_t& rows_so_far, const Deadline& deadline)
      : limits_(limits),
        sheet_(sheet),
        strings_(strings),
        xf_date_kind_(xf_date_kind),
        date1904_(date1904),
        problems_(problems),
        rows_so_far_(rows_so_far),
        deadline_(deadline) {}

  // Why the sheet stopped (a limit); OK while it goes on.
  const Status& status() const { return status_; }

  // False when a limit stops the sheet (see status()).
  template <typename AttrFn>
  bool StartElement(std::string_view local, AttrFn attr) {
    if (local == "row") {
      std::string_view r = attr("r");
      int number = r.data() ? LeadingInt(r) : row_number_ + 1;
      if (r.data() && number == row_number_ && row_number_ > 0) {
        // The same row again, as naive writers put each cell in its own
        // <row>: the cells join the row already open.
        ContinueRow();
        return true;
      }
      if (number <= row_number_)
        number = row_number_ + 1;  // out of order: keep going
      row_number_ = number;
      if (++rows_so_far_ > limits_.max_rows) {
        status_ = LimitExceeded("rijen", "rows", limits_.max_rows);
        return false;
      }
      if ((rows_so_far_ & 4095) == 0 && deadline_.Passed()) {
        status_ = deadline_.Exceeded();
        return false;
      }
      sheet_.BeginRow(number);
      column_ = 0;
      in_row_ = true;
    } else if (local == "c" && in_row_) {
      std::string_view r = attr("r");
      int column = r.data() ? ColumnFromRef(r) : column_ + 1;
      if (r.data() && column == column_ && column > 0) {
        // The same cell again (a generator that writes each cell in its own
        // <row>, and some twice): the last one written counts, as in Excel.
        sheet_.DropLastCellIn(column);
      } else if (column <= column_) {
        column = column_ + 1;
      }
      column_ = column;
      std::string_view t = attr("t");
      kind_ = t.data() ? KindOf(t) : CellKind::kNumber;
      std::string_view s = attr("s");
      style_ = s.data() ? LeadingInt(s) : 0;
      value_.clear();
      seen_inline_ = false;
      in_cell_ = true;
    } else if (in_cell_ && local == "v") {
      in_value_ = true;
    } else if (in_cell_ && local == "t" && in_inline_) {
      in_value_ = true;
    } else if (in_cell_ && local == "is") {
      // The inline string is the value, also when a <v> came with it.
      if (!seen_inline_) value_.clear();
      seen_inline_ = true;
      in_inline_ = true;
    } else if (in_inline_ && local == "rPh") {
      in_phonetic_ = true;
    }
    return true;
  }

  void EndElement(std::string_view local) {
    if (local == "v" || local == "t") {
      in_value_ = false;
    } else if (local == "rPh") {
      in_phonetic_ = false;
    } else if (local == "is") {
      in_inline_ = false;
    } else if (local == "c" && in_cell_) {
      in_cell_ = false;
      EmitCell();
    } else if (local == "row") {
      in_row_ = false;
      sheet_.DropEmptyLastRow();
    }
  }

  void Characters(std::string_view text) {
    // A <v> after the <is> of an inline string is not part of it.
    if (seen_inline_ && !in_inline_) return;
    if (in_value_ && !in_phonetic_ &&
        value_.size() < limits_.max_cell_bytes + 4) {
      value_.append(text);
    }
  }

 private:
  // Reopens the row `row_number_` for more cells: the last row of the sheet
  // when it is that row, else (it had no cells and was dropped) a new one.
  void ContinueRow() {
    size_t rows = sheet_.row_count();
    if (rows == 0 || sheet_.line(rows - 1) != row_number_)
      sheet_.BeginRow(row_number_);
    in_row_ = true;
  }

  void EmitCell() {
    if (column_ < 0 || static_cast<size_t>(column_) > limits_.max_columns) {
      if (!reported_columns_) {
        reported_columns_ = true;
        problems_.push_back(
            {ProblemKind::kTooManyColumns,
             sheet_.name(),
             row_number_,
             column_,
             "",
             {fmt::format("Het blad heeft gegevens voorbij kolom {}; die zijn "
                          "niet gelezen.",
                          limits_.max_columns),
              fmt::format(
                  "The sheet has data beyond column {}; it was not read.",
                  limits_.max_columns)}});
      }
      return;
    }
    if (value_.size() > limits_.max_cell_bytes) {
      value_.resize(limits_.max_cell_bytes);
      problems_.push_back(
          {ProblemKind::kFieldTooLong,
           sheet_.name(),
           row_number_,
           column_,
           "",
           {fmt::format("Cel is te lang (meer dan {} tekens) en is afgekapt.",
                        limits_.max_cell_bytes),
            fmt::format("Cell is too long (over {} characters) and was cut.",
                        limits_.max_cell_bytes)}});
    }
    switch (kind_) {
      case CellKind::kShared: {
        size_t index = 0;
        auto [ptr, ec] = std::from_chars(value_.data(),
                                         value_.data() + value_.size(), index);
        if (ec != std::errc() || !strings_ || index >= strings_->spans.size()) {
          problems_.push_back({ProblemKind::kBrokenStructure,
                               sheet_.name(),
                               row_number_,
                               column_,
                               value_,
                               {"Cel verwijst naar een tekst die niet bestaat; "
                                "de cel is leeg gelaten.",
                                "Cell refers to a shared string that does not "
                                "exist; left empty."}});
          return;
        }
        sheet_.AddCell(column_, CellType::kText, strings_->Get(index));
        return;
      }
      case CellKind::kInline:
      case CellKind::kStr:
        if (value_.find("_x") != std::string::npos)
          value_ = DecodeXstring(value_);
        sheet_.AddCell(column_, CellType::kText, value_);
        return;
      case CellKind::kBoolean:
        if (value_.empty()) return;
        sheet_.AddCell(column_, CellType::kBoolean,
                       value_ == "1" || value_ == "true" ? "TRUE" : "FALSE");
        return;
      case CellKind::kError:
        sheet_.AddCell(column_, CellType::kError, value_);
        problems_.push_back(
            {ProblemKind::kCellError,
             sheet_.name(),
             row_number_,
             column_,
             value_,
             {fmt::format("De cel bevat de foutwaarde {}.", value_),
              fmt::format("The cell holds the error value {}.", value_)}});
        return;
      case CellKind::kDate:
        sheet_.AddCell(column_, CellType::kDate, NormaliseIsoDateTime(value_));
        return;
      case CellKind::kNumber:
        break;
    }
    if (value_.empty()) return;
    char* end = nullptr;
    double number = std::strtod(value_.c_str(), &end);
    if (end == value_.c_str()) {
      sheet_.AddCell(column_, CellType::kText, value_);
      return;
    }
    DateFormatKind date_kind =
        style_ >= 0 && static_cast<size_t>(style_) < xf_date_kind_.size()
            ? xf_date_kind_[style_]
            : DateFormatKind::kNone;
    if (date_kind != DateFormatKind::kNone) {
      std::string time = SerialToTimeText(number, date_kind);
      if (!time.empty()) {
        sheet_.AddCell(column_, CellType::kText, time);
        return;
      }
      std::string iso = SerialToIso(number, date1904_);
      if (!iso.empty()) {
        sheet_.AddCell(column_, CellType::kDate, iso);
        return;
      }
    }
    sheet_.AddCell(column_, CellType::kNumber, NumberText(number));
  }

  const Limits& limits_;
  Sheet& sheet_;
  const SharedStringsParser* strings_;
  const std::vector<DateFormatKind>& xf_date_kind_;
  bool date1904_;
  Problems& problems_;
  size_t& rows_so_far_;
  const Deadline& deadline_;
  Status status_;
  int row_number_ = 0;
  int column_ = 0;
  CellKind kind_ = CellKind::kNumber;
  int style_ = 0;
  std::string value_;
  bool in_row_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false;
  bool in_phonetic_ = false;
  bool seen_inline_ = false;  // the cell has an <is>
  bool reported_columns_ = false;
};

// A worksheet through expat: for the parts WorksheetTokenizer leaves alone.
class SheetParser : public XmlStream {
 public:
  SheetParser(std::string part, const Limits& limits, SheetCells& cells)
      : XmlStream(std::move(part), limits), cells_(cells) {}

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    auto attr = [attrs](std::string_view key) {
      const char* value = Attr(attrs, key);
      return value ? std::string_view(value) : std::string_view();
    };
    if (!cells_.StartElement(LocalName(name), attr)) Stop(cells_.status());
  }
  void EndElement(std::string_view name) override {
    cells_.EndElement(LocalName(name));
  }
  void Characters(std::string_view text) override { cells_.Characters(text); }

 private:
  SheetCells& cells_;
};

// A worksheet through WorksheetTokenizer. Prefixes are dropped as
// SheetParser drops them, so "x:c" is a cell on both paths.
class FastSheetParser : public WorksheetHandler {
 public:
  FastSheetParser(const Limits& limits, SheetCells& cells)
      : cells_(cells), tokenizer_(*this, limits.max_xml_depth) {}

  // Returns the limit that stopped the sheet, or OK. Check fell_back()
  // first: then the part must be read again with SheetParser.
  Status Feed(std::string_view chunk) {
    if (tokenizer_.Feed(chunk)) return Status::Ok();
    return Ended();
  }
  Status Finish() {
    if (tokenizer_.Finish()) return Status::Ok();
    return Ended();
  }
  bool fell_back() const { return tokenizer_.unsupported(); }

 protected:
  bool StartElement(std::string_view name,
                    std::span<const XmlAttribute> attributes) override {
    auto attr = [attributes](std::string_view key) {
      for (const XmlAttribute& a : attributes) {
        if (a.name == key) return a.value;
      }
      return std::string_view();
    };
    return cells_.StartElement(LocalName(name), attr);
  }
  bool EndElement(std::string_view name) override {
    cells_.EndElement(LocalName(name));
    return true;
  }
  bool Characters(std::string_view text) override {
    cells_.Characters(text);
    return true;
  }

 private:
  Status Ended() {
    if (!cells_.status().ok()) return cells_.status();
    // Only stops the zip read; the caller sees fell_back().
    return Status::Internal("Werkblad opnieuw lezen.", "Read the sheet again.");
  }

  SheetCells& cells_;
  WorksheetTokenizer tokenizer_;
};

// Reads one worksheet part into table.sheets.back(): with the tokenizer,
// and when that leaves the part to expat, again from the start with expat
// after undoing what the first try added. The second read counts against
// the inflated-bytes limit again, as it is real work again.
Status ReadSheet(ZipArchive& zip, const ZipEntry& entry,
                 const std::string& path, const Limits& limits,
                 const SharedStringsParser* strings,
                 const std::vector<DateFormatKind>& xf_date_kind, bool date1904,
                 const Deadline& deadline, Table& table, size_t& rows_so_far) {
  Sheet& sheet = table.sheets.back();
  // A sheet's XML takes some 30 bytes a cell and more than 100 a row; the
  // size is only declared, so the limits cap what it can make us reserve.
  // Reserving more than is used costs little: untouched pages stay unused.
  uint64_t xml_bytes =
      std::min<uint64_t>(entry.uncompressed_size, limits.max_entry_bytes);
  sheet.Reserve(
      std::min<uint64_t>(xml_bytes / 128, limits.max_rows + 1),
      std::min<uint64_t>(xml_bytes / 24, limits.max_rows * limits.max_columns),
      xml_bytes / 4);

  const size_t problems_before = table.problems.size();
  const size_t rows_before = rows_so_far;
  {
    SheetCells cells(limits, sheet, strings, xf_date_kind, date1904,
                     table.problems, rows_so_far, deadline);
    FastSheetParser fast(limits, cells);
    Status status = zip.Read(
        entry, [&](std::string_view chunk) { return fast.Feed(chunk); });
    if (status.ok()) status = fast.Finish();
    if (!fast.fell_back()) return status;
  }
  sheet = Sheet(sheet.name(), sheet.hidden());
  table.problems.resize(problems_before);
  rows_so_far = rows_before;
  SheetCells cells(limits, sheet, strings, xf_date_kind, date1904,
                   table.problems, rows_so_far, deadline);
  SheetParser parser(path, limits, cells);
  SB_RETURN_IF_ERROR(zip.Read(
      entry, [&](std::string_view chunk) { return parser.Feed(chunk); }));
  return parser.Finish();
}

Status NotXlsx() {
  return Status::InvalidArgument(
      "Dit is geen geldig Excel-bestand (.xlsx): het werkblad ontbreekt. Sla "
      "het bestand "
      "opnieuw op als Excel-werkmap (.xlsx) of als CSV.",
      "This is not a valid Excel file (.xlsx): the workbook is missing. Save "
      "the file "
      "again as an Excel workbook (.xlsx) or as CSV.");
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes, const ReadOptions& options) {
  const Limits& limits = options.limits;
  Deadline deadline(limits.max_millis);
  auto zip = ZipArchive::OpenPackage(bytes, limits);
  if (!zip.ok()) return zip.status();
  if (zip->any_encrypted()) {
    return Status::InvalidArgument(
        "Dit Excel-bestand is met een wachtwoord beveiligd. Haal de "
        "beveiliging eraf "
        "(Bestand > Info > Werkmap beveiligen) en sla het opnieuw op.",
        "This Excel file is protected with a password. Remove the protection "
        "and save "
        "it again.");
  }

  // The workbook part, through the package relationships.
  std::string workbook_path = "xl/workbook.xml";
  if (const ZipEntry* root_rels = zip->FindPart("_rels/.rels")) {
    // A damaged root relationship part is passed over: the workbook is
    // then looked for where every writer puts it, as other readers do.
    RelsParser rels("_rels/.rels", limits);
    if (ParsePart(*zip, *root_rels, rels).ok()) {
      for (const auto& [id, rel] : rels.by_id) {
        if (rel.type.ends_with("/officeDocument"))
          workbook_path = ResolveTarget("", rel.target);
      }
    }
  }
  const ZipEntry* workbook_entry = zip->FindPart(workbook_path);
  if (!workbook_entry) return NotXlsx();
  std::string folder = workbook_path.substr(0, workbook_path.rfind('/') + 1);
  WorkbookParser workbook(workbook_path, limits);
  SB_RETURN_IF_ERROR(ParsePart(*zip, *workbook_entry, workbook));
  if (workbook.sheets.size() > limits.max_sheets) {
    return LimitExceeded("werkbladen", "sheets", limits.max_sheets);
  }

  std::string rels_path =
      folder + "_rels/" + workbook_path.substr(folder.size()) + ".rels";
  RelsParser rels(rels_path, limits);
  if (const ZipEntry* e = zip->FindPart(rels_path))
    SB_RETURN_IF_ERROR(ParsePart(*zip, *e, rels));

  std::string styles_path = folder + "styles.xml";
  std::string strings_path = folder + "sharedStrings.xml";
  for (const auto& [id, rel] : rels.by_id) {
    if (rel.type.ends_with("/styles"))
      styles_path = ResolveTarget(folder, rel.target);
    if (rel.type.ends_with("/sharedStrings"))
      strings_path = ResolveTarget(folder, rel.target);
  }
  StylesParser styles(styles_path, limits);
  if (const ZipEntry* e = zip->FindPart(styles_path))
    SB_RETURN_IF_ERROR(ParsePart(*zip, *e, styles));
  std::unique_ptr<SharedStringsParser> strings;
  if (const ZipEntry* e = zip->FindPart(strings_path)) {
    strings = std::make_unique<SharedStringsParser>(strings_path, limits);
    SB_RETURN_IF_ERROR(ParsePart(*zip, *e, *strings));
  }

  Table table;
  table.format = "xlsx";
  size_t rows_so_far = 0;
  for (const auto& ref : workbook.sheets) {
    auto rel = rels.by_id.find(ref.rel_id);
    std::string path = rel != rels.by_id.end()
                           ? ResolveTarget(folder, rel->second.target)
                           : folder + "worksheets/sheet" +
                                 std::to_string(table.sheets.size() + 1) +
                                 ".xml";
    const ZipEntry* entry = zip->FindPart(path);
    if (!entry) {
      // Chart sheets and dialog sheets have no cells; a missing worksheet part
      // is a damaged file, but the other sheets may still be what is needed.
      table.problems.push_back(
          {ProblemKind::kBrokenStructure,
           ref.name,
           0,
           0,
           "",
           {fmt::format(
                "Werkblad '{}' ontbreekt in het bestand en is overgeslagen.",
                ref.name),
            fmt::format("Sheet '{}' is missing from the file and was skipped.",
                        ref.name)}});
      continue;
    }
    table.sheets.emplace_back(ref.name, ref.hidden);
    SB_RETURN_IF_ERROR(ReadSheet(*zip, *entry, path, limits, strings.get(),
                                 styles.xf_date_kind, workbook.date1904,
                                 deadline, table, rows_so_far));
    if (ref.hidden) table.problems.push_back(HiddenSheetNote(ref.name));
  }
  if (table.sheets.empty()) return NotXlsx();
  return table;
}

}  // namespace schoolbieb::formats
