// XLS reader: old Excel workbooks in the BIFF format. BIFF8 (Excel 97–2003)
// and BIFF5 (Excel 5/95) are read from the "Workbook" or "Book" stream of an
// OLE2 compound file (formats/ole2_file.h); bare BIFF2–BIFF5 worksheet
// streams, as old programs and SheetJS's biff2 writer save them, are read
// directly. This replaces FreeXL 1.0.6, which misreads valid workbooks kept
// in the mini stream (it reads the mini stream from its start instead of
// following the workbook's chain, and only takes an entry named "Root Entry"
// as the root) and then may report success with no handle.
//
// The workbook globals give the sheets (BOUNDSHEET), the shared strings (SST
// and its CONTINUE records), the number formats per XF (to tell dates) and
// the date system. A sheet's cells go straight into the Table while they come
// in row and column order, as every writer seen writes them; a file with
// cells out of order has them collected and sorted first. A cell turns into
// the same text as the XLSX reader gives the same data. Every size in the
// file is checked against the bytes that are really there and against the
// Limits; a record that runs past the stream or a sheet without its EOF
// record is a damaged file, refused rather than half read, because missing
// students would look like students who left. A workbook encrypted with
// Excel's default password (a FILEPASS record, or an OLE2 file holding an
// encrypted .xlsx package) is decrypted first (formats/office_crypto.h);
// any other password is refused with a way out.
#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>

#include "formats/deadline.h"
#include "formats/little_endian.h"
#include "formats/office_crypto.h"
#include "formats/ole2_file.h"
#include "formats/reader.h"
#include "formats/spreadsheet_dates.h"
#include "formats/text_encoding.h"

