// The XLS reader and the OLE2 container under it: files from real writers
// (tests/fixtures/xls/, how each was made is in its README) read to exactly
// the synthetic student table, and to the same cells as the XLSX reader
// reads from LibreOffice's re-save; FreeXL 1.0.6 failing on valid
// mini-stream workbooks; BIFF details built here byte by byte; and hostile
// files (truncated, flipped, looping, lying about sizes) refused or read,
// never crashing and in bounded time.
#include <freexl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "formats/ole2_file.h"
#include "formats/reader.h"
#include "support/office_encryptor.h"
#include "support/ole2_builder.h"
#include "support/test_database.h"
#include "support/xlsx_builder.h"

namespace schoolbieb::formats {
namespace {

namespace fs = std::filesystem;
using testing::BuildOle2;
using testing::OleOptions;
using testing::OleStream;
using testing::SyntheticStudents;

// ---------------------------------------------------------------------------
// Bytes.

std::string Le16(uint16_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}
std::string Le32(uint32_t v) { return Le16(v & 0xFFFF) + Le16(v >> 16); }
std::string F64(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return Le32(static_cast<uint32_t>(bits)) +
         Le32(static_cast<uint32_t>(bits >> 32));
}
uint32_t Get32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}
void Put32(std::string* b, size_t at, uint32_t v) {
  b->replace(at, 4, Le32(v));
}

std::string Utf16(std::u16string_view text) {
  std::string out;
  for (char16_t c : text) out += Le16(c);
  return out;
}

// The UTF-8 test strings as UTF-16 code units (BMP only is enough here).
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c < 0xE0) {
      cp = (c & 0x1F) << 6 | (utf8[i + 1] & 0x3F);
      i += 2;
    } else {
      cp = (c & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F);
      i += 3;
    }
    out.push_back(static_cast<char16_t>(cp));
  }
  return out;
}

// ---------------------------------------------------------------------------
// BIFF records.

std::string Rec(uint16_t id, std::string_view body) {
  return Le16(id) + Le16(static_cast<uint16_t>(body.size())) +
         std::string(body);
}
std::string Eof() { return Rec(0x000A, ""); }
std::string Bof8(uint16_t type) {
  return Rec(0x0809, Le16(0x0600) + Le16(type) + Le16(0x0DBB) + Le16(0x07CC) +
                         Le32(0) + Le32(6));
}
std::string Bof5(uint16_t type) {
  return Rec(0x0809, Le16(0x0500) + Le16(type) + Le16(0x0DBB) + Le16(0x07CC));
}
std::string Cell(uint16_t row, uint16_t column, uint16_t xf) {
  return Le16(row) + Le16(column) + Le16(xf);
}
// BIFF8 XLUnicodeString with a two-byte count, stored as UTF-16.
std::string Text8(std::u16string_view text) {
  return Le16(static_cast<uint16_t>(text.size())) + std::string(1, '\x01') +
         Utf16(text);
}
std::string Number(uint16_t r, uint16_t c, double v, uint16_t xf = 0) {
  return Rec(0x0203, Cell(r, c, xf) + F64(v));
}
std::string Rk(uint16_t r, uint16_t c, uint32_t rk, uint16_t xf = 0) {
  return Rec(0x027E, Cell(r, c, xf) + Le32(rk));
}
std::string Label8(uint16_t r, uint16_t c, std::string_view utf8) {
  return Rec(0x0204, Cell(r, c, 0) + Text8(ToUtf16(utf8)));
}
std::string LabelSst(uint16_t r, uint16_t c, uint32_t index, uint16_t xf = 0) {
  return Rec(0x00FD, Cell(r, c, xf) + Le32(index));
}
std::string BoolErr(uint16_t r, uint16_t c, uint8_t value, bool error) {
  return Rec(0x0205, Cell(r, c, 0) + std::string{static_cast<char>(value),
                                                 error ? '\1' : '\0'});
}
// A FORMULA with an 8-byte cached result and an empty token array.
std::string Formula(uint16_t r, uint16_t c, const std::string& result,
                    uint16_t xf = 0) {
  return Rec(0x0006, Cell(r, c, xf) + result + Le16(0) + Le32(0) + Le16(0));
}
std::string SpecialResult(uint8_t type, uint8_t value) {
  return std::string{static_cast<char>(type),
                     '\0',
                     static_cast<char>(value),
                     '\0',
                     '\0',
                     '\0'} +
         Le16(0xFFFF);
}
// XF with number format `format`, and a FORMAT record.
std::string Xf8(uint16_t format) {
  return Rec(0x00E0, Le16(0) + Le16(format) + std::string(16, '\0'));
}
std::string Format8(uint16_t id, std::string_view code) {
  return Rec(0x041E, Le16(id) + Text8(ToUtf16(code)));
}
// XF 0 general, XF 1 the built-in date format 14, XF 2 a custom date format,
// XF 3 a custom non-date format.
std::string DateStyles8() {
  return Format8(164, "dd-mm-yyyy") + Format8(165, "\"nr \"0") + Xf8(0) +
         Xf8(14) + Xf8(164) + Xf8(165);
}
std::string Sst(const std::vector<std::string>& utf8) {
  std::string body = Le32(static_cast<uint32_t>(utf8.size())) +
                     Le32(static_cast<uint32_t>(utf8.size()));
  for (const auto& s : utf8) body += Text8(ToUtf16(s));
  return Rec(0x00FC, body);
}

struct BiffSheet {
  std::string name;
  std::string cells;  // records between the sheet's BOF and EOF
  uint8_t visibility = 0;
  uint8_t kind = 0;  // 0 worksheet, 2 chart
};

// A BIFF8 (or BIFF5) workbook stream: BOF, `globals`, one BOUNDSHEET per
// sheet pointing at its BOF, EOF, then the sheets.
std::string BuildWorkbook(const std::string& globals,
                          const std::vector<BiffSheet>& sheets,
                          bool biff5 = false) {
  auto bof = [&](uint16_t type) { return biff5 ? Bof5(type) : Bof8(type); };
  auto bound = [&](uint32_t offset, const BiffSheet& s) {
    std::string name =
        biff5 ? std::string(1, static_cast<char>(s.name.size())) + s.name
              : std::string(1, static_cast<char>(ToUtf16(s.name).size())) +
                    "\x01" + Utf16(ToUtf16(s.name));
    return Rec(0x0085, Le32(offset) +
                           std::string{static_cast<char>(s.visibility),
                                       static_cast<char>(s.kind)} +
                           name);
  };
  std::string head = bof(5) + globals;
  size_t position = head.size() + Eof().size();
  for (const auto& s : sheets) position += bound(0, s).size();
  std::string bounds, bodies;
  for (const auto& s : sheets) {
    std::string body = bof(s.kind == 2 ? 0x20 : 0x10) + s.cells + Eof();
    bounds += bound(static_cast<uint32_t>(position), s);
    position += body.size();
    bodies += body;
  }
  return head + bounds + Eof() + bodies;
}

// ---------------------------------------------------------------------------
// The student table as BIFF8, the way Excel writes it: shared strings,
// dates as numbers with a date style.

// `first_globals`: records right after the BOF, where Excel puts FILEPASS.
std::string StudentsWorkbook(const std::string& first_globals = "") {
  const auto& rows = SyntheticStudents();
  std::vector<std::string> strings;
  std::string cells;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) continue;
      if (r > 0 && static_cast<int>(c) == testing::kBirthDateColumn) {
        cells += Number(r, c, testing::ExcelSerial(v), 1);
      } else {
        strings.push_back(v);
        cells += LabelSst(r, c, static_cast<uint32_t>(strings.size() - 1));
      }
    }
  }
  return BuildWorkbook(first_globals + DateStyles8() + Sst(strings),
                       {{"Leerlingen", cells}});
}

// ---------------------------------------------------------------------------
// Reading.

fs::path FixtureDir() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "xls";
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

std::string Dump(const Table& table) {
  std::string out;
  for (const auto& sheet : table.sheets) {
    out += "sheet '" + sheet.name() + "'" + (sheet.hidden() ? " hidden" : "") +
           "\n";
    for (size_t r = 0; r < sheet.row_count(); ++r) {
      out += "  " + std::to_string(sheet.line(r)) + ":";
      for (size_t i = 0; i < sheet.cell_count(r); ++i) {
        const auto& cell = sheet.cell_at(r, i);
        out += " [" + std::to_string(cell.column) + " " +
               std::string(CellTypeName(cell.type)) + " '" +
               std::string(sheet.text(cell)) + "']";
      }
      out += "\n";
    }
  }
  return out;
}

