// ODS (OpenDocument spreadsheet) reader: streams content.xml through
// XmlStream instead of liborcus, which holds the whole document in memory
// (900 MB for a 100,000-row file).
//
// Repeated rows and columns are never expanded blindly: empty repeats only
// move the position, and repeats that carry a value are expanded within the
// row and column limits only (a 200-byte file can claim 17 billion cells).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "formats/deadline.h"
#include "formats/reader.h"
#include "formats/spreadsheet_dates.h"
#include "formats/xml_stream.h"
#include "formats/zip_archive.h"

namespace schoolbieb::formats {
namespace {

class ContentParser : public XmlStream {
 public:
  // `content_bytes`: content.xml's declared size, to reserve the first
  // sheet's storage from (usually the only sheet with many rows).
  ContentParser(const Limits& limits, Table& table, const Deadline& deadline,
                uint64_t content_bytes)
      : XmlStream("content.xml", limits),
        limits_(limits),
        table_(table),
        deadline_(deadline),
        content_bytes_(content_bytes) {}

  // Called after parsing: hidden tables are known only from the automatic
  // styles, which come before the tables in content.xml.
 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    if (name == "style:style") {
      const char* family = Attr(attrs, "style:family");
      const char* style_name = Attr(attrs, "style:name");
      in_table_style_ =
          family && std::string_view(family) == "table" && style_name;
      if (in_table_style_) current_style_ = style_name;
    } else if (name == "style:table-properties" && in_table_style_) {
      const char* display = Attr(attrs, "table:display");
      if (display && std::string_view(display) == "false")
        hidden_styles_.insert(current_style_);
    } else if (name == "table:table") {
      if (table_.sheets.size() >= limits_.max_sheets) {
        Stop(LimitExceeded("werkbladen", "sheets", limits_.max_sheets));
        return;
      }
      const char* n = Attr(attrs, "table:name");
      const char* style = Attr(attrs, "table:style-name");
      bool hidden = style && hidden_styles_.count(style);
      table_.sheets.emplace_back(n ? n : "", hidden);
      sheet_ = &table_.sheets.back();
      if (table_.sheets.size() == 1) {
        // LibreOffice writes some 1,000 bytes of XML a row and 80 a cell.
        uint64_t bytes =
            std::min<uint64_t>(content_bytes_, limits_.max_entry_bytes);
        sheet_->Reserve(std::min<uint64_t>(bytes / 1024, limits_.max_rows + 1),
                        std::min<uint64_t>(
                            bytes / 96, limits_.max_rows * limits_.max_columns),
                        bytes / 16);
      }
      row_ = 0;
      ++table_depth_;
    } else if (!sheet_ || table_depth_ != 1) {
      return;  // outside a sheet, or in a table nested in a cell
    } else if (name == "table:table-row") {
      const char* rep = Attr(attrs, "table:number-rows-repeated");
      row_repeat_ = rep ? std::max(1L, std::strtol(rep, nullptr, 10)) : 1;
      column_ = 0;
      cells_.clear();
      in_row_ = true;
    } else if ((name == "table:table-cell" ||
                name == "table:covered-table-cell") &&
               in_row_) {
      const char* rep = Attr(attrs, "table:number-columns-repeated");
      cell_repeat_ = rep ? std::max(1L, std::strtol(rep, nullptr, 10)) : 1;
      cell_type_ = CellType::kEmpty;
      cell_text_.clear();
      typed_value_.clear();
      paragraphs_ = 0;
      const char* vt = Attr(attrs, "office:value-type");
      if (vt) {
        std::string_view t(vt);
        if (t == "float" || t == "percentage" || t == "currency") {
          cell_type_ = CellType::kNumber;
          const char* v = Attr(attrs, "office:value");
          if (v) typed_value_ = NumberText(std::strtod(v, nullptr));
        } else if (t == "date") {
          cell_type_ = CellType::kDate;
          const char* v = Attr(attrs, "office:date-value");
          if (v) typed_value_ = NormaliseIsoDateTime(v);
        } else if (t == "boolean") {
          cell_type_ = CellType::kBoolean;
          const char* v = Attr(attrs, "office:boolean-value");
          typed_value_ = v && std::string_view(v) == "true" ? "TRUE" : "FALSE";
        } else if (t == "time") {
          cell_type_ = CellType::kText;
        } else {
          cell_type_ = CellType::kText;
        }
      }
      in_cell_ = true;
    } else if (in_cell_ && in_annotation_ > 0) {
      if (name == "office:annotation")
        ++in_annotation_;  // comments are not values
    } else if (in_cell_ && name == "text:p") {
      if (paragraphs_++ > 0) cell_text_.push_back('\n');
      ++in_text_;
    } else if (in_cell_ && name == "text:s") {
      const char* c = Attr(attrs, "text:c");
      long count = c ? std::strtol(c, nullptr, 10) : 1;
      count = std::clamp(count, 1L, 1000L);
      if (cell_text_.size() < limits_.max_cell_bytes)
        cell_text_.append(count, ' ');
    } else if (in_cell_ && name == "text:tab") {
      cell_text_.push_back('\t');
    } else if (in_cell_ && name == "text:line-break") {
      cell_text_.push_back('\n');
    } else if (in_cell_ && name == "office:annotation") {
      ++in_annotation_;
    }
  }