namespace schoolbieb::formats {
namespace {

// Record ids. BIFF2 has its own ids for most cell records; BIFF3 and later
// share the 0x02xx ones.
constexpr uint16_t kBof2 = 0x0009, kBof3 = 0x0209, kBof4 = 0x0409,
                   kBof = 0x0809;
constexpr uint16_t kEof = 0x000A;
constexpr uint16_t kFilePass = 0x002F;
constexpr uint16_t kCodePage = 0x0042;
constexpr uint16_t kFont = 0x0031;
constexpr uint16_t kDateMode = 0x0022;
constexpr uint16_t kBoundSheet = 0x0085;
constexpr uint16_t kSst = 0x00FC;
constexpr uint16_t kContinue = 0x003C;
constexpr uint16_t kFormat2 = 0x001E, kFormat = 0x041E;
constexpr uint16_t kXf2 = 0x0043, kXf3 = 0x0243, kXf4 = 0x0443, kXf = 0x00E0;
constexpr uint16_t kInteger2 = 0x0002, kNumber2 = 0x0003, kLabel2 = 0x0004;
constexpr uint16_t kBoolErr2 = 0x0005, kString2 = 0x0007;
constexpr uint16_t kFormula = 0x0006, kFormula3 = 0x0206, kFormula4 = 0x0406;
constexpr uint16_t kNumber = 0x0203, kLabel = 0x0204, kBoolErr = 0x0205,
                   kString = 0x0207;
constexpr uint16_t kRk = 0x027E, kMulRk = 0x00BD, kLabelSst = 0x00FD,
                   kRString = 0x00D6;

// BOF substream types.
constexpr uint16_t kGlobals = 0x0005, kWorksheet = 0x0010, kMacroSheet = 0x0040;

constexpr uint32_t kMaxBiffRows =
    65536;  // row numbers are 16 bits in every BIFF

double F64(std::string_view b, size_t at) {
  uint64_t bits = U64(b, at);
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// RK: a compressed number. Bit 1 says the upper 30 bits are an integer,
// else they are the top of a double; bit 0 says the value was multiplied by
// 100.
double RkValue(uint32_t rk) {
  double value;
  if (rk & 2) {
    value = static_cast<double>(static_cast<int32_t>(rk) >> 2);
  } else {
    uint64_t bits = static_cast<uint64_t>(rk & 0xFFFFFFFCu) << 32;
    std::memcpy(&value, &bits, sizeof value);
  }
  return (rk & 1) ? value / 100 : value;
}

std::string_view ErrorText(uint8_t code) {
  switch (code) {
    case 0x00:
      return "#NULL!";
    case 0x07:
      return "#DIV/0!";
    case 0x0F:
      return "#VALUE!";
    case 0x17:
      return "#REF!";
    case 0x1D:
      return "#NAME?";
    case 0x24:
      return "#NUM!";
    case 0x2A:
      return "#N/A";
    case 0x2B:
      return "#GETTING_DATA";
    default:
      return "#N/A";
  }
}

Status Encrypted() {
  return Status::InvalidArgument(
      "Dit Excel-bestand is met een wachtwoord beveiligd. Haal de beveiliging "
      "eraf en sla het opnieuw op als .xlsx.",
      "This Excel file is protected with a password. Remove the protection and "
      "save it again as .xlsx.");
}

Status Unreadable() {
  return Status::InvalidArgument(
      "Dit oude Excel-bestand kan niet worden gelezen. Open het in Excel of "
      "LibreOffice en kies Opslaan als > Excel-werkmap (.xlsx).",
      "This old Excel file cannot be read. Open it in Excel or LibreOffice and "
      "choose Save As > Excel Workbook (.xlsx).");
}

Status Damaged(std::string_view detail_en) {
  return Status::InvalidArgument(
      "Dit oude Excel-bestand is beschadigd of onvolledig en kan niet worden "
      "gelezen. Open het in Excel of LibreOffice en kies Opslaan als > "
      "Excel-werkmap (.xlsx).",
      fmt::format("This old Excel file is damaged or incomplete and cannot be "
                  "read ({}). Open it in Excel or LibreOffice and choose Save "
                  "As > Excel Workbook (.xlsx).",
                  detail_en));
}

// Single-byte text of BIFF2–BIFF5 in the workbook's code page (CODEPAGE
// record; Windows-1252 when absent). Other single-byte code pages are turned
// into a 256-entry table once through iconv; the multi-byte East Asian ones
// go through iconv per string. BIFF8 strings are Unicode and never use this.
class CodePage {
 public:
  CodePage() { UseWindows1252(); }
  ~CodePage() { CloseMultiByte(); }
  CodePage(const CodePage&) = delete;
  CodePage& operator=(const CodePage&) = delete;

  // False when the code page is unknown here; Windows-1252 is used then.
  bool Set(uint16_t number) {
    CloseMultiByte();
    UseWindows1252();
    switch (number) {
      // 1200 is "UTF-16", which BIFF8 declares although its byte strings are
      // Latin-1; 367 is ASCII; 32769 is Windows-1252 in BIFF2–BIFF4.
      case 0:
      case 367:
      case 1200:
      case 1201:
      case 1252:
      case 20127:
      case 32769:
        return true;
      case 932:
        return OpenMultiByte("CP932");
      case 936:
        return OpenMultiByte("GBK");
      case 949:
        return OpenMultiByte("CP949");
      case 950:
        return OpenMultiByte("BIG5");
      case 1361:
        return OpenMultiByte("JOHAB");
      case 10000:
      case 32768:
        return LoadTable("MACINTOSH");
      // The Mac code pages of Excel 5 for the Mac have other names in iconv.
      case 10007:
        return LoadTable("MAC-CYRILLIC");
      case 10017:
        return LoadTable("MAC-UK");
      case 10029:
        return LoadTable("MAC-CENTRALEUROPE");
      case 10079:
        return LoadTable("MAC-IS");
      default:
        return LoadTable(fmt::format("CP{}", number));
    }
  }

  void Append(std::string_view bytes, std::string* out) const {
    if (multi_byte_ != kNoIconv) {
      AppendMultiByte(bytes, out);
      return;
    }
    for (char c : bytes) {
      auto byte = static_cast<unsigned char>(c);
      if (byte < 0x80) {
        out->push_back(c);
      } else {
        AppendUtf8(table_[byte], out);
      }
    }
  }

 private:
  static inline const iconv_t kNoIconv = reinterpret_cast<iconv_t>(-1);

  void UseWindows1252() {
    for (int b = 0; b < 256; ++b) {
      char32_t c = Windows1252ToUnicode(static_cast<uint8_t>(b));
      table_[b] = c == 0 && b != 0 ? U'\uFFFD' : c;
    }
  }
  bool LoadTable(const std::string& name) {
    iconv_t cd = iconv_open("UTF-32LE", name.c_str());
    if (cd == kNoIconv) return false;
    for (int b = 0x80; b < 256; ++b) {
      char in = static_cast<char>(b);
      unsigned char out[8] = {};
      char* in_ptr = &in;
      char* out_ptr = reinterpret_cast<char*>(out);
      size_t in_left = 1, out_left = sizeof out;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      size_t done = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
      char32_t c = static_cast<char32_t>(out[0] | out[1] << 8 | out[2] << 16 |
                                         out[3] << 24);
      bool ok = done != static_cast<size_t>(-1) && out_left == sizeof out - 4 &&
                c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
      table_[b] = ok ? c : U'\uFFFD';
    }
    iconv_close(cd);
    return true;
  }
  bool OpenMultiByte(const char* name) {
    multi_byte_ = iconv_open("UTF-8", name);
    return multi_byte_ != kNoIconv;
  }
  void CloseMultiByte() {
    if (multi_byte_ != kNoIconv) iconv_close(multi_byte_);
    multi_byte_ = kNoIconv;
  }
  void AppendMultiByte(std::string_view bytes, std::string* out) const {
    iconv(multi_byte_, nullptr, nullptr, nullptr, nullptr);
    char* in_ptr = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char buffer[256];
    while (in_left > 0) {
      char* out_ptr = buffer;
      size_t out_left = sizeof buffer;
      size_t done = iconv(multi_byte_, &in_ptr, &in_left, &out_ptr, &out_left);
      out->append(buffer, out_ptr - buffer);
      if (done == static_cast<size_t>(-1) && errno != E2BIG) {
        // An invalid or cut-off sequence: mark it and go on after its first
        // byte.
        AppendUtf8(U'\uFFFD', out);
        ++in_ptr;
        --in_left;
        iconv(multi_byte_, nullptr, nullptr, nullptr, nullptr);
      }
    }
  }

  std::array<char32_t, 256> table_{};
  iconv_t multi_byte_ = kNoIconv;
};

// The body of a record followed by its CONTINUE records, read as one byte
// sequence. BIFF8 splits long strings over CONTINUE records and repeats the
// string's option byte at the start of each continuation inside the
// characters, so that a string may change between one and two bytes per
// character halfway; only Chars() knows about that byte.
class Pieces {
 public:
  Pieces(const std::string_view* pieces, size_t count)
      : pieces_(pieces), count_(count) {}

  bool AtEnd() {
    SkipEmpty();
    return index_ >= count_;
  }
  bool U8(uint8_t* value) {
    SkipEmpty();
    if (index_ >= count_) return false;
    *value = static_cast<uint8_t>(pieces_[index_][pos_++]);
    return true;
  }
  bool U16(uint16_t* value) {
    uint8_t lo, hi;
    if (!U8(&lo) || !U8(&hi)) return false;
    *value = static_cast<uint16_t>(lo | hi << 8);
    return true;
  }
  bool U32(uint32_t* value) {
    uint16_t lo, hi;
    if (!U16(&lo) || !U16(&hi)) return false;
    *value = static_cast<uint32_t>(lo) | static_cast<uint32_t>(hi) << 16;
    return true;
  }
  bool Skip(uint64_t count) {
    while (count > 0) {
      SkipEmpty();
      if (index_ >= count_) return false;
      uint64_t take = std::min<uint64_t>(count, pieces_[index_].size() - pos_);
      pos_ += take;
      count -= take;
    }
    return true;
  }

  // Appends `count` characters as UTF-8: one byte each (Latin-1) or two
  // (UTF-16LE) as `high_byte` says, re-read at each continuation. False when
  // the bytes run out.
  bool Chars(uint32_t count, bool high_byte, std::string* out) {
    char32_t high_surrogate = 0;
    while (count > 0) {
      if (index_ < count_ && pos_ == pieces_[index_].size()) {
        // An empty CONTINUE (some writers leave one) carries no option
        // byte; the string goes on in the next one that has bytes.
        do {
          ++index_;
        } while (index_ < count_ && pieces_[index_].empty());
        if (index_ >= count_) return false;
        high_byte = (static_cast<uint8_t>(pieces_[index_][0]) & 1) != 0;
        pos_ = 1;
      }
      if (index_ >= count_) return false;
      std::string_view piece = pieces_[index_];
      // A CONTINUE holding only the option byte (Excel writes one now and
      // then): the characters go on in the next one.
      if (pos_ == piece.size()) continue;
      size_t available = (piece.size() - pos_) / (high_byte ? 2 : 1);
      if (available == 0) {
        // Half a UTF-16 character before a continuation: the split is
        // always between characters, so the file is damaged.
        return false;
      }
      size_t n = std::min<size_t>(count, available);
      if (!high_byte) {
        // Runs of ASCII (all of most names) are appended at once; NULs are
        // dropped, Latin-1 beyond ASCII takes two bytes in UTF-8.
        const char* chars = piece.data() + pos_;
        for (size_t i = 0; i < n;) {
          size_t run = i;
          while (run < n && static_cast<unsigned char>(chars[run]) - 1u < 0x7Fu)
            ++run;
          out->append(chars + i, run - i);
          if (run == n) break;
          auto byte = static_cast<unsigned char>(chars[run]);
          if (byte != 0) AppendUtf8(byte, out);
          i = run + 1;
        }
        pos_ += n;
      } else {
        for (size_t i = 0; i < n; ++i, pos_ += 2) {
          char32_t unit = static_cast<char32_t>(formats::U16(piece, pos_));
          if (high_surrogate != 0) {
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
              AppendUtf8(
                  0x10000 + ((high_surrogate - 0xD800) << 10) + (unit - 0xDC00),
                  out);
              high_surrogate = 0;
              continue;
            }
            AppendUtf8(U'\uFFFD', out);
            high_surrogate = 0;
          }
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            high_surrogate = unit;
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            AppendUtf8(U'\uFFFD', out);
          } else if (unit < 0x80) {
            if (unit != 0) out->push_back(static_cast<char>(unit));
          } else {
            AppendUtf8(unit, out);
          }
        }
      }
      count -= static_cast<uint32_t>(n);
    }
    if (high_surrogate != 0) AppendUtf8(U'\uFFFD', out);
    return true;
  }