Table MustRead(const std::string& bytes, const ReadOptions& options = {}) {
  auto table = ReadXls(bytes, options);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(table).value() : Table{};
}

Table ReadBiff(const std::string& workbook, const ReadOptions& options = {}) {
  return MustRead(BuildOle2({{"Workbook", workbook}}), options);
}

bool HasProblem(const Table& table, ProblemKind kind) {
  for (const auto& p : table.problems) {
    if (p.kind == kind) return true;
  }
  return false;
}

// What a writer could store of a text: SheetJS's BIFF2/BIFF5 writers put '_'
// for every non-ASCII character; Gnumeric's BIFF7 writer uses Windows-1252
// and puts '?' for what it cannot hold (here only the Turkish ğ; the few
// Windows-1252 letters outside Latin-1 do not occur in the table).
enum class Repertoire { kUnicode, kAsciiUnderscore, kLatin1Question };

std::string AsWritten(const std::string& utf8, Repertoire repertoire) {
  if (repertoire == Repertoire::kUnicode) return utf8;
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = length == 1   ? c
                  : length == 2 ? ((c & 0x1F) << 6 | (utf8[i + 1] & 0x3F))
                                : 0x10000;
    if (cp < 0x80) {
      out += utf8.substr(i, length);
    } else if (repertoire == Repertoire::kAsciiUnderscore) {
      out += '_';
    } else {
      out += cp <= 0xFF ? utf8.substr(i, length) : "?";
    }
    i += length;
  }
  return out;
}

struct WriterFile {
  std::string file;
  std::string sheet;
  Repertoire repertoire = Repertoire::kUnicode;
  bool dates_typed = true;  // SheetJS's BIFF2 writer stores no number formats
  std::string biff;
};

const std::vector<WriterFile>& StudentFiles() {
  static const std::vector<WriterFile> kFiles = {
      {"xlwt_students.xls", "Leerlingen", Repertoire::kUnicode, true, "8"},
      {"writeexcel_students.xls", "Leerlingen", Repertoire::kUnicode, true,
       "8"},
      {"gnumeric_students.xls", "Leerlingen", Repertoire::kUnicode, true, "8"},
      {"gnumeric_biff7_students.xls", "Leerlingen", Repertoire::kLatin1Question,
       true, "5"},
      {"libreoffice_students.xls", "Leerlingen", Repertoire::kUnicode, true,
       "8"},
      {"sheetjs_biff8_students.xls", "Leerlingen", Repertoire::kUnicode, true,
       "8"},
      {"sheetjs_biff5_students.xls", "Leerlingen", Repertoire::kAsciiUnderscore,
       true, "5"},
      {"sheetjs_biff2_students.xls", "sheetjs_biff2_students",
       Repertoire::kAsciiUnderscore, false, "2"},
  };
  return kFiles;
}

void ExpectStudents(const Sheet& sheet, const WriterFile& writer) {
  const auto& rows = SyntheticStudents();
  ASSERT_EQ(sheet.row_count(), rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ(sheet.line(r), static_cast<int>(r + 1));
    for (size_t c = 0; c < rows[r].size(); ++c) {
      int column = static_cast<int>(c + 1);
      std::string expected = AsWritten(rows[r][c], writer.repertoire);
      bool date = r > 0 && static_cast<int>(c) == testing::kBirthDateColumn;
      if (date && !writer.dates_typed) {
        expected = std::to_string(testing::ExcelSerial(rows[r][c]));
        EXPECT_EQ(sheet.Type(r, column), CellType::kNumber) << "row " << r;
      } else if (date) {
        EXPECT_EQ(sheet.Type(r, column), CellType::kDate) << "row " << r;
      } else if (!expected.empty()) {
        EXPECT_EQ(sheet.Type(r, column), CellType::kText)
            << "row " << r << " col " << c;
      }
      EXPECT_EQ(sheet.Text(r, column), expected) << "row " << r << " col " << c;
    }
  }
}

// ---------------------------------------------------------------------------
// Real writers.

TEST(XlsReaderTest, EveryWritersStudentFileReadsToTheStudentTable) {
  for (const auto& writer : StudentFiles()) {
    SCOPED_TRACE(writer.file);
    std::string bytes = Slurp(FixtureDir() / writer.file);
    ASSERT_FALSE(bytes.empty());
    ReadOptions options;
    options.file_name = writer.file;
    auto table = ReadTable(bytes, options);  // through sniffing, as uploads go
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    EXPECT_EQ(table->format, "xls");
    EXPECT_EQ(table->property("biff"), writer.biff);
    ASSERT_EQ(table->sheets.size(), 1u) << Dump(*table);
    EXPECT_EQ(table->sheets[0].name(), writer.sheet);
    EXPECT_FALSE(table->sheets[0].hidden());
    EXPECT_TRUE(table->problems.empty()) << table->problems[0].message.en;
    ExpectStudents(table->sheets[0], writer);
  }
}

struct ExtraFile {
  std::string file;
  bool native_booleans =
      true;  // LibreOffice stores TRUE/FALSE as 1/0 with a format
  bool cached_string = true;  // xlwt stores no formula result (reads as "")
  bool hidden_sheet = true;   // BIFF2 holds one sheet
  bool dates_typed = true;    // SheetJS's BIFF2 writer stores no number formats
};

TEST(XlsReaderTest,
     EveryWritersExtraWorkbookReadsNumbersBooleansFormulasErrors1904) {
  const std::vector<ExtraFile> files = {
      {"xlwt_extra.xls", true, false},
      {"writeexcel_extra.xls"},
      {"gnumeric_extra.xls"},
      {"libreoffice_extra.xls", false},
      {"sheetjs_biff8_extra.xls"},
      {"sheetjs_biff5_extra.xls"},
      {"sheetjs_biff2_extra.xls", true, true, false, false},
  };
  for (const auto& f : files) {
    SCOPED_TRACE(f.file);
    Table table = MustRead(Slurp(FixtureDir() / f.file));
    ASSERT_EQ(table.sheets.size(), f.hidden_sheet ? 2u : 1u) << Dump(table);
    const Sheet& s = table.sheets[0];
    EXPECT_FALSE(s.hidden());
    ASSERT_EQ(s.row_count(), 11u) << Dump(table);
    struct Want {
      std::string text;
      CellType type;
    };
    std::vector<Want> want = {
        {"waarde", CellType::kText},
        {"1234", CellType::kNumber},
        {"12.5", CellType::kNumber},
        {"-3", CellType::kNumber},
        {f.native_booleans ? "TRUE" : "1",
         f.native_booleans ? CellType::kBoolean : CellType::kNumber},
        {f.native_booleans ? "FALSE" : "0",
         f.native_booleans ? CellType::kBoolean : CellType::kNumber},
        {f.cached_string ? "KLAS 4A" : "", CellType::kText},
        {"#N/A", CellType::kError},
        // The workbooks use the 1904 date system: the same day, another serial.
        {f.dates_typed ? "2018-08-07" : "41857",
         f.dates_typed ? CellType::kDate : CellType::kNumber},
        {"123456789012", CellType::kNumber},
        {"0.1", CellType::kNumber},
    };
    for (size_t r = 0; r < want.size(); ++r) {
      EXPECT_EQ(s.Text(r, 2), want[r].text) << "row " << r + 1;
      EXPECT_EQ(s.Type(r, 2), want[r].type) << "row " << r + 1;
    }
    EXPECT_EQ(s.Text(6, 1), "formule");
    bool error_noted = false;
    for (const auto& p : table.problems) {
      if (p.kind == ProblemKind::kCellError) {
        error_noted = true;
        EXPECT_EQ(p.row, 8);
        EXPECT_EQ(p.column, 2);
        EXPECT_EQ(p.value, "#N/A");
      }
    }
    EXPECT_TRUE(error_noted);
    if (f.hidden_sheet) {
      const Sheet& hidden = table.sheets[1];
      EXPECT_EQ(hidden.name(), "Verborgen");
      EXPECT_TRUE(hidden.hidden());
      EXPECT_EQ(hidden.Text(0, 1), "geheim");
      EXPECT_TRUE(HasProblem(table, ProblemKind::kHiddenSheet));
    }
  }
}

