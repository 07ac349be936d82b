#include "formats/table_codec.h"

#include <cstdint>

namespace schoolbieb::formats {
namespace {

// Version 1. A later layout gets a new magic word; DecodeTable refuses
// words it does not know.
constexpr std::string_view kMagic = "SBTABLE1";

// Problem kinds are kept by name, so a kind added to the enum later (in any
// position) never changes what a stored kind means.
constexpr int kMaxProblemKinds = 128;

class Writer {
 public:
  void Unsigned(uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  // Zig-zag, so small negative numbers stay short too.
  void Signed(int64_t value) {
    Unsigned((static_cast<uint64_t>(value) << 1) ^
             static_cast<uint64_t>(value >> 63));
  }
  void Byte(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void Text(std::string_view text) {
    Unsigned(text.size());
    out_.append(text);
  }
  void Raw(std::string_view text) { out_.append(text); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool Unsigned(uint64_t* value) {
    *value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      uint8_t byte = static_cast<uint8_t>(in_[pos_++]);
      *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool Signed(int64_t* value) {
    uint64_t raw = 0;
    if (!Unsigned(&raw)) return false;
    *value = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
    return true;
  }
  bool Int(int* value) {
    int64_t wide = 0;
    if (!Signed(&wide) || wide < INT32_MIN || wide > INT32_MAX) return false;
    *value = static_cast<int>(wide);
    return true;
  }
  bool Byte(uint8_t* value) {
    if (pos_ >= in_.size()) return false;
    *value = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool Text(std::string_view* text) {
    uint64_t size = 0;
    if (!Unsigned(&size) || size > in_.size() - pos_) return false;
    *text = in_.substr(pos_, size);
    pos_ += size;
    return true;
  }
  bool Text(std::string* text) {
    std::string_view view;
    if (!Text(&view)) return false;
    text->assign(view);
    return true;
  }
  // A count of items that each take at least one byte: never more than
  // what is left, so a damaged count cannot make us reserve gigabytes.
  bool Count(uint64_t* count) {
    return Unsigned(count) && *count <= in_.size() - pos_;
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

Status Damaged() {
  return Status::InvalidArgument(
      "De bewaarde gegevens van dit bestand zijn beschadigd of van een andere "
      "versie. Vraag de school het bestand opnieuw te uploaden.",
      "The stored data of this file are damaged or of another version. Ask "
      "the school to upload the file again.");
}

bool ParseProblemKind(std::string_view name, ProblemKind* kind) {
  for (int value = 0; value < kMaxProblemKinds; ++value) {
    auto candidate = static_cast<ProblemKind>(value);
    if (ProblemKindName(candidate) == name) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

bool ValidCellType(uint8_t type) {
  return type <= static_cast<uint8_t>(CellType::kError);
}

}  // namespace

std::string EncodeTable(const Table& table) {
  Writer w;
  w.Raw(kMagic);
  w.Text(table.format);
  w.Text(table.encoding);
  w.Byte(static_cast<uint8_t>(table.delimiter));
  w.Unsigned(table.properties.size());
  for (const auto& [key, value] : table.properties) {
    w.Text(key);
    w.Text(value);
  }
  w.Unsigned(table.problems.size());
  for (const Problem& p : table.problems) {
    w.Text(ProblemKindName(p.kind));
    w.Text(p.sheet);
    w.Signed(p.row);
    w.Signed(p.column);
    w.Text(p.value);
    w.Text(p.message.nl);
    w.Text(p.message.en);
    w.Byte(p.rejects_row ? 1 : 0);
  }
  w.Unsigned(table.sheets.size());
  for (const Sheet& sheet : table.sheets) {
    w.Text(sheet.name());
    w.Byte(sheet.hidden() ? 1 : 0);
    size_t text_bytes = 0;
    for (size_t row = 0; row < sheet.row_count(); ++row) {
      for (size_t i = 0; i < sheet.cell_count(row); ++i) {
        text_bytes += sheet.cell_at(row, i).length;
      }
    }
    // Sizes first, so decoding reserves once.
    w.Unsigned(sheet.row_count());
    w.Unsigned(sheet.total_cells());
    w.Unsigned(text_bytes);
    for (size_t row = 0; row < sheet.row_count(); ++row) {
      w.Signed(sheet.line(row));
      w.Unsigned(sheet.cell_count(row));
      for (size_t i = 0; i < sheet.cell_count(row); ++i) {
        const Sheet::Cell& cell = sheet.cell_at(row, i);
        w.Unsigned(cell.column);
        w.Byte(static_cast<uint8_t>(cell.type));
        w.Text(sheet.text(cell));
      }
    }
  }
  return w.Take();
}

bool LooksLikeEncodedTable(std::string_view bytes) {
  return bytes.starts_with(kMagic);
}

Result<Table> DecodeTable(std::string_view bytes) {
  if (!LooksLikeEncodedTable(bytes)) return Damaged();
  Reader r(bytes.substr(kMagic.size()));
  Table table;
  uint8_t delimiter = 0;
  uint64_t count = 0;
  if (!r.Text(&table.format) || !r.Text(&table.encoding) ||
      !r.Byte(&delimiter) || !r.Count(&count)) {
    return Damaged();
  }
  table.delimiter = static_cast<char>(delimiter);
  table.properties.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string key, value;
    if (!r.Text(&key) || !r.Text(&value)) return Damaged();
    table.properties.emplace_back(std::move(key), std::move(value));
  }
  if (!r.Count(&count)) return Damaged();
  table.problems.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    Problem p;
    std::string_view kind;
    uint8_t rejects = 0;
    if (!r.Text(&kind) || !ParseProblemKind(kind, &p.kind) ||
        !r.Text(&p.sheet) || !r.Int(&p.row) || !r.Int(&p.column) ||
        !r.Text(&p.value) || !r.Text(&p.message.nl) || !r.Text(&p.message.en) ||
        !r.Byte(&rejects) || rejects > 1) {
      return Damaged();
    }
    p.rejects_row = rejects == 1;
    table.problems.push_back(std::move(p));
  }
  if (!r.Count(&count)) return Damaged();
  table.sheets.reserve(count);
  for (uint64_t s = 0; s < count; ++s) {
    std::string name;
    uint8_t hidden = 0;
    uint64_t rows = 0, cells = 0, text_bytes = 0;
    if (!r.Text(&name) || !r.Byte(&hidden) || hidden > 1 || !r.Count(&rows) ||
        !r.Count(&cells) || !r.Count(&text_bytes)) {
      return Damaged();
    }
    Sheet& sheet = table.sheets.emplace_back(std::move(name), hidden == 1);
    sheet.Reserve(rows, cells, text_bytes);
    for (uint64_t row = 0; row < rows; ++row) {
      int line = 0;
      uint64_t row_cells = 0;
      if (!r.Int(&line) || !r.Count(&row_cells)) return Damaged();
      sheet.BeginRow(line);
      uint64_t previous_column = 0;
      for (uint64_t i = 0; i < row_cells; ++i) {
        uint64_t column = 0;
        uint8_t type = 0;
        std::string_view text;
        // Columns rise within a row and fit the cell's 16 bits; an empty
        // cell is never stored, so one would mean the bytes are not ours.
        if (!r.Unsigned(&column) || column <= previous_column ||
            column > UINT16_MAX || !r.Byte(&type) || !ValidCellType(type) ||
            !r.Text(&text) ||
            (type == static_cast<uint8_t>(CellType::kEmpty))) {
          return Damaged();
        }
        previous_column = column;
        sheet.AddCell(static_cast<int>(column), static_cast<CellType>(type),
                      text);
      }
    }
  }
  if (!r.AtEnd()) return Damaged();
  return table;
}

}  // namespace schoolbieb::formats