  void EndElement(std::string_view name) override {
    if (name == "style:style") {
      in_table_style_ = false;
    } else if (name == "table:table") {
      if (--table_depth_ == 0) sheet_ = nullptr;
    } else if (!sheet_ || table_depth_ != 1) {
      return;
    } else if (name == "office:annotation") {
      --in_annotation_;
    } else if (in_annotation_ > 0) {
      return;
    } else if (name == "text:p") {
      --in_text_;
    } else if ((name == "table:table-cell" ||
                name == "table:covered-table-cell") &&
               in_cell_) {
      in_cell_ = false;
      EndCell();
    } else if (name == "table:table-row" && in_row_) {
      in_row_ = false;
      EndRow();
    }
  }

  void Characters(std::string_view text) override {
    if (in_cell_ && in_text_ > 0 && in_annotation_ == 0 &&
        cell_text_.size() < limits_.max_cell_bytes + 4) {
      cell_text_.append(text);
    }
  }

 private:
  struct PendingCell {
    int column;
    CellType type;
    std::string text;
  };

  void EndCell() {
    std::string text = !typed_value_.empty() ? typed_value_ : cell_text_;
    if (cell_type_ == CellType::kText || cell_type_ == CellType::kEmpty)
      text = cell_text_;
    if (text.size() > limits_.max_cell_bytes) {
      text.resize(limits_.max_cell_bytes);
      table_.problems.push_back({ProblemKind::kFieldTooLong,
                                 sheet_->name(),
                                 row_ + 1,
                                 column_ + 1,
                                 "",
                                 {"Cel is te lang en is afgekapt.",
                                  "Cell is too long and was cut."}});
    }
    if (text.empty()) {
      column_ += cell_repeat_;  // empty repeats only move the position
      return;
    }
    for (long i = 0; i < cell_repeat_; ++i) {
      if (static_cast<size_t>(column_) >= limits_.max_columns) {
        if (!reported_columns_) {
          reported_columns_ = true;
          table_.problems.push_back(
              {ProblemKind::kTooManyColumns,
               sheet_->name(),
               row_ + 1,
               column_ + 1,
               "",
               {fmt::format("Het blad heeft gegevens voorbij kolom {}; die "
                            "zijn niet gelezen.",
                            limits_.max_columns),
                fmt::format(
                    "The sheet has data beyond column {}; it was not read.",
                    limits_.max_columns)}});
        }
        column_ += cell_repeat_ - i;
        return;
      }
      ++column_;
      cells_.push_back(
          {column_,
           cell_type_ == CellType::kEmpty ? CellType::kText : cell_type_,
           text});
    }
  }