TEST(XlsReaderTest, SameCellsAsTheXlsxReaderReadsFromLibreOfficesResave) {
  // parity/X.xlsx is LibreOffice's re-save of X.xls (make/make_parity.py):
  // the XLSX reader's cells, types and problems are the standard here.
  int pairs = 0;
  for (const auto& entry : fs::directory_iterator(FixtureDir() / "parity")) {
    std::string xls_name = entry.path().stem().string() + ".xls";
    SCOPED_TRACE(xls_name);
    ++pairs;
    auto xlsx = ReadXlsx(Slurp(entry.path()), ReadOptions{});
    ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
    Table xls = MustRead(Slurp(FixtureDir() / xls_name));
    EXPECT_EQ(Dump(xls), Dump(*xlsx));
    ASSERT_EQ(xls.problems.size(), xlsx->problems.size());
    for (size_t i = 0; i < xls.problems.size(); ++i) {
      EXPECT_EQ(xls.problems[i].kind, xlsx->problems[i].kind);
      EXPECT_EQ(xls.problems[i].sheet, xlsx->problems[i].sheet);
      EXPECT_EQ(xls.problems[i].row, xlsx->problems[i].row);
      EXPECT_EQ(xls.problems[i].column, xlsx->problems[i].column);
      EXPECT_EQ(xls.problems[i].value, xlsx->problems[i].value);
      EXPECT_EQ(xls.problems[i].message.nl, xlsx->problems[i].message.nl);
    }
  }
  EXPECT_GE(pairs, 7);
}

TEST(XlsReaderTest, FixturesCoverTheMiniStreamAndRegularSectors) {
  // Gnumeric, LibreOffice and SheetJS keep small workbooks in the mini
  // stream; xlwt and WriteExcel pad theirs to 4096 bytes, into regular
  // sectors. Both paths are read above.
  auto stream_size = [](const std::string& file) -> uint64_t {
    std::string bytes = Slurp(FixtureDir() / file);
    auto ole = Ole2File::Open(bytes);
    if (!ole.ok()) return 0;
    const auto* e = ole->FindRootStream("Workbook");
    if (!e) e = ole->FindRootStream("Book");
    return e ? e->size : 0;
  };
  EXPECT_LT(stream_size("libreoffice_students.xls"), 4096u);
  EXPECT_LT(stream_size("sheetjs_biff8_students.xls"), 4096u);
  EXPECT_LT(stream_size("gnumeric_biff7_students.xls"), 4096u);
  EXPECT_GE(stream_size("xlwt_students.xls"), 4096u);
  EXPECT_GE(stream_size("writeexcel_students.xls"), 4096u);
}

// ---------------------------------------------------------------------------
// FreeXL 1.0.6, which this reader replaces.

// FreeXL's answer for one file: the open result, and when it opened, the
// sheet count, the dimensions of the first sheet and cell B2 as text.
struct FreeXlView {
  int open_rc = 0;
  bool handle = false;
  unsigned int sheets = 0;
  unsigned int rows = 0;
  unsigned short columns = 0;
  std::string b2;
};

FreeXlView OpenWithFreeXl(const std::string& path) {
  FreeXlView view;
  const void* handle = nullptr;
  view.open_rc = freexl_open(path.c_str(), &handle);
  view.handle = handle != nullptr;
  if (handle == nullptr) return view;
  EXPECT_EQ(freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &view.sheets),
            FREEXL_OK);
  EXPECT_EQ(freexl_select_active_worksheet(handle, 0), FREEXL_OK);
  EXPECT_EQ(freexl_worksheet_dimensions(handle, &view.rows, &view.columns),
            FREEXL_OK);
  FreeXL_CellValue value;
  EXPECT_EQ(freexl_get_cell_value(handle, 1, 1, &value), FREEXL_OK);
  if (value.type == FREEXL_CELL_SST_TEXT || value.type == FREEXL_CELL_TEXT) {
    view.b2 = value.value.text_value;
  }
  EXPECT_EQ(freexl_close(handle), FREEXL_OK);
  return view;
}

TEST(XlsReaderTest, FreeXlFailsOnValidMiniStreamWorkbooksThatWeRead) {
  testing::TempDir dir;
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::string path = dir.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  };

  // 1. A valid compound file whose small Workbook stream is not the first
  // thing in the mini stream (a summary stream is, as Excel often lays it
  // out). FreeXL reads the mini stream from its start instead of following
  // the Workbook's mini-sector chain, trips over the summary bytes, and
  // reports success with a NULL handle: a caller that trusts the result
  // code dereferences NULL.
  std::string ours =
      BuildOle2({{"\x05SummaryInformation", std::string(200, '\x07')},
                 {"Workbook", StudentsWorkbook()}});
  FreeXlView freexl = OpenWithFreeXl(write("ours.xls", ours));
  EXPECT_EQ(freexl.open_rc, FREEXL_OK);
  EXPECT_FALSE(freexl.handle);
  Table table = MustRead(ours);
  ASSERT_EQ(table.sheets.size(), 1u);
  ExpectStudents(table.sheets[0], StudentFiles()[0]);

  // 2. SheetJS's BIFF8 output (Gnumeric and LibreOffice open it): its root
  // entry is named "R", and FreeXL only takes an entry named "Root Entry"
  // as the root, so it finds no mini stream at all.
  std::string sheetjs = Slurp(FixtureDir() / "sheetjs_biff8_students.xls");
  freexl = OpenWithFreeXl(write("sheetjs.xls", sheetjs));
  EXPECT_EQ(freexl.open_rc, FREEXL_INVALID_MINI_STREAM);
  EXPECT_FALSE(freexl.handle);
  table = MustRead(sheetjs);
  ASSERT_EQ(table.sheets.size(), 1u);
  ExpectStudents(table.sheets[0], StudentFiles()[0]);

  // For contrast: a mini-stream workbook that starts the mini stream, from
  // LibreOffice, FreeXL does read. The mini stream as such is not the issue;
  // its layout is.
  freexl = OpenWithFreeXl(write(
      "libreoffice.xls", Slurp(FixtureDir() / "libreoffice_students.xls")));
  EXPECT_EQ(freexl.open_rc, FREEXL_OK);
  EXPECT_TRUE(freexl.handle);
  EXPECT_EQ(freexl.sheets, 1u);
  EXPECT_EQ(freexl.rows, 7u);
  EXPECT_EQ(freexl.columns, 9u);
  EXPECT_EQ(freexl.b2, "Zoë");
}

// ---------------------------------------------------------------------------
// BIFF details.

TEST(XlsReaderTest, BuiltStudentWorkbookInRegularSectorsAndMiniStream) {
  std::string workbook = StudentsWorkbook();
  ASSERT_LT(workbook.size(), 4096u);
  // Padded past the 4096-byte cutoff (as xlwt does) it moves to regular
  // sectors; the zeros after the last EOF are never read.
  std::string padded = workbook + std::string(5000 - workbook.size(), '\0');
  for (const std::string* stream : {&workbook, &padded}) {
    SCOPED_TRACE(stream->size());
    Table table = MustRead(BuildOle2({{"Workbook", *stream}}));
    EXPECT_EQ(table.format, "xls");
    ASSERT_EQ(table.sheets.size(), 1u);
    ExpectStudents(table.sheets[0], StudentFiles()[0]);
  }
}

TEST(XlsReaderTest, SharedStringsAcrossContinueRecords) {
  // String 0 starts compressed ("Zo") and continues as UTF-16 after the
  // option byte that opens the CONTINUE. String 1 has rich-text runs and
  // phonetic data, its runs split over the next CONTINUE (no option byte
  // there: it is not inside the characters). String 2 starts right at a
  // CONTINUE. String 3's header ends one record and its characters begin the
  // next, after an option byte.
  std::string sst = Le32(4) + Le32(4);
  sst += Le16(13) + std::string(1, '\x00') + "Zo";
  std::string c1 = std::string(1, '\x01') + Utf16(u"\u00EB Voorbeeld");
  c1 += Le16(4) + std::string(1, '\x0C') + Le16(2) + Le32(6) +
        std::string("Proe") + Le32(0x00010000);
  std::string c2 = Le32(0x00020001) +
                   std::string(6, 'P');  // rest of the runs, phonetic data
  c2 += Le16(5) + std::string(1, '\x01') + Utf16(u"\u00C7a\u011Fla");
  c2 += Le16(4) + std::string(1, '\x00');
  std::string c3 = std::string(1, '\x00') + "Daan";
  std::string globals =
      Rec(0x00FC, sst) + Rec(0x003C, c1) + Rec(0x003C, c2) + Rec(0x003C, c3);
  std::string cells = LabelSst(0, 0, 0) + LabelSst(0, 1, 1) +
                      LabelSst(0, 2, 2) + LabelSst(0, 3, 3);
  Table table = ReadBiff(BuildWorkbook(globals, {{"Blad1", cells}}));
  ASSERT_EQ(table.sheets.size(), 1u);
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "Zoë Voorbeeld");
  EXPECT_EQ(s.Text(0, 2), "Proe");
  EXPECT_EQ(s.Text(0, 3), "Çağla");
  EXPECT_EQ(s.Text(0, 4), "Daan");
  EXPECT_TRUE(table.problems.empty()) << table.problems[0].message.en;
}