 private:
  void SkipEmpty() {
    while (index_ < count_ && pos_ >= pieces_[index_].size()) {
      ++index_;
      pos_ = 0;
    }
  }

  const std::string_view* pieces_;
  size_t count_;
  size_t index_ = 0;
  size_t pos_ = 0;
};

// A BIFF8 XLUnicodeString: a character count (one byte for sheet names, two
// elsewhere), an option byte, optional counts of rich-text runs and of
// phonetic data, the characters, then the runs and the phonetic data, which
// are not part of the value and are skipped.
bool ReadUnicodeString(Pieces& in, bool short_count, std::string* out) {
  uint16_t count = 0;
  uint8_t options = 0;
  if (short_count) {
    uint8_t c;
    if (!in.U8(&c)) return false;
    count = c;
  } else if (!in.U16(&count)) {
    return false;
  }
  if (!in.U8(&options)) return false;
  uint16_t runs = 0;
  uint32_t extended = 0;
  if ((options & 0x08) && !in.U16(&runs)) return false;
  if ((options & 0x04) && !in.U32(&extended)) return false;
  if (!in.Chars(count, (options & 0x01) != 0, out)) return false;
  return in.Skip(uint64_t{runs} * 4) && in.Skip(extended);
}

struct Record {
  uint16_t id = 0;
  std::string_view data;
};

// The records of a BIFF stream from a position on. Next() is false at the
// end of the stream and when a record claims more bytes than are left.
class Records {
 public:
  Records(std::string_view stream, size_t position)
      : stream_(stream), pos_(position) {}

  bool Next(Record* record) {
    if (pos_ > stream_.size() || stream_.size() - pos_ < 4) return false;
    uint16_t length = U16(stream_, pos_ + 2);
    if (stream_.size() - pos_ - 4 < length) {
      overrun_ = true;
      return false;
    }
    record->id = U16(stream_, pos_);
    record->data = stream_.substr(pos_ + 4, length);
    pos_ += 4 + length;
    ++count_;
    return true;
  }
  // The id of the next record, or 0 when there is none.
  uint16_t PeekId() const {
    if (pos_ > stream_.size() || stream_.size() - pos_ < 4) return 0;
    if (stream_.size() - pos_ - 4 < U16(stream_, pos_ + 2)) return 0;
    return U16(stream_, pos_);
  }
  uint64_t count() const { return count_; }
  bool overrun() const { return overrun_; }

 private:
  std::string_view stream_;
  size_t pos_;
  uint64_t count_ = 0;
  bool overrun_ = false;
};

bool IsBof(uint16_t id) {
  return id == kBof || id == kBof4 || id == kBof3 || id == kBof2;
}

// Cells of a sheet that came out of order, kept until the sheet ends and
// then sorted. Texts are offsets into either the shared strings or the
// sheet's own pool, so both pools may grow meanwhile.
struct PendingCell {
  uint32_t row;
  uint16_t column;  // 0-based
  CellType type;
  bool shared;  // text in the shared-string pool, else in SheetState::pool
  uint32_t offset;
  uint32_t length;

  uint32_t key() const { return row << 16 | column; }
};

struct SheetState {
  std::string name;
  // Writers put cells in row and column order, so they go straight into the
  // Table's sheet; only when one comes out of order are they moved to
  // `cells` to be sorted at the end. That keeps the usual file from being
  // held twice.
  Sheet* direct = nullptr;
  std::vector<PendingCell> cells;
  std::string pool;
  bool any_cell = false;
  uint32_t last_row = 0;
  uint16_t last_column = 0;
  std::vector<uint64_t> rows_seen = std::vector<uint64_t>(kMaxBiffRows / 64, 0);
  size_t distinct_rows = 0;
  bool reported_columns = false;
  // A FORMULA whose text result follows in a STRING record.
  bool string_pending = false;
  uint32_t pending_row = 0;
  uint16_t pending_column = 0;
};

struct SheetRef {
  std::string name;
  uint32_t offset = 0;
  bool hidden = false;
  uint8_t kind = 0;  // 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module
};

class XlsReader {
 public:
  // `decrypted`: the stream was decrypted, its FILEPASS record is history.
  XlsReader(std::string_view stream, const ReadOptions& options,
            bool decrypted = false)
      : decrypted_(decrypted),
        stream_(stream),
        limits_(options.limits),
        deadline_(options.limits.max_millis),
        single_sheet_name_(SheetNameFromFile(options.file_name)) {}

  Result<Table> Read() {
    Records records(stream_, 0);
    Record bof;
    if (!records.Next(&bof) || !IsBof(bof.id) || bof.data.size() < 4)
      return Unreadable();
    biff_ = BiffVersion(bof);
    uint16_t type = U16(bof.data, 2);
    table_.format = "xls";
    table_.properties.emplace_back("biff", std::to_string(biff_));
    if (type == kGlobals && biff_ >= 5) {
      SB_RETURN_IF_ERROR(ReadSubstream(records, nullptr));
      if (sheet_refs_.empty()) return Unreadable();
      for (const SheetRef& ref : sheet_refs_)
        SB_RETURN_IF_ERROR(ReadSheet(ref));
    } else if (type == kWorksheet || type == kMacroSheet) {
      // A single worksheet stream (BIFF2–BIFF4, or a bare BIFF5 sheet): its
      // formats and code page come before the cells in the same substream.
      SheetState state;
      StartSheet(state, single_sheet_name_, false, stream_.size());
      SB_RETURN_IF_ERROR(ReadSubstream(records, &state));
      SB_RETURN_IF_ERROR(FinishSheet(state));
    } else {
      // BIFF4 workbooks (Excel 4 "bound" files), chart and module streams.
      return Unreadable();
    }
    if (table_.sheets.empty()) return Unreadable();
    return std::move(table_);
  }

