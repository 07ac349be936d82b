#include "import/stored_upload.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include "core/crypto.h"
#include "core/csv_writer.h"
#include "core/names.h"
#include "formats/table_codec.h"
#include "roster/field.h"

namespace schoolbieb::import {
namespace {

using formats::Sheet;
using formats::Table;

// The cells a sheet keeps: a column is cut from `from_row` (a row index) on,
// except for cells that are themselves a header naming it, so an export
// that repeats its header on every page still does.
struct CutColumn {
  int column = 0;
  size_t from_row = 0;
};

bool IsForbiddenHeader(std::string_view text) {
  auto field = roster::FieldForHeader(text);
  return field && *field == roster::Field::kForbidden;
}

// The student sheet: the roster's header row says which columns it dropped.
std::vector<CutColumn> StudentSheetCuts(const Sheet& sheet,
                                        const roster::Roster& roster,
                                        std::set<std::string>* headers) {
  std::vector<CutColumn> cuts;
  if (roster.dropped_columns.empty()) return cuts;
  std::set<std::string> dropped(roster.dropped_columns.begin(),
                                roster.dropped_columns.end());
  for (size_t row = 0; row < sheet.row_count(); ++row) {
    if (sheet.line(row) != roster.header_line) continue;
    for (size_t i = 0; i < sheet.cell_count(row); ++i) {
      const Sheet::Cell& cell = sheet.cell_at(row, i);
      std::string name = CollapseSpaces(sheet.text(cell));
      if (dropped.count(name)) {
        cuts.push_back({cell.column, row + 1});
        headers->insert(std::move(name));
      }
    }
    break;
  }
  return cuts;
}

// Any other sheet (teachers, notes, a second list): a column is cut below
// the first cell in it that is a forbidden header, looked for where the
// roster looks for headers (the first 30 rows). Further down a cell named
// "Zorg" is more likely a value than a header.
std::vector<CutColumn> OtherSheetCuts(const Sheet& sheet,
                                      std::set<std::string>* headers) {
  constexpr size_t kHeaderRows = 30;
  std::vector<CutColumn> cuts;
  std::set<int> seen;
  for (size_t row = 0; row < std::min(sheet.row_count(), kHeaderRows); ++row) {
    for (size_t i = 0; i < sheet.cell_count(row); ++i) {
      const Sheet::Cell& cell = sheet.cell_at(row, i);
      if (cell.type != formats::CellType::kText || seen.count(cell.column) ||
          !IsForbiddenHeader(sheet.text(cell))) {
        continue;
      }
      seen.insert(cell.column);
      cuts.push_back({cell.column, row + 1});
      headers->insert(CollapseSpaces(sheet.text(cell)));
    }
  }
  return cuts;
}

// Copies `sheet` without the cut cells; `removed` gets (line, column) of
// each cell left out.
Sheet CopyWithout(const Sheet& sheet, const std::vector<CutColumn>& cuts,
                  const std::set<std::string>& headers,
                  std::set<std::pair<int, int>>* removed) {
  Sheet out(sheet.name(), sheet.hidden());
  out.Reserve(sheet.row_count(), sheet.total_cells(), 0);
  for (size_t row = 0; row < sheet.row_count(); ++row) {
    out.BeginRow(sheet.line(row));
    for (size_t i = 0; i < sheet.cell_count(row); ++i) {
      const Sheet::Cell& cell = sheet.cell_at(row, i);
      std::string_view text = sheet.text(cell);
      bool cut = std::any_of(cuts.begin(), cuts.end(), [&](const CutColumn& c) {
        return c.column == cell.column && row >= c.from_row;
      });
      if (cut && !headers.count(CollapseSpaces(text))) {
        removed->insert({sheet.line(row), cell.column});
        continue;
      }
      out.AddCell(cell.column, cell.type, text);
    }
  }
  return out;
}

void Add(std::string* out, std::string_view text) {
  // Length first: no text can run into the next.
  out->append(std::to_string(text.size()));
  out->push_back(':');
  out->append(text);
}

void Add(std::string* out, long long number) {
  Add(out, std::to_string(number));
}

Status NotKeptWithout(const roster::Roster& roster) {
  std::string list = fmt::format("{}", fmt::join(roster.dropped_columns, ", "));
  if (list.empty()) list = "BSN, …";
  return Status::InvalidArgument(
      fmt::format("Dit bestand kan niet worden bewaard zonder de gegevens die "
                  "de bibliotheek niet mag hebben ({}). Laat die kolommen weg "
                  "bij het exporteren en upload het bestand opnieuw. Het "
                  "bestand is niet bewaard.",
                  list),
      fmt::format("This file cannot be kept without the data the library may "
                  "not hold ({}). Leave those columns out of the export and "
                  "upload the file again. The file has not been kept.",
                  list));
}

std::string Stem(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::string TableCsv(const Table& table) {
  std::string out(kCsvBom);
  bool several = table.sheets.size() > 1;
  for (size_t s = 0; s < table.sheets.size(); ++s) {
    const Sheet& sheet = table.sheets[s];
    if (several) {
      if (s > 0) out += "\r\n";
      out += CsvLine({"Blad: " + sheet.name()});
    }
    for (size_t row = 0; row < sheet.row_count(); ++row) {
      out += CsvLine(sheet.RowTexts(row));
    }
  }
  return out;
}

}  // namespace

std::string RosterDigest(const roster::Roster& r) {
  std::string text;
  Add(&text, r.profile);
  Add(&text, r.profile_label.nl);
  Add(&text, r.profile_label.en);
  Add(&text, r.confidence);
  Add(&text, r.mapping_used ? 1 : 0);
  Add(&text, r.sheet);
  Add(&text, r.header_line);
  for (const auto& [column, field] : r.columns) {
    Add(&text, column);
    Add(&text, roster::FieldName(field));
  }
  text += '|';
  for (roster::Field field : r.missing_fields) {
    Add(&text, roster::FieldName(field));
  }
  text += '|';
  for (const std::string& name : r.dropped_columns) Add(&text, name);
  text += '|';
  for (const std::string& brin : r.file_brins) Add(&text, brin);
  text += '|';
  for (const roster::StudentRecord& s : r.students) {
    Add(&text, s.line);
    for (const std::string* field :
         {&s.student_number, &s.card_number,  &s.call_name,
          &s.first_names,    &s.initials,     &s.name_prefix,
          &s.last_name,      &s.birth_date,   &s.sex,
          &s.group_key,      &s.group_name,   &s.year_group,
          &s.street,         &s.house_number, &s.house_number_suffix,
          &s.postcode,       &s.city,         &s.phone,
          &s.mobile,         &s.email,        &s.public_consent,
          &s.entry_date,     &s.leave_date}) {
      Add(&text, *field);
    }
    Add(&text, s.rejected ? 1 : 0);
    Add(&text, s.left ? 1 : 0);
  }
  text += '|';
  // The questions a file raises (which sex codes it uses) must survive.
  for (const roster::Question& q : r.questions) {
    Add(&text, q.kind);
    Add(&text, q.text.nl);
    for (const roster::Question::Choice& choice : q.choices) {
      Add(&text, choice.id);
    }
  }
  text += '|';
  for (const roster::TeacherRecord& t : r.teachers) {
    Add(&text, t.line);
    for (const std::string* field : {&t.key, &t.call_name, &t.initials,
                                     &t.name_prefix, &t.last_name, &t.email}) {
      Add(&text, *field);
    }
    for (const std::string& group : t.group_keys) Add(&text, group);
    text += ';';
  }
  text += '|';
  // A problem's raw value is shown nowhere; a removed cell's is cleared.
  for (const Problem& p : r.problems) {
    Add(&text, ProblemKindName(p.kind));
    Add(&text, p.sheet);
    Add(&text, p.row);
    Add(&text, p.column);
    Add(&text, p.message.nl);
    Add(&text, p.message.en);
    Add(&text, p.rejects_row ? 1 : 0);
    Add(&text, p.count);
  }
  Add(&text, r.rejected_rows);
  Add(&text, r.left_rows);
  Add(&text, r.future_entries);
  return Sha256Hex(text);
}

Result<std::optional<std::string>> NormalisedForm(
    const Table& table, const roster::Roster& roster,
    const SchoolSettings& settings) {
  bool left_out = !roster.dropped_columns.empty() ||
                  std::any_of(table.problems.begin(), table.problems.end(),
                              [](const Problem& p) {
                                return p.kind == ProblemKind::kDroppedField;
                              });
  // The cuts first, copying nothing: most files have none, and a copy of a
  // 200,000-row table on every upload would cost what reading it did.
  std::vector<std::vector<CutColumn>> cuts(table.sheets.size());
  std::vector<std::set<std::string>> headers(table.sheets.size());
  // The EDEX readers build their sheets from fixed columns and skip the
  // private fields themselves: a teacher called Zorg is a name there.
  std::string_view format = table.format;
  if (format.starts_with("zip/")) format.remove_prefix(4);
  bool edex = format == "edex" || format == "edex2000";
  bool student_sheet_seen = false;
  for (size_t s = 0; s < table.sheets.size() && !edex; ++s) {
    const Sheet& sheet = table.sheets[s];
    bool is_student_sheet = !student_sheet_seen && sheet.name() == roster.sheet;
    student_sheet_seen = student_sheet_seen || is_student_sheet;
    cuts[s] = is_student_sheet ? StudentSheetCuts(sheet, roster, &headers[s])
                               : OtherSheetCuts(sheet, &headers[s]);
    left_out = left_out || !cuts[s].empty();
  }
  if (!left_out) return std::optional<std::string>();
  Table kept;
  kept.format = table.format;
  kept.encoding = table.encoding;
  kept.delimiter = table.delimiter;
  kept.properties = table.properties;
  kept.sheets.reserve(table.sheets.size());
  // (sheet, line, column) of every cell left out.
  std::set<std::tuple<std::string, int, int>> removed;
  for (size_t s = 0; s < table.sheets.size(); ++s) {
    const Sheet& sheet = table.sheets[s];
    if (cuts[s].empty()) {
      kept.sheets.push_back(sheet);
      continue;
    }
    std::set<std::pair<int, int>> cells;
    kept.sheets.push_back(CopyWithout(sheet, cuts[s], headers[s], &cells));
    for (const auto& [line, column] : cells) {
      removed.insert({sheet.name(), line, column});
    }
  }
  kept.problems = table.problems;
  for (Problem& problem : kept.problems) {
    // A reader's note about a removed cell may carry its value.
    if (removed.count({problem.sheet, problem.row, problem.column})) {
      problem.value.clear();
    }
  }
  std::string encoded = formats::EncodeTable(kept);
  // The proof, on every such upload: what is kept, read back, is recognised
  // exactly as the file was. Were it not (a removed cell that the roster
  // did read after all), keeping it would change what staff import.
  auto back = formats::DecodeTable(encoded);
  if (!back.ok()) return back.status();
  auto again = Recognise(*back, settings);
  if (!again.ok() || RosterDigest(*again) != RosterDigest(roster)) {
    spdlog::warn(
        "upload: the table without forbidden cells reads otherwise "
        "({} cells removed); refused",
        removed.size());
    return NotKeptWithout(roster);
  }
  return std::optional<std::string>(std::move(encoded));
}

Result<formats::Table> ReadStoredForm(std::string_view form,
                                      std::string_view bytes,
                                      const formats::ReadOptions& options) {
  if (form == kTableForm) return formats::DecodeTable(bytes);
  return formats::ReadTable(bytes, options);
}

Result<Download> DownloadOf(const store::Upload& upload, std::string bytes) {
  Download download;
  if (upload.stored_form != kTableForm) {
    download.file_name = upload.original_name;
    download.content_type = "application/octet-stream";
    download.bytes = std::move(bytes);
    return download;
  }
  auto table = formats::DecodeTable(bytes);
  if (!table.ok()) return table.status();
  download.file_name = Stem(upload.original_name) + ".csv";
  download.content_type = "text/csv; charset=utf-8";
  download.bytes = TableCsv(*table);
  return download;
}

}  // namespace schoolbieb::import