// Issue 26.6: an empty CONTINUE inside the string table, in the middle of a
// string and between two, loses no string.
TEST(XlsReaderTest, Issue26EmptyContinueRecordsInsideTheSst) {
  std::string sst = Le32(3) + Le32(3);
  sst += Le16(4) + std::string(1, '\x00') + "Ja";
  std::string c2 = std::string(1, '\x00') + "an";
  c2 += Le16(4) + std::string(1, '\x00') + "Piet";
  // As Excel wrote it in ExcelDataReader's issue 467: a CONTINUE with only
  // the option byte inside a string.
  std::string c4 = Le16(3) + std::string(1, '\x01') + Utf16(u"Zo");
  std::string c5 = std::string(1, '\x01');
  std::string c6 = std::string(1, '\x01') + Utf16(u"\u00EB");
  std::string globals = Rec(0x00FC, sst) + Rec(0x003C, "") + Rec(0x003C, c2) +
                        Rec(0x003C, "") + Rec(0x003C, c4) + Rec(0x003C, c5) +
                        Rec(0x003C, c6);
  std::string cells = LabelSst(0, 0, 0) + LabelSst(0, 1, 1) + LabelSst(0, 2, 2);
  Table table = ReadBiff(BuildWorkbook(globals, {{"Blad1", cells}}));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "Jaan");
  EXPECT_EQ(s.Text(0, 2), "Piet");
  EXPECT_EQ(s.Text(0, 3), "Zoë");
  EXPECT_TRUE(table.problems.empty()) << table.problems[0].message.en;
}

TEST(XlsReaderTest, NumbersRkMulRkAndDates) {
  std::string mulrk = Le16(1) + Le16(0);
  mulrk += Le16(0) + Le32((7u << 2) | 2);      // 7
  mulrk += Le16(0) + Le32((1250u << 2) | 3);   // 1250 / 100
  mulrk += Le16(1) + Le32((43319u << 2) | 2);  // a date by XF 1
  mulrk += Le16(2);                            // last column
  std::string cells = Rk(0, 0, (1234u << 2) | 2) +
                      Rk(0, 1, (static_cast<uint32_t>(-3) << 2) | 2) +
                      Rk(0, 2, 0x3FE00000) +      // the double 0.5
                      Rk(0, 3, 0x405EC000 | 1) +  // 123.0 / 100
                      Number(0, 4, 0.1) + Number(0, 5, 123456789012.0) +
                      Number(0, 6, 43319.5, 4 /*no XF*/) + Rec(0x00BD, mulrk) +
                      Number(2, 0, 43319, 2) + Number(2, 1, 7, 3) +
                      Number(2, 2, 43319.5625, 1);
  Table table = ReadBiff(BuildWorkbook(DateStyles8(), {{"Blad1", cells}}));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.RowTexts(0),
            (std::vector<std::string>{"1234", "-3", "0.5", "1.23", "0.1",
                                      "123456789012", "43319.5"}));
  EXPECT_EQ(s.Type(0, 1), CellType::kNumber);
  EXPECT_EQ(s.Text(1, 1), "7");
  EXPECT_EQ(s.Text(1, 2), "12.5");
  EXPECT_EQ(s.Text(1, 3), "2018-08-07");
  EXPECT_EQ(s.Type(1, 3), CellType::kDate);
  EXPECT_EQ(s.Text(2, 1), "2018-08-07");  // custom date format dd-mm-yyyy
  EXPECT_EQ(s.Type(2, 1), CellType::kDate);
  EXPECT_EQ(s.Text(2, 2), "7");  // "nr "0 is not a date
  EXPECT_EQ(s.Text(2, 3), "2018-08-07T13:30:00");
  EXPECT_EQ(s.line(1), 2);
}

TEST(XlsReaderTest, DateMode1904) {
  std::string globals = Rec(0x0022, Le16(1)) + DateStyles8();
  Table table =
      ReadBiff(BuildWorkbook(globals, {{"Blad1", Number(0, 0, 41857, 1)}}));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "2018-08-07");
}

TEST(XlsReaderTest, FormulaResults) {
  std::string cells =
      Formula(0, 0, F64(42)) + Formula(0, 1, F64(43319), 1) +
      // A text result follows in STRING, after a shared-formula record.
      Formula(0, 2, SpecialResult(0, 0)) + Rec(0x04BC, std::string(10, '\0')) +
      Rec(0x0207, Text8(u"uitkomst")) + Formula(0, 3, SpecialResult(1, 1)) +
      Formula(0, 4, SpecialResult(2, 0x07)) +
      Formula(0, 5, SpecialResult(3, 0)) +
      // A STRING whose characters continue in a CONTINUE record.
      Formula(0, 6, SpecialResult(0, 0)) +
      Rec(0x0207, Le16(6) + std::string(1, '\0') + "abc") +
      Rec(0x003C, std::string(1, '\x01') + Utf16(u"d\u00E9f")) +
      // A text formula without its STRING: nothing, and the next cell is fine.
      Formula(0, 7, SpecialResult(0, 0)) + Number(0, 8, 1);
  Table table = ReadBiff(BuildWorkbook(DateStyles8(), {{"Blad1", cells}}));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.Text(0, 1), "42");
  EXPECT_EQ(s.Text(0, 2), "2018-08-07");
  EXPECT_EQ(s.Type(0, 2), CellType::kDate);
  EXPECT_EQ(s.Text(0, 3), "uitkomst");
  EXPECT_EQ(s.Type(0, 3), CellType::kText);
  EXPECT_EQ(s.Text(0, 4), "TRUE");
  EXPECT_EQ(s.Type(0, 4), CellType::kBoolean);
  EXPECT_EQ(s.Text(0, 5), "#DIV/0!");
  EXPECT_EQ(s.Type(0, 5), CellType::kError);
  EXPECT_EQ(
      s.Type(0, 6),
      CellType::kText);  // an empty text result, as the XLSX reader keeps it
  EXPECT_EQ(s.Text(0, 6), "");
  EXPECT_EQ(s.Text(0, 7), "abcdéf");
  EXPECT_EQ(s.Type(0, 8), CellType::kEmpty);
  EXPECT_EQ(s.Text(0, 9), "1");
  EXPECT_TRUE(HasProblem(table, ProblemKind::kCellError));
}

TEST(XlsReaderTest, BooleansErrorsLabelsAndBlanks) {
  std::string mulblank =
      Le16(3) + Le16(0) + Le16(0) + Le16(0) + Le16(0) + Le16(2);
  std::string cells = BoolErr(0, 0, 1, false) + BoolErr(0, 1, 0, false) +
                      BoolErr(0, 2, 0x2A, true) + BoolErr(0, 3, 0x17, true) +
                      BoolErr(0, 4, 0x99, true) + Label8(1, 0, "Çağla") +
                      Rec(0x0201, Cell(2, 0, 0)) + Rec(0x00BE, mulblank);
  Table table = ReadBiff(BuildWorkbook("", {{"Blad1", cells}}));
  const Sheet& s = table.sheets[0];
  EXPECT_EQ(s.RowTexts(0), (std::vector<std::string>{"TRUE", "FALSE", "#N/A",
                                                     "#REF!", "#N/A"}));
  EXPECT_EQ(s.Text(1, 1), "Çağla");
  EXPECT_EQ(s.row_count(), 2u);  // blank cells are no cells
  int errors = 0;
  for (const auto& p : table.problems)
    errors += p.kind == ProblemKind::kCellError;
  EXPECT_EQ(errors, 3);
}

TEST(XlsReaderTest, CellsOutOfOrderAreSortedAndTheLastOfTwoWins) {
  std::string cells = Label8(5, 1, "f2") + Label8(0, 2, "a3") +
                      Label8(0, 0, "a1") + Label8(5, 0, "f1") +
                      Label8(0, 0, "a1 again");
  Table table = ReadBiff(BuildWorkbook("", {{"Blad1", cells}}));
  const Sheet& s = table.sheets[0];
  ASSERT_EQ(s.row_count(), 2u);
  EXPECT_EQ(s.line(0), 1);
  EXPECT_EQ(s.line(1), 6);
  EXPECT_EQ(s.RowTexts(0), (std::vector<std::string>{"a1 again", "", "a3"}));
  EXPECT_EQ(s.Text(1, 1), "f1");
  EXPECT_EQ(s.Text(1, 2), "f2");
  ASSERT_EQ(s.cell_count(0), 2u);
}