 private:
  static int BiffVersion(const Record& bof) {
    switch (bof.id) {
      case kBof2:
        return 2;
      case kBof3:
        return 3;
      case kBof4:
        return 4;
      default:
        break;
    }
    uint16_t version = U16(bof.data, 0);
    if (version == 0x0600) return 8;
    if (version == 0x0500) return 5;
    return bof.data.size() >= 16 ? 8 : 5;
  }

  Status ReadSheet(const SheetRef& ref) {
    if (ref.kind == 2 || ref.kind == 6)
      return Status::Ok();  // charts and modules hold no cells
    Records records(stream_, ref.offset);
    Record bof;
    if (ref.offset >= stream_.size() || !records.Next(&bof) || !IsBof(bof.id) ||
        bof.data.size() < 4) {
      return Damaged(fmt::format(
          "sheet '{}' does not start where the workbook says", ref.name));
    }
    uint16_t type = U16(bof.data, 2);
    if (type != kWorksheet && type != kMacroSheet) return Status::Ok();
    // The sheet's records end where the next substream starts.
    size_t end = stream_.size();
    for (const SheetRef& other : sheet_refs_) {
      if (other.offset > ref.offset) end = std::min<size_t>(end, other.offset);
    }
    SheetState state;
    StartSheet(state, ref.name, ref.hidden, end - ref.offset);
    SB_RETURN_IF_ERROR(ReadSubstream(records, &state));
    return FinishSheet(state);
  }

  // Reads records after a BOF up to its EOF. Substreams nested inside (the
  // charts embedded in a worksheet) are skipped with their cells. `sheet` is
  // null for the workbook globals.
  Status ReadSubstream(Records& records, SheetState* sheet) {
    int depth = 1;
    Record record;
    while (records.Next(&record)) {
      if ((records.count() & 4095) == 0 && deadline_.Passed())
        return deadline_.Exceeded();
      if (IsBof(record.id)) {
        ++depth;
        continue;
      }
      if (record.id == kEof) {
        if (--depth == 0) return Status::Ok();
        continue;
      }
      if (depth > 1) continue;
      SB_RETURN_IF_ERROR(HandleRecord(record, records, sheet));
    }
    if (records.overrun())
      return Damaged("a record runs past the end of the workbook");
    return Damaged("the workbook ends before the end of a sheet");
  }

  Status HandleRecord(const Record& r, Records& records, SheetState* sheet) {
    std::string_view d = r.data;
    switch (r.id) {
      case kFilePass:
        // ReadXls decrypted the stream when Excel's default password opens
        // it; any other password is one the teacher must remove.
        return decrypted_ ? Status::Ok() : Encrypted();
      case kCodePage:
        // Only the first counts: a file repeating it gains nothing, and each
        // change of code page costs an iconv table.
        if (d.size() < 2 || biff_ >= 8 || codepage_seen_) return Status::Ok();
        codepage_seen_ = true;
        if (!codepage_.Set(U16(d, 0))) {
          table_.problems.push_back(
              {ProblemKind::kEncoding,
               "",
               0,
               0,
               std::to_string(U16(d, 0)),
               {fmt::format("De tekenset van het bestand (codepagina {}) is "
                            "onbekend; de tekst is gelezen als Windows-1252. "
                            "Controleer letters met accenten.",
                            U16(d, 0)),
                fmt::format(
                    "The file's character set (code page {}) is unknown; the "
                    "text was read as Windows-1252. Check accented letters.",
                    U16(d, 0))}});
        }
        return Status::Ok();
      case kFont:
        if (biff_ == 5 && d.size() >= 13 && font_count_++ == 0)
          UseFontCharset(static_cast<uint8_t>(d[12]));
        return Status::Ok();
      case kDateMode:
        if (d.size() >= 2) date1904_ = U16(d, 0) == 1;
        return Status::Ok();
      case kFormat2:
      case kFormat:
        ReadFormat(d);
        return Status::Ok();
      case kXf2:
      case kXf3:
      case kXf4:
      case kXf:
        ReadXf(r.id, d);
        return Status::Ok();
      case kBoundSheet:
        if (sheet == nullptr) return ReadBoundSheet(d);
        return Status::Ok();
      case kSst:
        return ReadSst(d, records);
      case kString:
      case kString2:
        if (sheet != nullptr) return ReadFormulaString(r, records, *sheet);
        return Status::Ok();
      default:
        break;
    }
    if (sheet == nullptr) return Status::Ok();
    return HandleCell(r, *sheet);
  }

  // Excel 5/95 files from some writers have no CODEPAGE record; Excel then
  // reads the text in the character set of the default font (the first
  // FONT). A CODEPAGE record, before or after, decides instead.
  void UseFontCharset(uint8_t charset) {
    if (codepage_seen_) return;
    uint16_t codepage = 0;
    switch (charset) {
      case 77:
        codepage = 10000;
        break;
      case 128:
        codepage = 932;
        break;
      case 129:
        codepage = 949;
        break;
      case 130:
        codepage = 1361;
        break;
      case 134:
        codepage = 936;
        break;
      case 136:
        codepage = 950;
        break;
      case 161:
        codepage = 1253;
        break;
      case 162:
        codepage = 1254;
        break;
      case 163:
        codepage = 1258;
        break;
      case 177:
        codepage = 1255;
        break;
      case 178:
        codepage = 1256;
        break;
      case 186:
        codepage = 1257;
        break;
      case 204:
        codepage = 1251;
        break;
      case 222:
        codepage = 874;
        break;
      case 238:
        codepage = 1250;
        break;
      default:
        return;  // ANSI, default, symbol, OEM: Windows-1252 as without
    }
    codepage_.Set(codepage);
  }