  void EndRow() {
    if (cells_.empty()) {
      row_ += row_repeat_;  // empty repeated rows: position only
      return;
    }
    // Refused before any copy is made: a repeat bomb (one cell repeated 10^9
    // times in 10^9 rows) would otherwise fill the sheet up to the row limit
    // first, a gigabyte and seconds later.
    if (rows_so_far_ + static_cast<uint64_t>(row_repeat_) > limits_.max_rows) {
      Stop(LimitExceeded("rijen", "rows", limits_.max_rows));
      return;
    }
    uint64_t cells = cells_.size() * static_cast<uint64_t>(row_repeat_);
    if (cells_so_far_ + cells > limits_.max_total_cells) {
      Stop(LimitExceeded("cellen", "cells", limits_.max_total_cells));
      return;
    }
    cells_so_far_ += cells;
    for (long i = 0; i < row_repeat_; ++i) {
      ++row_;
      if (++rows_so_far_ > limits_.max_rows) {
        Stop(LimitExceeded("rijen", "rows", limits_.max_rows));
        return;
      }
      if ((rows_so_far_ & 4095) == 0 && deadline_.Passed()) {
        Stop(deadline_.Exceeded());
        return;
      }
      sheet_->BeginRow(row_);
      for (const auto& cell : cells_)
        sheet_->AddCell(cell.column, cell.type, cell.text);
    }
  }

  Limits limits_;
  Table& table_;
  const Deadline& deadline_;
  Sheet* sheet_ = nullptr;
  int table_depth_ = 0;
  std::set<std::string> hidden_styles_;
  std::string current_style_;
  bool in_table_style_ = false;
  long row_repeat_ = 1, cell_repeat_ = 1;
  int row_ = 0, column_ = 0;
  size_t rows_so_far_ = 0;
  uint64_t cells_so_far_ = 0;  // repeats included
  bool in_row_ = false, in_cell_ = false;
  int in_text_ = 0, in_annotation_ = 0, paragraphs_ = 0;
  CellType cell_type_ = CellType::kEmpty;
  std::string cell_text_, typed_value_;
  std::vector<PendingCell> cells_;
  bool reported_columns_ = false;
  uint64_t content_bytes_;
};

// Whether META-INF/manifest.xml declares encryption-data: a document saved
// with a password in LibreOffice keeps its ZIP open but encrypts the parts,
// so content.xml would read as damaged XML.
bool EncryptedByManifest(ZipArchive& zip) {
  const ZipEntry* manifest = zip.Find("META-INF/manifest.xml");
  if (!manifest) return false;
  bool found = false;
  std::string tail;  // the end of the previous chunk: a name may straddle
  Status read = zip.Read(*manifest, [&](std::string_view chunk) {
    std::string window = tail + std::string(chunk);
    if (window.find("encryption-data") != std::string::npos) {
      found = true;
      return Status::Unavailable("found", "found");  // stops the read
    }
    tail = window.substr(window.size() - std::min<size_t>(window.size(), 16));
    return Status::Ok();
  });
  (void)read;  // a damaged manifest is not a sign of encryption
  return found;
}

}  // namespace

Result<Table> ReadOds(std::string_view bytes, const ReadOptions& options) {
  const Limits& limits = options.limits;
  Deadline deadline(limits.max_millis);
  auto zip = ZipArchive::OpenPackage(bytes, limits);
  if (!zip.ok()) return zip.status();
  const ZipEntry* content = zip->Find("content.xml");
  if (!content) {
    return Status::InvalidArgument(
        "Dit is geen geldig OpenDocument-rekenblad (.ods): content.xml "
        "ontbreekt. Sla het "
        "bestand opnieuw op als .ods, .xlsx of CSV.",
        "This is not a valid OpenDocument spreadsheet (.ods): content.xml is "
        "missing. "
        "Save the file again as .ods, .xlsx or CSV.");
  }
  if (content->encrypted || zip->any_encrypted() || EncryptedByManifest(*zip)) {
    return Status::InvalidArgument(
        "Dit rekenblad is met een wachtwoord beveiligd. Sla het op zonder "
        "wachtwoord.",
        "This spreadsheet is protected with a password. Save it without a "
        "password.");
  }
  Table table;
  table.format = "ods";
  ContentParser parser(limits, table, deadline, content->uncompressed_size);
  SB_RETURN_IF_ERROR(zip->Read(
      *content, [&](std::string_view chunk) { return parser.Feed(chunk); }));
  SB_RETURN_IF_ERROR(parser.Finish());
  for (const auto& sheet : table.sheets) {
    if (sheet.hidden()) table.problems.push_back(HiddenSheetNote(sheet.name()));
  }
  if (table.sheets.empty()) {
    return Status::InvalidArgument("Het rekenblad bevat geen werkbladen.",
                                   "The spreadsheet has no sheets.");
  }
  return table;
}

}  // namespace schoolbieb::formats