TEST(XlsReaderTest, SheetsHiddenVeryHiddenChartsAndEmbeddedCharts) {
  std::string embedded_chart = Bof8(0x20) + Number(0, 0, 99) + Eof();
  Table table = ReadBiff(BuildWorkbook(
      "",
      {{"Zichtbaar", Label8(0, 0, "a") + embedded_chart + Label8(1, 0, "b")},
       {"Verborgen", Label8(0, 0, "c"), 1},
       {"Heel verborgen", Label8(0, 0, "d"), 2},
       {"Grafiek", "", 0, 2}}));
  ASSERT_EQ(table.sheets.size(), 3u) << Dump(table);
  EXPECT_EQ(table.sheets[0].name(), "Zichtbaar");
  EXPECT_EQ(table.sheets[0].row_count(),
            2u);  // the chart's cached 99 is no cell
  EXPECT_EQ(table.sheets[0].Text(1, 1), "b");
  EXPECT_TRUE(table.sheets[1].hidden());
  EXPECT_TRUE(table.sheets[2].hidden());
  int hidden = 0;
  for (const auto& p : table.problems) {
    if (p.kind == ProblemKind::kHiddenSheet) {
      ++hidden;
      EXPECT_NE(p.message.nl.find("verborgen"), std::string::npos);
    }
  }
  EXPECT_EQ(hidden, 2);
}

TEST(XlsReaderTest, Biff5CodePages) {
  // Book stream, BIFF5: byte strings in the workbook's code page.
  auto label5 = [](uint16_t r, uint16_t c, std::string_view bytes) {
    return Rec(0x0204, Cell(r, c, 0) +
                           Le16(static_cast<uint16_t>(bytes.size())) +
                           std::string(bytes));
  };
  struct Case {
    uint16_t codepage;
    std::string bytes;
    std::string utf8;
  };
  std::vector<Case> cases = {
      {1252, "Zo\xEB \x80", "Zoë €"},
      {1254, "Testo\xF0lu \xC7", "Testoğlu Ç"},
      {1250, "\xC8\x65rn\xFD", "Černý"},
      {1251, "\xC8\xE2\xE0\xED", "Иван"},
      {850, "Zo\x89", "Zoë"},
      {10000, "Zo\x91", "Zoë"},
      // Mac Central Europe, as PhpSpreadsheet's maccentraleurope.biff5.xls.
      {10029, "\x80rkusz", "Ärkusz"},
      {10007, "\x88\xE2\xE0\xED", "Иван"},
      {932, "\x93\xFA\x96\x7B", "日本"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.codepage);
    std::string globals = Rec(0x0042, Le16(c.codepage));
    std::string name =
        "Blad \xE9\xE9n";  // in the code page too (1252: "Blad één")
    std::string workbook = BuildWorkbook(
        globals, {{name, label5(0, 0, c.bytes) + Number(0, 1, 2)}}, true);
    Table table = MustRead(BuildOle2({{"Book", workbook}}));
    ASSERT_EQ(table.sheets.size(), 1u);
    EXPECT_EQ(table.property("biff"), "5");
    EXPECT_EQ(table.sheets[0].Text(0, 1), c.utf8);
    EXPECT_EQ(table.sheets[0].Text(0, 2), "2");
    if (c.codepage == 1252) {
      EXPECT_EQ(table.sheets[0].name(), "Blad één");
    }
  }
}

// Issue 26.11: a BIFF5 workbook without CODEPAGE is read in the character
// set of its default font; a CODEPAGE record still decides.
TEST(XlsReaderTest, Issue26Biff5WithoutCodePageUsesTheFontCharset) {
  auto font5 = [](uint8_t charset) {
    return Rec(0x0031, Le16(200) + Le16(0) + Le16(0x7FFF) + Le16(400) +
                           Le16(0) +
                           std::string{'\0', '\x02', static_cast<char>(charset),
                                       '\0', '\x05'} +
                           "Arial");
  };
  auto label5 = [](uint16_t r, uint16_t c, std::string_view bytes) {
    return Rec(0x0204, Le16(r) + Le16(c) + Le16(0) +
                           Le16(static_cast<uint16_t>(bytes.size())) +
                           std::string(bytes));
  };
  std::string ivan = "\xC8\xE2\xE0\xED";  // "Иван" in Windows-1251
  std::string cells = label5(0, 0, ivan);
  Table russian =
      MustRead(BuildOle2({{"Book", BuildWorkbook(font5(204) + font5(0),
                                                 {{"Blad1", cells}}, true)}}));
  EXPECT_EQ(russian.sheets[0].Text(0, 1), "Иван");
  Table declared = MustRead(
      BuildOle2({{"Book", BuildWorkbook(Rec(0x0042, Le16(1252)) + font5(204),
                                        {{"Blad1", cells}}, true)}}));
  EXPECT_EQ(declared.sheets[0].Text(0, 1), "Èâàí");
  Table western = MustRead(
      BuildOle2({{"Book", BuildWorkbook(font5(0), {{"Blad1", cells}}, true)}}));
  EXPECT_EQ(western.sheets[0].Text(0, 1), "Èâàí");
}

TEST(XlsReaderTest, BareBiff2Biff3Biff4AndBiff5Streams) {
  // BIFF2: its own record ids, three attribute bytes per cell whose second
  // byte names the FORMAT record (by order) directly.
  auto attrs = [](uint8_t format) {
    return std::string{'\0', static_cast<char>(format), '\0'};
  };
  std::string biff2 =
      Rec(0x0009, Le16(2) + Le16(0x10)) +
      Rec(0x001E, std::string(1, '\x07') + "General") +
      Rec(0x001E, std::string(1, '\x0A') + "dd-mm-yyyy") +
      Rec(0x0004,
          Le16(0) + Le16(0) + attrs(0) + std::string(1, '\x04') + "Zo\xEB!") +
      Rec(0x0002, Le16(0) + Le16(1) + attrs(0) + Le16(65535)) +
      Rec(0x0003, Le16(1) + Le16(0) + attrs(1) + F64(43319)) +
      Rec(0x0005, Le16(1) + Le16(1) + attrs(0) + std::string{'\1', '\0'}) +
      Rec(0x0006, Le16(1) + Le16(2) + attrs(0) + SpecialResult(0, 0) +
                      std::string(3, '\0')) +
      Rec(0x0007, std::string(1, '\x03') + "abc") + Eof();
  Table t2 = MustRead(biff2);
  ASSERT_EQ(t2.sheets.size(), 1u);
  EXPECT_EQ(t2.property("biff"), "2");
  // One sheet without a name: named after the file, as Excel shows it.
  EXPECT_EQ(t2.sheets[0].name(), "Blad1");
  ReadOptions named;
  named.file_name = "export/LEERLINGEN.XLS";
  EXPECT_EQ(MustRead(biff2, named).sheets[0].name(), "LEERLINGEN");
  EXPECT_EQ(t2.sheets[0].RowTexts(0),
            (std::vector<std::string>{"Zoë!", "65535", ""}));
  EXPECT_EQ(t2.sheets[0].RowTexts(1),
            (std::vector<std::string>{"2018-08-07", "TRUE", "abc"}));

  // BIFF3 and BIFF4: 0x02xx cell records with XF indices; BIFF4 FORMAT
  // records have two bytes before the string.
  for (int version : {3, 4}) {
    SCOPED_TRACE(version);
    uint16_t bof = version == 3 ? 0x0209 : 0x0409;
    std::string prefix = version == 4 ? std::string(2, '\0') : "";
    uint16_t format_id = version == 3 ? 0x001E : 0x041E;
    uint16_t xf_id = version == 3 ? 0x0243 : 0x0443;
    std::string stream =
        Rec(bof, Le16(0) + Le16(0x10) + Le16(0)) +
        Rec(format_id, prefix + std::string(1, '\x01') + "0") +
        Rec(format_id, prefix + std::string(1, '\x08') + "yyyy-m-d") +
        Rec(xf_id, std::string{'\0', '\0'} + std::string(10, '\0')) +
        Rec(xf_id, std::string{'\0', '\1'} + std::string(10, '\0')) +
        Number(0, 0, 43319, 1) + Number(0, 1, 43319, 0) +
        Rk(0, 2, (5u << 2) | 2) +
        Rec(0x0204, Cell(0, 3, 0) + Le16(3) +
                        "d\xE9"
                        "f") +
        Eof();
    Table t = MustRead(stream);
    EXPECT_EQ(t.property("biff"), std::to_string(version));
    EXPECT_EQ(t.sheets[0].RowTexts(0),
              (std::vector<std::string>{"2018-08-07", "43319", "5", "déf"}));
  }

  // A bare BIFF5 worksheet (no globals): code page and cells in one stream.
  std::string biff5 = Bof5(0x10) + Rec(0x0042, Le16(1254)) +
                      Rec(0x0204, Cell(0, 0, 0) + Le16(8) + "Testo\xF0lu") +
                      Eof();
  Table t5 = MustRead(biff5);
  EXPECT_EQ(t5.sheets[0].Text(0, 1), "Testoğlu");
}