  Status HandleCell(const Record& r, SheetState& sheet) {
    std::string_view d = r.data;
    switch (r.id) {
      case kNumber:
        if (d.size() < 14) return Status::Ok();
        sheet.string_pending = false;
        return AddNumber(sheet, U16(d, 0), U16(d, 2), F64(d, 6),
                         DateKindOfXf(U16(d, 4)));
      case kRk:
        if (d.size() < 10) return Status::Ok();
        sheet.string_pending = false;
        return AddNumber(sheet, U16(d, 0), U16(d, 2), RkValue(U32(d, 6)),
                         DateKindOfXf(U16(d, 4)));
      case kMulRk: {
        if (d.size() < 6) return Status::Ok();
        sheet.string_pending = false;
        uint16_t row = U16(d, 0), first = U16(d, 2);
        size_t count = (d.size() - 6) / 6;
        for (size_t i = 0; i < count && first + i < 0xFFFF; ++i) {
          size_t at = 4 + 6 * i;
          SB_RETURN_IF_ERROR(
              AddNumber(sheet, row, static_cast<uint32_t>(first + i),
                        RkValue(U32(d, at + 2)), DateKindOfXf(U16(d, at))));
        }
        return Status::Ok();
      }
      case kLabelSst: {
        if (d.size() < 10) return Status::Ok();
        sheet.string_pending = false;
        uint32_t index = U32(d, 6);
        if (index >= sst_spans_.size()) {
          table_.problems.push_back({ProblemKind::kBrokenStructure,
                                     sheet.name,
                                     U16(d, 0) + 1,
                                     U16(d, 2) + 1,
                                     std::to_string(index),
                                     {"Cel verwijst naar een tekst die niet "
                                      "bestaat; de cel is leeg gelaten.",
                                      "Cell refers to a shared string that "
                                      "does not exist; left empty."}});
          return Status::Ok();
        }
        if (sst_cut_[index]) NoteCut(sheet, U16(d, 0), U16(d, 2));
        return AddShared(sheet, U16(d, 0), U16(d, 2), index);
      }
      case kLabel:
      case kRString: {
        if (d.size() < 8) return Status::Ok();
        sheet.string_pending = false;
        std::string text;
        if (biff_ >= 8) {
          std::string_view body = d.substr(6);
          Pieces in(&body, 1);
          if (!ReadUnicodeString(in, false, &text) && text.empty())
            return Status::Ok();
        } else {
          uint16_t length = U16(d, 6);
          codepage_.Append(d.substr(8, length), &text);
        }
        return AddText(sheet, U16(d, 0), U16(d, 2), CellType::kText,
                       std::move(text));
      }
      case kBoolErr:
        if (d.size() < 8) return Status::Ok();
        sheet.string_pending = false;
        return AddBoolErr(sheet, U16(d, 0), U16(d, 2),
                          static_cast<uint8_t>(d[6]), d[7] != 0);
      case kFormula:
      case kFormula3:
      case kFormula4: {
        // BIFF2 cells carry three attribute bytes where later versions have a
        // two-byte XF index.
        size_t at = (r.id == kFormula && biff_ == 2) ? 7 : 6;
        if (d.size() < at + 8) return Status::Ok();
        sheet.string_pending = false;
        uint16_t row = U16(d, 0), column = U16(d, 2);
        if (U16(d, at + 6) != 0xFFFF) {
          DateFormatKind kind =
              biff_ == 2 ? DateKindOfAttributes(d) : DateKindOfXf(U16(d, 4));
          return AddNumber(sheet, row, column, F64(d, at), kind);
        }
        switch (static_cast<uint8_t>(d[at])) {
          case 0:
            sheet.string_pending = true;
            sheet.pending_row = row;
            sheet.pending_column = column;
            return Status::Ok();
          case 1:
            return AddBoolErr(sheet, row, column,
                              static_cast<uint8_t>(d[at + 2]), false);
          case 2:
            return AddBoolErr(sheet, row, column,
                              static_cast<uint8_t>(d[at + 2]), true);
          case 3:
            // An empty text result: the XLSX reader keeps it as an empty text.
            return AddText(sheet, row, column, CellType::kText, "");
          default:
            return Status::Ok();
        }
      }
      // BIFF2 cell records: row, column, three attribute bytes, value.
      case kInteger2:
        if (d.size() < 9) return Status::Ok();
        sheet.string_pending = false;
        return AddNumber(sheet, U16(d, 0), U16(d, 2), U16(d, 7),
                         DateKindOfAttributes(d));
      case kNumber2:
        if (d.size() < 15) return Status::Ok();
        sheet.string_pending = false;
        return AddNumber(sheet, U16(d, 0), U16(d, 2), F64(d, 7),
                         DateKindOfAttributes(d));
      case kLabel2: {
        if (d.size() < 8) return Status::Ok();
        sheet.string_pending = false;
        std::string text;
        codepage_.Append(d.substr(8, static_cast<uint8_t>(d[7])), &text);
        return AddText(sheet, U16(d, 0), U16(d, 2), CellType::kText,
                       std::move(text));
      }
      case kBoolErr2:
        if (d.size() < 9) return Status::Ok();
        sheet.string_pending = false;
        return AddBoolErr(sheet, U16(d, 0), U16(d, 2),
                          static_cast<uint8_t>(d[7]), d[8] != 0);
      default:
        return Status::Ok();
    }
  }

  // The text result of the FORMULA before it. Shared-formula and array
  // records may stand in between; any other cell ends the wait.
  Status ReadFormulaString(const Record& r, Records& records,
                           SheetState& sheet) {
    std::vector<std::string_view> pieces{r.data};
    while (records.PeekId() == kContinue) {
      Record next;
      records.Next(&next);
      pieces.push_back(next.data);
    }
    if (!sheet.string_pending) return Status::Ok();
    sheet.string_pending = false;
    std::string text;
    std::string_view d = r.data;
    if (r.id == kString2) {
      if (d.empty()) return Status::Ok();
      codepage_.Append(d.substr(1, static_cast<uint8_t>(d[0])), &text);
    } else if (biff_ >= 8) {
      Pieces in(pieces.data(), pieces.size());
      ReadUnicodeString(in, false, &text);
    } else {
      if (d.size() < 2) return Status::Ok();
      codepage_.Append(d.substr(2, U16(d, 0)), &text);
    }
    return AddText(sheet, sheet.pending_row, sheet.pending_column,
                   CellType::kText, std::move(text));
  }

  void ReadFormat(std::string_view d) {
    std::string code;
    int id;
    if (biff_ <= 4) {
      // Indexed by order; BIFF4 puts two unused bytes before the string.
      id = format_count_++;
      size_t at = biff_ == 4 ? 2 : 0;
      if (d.size() <= at) return;
      codepage_.Append(d.substr(at + 1, static_cast<uint8_t>(d[at])), &code);
    } else {
      if (d.size() < 3) return;
      id = U16(d, 0);
      if (biff_ >= 8) {
        std::string_view body = d.substr(2);
        Pieces in(&body, 1);
        ReadUnicodeString(in, false, &code);
      } else {
        codepage_.Append(d.substr(3, static_cast<uint8_t>(d[2])), &code);
      }
    }
    // Each FORMAT record holds at most one code, so the map grows only with
    // the records really in the file.
    formats_[id] = std::move(code);
    ++format_generation_;
  }