// ---------------------------------------------------------------------------
// Refusals.

TEST(XlsReaderTest, PasswordProtectedWorkbooksAreRefusedWithAWayOut) {
  std::string filepass = Rec(0x002F, Le16(1) + std::string(52, '\x11'));
  auto biff8 = ReadXls(
      BuildOle2({{"Workbook", BuildWorkbook(filepass, {{"Blad1", ""}})}}),
      ReadOptions{});
  ASSERT_FALSE(biff8.ok());
  EXPECT_EQ(biff8.status().message().nl,
            "Dit Excel-bestand is met een wachtwoord beveiligd. Haal de "
            "beveiliging eraf en sla het opnieuw op als .xlsx.");
  EXPECT_NE(biff8.status().message().en.find("password"), std::string::npos);

  // A password-protected .xlsx is an OLE2 file with an encrypted package.
  auto xlsx = ReadXls(BuildOle2({{"EncryptionInfo", std::string(200, 'i')},
                                 {"EncryptedPackage", std::string(5000, 'p')}}),
                      ReadOptions{});
  ASSERT_FALSE(xlsx.ok());
  EXPECT_NE(xlsx.status().message().nl.find("wachtwoord"), std::string::npos);
}

// Issue 26.1: Excel's default password ("VelvetSweatshop") opens without a
// question in Excel, so the reader opens it too: XOR obfuscation, RC4 and RC4
// CryptoAPI (40 and 128 bits) in XLS. Another password is still refused.
TEST(XlsReaderTest, Issue26DefaultPasswordXlsIsDecryptedOtherPasswordsRefused) {
  using testing::BiffEncryption;
  const std::u16string kDefault = u"VelvetSweatshop";
  for (BiffEncryption method :
       {BiffEncryption::kXor, BiffEncryption::kRc4,
        BiffEncryption::kRc4CryptoApi40, BiffEncryption::kRc4CryptoApi128}) {
    SCOPED_TRACE(static_cast<int>(method));
    // Padding before the students makes the stream span several 1024-byte
    // RC4 blocks.
    std::string filepass =
        Rec(0x002F, testing::FilePassBody(method, kDefault)) +
        Rec(0x00E1, Le16(0x04B0)) + Rec(0x0012, Le16(0)) +
        Rec(0x005C, std::string(112, ' ')) + Rec(0x0012, Le16(0));
    std::string padding = Rec(0x0017, std::string(2000, '\x01'));
    std::string plain = StudentsWorkbook(filepass + padding);
    std::string stream = plain;
    testing::EncryptBiff(&stream, method, kDefault);
    ASSERT_NE(stream, plain);
    Table table = MustRead(BuildOle2({{"Workbook", stream}}));
    ASSERT_EQ(table.sheets.size(), 1u);
    EXPECT_EQ(table.sheets[0].name(), "Leerlingen");
    ExpectStudents(table.sheets[0], StudentFiles()[0]);
    EXPECT_EQ(table.property("protection"), "default");

    std::string other =
        StudentsWorkbook(Rec(0x002F, testing::FilePassBody(method, u"geheim")));
    testing::EncryptBiff(&other, method, u"geheim");
    auto refused = ReadXls(BuildOle2({{"Workbook", other}}), ReadOptions{});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().nl.find("wachtwoord"),
              std::string::npos);
  }
  // Excel 5/95 knew only XOR obfuscation; its FILEPASS has no type.
  std::string labels;
  for (uint16_t r = 0; r < 3; ++r) {
    labels += Rec(0x0204, Le16(r) + Le16(0) + Le16(0) + Le16(4) +
                              "Zo\xEB"
                              "e");
  }
  std::string biff5 = BuildWorkbook(
      Rec(0x002F, testing::FilePassBody(BiffEncryption::kXor, kDefault,
                                        /*biff5=*/true)),
      {{"Blad1", labels}}, /*biff5=*/true);
  testing::EncryptBiff(&biff5, BiffEncryption::kXor, kDefault);
  Table table5 = MustRead(BuildOle2({{"Book", biff5}}));
  EXPECT_EQ(table5.sheets[0].Text(2, 1), "Zoëe");
}

// Issue 26.1: an XLSX with Excel's default password is an OLE2 file holding
// the encrypted package, agile (Excel 2010+) or standard (Excel 2007).
TEST(XlsReaderTest,
     Issue26DefaultPasswordXlsxIsDecryptedOtherPasswordsRefused) {
  std::string xlsx = testing::StudentsAsXlsx(false);
  auto agile = testing::EncryptAgile(xlsx, u"VelvetSweatshop");
  auto standard = testing::EncryptStandard(xlsx, u"VelvetSweatshop");
  for (const auto* encrypted : {&agile, &standard}) {
    std::string file =
        BuildOle2({{"EncryptionInfo", encrypted->encryption_info},
                   {"EncryptedPackage", encrypted->encrypted_package}});
    ReadOptions options;
    options.file_name = "leerlingen.xlsx";
    auto table = ReadTable(file, options);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    EXPECT_EQ(table->format, "xlsx");
    EXPECT_EQ(table->property("protection"), "default");
    ASSERT_EQ(table->sheets.size(), 1u);
    EXPECT_EQ(table->sheets[0].row_count(), SyntheticStudents().size());
    EXPECT_EQ(table->sheets[0].Text(1, 2), SyntheticStudents()[1][1]);
    for (const auto& p : table->problems)
      EXPECT_NE(p.kind, ProblemKind::kFormatNote) << p.message.nl;
  }
  for (const auto& encrypted : {testing::EncryptAgile(xlsx, u"geheim", 1000),
                                testing::EncryptStandard(xlsx, u"geheim")}) {
    auto refused =
        ReadXls(BuildOle2({{"EncryptionInfo", encrypted.encryption_info},
                           {"EncryptedPackage", encrypted.encrypted_package}}),
                ReadOptions{});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().nl.find("wachtwoord"),
              std::string::npos);
  }
}

TEST(XlsReaderTest, OtherOle2FilesAndUnknownVariantsAreRefusedPlainly) {
  const std::string kUnreadable =
      "Dit oude Excel-bestand kan niet worden gelezen. Open het in Excel of "
      "LibreOffice en kies Opslaan als > Excel-werkmap (.xlsx).";
  auto word = ReadXls(BuildOle2({{"WordDocument", std::string(6000, 'w')}}),
                      ReadOptions{});
  ASSERT_FALSE(word.ok());
  EXPECT_NE(word.status().message().nl.find("Word-document"),
            std::string::npos);

  std::vector<std::string> unreadable = {
      BuildOle2({{"Contents", "x"}}),
      BuildOle2({{"Workbook", "not a BIFF stream at all"}}),
      // A BIFF4 workbook ("bound" sheets), which Excel 4 wrote.
      Rec(0x0409, Le16(0) + Le16(0x0100) + Le16(0)) + Eof(),
      // A chart saved on its own.
      Bof8(0x20) + Eof(),
      // Globals without any sheet.
      Bof8(0x0005) + Eof(),
  };
  for (const auto& bytes : unreadable) {
    auto table = ReadXls(bytes, ReadOptions{});
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().message().nl, kUnreadable);
  }
}

TEST(XlsReaderTest, ASheetWithoutItsEndIsDamagedNotHalfRead) {
  std::string workbook = StudentsWorkbook();
  // Drop the final EOF of the sheet: the stream ends inside the sheet.
  workbook.resize(workbook.size() - 4);
  auto table = ReadXls(BuildOle2({{"Workbook", workbook}}), ReadOptions{});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().nl.find("beschadigd"), std::string::npos);
  EXPECT_NE(table.status().message().nl.find(".xlsx"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Limits.

TEST(XlsReaderTest, RowLimitRefusesWithTheLimitNamed) {
  std::string cells;
  for (int r = 0; r < 50; ++r) cells += Number(r, 0, r);
  ReadOptions options;
  options.limits.max_rows = 49;
  auto table =
      ReadXls(BuildOle2({{"Workbook", BuildWorkbook("", {{"Blad1", cells}})}}),
              options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Status::Code::kResourceExhausted);
  EXPECT_EQ(table.status().message().nl,
            LimitExceeded("rijen", "rows", 49).message().nl);
  options.limits.max_rows = 50;
  EXPECT_EQ(ReadBiff(BuildWorkbook("", {{"Blad1", cells}}), options)
                .sheets[0]
                .row_count(),
            50u);
  // Over all sheets together.
  options.limits.max_rows = 60;
  auto two = ReadXls(
      BuildOle2(
          {{"Workbook", BuildWorkbook("", {{"A", cells}, {"B", cells}})}}),
      options);
  ASSERT_FALSE(two.ok());
}

TEST(XlsReaderTest, ColumnsBeyondTheLimitAreSkippedWithOneProblem) {
  std::string cells;
  for (int c = 0; c < 20; ++c) cells += Number(0, c, c) + Number(1, c, c);
  ReadOptions options;
  options.limits.max_columns = 5;
  Table table = ReadBiff(BuildWorkbook("", {{"Blad1", cells}}), options);
  EXPECT_EQ(table.sheets[0].column_count(), 5);
  int problems = 0;
  for (const auto& p : table.problems)
    problems += p.kind == ProblemKind::kTooManyColumns;
  EXPECT_EQ(problems, 1);
}

TEST(XlsReaderTest, LongTextsAreCutAtACharacterBoundary) {
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "é";  // two bytes each
  ReadOptions options;
  options.limits.max_cell_bytes = 11;
  Table table = ReadBiff(
      BuildWorkbook(Sst({long_text}),
                    {{"Blad1", LabelSst(0, 0, 0) + Label8(0, 1, long_text)}}),
      options);
  EXPECT_EQ(table.sheets[0].Text(0, 1), "ééééé");
  EXPECT_EQ(table.sheets[0].Text(0, 2), "ééééé");
  int problems = 0;
  for (const auto& p : table.problems)
    problems += p.kind == ProblemKind::kFieldTooLong;
  EXPECT_EQ(problems, 2);
}

TEST(XlsReaderTest, SharedStringAndSheetLimits) {
  ReadOptions options;
  options.limits.max_shared_strings = 2;
  auto strings = ReadXls(
      BuildOle2(
          {{"Workbook", BuildWorkbook(Sst({"a", "b", "c"}), {{"Blad1", ""}})}}),
      options);
  ASSERT_FALSE(strings.ok());
  EXPECT_EQ(strings.status().code(), Status::Code::kResourceExhausted);

  options = ReadOptions{};
  options.limits.max_sheets = 2;
  auto sheets = ReadXls(
      BuildOle2(
          {{"Workbook", BuildWorkbook("", {{"A", ""}, {"B", ""}, {"C", ""}})}}),
      options);
  ASSERT_FALSE(sheets.ok());
  EXPECT_NE(sheets.status().message().nl.find("werkbladen"), std::string::npos);
}

TEST(XlsReaderTest, SstClaimingTwoBillionStringsCostsNothing) {
  std::string sst =
      Le32(0x80000000u) + Le32(0x80000000u) + Text8(u"een") + Text8(u"twee");
  std::string cells = LabelSst(0, 0, 1) + LabelSst(0, 1, 7);
  auto start = std::chrono::steady_clock::now();
  Table table = ReadBiff(BuildWorkbook(Rec(0x00FC, sst), {{"Blad1", cells}}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(table.sheets[0].Text(0, 1), "twee");
  EXPECT_EQ(table.sheets[0].Text(0, 2), "");
  EXPECT_TRUE(HasProblem(table, ProblemKind::kBrokenStructure));
}

TEST(XlsReaderTest, InterleavedFormatXfAndCellRecordsStayLinear) {
  // Each FORMAT record changes what every XF means; cells in between must
  // not make the reader re-derive all 60000 XFs each time.
  std::string stream = Rec(0x0009, Le16(2) + Le16(0x10));
  for (int i = 0; i < 60000; ++i) stream += Rec(0x0243, std::string(12, '\0'));
  for (int i = 0; i < 60000; ++i) {
    stream +=
        Rec(0x001E, std::string(1, '\x01') + "0") + Number(i, 0, i, 59999);
  }
  stream += Eof();
  auto start = std::chrono::steady_clock::now();
  auto table = ReadXls(stream, ReadOptions{});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->sheets[0].row_count(), 60000u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(XlsReaderTest, TheTimeLimitStopsALongRead) {
  std::string stream = Rec(0x0009, Le16(2) + Le16(0x10));
  std::string blank = Rec(0x0201, Cell(0, 0, 0));
  for (int i = 0; i < 400000; ++i) stream += blank;
  stream += Eof();
  ReadOptions options;
  options.limits.max_millis = 1;
  auto table = ReadXls(stream, options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Status::Code::kResourceExhausted);
}

// ---------------------------------------------------------------------------
// The compound file.

TEST(Ole2FileTest, StreamsReadBackExactlyFromMiniAndRegularSectors) {
  std::mt19937 rng(7);
  auto random_bytes = [&](size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    return s;
  };
  std::vector<OleStream> streams = {{"Leeg", ""},
                                    {"Een", random_bytes(1)},
                                    {"Klein", random_bytes(4095)},
                                    {"Grens", random_bytes(4096)},
                                    {"Groot", random_bytes(70000)},
                                    {"Mini2", random_bytes(130)}};
  std::string file = BuildOle2(streams);
  auto ole = Ole2File::Open(file);
  ASSERT_TRUE(ole.ok()) << ole.status().ToString();
  auto children = ole->RootChildren();
  ASSERT_EQ(children.size(), streams.size());
  for (size_t i = 0; i < streams.size(); ++i) {
    EXPECT_EQ(children[i]->name, streams[i].name);
    auto data = ole->ReadStream(*children[i]);
    ASSERT_TRUE(data.ok()) << streams[i].name << ": "
                           << data.status().ToString();
    EXPECT_TRUE(*data == streams[i].data) << streams[i].name;
  }
  EXPECT_NE(ole->FindRootStream("GROOT"),
            nullptr);  // names compare ignoring case
  EXPECT_EQ(ole->FindRootStream("Workbook"), nullptr);
}

TEST(Ole2FileTest, Version4FilesWith4096ByteSectors) {
  OleOptions options;
  options.version4 = true;
  std::string big(20000, 'g');
  big[12345] = 'x';
  std::string file =
      BuildOle2({{"Workbook", StudentsWorkbook()}, {"Groot", big}}, options);
  auto ole = Ole2File::Open(file);
  ASSERT_TRUE(ole.ok()) << ole.status().ToString();
  EXPECT_EQ(ole->major_version(), 4);
  auto data = ole->ReadStream(*ole->FindRootStream("Groot"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_TRUE(*data == big);
  Table table = MustRead(file);
  ASSERT_EQ(table.sheets.size(), 1u);
  ExpectStudents(table.sheets[0], StudentFiles()[0]);
}

TEST(Ole2FileTest, ManyFatSectorsThroughTheDifat) {
  // More than 109 FAT sectors (over 7 MB) need the DIFAT chain.
  std::string big(7'500'000, 'x');
  for (size_t i = 0; i < big.size(); i += 4096)
    big[i] = static_cast<char>(i >> 12);
  std::string file = BuildOle2({{"Groot", big}});
  ASSERT_GT(Get32(file, 0x48), 0u);  // DIFAT sectors in use
  auto ole = Ole2File::Open(file);
  ASSERT_TRUE(ole.ok()) << ole.status().ToString();
  auto data = ole->ReadStream(*ole->FindRootStream("Groot"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_TRUE(*data == big);

  // A DIFAT chain pointing at itself.
  std::string looped = file;
  uint32_t difat = Get32(file, 0x44);
  size_t at = (difat + 1) * 512 + 127 * 4;
  Put32(&looped, at, difat);
  Put32(&looped, 0x2C,
        Get32(file, 0x2C) + 200);  // claim more FAT sectors than listed
  EXPECT_FALSE(Ole2File::Open(looped).ok());
}

TEST(Ole2FileTest, ACutShortLastSectorIsAcceptedAShortStreamIsNot) {
  std::string data(5000, 'd');
  std::string file = BuildOle2({{"Data", data}});
  std::string cut =
      file.substr(0, file.size() - (512 - 5000 % 512));  // only padding removed
  auto ole = Ole2File::Open(cut);
  ASSERT_TRUE(ole.ok());
  auto read = ole->ReadStream(*ole->FindRootStream("Data"));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, data);

  auto shorter = Ole2File::Open(file.substr(0, file.size() - 600));
  ASSERT_TRUE(shorter.ok());
  EXPECT_FALSE(shorter->ReadStream(*shorter->FindRootStream("Data")).ok());
}

// Issue 26.8: an old XLS whose file ends inside the mini stream's last
// sector, right after its small Workbook stream, reads.
TEST(XlsReaderTest, Issue26ShortLastSectorInTheMiniStream) {
  std::string workbook = StudentsWorkbook();
  ASSERT_LT(workbook.size(), 4096u);  // in the mini stream, at the file's end
  std::string file = BuildOle2({{"Workbook", workbook}});
  size_t padding = (workbook.size() + 511) / 512 * 512 - workbook.size();
  ASSERT_GT(padding, 64u);  // cuts into the mini stream's declared size
  std::string cut = file.substr(0, file.size() - padding);
  Table table = MustRead(cut);
  ASSERT_EQ(table.sheets.size(), 1u);
  ExpectStudents(table.sheets[0], StudentFiles()[0]);

  // One byte of the Workbook stream missing is still damage.
  auto shorter = ReadXls(cut.substr(0, cut.size() - 1), ReadOptions{});
  EXPECT_FALSE(shorter.ok());
}

// The sector a stream starts at and the FAT sector, from a built file.
struct Layout {
  uint32_t fat_sector;
  uint32_t dir_sector;
  size_t entry_offset(size_t index) const {
    return (dir_sector + 1) * 512 + index * 128;
  }
  size_t fat_entry(uint32_t sector) const {
    return (fat_sector + 1) * 512 + sector * 4;
  }
};
Layout LayoutOf(const std::string& file) {
  return {Get32(file, 0x4C), Get32(file, 0x30)};
}

TEST(Ole2FileTest, HostileStructuresAreRefused) {
  std::string workbook(9000, 'w');
  std::string file =
      BuildOle2({{"Workbook", workbook}, {"Klein", std::string(100, 'k')}});
  Layout layout = LayoutOf(file);
  uint32_t start = Get32(file, layout.entry_offset(1) + 0x74);

  auto expect_refused = [](const std::string& bytes, const char* what) {
    SCOPED_TRACE(what);
    auto start_time = std::chrono::steady_clock::now();
    auto ole = Ole2File::Open(bytes);
    if (ole.ok()) {
      for (const auto* e : ole->RootChildren()) {
        if (e->name == "Workbook") {
          EXPECT_FALSE(ole->ReadStream(*e).ok());
        }
      }
    }
    auto table = ReadXls(bytes, ReadOptions{});
    EXPECT_FALSE(table.ok());
    EXPECT_LT(std::chrono::steady_clock::now() - start_time,
              std::chrono::seconds(2));
  };

  std::string loop = file;
  Put32(&loop, layout.fat_entry(start + 1),
        start);  // the chain runs back to its start
  expect_refused(loop, "FAT cycle");

  std::string self = file;
  Put32(&self, layout.fat_entry(layout.dir_sector), layout.dir_sector);
  EXPECT_FALSE(Ole2File::Open(self).ok());  // the directory chain loops

  std::string outside = file;
  Put32(&outside, layout.fat_entry(start), 0x7FFFFFFF);
  expect_refused(outside, "sector outside the file");

  std::string free_sector = file;
  Put32(&free_sector, layout.fat_entry(start), 0xFFFFFFFF);
  expect_refused(free_sector, "free sector in a chain");

  std::string huge_fat = file;
  Put32(&huge_fat, 0x2C, 0xFFFFFFFF);
  EXPECT_FALSE(Ole2File::Open(huge_fat).ok());
  std::string huge_difat = file;
  Put32(&huge_difat, 0x48, 0x7FFFFFFF);
  EXPECT_FALSE(Ole2File::Open(huge_difat).ok());

  std::string four_gb = file;
  Put32(&four_gb, layout.entry_offset(1) + 0x78, 0xFFFFFFF0u);
  expect_refused(four_gb, "a directory entry claiming 4 GB");

  std::string sector_size = file;
  sector_size[0x1E] = 20;
  EXPECT_FALSE(Ole2File::Open(sector_size).ok());

  std::string no_root = file;
  no_root[layout.entry_offset(0) + 0x42] = 1;
  EXPECT_FALSE(Ole2File::Open(no_root).ok());
}

TEST(Ole2FileTest, HostileMiniStreamsAndTreesAreRefusedOrEndQuickly) {
  std::string file =
      BuildOle2({{"Workbook", StudentsWorkbook()}, {"Klein", "k"}});
  Layout layout = LayoutOf(file);
  uint32_t mini_fat = Get32(file, 0x3C);
  size_t mini_fat_at = (mini_fat + 1) * 512;

  std::string loop = file;
  Put32(&loop, mini_fat_at + 4 * 3, 1);  // the workbook's mini chain runs back
  EXPECT_FALSE(ReadXls(loop, ReadOptions{}).ok());

  std::string beyond = file;
  Put32(&beyond, mini_fat_at + 4 * 3,
        5000);  // a mini sector past the mini stream
  EXPECT_FALSE(ReadXls(beyond, ReadOptions{}).ok());

  std::string tiny_root = file;
  Put32(&tiny_root, layout.entry_offset(0) + 0x78,
        64);  // mini stream smaller than the workbook
  EXPECT_FALSE(ReadXls(tiny_root, ReadOptions{}).ok());

  // Directory trees that point back at themselves end; the stream is then
  // found or not, but nothing hangs.
  for (uint32_t target : {0u, 1u, 2u}) {
    std::string tree = file;
    Put32(&tree, layout.entry_offset(2) + 0x44, target);  // left sibling
    Put32(&tree, layout.entry_offset(1) + 0x48, 2);
    auto ole = Ole2File::Open(tree);
    ASSERT_TRUE(ole.ok());
    EXPECT_LE(ole->RootChildren().size(), 2u);
  }
}

// ---------------------------------------------------------------------------
// Damaged real files: refused or read, never a crash, never half read.

std::vector<std::string> AllFixtures() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(FixtureDir())) {
    if (entry.path().extension() == ".xls")
      files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(XlsReaderTest, TruncatedFilesAreRefusedOrReadWhole) {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> files = AllFixtures();
  ASSERT_GE(files.size(), 15u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    std::string bytes = Slurp(FixtureDir() / file);
    Table whole = MustRead(bytes);
    std::string expected = Dump(whole);
    for (size_t cut = 0; cut < bytes.size(); cut += (cut < 600 ? 1 : 7)) {
      auto table =
          ReadXls(std::string_view(bytes).substr(0, cut), ReadOptions{});
      if (table.ok()) {
        // Only what lies after the workbook stream may be missing.
        EXPECT_EQ(Dump(*table), expected) << "cut at " << cut;
      } else {
        EXPECT_FALSE(table.status().message().nl.empty());
      }
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(XlsReaderTest, ByteFlippedFilesNeverCrash) {
  std::mt19937 rng(20240901);
  auto start = std::chrono::steady_clock::now();
  int read = 0, refused = 0;
  std::vector<std::string> inputs;
  for (const auto& file : AllFixtures())
    inputs.push_back(Slurp(FixtureDir() / file));
  inputs.push_back(BuildOle2({{"Workbook", StudentsWorkbook()}}));
  for (const auto& bytes : inputs) {
    for (int round = 0; round < 400; ++round) {
      std::string damaged = bytes;
      int flips = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < flips; ++i) {
        size_t at = rng() % damaged.size();
        // Mostly in the header and the first records, where sizes live.
        if (rng() % 2) at %= std::min<size_t>(damaged.size(), 1536);
        damaged[at] = static_cast<char>(rng() % 3 == 0 ? 0xFF : rng());
      }
      auto table = ReadXls(damaged, ReadOptions{});
      table.ok() ? ++read : ++refused;
    }
  }
  EXPECT_GT(read, 0);
  EXPECT_GT(refused, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::seconds(120));
}

}  // namespace
}  // namespace schoolbieb::formats