  void ReadXf(uint16_t id, std::string_view d) {
    if (xf_format_.size() >= 0x10000) return;  // cells address at most 65536
    int format = 0;
    if (id == kXf) {
      if (d.size() < 4) return;
      format = U16(d, 2);
    } else if (id == kXf2) {
      if (d.size() < 3) return;
      format = static_cast<uint8_t>(d[2]) & 0x3F;
    } else {
      if (d.size() < 2) return;
      format = static_cast<uint8_t>(d[1]);
    }
    xf_format_.push_back({format, 0, DateFormatKind::kNone});
  }

  DateFormatKind DateKindOfFormatId(int id) const {
    auto it = formats_.find(id);
    if (biff_ <= 4) {
      return it != formats_.end() ? ClassifyDateFormat(-1, it->second)
                                  : DateFormatKind::kNone;
    }
    return it != formats_.end() ? ClassifyDateFormat(-1, it->second)
                                : ClassifyDateFormat(id, "");
  }

  // What cells with this XF show of a date. Cached per XF and recomputed
  // when a FORMAT record arrived since, so files that mix FORMAT, XF and
  // cell records (BIFF2–BIFF4 keep them in one stream) stay linear.
  DateFormatKind DateKindOfXf(uint16_t xf) {
    if (xf >= xf_format_.size()) return DateFormatKind::kNone;
    XfFormat& entry = xf_format_[xf];
    if (entry.generation != format_generation_ + 1) {
      entry.date_kind = DateKindOfFormatId(entry.format);
      entry.generation = format_generation_ + 1;
    }
    return entry.date_kind;
  }

  // BIFF2 cells name their number format directly in the attribute bytes.
  DateFormatKind DateKindOfAttributes(std::string_view d) const {
    return d.size() >= 7 ? DateKindOfFormatId(static_cast<uint8_t>(d[5]) & 0x3F)
                         : DateFormatKind::kNone;
  }

  Status ReadBoundSheet(std::string_view d) {
    if (d.size() < 7) return Damaged("a sheet entry is too short");
    SheetRef ref;
    ref.offset = U32(d, 0);
    ref.hidden = static_cast<uint8_t>(d[4]) != 0;  // 1 hidden, 2 very hidden
    ref.kind = static_cast<uint8_t>(d[5]);
    if (biff_ >= 8) {
      std::string_view body = d.substr(6);
      Pieces in(&body, 1);
      ReadUnicodeString(in, true, &ref.name);
    } else {
      codepage_.Append(d.substr(7, static_cast<uint8_t>(d[6])), &ref.name);
    }
    if (sheet_refs_.size() >= limits_.max_sheets) {
      return LimitExceeded("werkbladen", "sheets", limits_.max_sheets);
    }
    sheet_refs_.push_back(std::move(ref));
    return Status::Ok();
  }

  // The shared strings, in the SST record and the CONTINUE records after it.
  // The counts in the header are not trusted: strings are read while there
  // are bytes, so a claim of 2^31 strings costs nothing.
  Status ReadSst(std::string_view d, Records& records) {
    std::vector<std::string_view> pieces{d};
    size_t total_bytes = d.size();
    while (records.PeekId() == kContinue) {
      Record next;
      records.Next(&next);
      pieces.push_back(next.data);
      total_bytes += next.data.size();
    }
    // Cells already read point into the pool, so a second SST (only a
    // damaged file has one) is ignored.
    if (sst_read_) return Status::Ok();
    sst_read_ = true;
    Pieces in(pieces.data(), pieces.size());
    uint32_t total = 0, unique = 0;
    if (!in.U32(&total) || !in.U32(&unique)) return Status::Ok();
    // Every string takes at least three bytes in the file.
    sst_spans_.reserve(std::min<size_t>(
        {unique, total_bytes / 3, limits_.max_shared_strings}));
    for (uint32_t i = 0; i < unique && !in.AtEnd(); ++i) {
      if (sst_spans_.size() >= limits_.max_shared_strings) {
        return LimitExceeded("gedeelde teksten", "shared strings",
                             limits_.max_shared_strings);
      }
      size_t start = sst_pool_.size();
      bool complete = ReadUnicodeString(in, false, &sst_pool_);
      size_t length = sst_pool_.size() - start;
      bool cut = length > limits_.max_cell_bytes;
      if (cut) {
        length = Utf8Prefix(std::string_view(sst_pool_).substr(start),
                            limits_.max_cell_bytes)
                     .size();
        sst_pool_.resize(start + length);
      }
      if (sst_pool_.size() > UINT32_MAX) {
        return LimitExceeded("bytes tekst", "bytes of text", UINT32_MAX);
      }
      sst_spans_.emplace_back(static_cast<uint32_t>(start),
                              static_cast<uint32_t>(length));
      sst_cut_.push_back(cut);
      if (!complete) {
        table_.problems.push_back(
            {ProblemKind::kBrokenStructure,
             "",
             0,
             0,
             "",
             {"De lijst met teksten in het bestand is beschadigd; cellen die "
              "naar de ontbrekende teksten verwijzen zijn leeg gelaten.",
              "The file's list of texts is damaged; cells that refer to the "
              "missing texts were left empty."}});
        break;
      }
    }
    return Status::Ok();
  }

  Status AddNumber(SheetState& sheet, uint32_t row, uint32_t column,
                   double value, DateFormatKind date_kind) {
    if (date_kind != DateFormatKind::kNone) {
      std::string time = SerialToTimeText(value, date_kind);
      if (!time.empty())
        return AddText(sheet, row, column, CellType::kText, std::move(time));
      std::string iso = SerialToIso(value, date1904_);
      if (!iso.empty())
        return AddText(sheet, row, column, CellType::kDate, std::move(iso));
    }
    return AddText(sheet, row, column, CellType::kNumber, NumberText(value));
  }

  Status AddBoolErr(SheetState& sheet, uint32_t row, uint32_t column,
                    uint8_t value, bool is_error) {
    if (!is_error) {
      return AddText(sheet, row, column, CellType::kBoolean,
                     value ? "TRUE" : "FALSE");
    }
    std::string_view text = ErrorText(value);
    if (Fits(sheet, row, column)) {
      table_.problems.push_back(
          {ProblemKind::kCellError,
           sheet.name,
           static_cast<int>(row) + 1,
           static_cast<int>(column) + 1,
           std::string(text),
           {fmt::format("De cel bevat de foutwaarde {}.", text),
            fmt::format("The cell holds the error value {}.", text)}});
    }
    return AddText(sheet, row, column, CellType::kError, std::string(text));
  }

  // Whether the column is within the limit; reports the first one that is
  // not, once per sheet.
  bool Fits(SheetState& sheet, uint32_t row, uint32_t column) {
    size_t max_columns = std::min<size_t>(limits_.max_columns, 0xFFFF);
    if (column < max_columns) return true;
    if (!sheet.reported_columns) {
      sheet.reported_columns = true;
      table_.problems.push_back(
          {ProblemKind::kTooManyColumns,
           sheet.name,
           static_cast<int>(row) + 1,
           static_cast<int>(column) + 1,
           "",
           {fmt::format("Het blad heeft gegevens voorbij kolom {}; die zijn "
                        "niet gelezen.",
                        limits_.max_columns),
            fmt::format("The sheet has data beyond column {}; it was not read.",
                        limits_.max_columns)}});
    }
    return false;
  }

  void NoteCut(const SheetState& sheet, uint32_t row, uint32_t column) {
    table_.problems.push_back(
        {ProblemKind::kFieldTooLong,
         sheet.name,
         static_cast<int>(row) + 1,
         static_cast<int>(column) + 1,
         "",
         {fmt::format("Cel is te lang (meer dan {} tekens) en is afgekapt.",
                      limits_.max_cell_bytes),
          fmt::format("Cell is too long (over {} characters) and was cut.",
                      limits_.max_cell_bytes)}});
  }

  // Counts the row and the cell against the limits before a cell is kept.
  Status Admit(SheetState& sheet, uint32_t row) {
    uint64_t& word = sheet.rows_seen[row / 64];
    uint64_t bit = uint64_t{1} << (row % 64);
    if (!(word & bit)) {
      word |= bit;
      if (rows_so_far_ + ++sheet.distinct_rows > limits_.max_rows) {
        return LimitExceeded("rijen", "rows", limits_.max_rows);
      }
    }
    if (++cells_so_far_ > limits_.max_total_cells) {
      return LimitExceeded("cellen", "cells", limits_.max_total_cells);
    }
    return Status::Ok();
  }

  Status AddText(SheetState& sheet, uint32_t row, uint32_t column,
                 CellType type, std::string text) {
    if (!Fits(sheet, row, column)) return Status::Ok();
    SB_RETURN_IF_ERROR(Admit(sheet, row));
    if (text.size() > limits_.max_cell_bytes) {
      text.resize(Utf8Prefix(text, limits_.max_cell_bytes).size());
      NoteCut(sheet, row, column);
    }
    return Place(sheet, row, column, type, text, nullptr);
  }

  Status AddShared(SheetState& sheet, uint32_t row, uint32_t column,
                   uint32_t index) {
    if (!Fits(sheet, row, column)) return Status::Ok();
    SB_RETURN_IF_ERROR(Admit(sheet, row));
    const auto& span = sst_spans_[index];
    return Place(sheet, row, column, CellType::kText,
                 std::string_view(sst_pool_).substr(span.first, span.second),
                 &span);
  }

  Status Place(SheetState& sheet, uint32_t row, uint32_t column, CellType type,
               std::string_view text,
               const std::pair<uint32_t, uint32_t>* shared) {
    bool in_order = !sheet.any_cell || row > sheet.last_row ||
                    (row == sheet.last_row && column > sheet.last_column);
    if (sheet.direct != nullptr && !in_order)
      SB_RETURN_IF_ERROR(MoveToPending(sheet));
    if (sheet.direct != nullptr) {
      if (!sheet.any_cell || row != sheet.last_row)
        sheet.direct->BeginRow(static_cast<int>(row) + 1);
      sheet.direct->AddCell(static_cast<int>(column) + 1, type, text);
    } else if (shared != nullptr) {
      sheet.cells.push_back({row, static_cast<uint16_t>(column), type, true,
                             shared->first, shared->second});
    } else {
      SB_RETURN_IF_ERROR(AddPending(sheet, row, column, type, text));
    }
    sheet.any_cell = true;
    sheet.last_row = row;
    sheet.last_column = static_cast<uint16_t>(column);
    return Status::Ok();
  }

  Status AddPending(SheetState& sheet, uint32_t row, uint32_t column,
                    CellType type, std::string_view text) {
    if (sheet.pool.size() + text.size() > UINT32_MAX) {
      return LimitExceeded("bytes tekst", "bytes of text", UINT32_MAX);
    }
    sheet.cells.push_back({row, static_cast<uint16_t>(column), type, false,
                           static_cast<uint32_t>(sheet.pool.size()),
                           static_cast<uint32_t>(text.size())});
    sheet.pool.append(text);
    return Status::Ok();
  }

  // The first cell out of order: what went into the Table's sheet so far
  // becomes pending too, and the sheet starts again empty.
  Status MoveToPending(SheetState& state) {
    Sheet& sheet = *state.direct;
    state.cells.reserve(sheet.total_cells() * 2);
    for (size_t r = 0; r < sheet.row_count(); ++r) {
      for (size_t i = 0; i < sheet.cell_count(r); ++i) {
        const Sheet::Cell& cell = sheet.cell_at(r, i);
        SB_RETURN_IF_ERROR(
            AddPending(state, static_cast<uint32_t>(sheet.line(r) - 1),
                       cell.column - 1u, cell.type, sheet.text(cell)));
      }
    }
    sheet = Sheet(sheet.name(), sheet.hidden());
    state.direct = nullptr;
    return Status::Ok();
  }

  // `record_bytes`: the size of the sheet's substream, from which the
  // storage is reserved. A cell takes at least 6 bytes (in a MULRK), most
  // take 14 or more; a row some 20 more in its ROW record. Without this,
  // growing the cell vector took a quarter of a 60,000-row read.
  void StartSheet(SheetState& state, const std::string& name, bool hidden,
                  size_t record_bytes) {
    state.name = name;
    table_.sheets.emplace_back(name, hidden);
    state.direct = &table_.sheets.back();
    size_t rows = std::min<size_t>(
        {record_bytes / 64, kMaxBiffRows, limits_.max_rows + 1});
    size_t cells = std::min<size_t>(record_bytes / 12, limits_.max_total_cells);
    state.direct->Reserve(rows, cells, record_bytes / 2);
  }

  Status FinishSheet(SheetState& state) {
    Sheet& sheet = table_.sheets.back();
    if (state.direct == nullptr) {
      std::vector<PendingCell>& cells = state.cells;
      // Stable, so of two cells at one place the one written last wins below.
      std::stable_sort(cells.begin(), cells.end(),
                       [](const PendingCell& a, const PendingCell& b) {
                         return a.key() < b.key();
                       });
      bool open_row = false;
      uint32_t current_row = 0;
      for (size_t i = 0; i < cells.size(); ++i) {
        const PendingCell& cell = cells[i];
        if (i + 1 < cells.size() && cells[i + 1].key() == cell.key()) continue;
        if (!open_row || cell.row != current_row) {
          sheet.BeginRow(static_cast<int>(cell.row) + 1);
          open_row = true;
          current_row = cell.row;
        }
        const std::string& pool = cell.shared ? sst_pool_ : state.pool;
        sheet.AddCell(cell.column + 1, cell.type,
                      std::string_view(pool).substr(cell.offset, cell.length));
      }
    }
    rows_so_far_ += state.distinct_rows;
    if (sheet.hidden()) table_.problems.push_back(HiddenSheetNote(state.name));
    return Status::Ok();
  }

  // A BIFF2–BIFF4 file holds one unnamed sheet; Excel and LibreOffice
  // show it under the file's name.
  static std::string SheetNameFromFile(std::string_view file_name) {
    size_t slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
    size_t dot = file_name.rfind('.');
    if (dot != std::string_view::npos && dot > 0)
      file_name = file_name.substr(0, dot);
    return file_name.empty() ? "Blad1" : std::string(file_name);
  }

  bool decrypted_;
  std::string_view stream_;
  Limits limits_;
  Deadline deadline_;
  std::string single_sheet_name_;
  Table table_;
  int biff_ = 8;
  bool date1904_ = false;
  CodePage codepage_;
  bool codepage_seen_ = false;
  int font_count_ = 0;
  std::map<int, std::string> formats_;
  int format_count_ = 0;
  struct XfFormat {
    int format;  // number format id (BIFF2–BIFF4: FORMAT record index)
    uint32_t generation;  // format_generation_ + 1 when date_kind was computed
    DateFormatKind date_kind;
  };
  std::vector<XfFormat> xf_format_;
  uint32_t format_generation_ = 0;
  std::vector<SheetRef> sheet_refs_;
  std::string sst_pool_;
  std::vector<std::pair<uint32_t, uint32_t>> sst_spans_;
  std::vector<bool> sst_cut_;
  bool sst_read_ = false;
  size_t rows_so_far_ = 0;
  uint64_t cells_so_far_ = 0;
};

bool StartsWithBof(std::string_view bytes) {
  return bytes.size() >= 8 && IsBof(U16(bytes, 0)) && U16(bytes, 2) >= 4;
}

// Whether the workbook globals hold a FILEPASS record (before their EOF).
bool HasFilePass(std::string_view stream) {
  Records records(stream, 0);
  Record record;
  while (records.Next(&record)) {
    if (record.id == kFilePass) return true;
    if (record.id == kEof) return false;
  }
  return false;
}

// An encrypted workbook stream decrypted with Excel's default password and
// read; the password-protected refusal when that password does not open it.
Result<Table> ReadEncryptedBiff(std::string_view stream,
                                const ReadOptions& options) {
  Record bof;
  Records records(stream, 0);
  if (!records.Next(&bof) || !IsBof(bof.id) || bof.data.size() < 4)
    return Unreadable();
  int biff = bof.id == kBof && U16(bof.data, 0) == 0x0500 ? 5 : 8;
  if (bof.id != kBof) return Encrypted();  // BIFF2–BIFF4: never seen
  std::string plain(stream);
  if (!DecryptBiffStream(&plain, biff, kExcelDefaultPassword))
    return Encrypted();
  auto table = XlsReader(plain, options, /*decrypted=*/true).Read();
  if (table.ok()) table->properties.emplace_back("protection", "default");
  return table;
}

// A password-protected .xlsx: an OLE2 file with the encrypted package.
Result<Table> ReadEncryptedPackage(const Ole2File& file,
                                   const Ole2File::Entry& package,
                                   const ReadOptions& options) {
  const Ole2File::Entry* info = file.FindRootStream("EncryptionInfo");
  if (!info) return Encrypted();
  auto info_bytes = file.ReadStream(*info);
  auto package_bytes = file.ReadStream(package);
  if (!info_bytes.ok() || !package_bytes.ok()) return Encrypted();
  std::optional<std::string> zip =
      DecryptPackage(*info_bytes, *package_bytes, kExcelDefaultPassword);
  if (!zip) return Encrypted();
  auto table = ReadXlsx(*zip, options);
  if (table.ok()) table->properties.emplace_back("protection", "default");
  return table;
}

}  // namespace

Result<Table> ReadXls(std::string_view bytes, const ReadOptions& options) {
  if (bytes.size() > options.limits.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", options.limits.max_file_bytes);
  }
  std::string workbook;
  std::string_view stream;
  if (bytes.starts_with(
          std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    auto file = Ole2File::Open(bytes);
    if (!file.ok()) return Damaged(file.status().message(Language::kEnglish));
    // Excel 97 and later write "Workbook"; Excel 5/95 wrote "Book". A file
    // with both (the Excel 97 "dual" format) is read from the newer one.
    const Ole2File::Entry* entry = file->FindRootStream("Workbook");
    if (!entry) entry = file->FindRootStream("Book");
    if (!entry) {
      // A password-protected .xlsx is an OLE2 file holding the encrypted
      // package; a Word document is an OLE2 file too.
      if (const Ole2File::Entry* package =
              file->FindRootStream("EncryptedPackage")) {
        return ReadEncryptedPackage(*file, *package, options);
      }
      if (file->FindRootStream("WordDocument")) {
        return Status::InvalidArgument(
            "Dit is een Word-document, geen Excel-bestand. Upload het "
            "leerlingbestand zelf (CSV, Excel of OpenDocument).",
            "This is a Word document, not an Excel file. Upload the student "
            "file itself (CSV, Excel or OpenDocument).");
      }
      return Unreadable();
    }
    auto data = file->StreamView(*entry, &workbook);
    if (!data.ok()) return Damaged(data.status().message(Language::kEnglish));
    stream = *data;
  } else if (StartsWithBof(bytes)) {
    stream = bytes;
  } else {
    return Unreadable();
  }
  if (HasFilePass(stream)) return ReadEncryptedBiff(stream, options);
  return XlsReader(stream, options).Read();
}

}  // namespace schoolbieb::formats
