#include "roster/roster.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/names.h"

namespace schoolbieb::roster {
namespace {

using formats::CellType;
using formats::Sheet;
using formats::Table;

// How many rows from the top of a sheet may hold title lines before the
// header.
constexpr size_t kHeaderSearchRows = 30;
// A header row needs at least this many recognised columns.
constexpr int kMinHeaderFields = 3;

// An export profile: the columns that characterise it (each "a|b" is one
// column with its alternatives, as header keys) and how its codes read.
struct Profile {
  std::string_view id;
  std::string_view nl;
  std::string_view en;
  std::vector<std::string_view> markers;
  // The sex code set its documentation prescribes (a NamedSexMap name), or
  // "" when nothing is documented and the file's values must decide.
  std::string_view sex_code_set;
  bool edex_year_codes;
};

// The LAS spreadsheet exports have no public specification; their markers
// are the column names these systems are known to write. The Wise template
// is the one the library's own documentation prescribes.
const std::vector<Profile>& Profiles() {
  static const auto* const kProfiles = new std::vector<Profile>{
      {"wise",
       "het importsjabloon van Wise",
       "the Wise import template",
       {"leerlingnummer|externnr", "groep|klascode", "groepsnaam|klasnaam",
        "jaargroep|leerjaar", "naam", "naamtus|voorvoegsel",
        "voorletters|voorletter|roepnaam"},
       "mv",
       false},
      {"wise-en",
       "het Engelse importsjabloon van Wise",
       "the English Wise import template",
       {"studentid|patronid", "lastname", "firstnames", "prefix", "dateofbirth",
        "zipcode|housenumber"},
       // Wise's help: GENDER "M for male, V for female".
       "mv",
       false},
      {"parnassys",
       "een export uit ParnasSys",
       "an export from ParnasSys",
       {"leerlingnummer", "achternaam", "voorvoegsel", "roepnaam",
        "geboortedatum", "groep", "jaargroep"},
       "",
       false},
      {"esis",
       "een export uit ESIS",
       "an export from ESIS",
       {"leerlingnummer", "achternaam", "tussenvoegsel", "voornaam",
        "geboortedatum", "groep", "leerjaar"},
       "",
       false},
      {"magister",
       "een export uit Magister",
       "an export from Magister",
       {"stamnr|stamnummer|stamnrstr", "achternaam", "tussenv|tussenvoegsel",
        "roepnaam", "klas", "leerjaar|studie|leerfaseleerjaar"},
       "",
       false},
      {"somtoday",
       "een export uit SOMtoday",
       "an export from SOMtoday",
       {"leerlingnummer", "roepnaam", "tussenvoegsel", "achternaam", "klas",
        "leerjaar"},
       "",
       false},
  };
  return *kProfiles;
}

const Profile kGenericProfile{
    "generic", "een eigen export", "a custom export", {}, "", false};
const Profile kEdexProfile{
    "edex", "een EDEX-export", "an EDEX export", {}, "iso", true};
const Profile kEdex2000Profile{
    "edex2000", "een EDEX2000-export", "an EDEX2000 export", {}, "iso", true};

bool MarkerMatches(std::string_view marker, const std::set<std::string>& keys) {
  size_t start = 0;
  while (start <= marker.size()) {
    size_t bar = marker.find('|', start);
    std::string_view one = marker.substr(start, bar == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : bar - start);
    if (keys.count(std::string(one))) return true;
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return false;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The field of one header cell: the saved mapping first, then the table.
std::optional<Field> FieldOfHeader(std::string_view header,
                                   const SchoolMapping& mapping,
                                   bool* from_mapping) {
  std::string key = HeaderKey(header);
  if (key.empty()) return std::nullopt;
  for (const auto& [saved, field] : mapping.columns) {
    if (HeaderKey(saved) == key) {
      *from_mapping = true;
      return field;
    }
  }
  return FieldForHeader(header);
}

struct HeaderMatch {
  size_t sheet = 0;
  size_t row = 0;
  int fields = 0;        // recognised useful columns
  int cells = 0;         // non-empty header cells
  bool mapping = false;  // a saved mapping named at least one column
};

int UsefulFields(const Sheet& sheet, size_t row, const SchoolMapping& mapping,
                 int* cells, bool* from_mapping) {
  int fields = 0;
  *cells = 0;
  for (size_t cell_idx = 0; cell_idx < sheet.cell_count(row); ++cell_idx) {
    const Sheet::Cell& cell = sheet.cell_at(row, cell_idx);
    if (cell.type != CellType::kText) continue;
    ++*cells;
    bool mapped = false;
    auto field = FieldOfHeader(sheet.text(cell), mapping, &mapped);
    if (field && *field != Field::kIgnored) ++fields;
    if (mapped) *from_mapping = true;
  }
  return fields;
}

// True when UsefulFields(sheet, row, mapping, …) would be `fields`: a
// repeated header. Stops at the first cell that rules it out, since nearly
// every row is a student whose first cells are no header.
bool RepeatsHeader(const Sheet& sheet, size_t row, const SchoolMapping& mapping,
                   int fields) {
  int found = 0;
  const size_t cells = sheet.cell_count(row);
  for (size_t cell_idx = 0; cell_idx < cells; ++cell_idx) {
    if (found + static_cast<int>(cells - cell_idx) < fields) return false;
    const Sheet::Cell& cell = sheet.cell_at(row, cell_idx);
    if (cell.type != CellType::kText) continue;
    bool mapped = false;
    auto field = FieldOfHeader(sheet.text(cell), mapping, &mapped);
    if (field && *field != Field::kIgnored) ++found;
  }
  return found == fields;
}

bool IsTeacherSheet(std::string_view name) {
  std::string key = HeaderKey(name);
  return key == "leerkrachten" || key == "docenten" || key == "leraren" ||
         key == "teachers" || key == "personeel";
}

// The sheet and row of the student header: the visible, non-teacher sheet
// row with the most recognised columns among the first rows.
std::optional<HeaderMatch> FindHeader(const Table& table,
                                      const SchoolMapping& mapping) {
  std::optional<HeaderMatch> best;
  for (size_t sheet_idx = 0; sheet_idx < table.sheets.size(); ++sheet_idx) {
    const Sheet& sheet = table.sheets[sheet_idx];
    if (IsTeacherSheet(sheet.name())) continue;
    size_t rows = std::min(sheet.row_count(), kHeaderSearchRows);
    for (size_t row = 0; row < rows; ++row) {
      HeaderMatch match{sheet_idx, row, 0, 0, false};
      match.fields =
          UsefulFields(sheet, row, mapping, &match.cells, &match.mapping);
      if (match.fields < kMinHeaderFields) continue;
      // A hidden sheet wins only with clearly more columns.
      bool better = !best || match.fields > best->fields;
      if (better && best && sheet.hidden() &&
          !table.sheets[best->sheet].hidden()) {
        better = match.fields > best->fields + 2;
      }
      if (better) best = match;
    }
  }
  return best;
}

// Row problems as the rows are read, then merged: a problem many rows share
// (the same kind, column, value and reason, such as one unknown group code)
// is reported once with the number of rows and the first row numbers, not
// once per row.
class RowProblems {
 public:
  // `shared`: the problem may be merged with the same one on other rows;
  // false for a problem about this row itself (a duplicate names its pair).
  void Add(ProblemKind kind, const std::string& sheet, int line, int column,
           Field field, std::string_view value, const Message& why,
           bool rejects, bool shared = true) {
    entries_.push_back({kind, &sheet, line, column, field,
                        std::string(value.substr(0, 60)), why, rejects,
                        shared});
  }
  size_t size() const { return entries_.size(); }
  // Forgets the problems added after the first `size`.
  void Truncate(size_t size) { entries_.resize(size); }

  // Appends the merged problems to `out`, each where it first occurred.
  void MergeInto(Problems* out) const {
    constexpr size_t kRowsNamed = 5;
    std::map<
        std::tuple<ProblemKind, int, std::string_view, std::string_view, int>,
        size_t>
        group_of;
    std::vector<std::vector<const Entry*>> groups;
    for (const Entry& entry : entries_) {
      auto [it, fresh] = group_of.emplace(
          std::tuple{entry.kind, entry.column, std::string_view(entry.value),
                     std::string_view(entry.why.nl),
                     entry.shared ? 0 : entry.line},
          groups.size());
      if (fresh) groups.emplace_back();
      groups[it->second].push_back(&entry);
    }
    for (const auto& group : groups) {
      const Entry& first = *group.front();
      std::vector<int> lines;
      for (size_t idx = 0; idx < group.size() && idx < kRowsNamed; ++idx) {
        lines.push_back(group[idx]->line);
      }
      std::string rows = fmt::format("{}", fmt::join(lines, ", "));
      size_t more = group.size() - lines.size();
      Message label = FieldLabel(first.field);
      Problem problem;
      problem.kind = first.kind;
      problem.sheet = *first.sheet;
      problem.row = first.line;
      problem.column = first.column;
      problem.value = first.value;
      problem.rejects_row = first.rejects;
      problem.count = static_cast<int>(group.size());
      if (group.size() == 1) {
        problem.message = {
            fmt::format("Regel {}, {}: {}", first.line, label.nl, first.why.nl),
            fmt::format("Row {}, {}: {}", first.line, label.en, first.why.en)};
      } else {
        std::string more_nl =
            more ? fmt::format(" en nog {} andere", more) : std::string();
        std::string more_en =
            more ? fmt::format(" and {} more", more) : std::string();
        problem.message = {fmt::format("{} regels ({}{}), {}: {}", group.size(),
                                       rows, more_nl, label.nl, first.why.nl),
                           fmt::format("{} rows ({}{}), {}: {}", group.size(),
                                       rows, more_en, label.en, first.why.en)};
      }
      out->push_back(std::move(problem));
    }
  }

 private:
  struct Entry {
    ProblemKind kind;
    const std::string* sheet;  // the sheet's name outlives the reading
    int line;
    int column;
    Field field;
    std::string value;
    Message why;
    bool rejects;
    bool shared;
  };
  std::vector<Entry> entries_;
};

// One day/month order per date column (see DetectDateOrder).
struct DateOrders {
  DateOrder birth = DateOrder::kDayFirst;
  DateOrder entry = DateOrder::kDayFirst;
  DateOrder leave = DateOrder::kDayFirst;
};

// How the sex column of a file is read: one code set for the whole file,
// decided from every value in it, never value by value.
struct SexReading {
  SexMap map;
  std::optional<Question> question;  // set: not read until answered
};

Question::Choice SexChoice(std::string_view id) {
  if (id == "mv") {
    return {"mv",
            {"M = jongen of man (codes M en V: man, vrouw)",
             "M = boy or man (codes M and V: man, vrouw)"}};
  }
  if (id == "jm") {
    return {"jm",
            {"M = meisje (codes J en M: jongen, meisje)",
             "M = girl (codes J and M: jongen, meisje)"}};
  }
  if (id == "en") {
    return {"en",
            {"Engelse codes: M = man, F = vrouw",
             "English codes: M = male, F = female"}};
  }
  if (id == "iso") {
    return {"iso",
            {"1 = jongen, 2 = meisje (EDEX, ISO 5218)",
             "1 = boy, 2 = girl (EDEX, ISO 5218)"}};
  }
  return {"oso", {"1 = meisje, 2 = jongen (OSO)", "1 = girl, 2 = boy (OSO)"}};
}

Question SexQuestion(std::vector<std::string_view> ids,
                     const std::set<std::string>& codes, int rows) {
  std::string shown;
  for (const std::string& code : codes) {
    if (!shown.empty()) shown += ", ";
    shown += "\"" + code + "\"";
  }
  Question question;
  question.kind = "sex_codes";
  bool digits = ids.front() == "iso";
  question.text =
      digits
          ? Message{fmt::format(
                        "Bij geslacht staan in dit bestand de codes {} ({} "
                        "leerlingen). In EDEX is 1 een jongen en 2 een "
                        "meisje; in OSO-bestanden is het andersom. Welke "
                        "codes gebruikt het schoolsysteem van deze school?",
                        shown, rows),
                    fmt::format(
                        "For sex this file holds the codes {} ({} students). "
                        "In EDEX 1 is a boy and 2 a girl; in OSO files it is "
                        "the other way round. Which codes does this school's "
                        "system use?",
                        shown, rows)}
          : Message{fmt::format(
                        "Bij geslacht staan in dit bestand de codes {} ({} "
                        "leerlingen). \"M\" kan een jongen zijn (codes M en "
                        "V) of een meisje (codes J en M). Welke codes "
                        "gebruikt het schoolsysteem van deze school?",
                        shown, rows),
                    fmt::format(
                        "For sex this file holds the codes {} ({} students). "
                        "\"M\" can be a boy (codes M and V) or a girl (codes "
                        "J and M). Which codes does this school's system "
                        "use?",
                        shown, rows)};
  for (std::string_view id : ids) question.choices.push_back(SexChoice(id));
  return question;
}

// The code set of a file's sex column. The school's saved answer wins; then
// the values decide: "J" (jongen) means J/M, "V" (vrouw) M/V, "F" M/F. A
// file whose only letter is "M" is a boy under M/V and a girl under J/M, and
// 1/2 is a boy and a girl under EDEX but the reverse under OSO: such a file
// is read by the code set its profile documents, or else asks.
SexReading DecideSexCodes(const Profile& profile, const SchoolMapping& mapping,
                          const Sheet& sheet, size_t first_row, int column) {
  SexReading reading;
  if (!mapping.sex_codes.empty()) {
    reading.map.codes = mapping.sex_codes;
    return reading;
  }
  if (auto named = NamedSexMap(mapping.sex_code_set)) {
    reading.map = std::move(*named);
    return reading;
  }
  std::set<std::string> codes;
  int rows = 0;
  bool boy_girl = false, man_woman = false, english = false, m = false,
       digits = false;
  for (size_t row = first_row; column > 0 && row < sheet.row_count(); ++row) {
    std::string code = Upper(CollapseSpaces(sheet.Text(row, column)));
    if (code.empty()) continue;
    ++rows;
    if (codes.size() < 8) codes.insert(code);
    if (code == "J" || code == "JONGEN" || code == "MEISJE") boy_girl = true;
    if (code == "V" || code == "VROUW" || code == "MAN") man_woman = true;
    if (code == "F" || code == "FEMALE" || code == "MALE") english = true;
    if (code == "M") m = true;
    if (code == "1" || code == "2") digits = true;
  }
  std::vector<std::string_view> evidenced;
  if (man_woman) evidenced.push_back("mv");
  if (boy_girl) evidenced.push_back("jm");
  if (english) evidenced.push_back("en");
  std::string_view documented = profile.sex_code_set;
  if (evidenced.size() == 1) {
    reading.map = *NamedSexMap(evidenced.front());
  } else if (evidenced.size() > 1) {
    reading.question = SexQuestion(evidenced, codes, rows);
  } else if (m && documented != "mv" && documented != "en") {
    reading.question = SexQuestion({"mv", "jm"}, codes, rows);
  } else if (!m && digits && documented != "iso") {
    reading.question = SexQuestion({"iso", "oso"}, codes, rows);
  } else {
    reading.map = *NamedSexMap(documented.empty() ? "mv" : documented);
  }
  return reading;
}

struct Columns {
  std::array<int, kFieldCount> of{};  // field → column, 0 when absent
  int at(Field field) const { return of[static_cast<int>(field)]; }
};

std::string Clean(std::string_view text) {
  std::string collapsed = CollapseSpaces(text);
  // Most text has no combining accent to compose: no second copy then.
  if (collapsed.find('\xCC') == std::string::npos) return collapsed;
  return ComposeLatin(collapsed);
}

// The year group from a group name or key when the file has no year-group
// column: "Groep 5" → "5", "5A" → "5". Combination groups ("groep 5/6") give
// nothing: their year is per student.
std::string YearFromGroup(std::string_view name, std::string_view key) {
  auto from_name = NormaliseYearGroup(name, false);
  if (from_name.ok()) return *from_name;
  for (std::string_view text : {key, name}) {
    if (text.size() >= 2 && text[0] >= '0' && text[0] <= '9' &&
        !(text[1] >= '0' && text[1] <= '9') && text[1] != '/') {
      return std::string(1, text[0]);
    }
  }
  return "";
}

// A group key built from a group name when the file has only names: the
// letters and digits, at most 10.
std::string KeyFromName(std::string_view name) {
  std::string key;
  for (char c : name) {
    bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    if (keep && key.size() < 10) key += c;
  }
  return key;
}

class RowReader {
 public:
  RowReader(const Sheet& sheet, const Columns& columns, const Profile& profile,
            const RosterOptions& options, SexReading sex, DateOrders orders,
            RowProblems* problems)
      : sheet_(sheet),
        columns_(columns),
        profile_(profile),
        options_(options),
        sex_(std::move(sex)),
        orders_(orders),
        problems_(problems) {}

  // Returns false for a row with nothing in any recognised column.
  bool Read(size_t row, StudentRecord* record) {
    row_ = row;
    record_ = record;
    record->line = sheet_.line(row);
    bool any = false;
    for (int field_idx = 0; field_idx < kFieldCount; ++field_idx) {
      if (columns_.of[field_idx] > 0 &&
          !IsBlank(sheet_.Text(row, columns_.of[field_idx]))) {
        any = true;
        break;
      }
    }
    if (!any) return false;

    size_t mark = problems_->size();
    ReadNumber();
    ReadNames();
    ReadBirthDate();
    ReadSex();
    ReadGroup();
    ReadAddress();
    ReadContact();
    ReadSchoolDates();
    if (record->left) {
      // Nothing of a pupil who left is stored: what is wrong with the row
      // is no one's concern, and the row is no problem row.
      problems_->Truncate(mark);
      record->rejected = false;
    }
    return true;
  }

 private:
  std::string_view Raw(Field field) const {
    int column = columns_.at(field);
    return column > 0 ? sheet_.Text(row_, column) : std::string_view();
  }
  CellType TypeOf(Field field) const {
    int column = columns_.at(field);
    return column > 0 ? sheet_.Type(row_, column) : CellType::kEmpty;
  }

  void Report(ProblemKind kind, Field field, std::string_view value,
              const Message& why, bool rejects) {
    problems_->Add(kind, sheet_.name(), record_->line, columns_.at(field),
                   field, value, why, rejects);
    if (rejects) record_->rejected = true;
  }

  // Sets `*out` from a normalising function, or reports its refusal.
  template <typename Normalise>
  void Take(Field field, std::string* out, bool rejects, Normalise normalise) {
    std::string_view raw = Raw(field);
    if (raw.empty()) return;
    Result<std::string> value = normalise(raw);
    if (value.ok()) {
      *out = std::move(*value);
    } else {
      Report(ProblemKind::kInvalidValue, field, raw, value.status().message(),
             rejects);
    }
  }

  void ReadNumber() {
    std::string_view raw = Raw(Field::kStudentNumber);
    if (IsBlank(raw)) {
      Report(ProblemKind::kMissingValue, Field::kStudentNumber, raw,
             {"het leerlingnummer ontbreekt. Vul het in het schoolsysteem in "
              "en exporteer opnieuw.",
              "the student number is missing. Fill it in in the school system "
              "and export again."},
             true);
      return;
    }
    Take(Field::kStudentNumber, &record_->student_number, true,
         [&](std::string_view text) {
           return NormaliseStudentNumber(text, options_.number_rule,
                                         options_.brin);
         });
    std::string card = Clean(Raw(Field::kCardNumber));
    if (card.size() > 20) {
      Report(ProblemKind::kInvalidValue, Field::kCardNumber, card,
             {"een pasnummer heeft hoogstens 20 tekens; dit pasnummer wordt "
              "niet gebruikt.",
              "a card number has at most 20 characters; this one is not "
              "used."},
             false);
    } else {
      record_->card_number = card;
    }
  }

  void ReadNames() {
    StudentRecord& r = *record_;
    r.call_name = Clean(Raw(Field::kCallName));
    r.first_names = Clean(Raw(Field::kFirstNames));
    std::string initials = Clean(Raw(Field::kInitials));
    r.initials = DeriveInitials(
        !initials.empty()
            ? initials
            : (!r.first_names.empty() ? r.first_names : r.call_name));
    // Wise's English template has FIRST_NAMES and no call name column:
    // there the first names are what the pupil is called.
    if (r.call_name.empty() && columns_.at(Field::kCallName) == 0 &&
        profile_.id == "wise-en") {
      r.call_name = r.first_names;
    }
    std::string last = Clean(Raw(Field::kLastName));
    if (columns_.at(Field::kNamePrefix) > 0) {
      r.name_prefix = NormalisePrefix(Clean(Raw(Field::kNamePrefix)));
      r.last_name = last;
    } else {
      // No prefix column: "van der Poel" in one cell is split, as Wise
      // keeps the prefix apart for sorting.
      auto [prefix, surname] = SplitNamePrefix(last);
      r.name_prefix = NormalisePrefix(prefix);
      r.last_name = surname;
    }
    if (r.last_name.empty()) {
      Report(ProblemKind::kMissingValue, Field::kLastName, "",
             {"de achternaam ontbreekt. Vul die in het schoolsysteem in en "
              "exporteer opnieuw.",
              "the last name is missing. Fill it in in the school system and "
              "export again."},
             true);
    }
    if (r.call_name.empty() && r.first_names.empty() && r.initials.empty()) {
      Report(ProblemKind::kMissingValue, Field::kCallName, "",
             {"roepnaam, voornamen en voorletters ontbreken alle drie. De "
              "leerling wordt geïmporteerd met alleen een achternaam.",
              "call name, first names and initials are all missing. The "
              "student is imported with a last name only."},
             false);
    }
  }

  void ReadBirthDate() {
    std::string_view raw = Raw(Field::kBirthDate);
    if (IsBlank(raw)) return;
    auto date = NormaliseBirthDate(raw, TypeOf(Field::kBirthDate),
                                   orders_.birth, options_.today);
    if (date.ok()) {
      record_->birth_date = std::move(*date);
    } else {
      Report(ProblemKind::kInvalidDate, Field::kBirthDate, raw,
             date.status().message(), false);
    }
  }

  void ReadSex() {
    if (sex_.question) return;  // nothing is read before the school answers
    Take(Field::kSex, &record_->sex, false,
         [&](std::string_view text) { return MapSex(text, sex_.map); });
  }

  // Entry and leaving dates; a pupil who left (a leaving date on or before
  // the import's date, or EDEX jaargroep H) is marked so.
  void ReadSchoolDates() {
    StudentRecord& r = *record_;
    for (auto [field, out] : {std::pair{Field::kEntryDate, &r.entry_date},
                              std::pair{Field::kLeaveDate, &r.leave_date}}) {
      std::string_view raw = Raw(field);
      if (IsBlank(raw)) continue;
      DateOrder order =
          field == Field::kEntryDate ? orders_.entry : orders_.leave;
      auto date = NormaliseSchoolDate(raw, TypeOf(field), order);
      if (date.ok()) {
        *out = std::move(*date);
      } else {
        Report(ProblemKind::kInvalidDate, field, raw, date.status().message(),
               false);
      }
    }
    if (!r.leave_date.empty() && r.leave_date <= options_.today) r.left = true;
    if (r.year_group == "H") {
      r.left = true;
      r.year_group.clear();
    }
  }

  void ReadGroup() {
    StudentRecord& r = *record_;
    Take(Field::kGroupName, &r.group_name, false, NormaliseGroupName);
    std::string_view raw_key = Raw(Field::kGroupKey);
    if (!IsBlank(raw_key)) {
      auto key = NormaliseGroupKey(raw_key);
      if (key.ok()) {
        r.group_key = std::move(*key);
      } else {
        r.group_key = KeyFromName(CollapseSpaces(raw_key));
        Report(ProblemKind::kInvalidValue, Field::kGroupKey, raw_key,
               {fmt::format("{} Schoolbieb gebruikt \"{}\".",
                            key.status().message().nl, r.group_key),
                fmt::format("{} schoolbieb uses \"{}\".",
                            key.status().message().en, r.group_key)},
               false);
      }
    }
    if (r.group_key.empty() && !r.group_name.empty()) {
      r.group_key = KeyFromName(r.group_name);
    }
    // A file without group names (only a key column) names its groups by
    // their keys. A file whose name column is empty here (EDEXLL.TXT without
    // EDEXGR.TXT) says nothing about the name, which then stays as stored.
    if (r.group_name.empty() && !r.group_key.empty() &&
        columns_.at(Field::kGroupName) == 0) {
      r.group_name = CollapseSpaces(raw_key);
      if (r.group_name.size() > 30) r.group_name = r.group_key;
    }
    if (r.group_key.empty() && (columns_.at(Field::kGroupKey) > 0 ||
                                columns_.at(Field::kGroupName) > 0)) {
      Report(ProblemKind::kMissingValue, Field::kGroupKey, "",
             {"geen groep (basisgroep) in het bestand; de leerling wordt "
              "zonder groep geïmporteerd.",
              "no group (class) in the file; the student is imported "
              "without a group."},
             false);
    }
    std::string_view raw_year = Raw(Field::kYearGroup);
    if (!IsBlank(raw_year)) {
      std::string code = CollapseSpaces(raw_year);
      for (const auto& [from, to] : options_.mapping.year_groups) {
        if (Upper(from) == Upper(code)) {
          r.year_group = to;
          return;
        }
      }
      auto year = NormaliseYearGroup(raw_year, profile_.edex_year_codes);
      if (year.ok()) {
        r.year_group = std::move(*year);
      } else {
        Report(ProblemKind::kInvalidValue, Field::kYearGroup, raw_year,
               year.status().message(), false);
      }
    } else if (columns_.at(Field::kYearGroup) == 0) {
      r.year_group = YearFromGroup(r.group_name, r.group_key);
    }
  }

  void ReadAddress() {
    StudentRecord& r = *record_;
    r.street = Clean(Raw(Field::kStreet));
    r.city = Clean(Raw(Field::kCity));
    std::string_view raw_number = Raw(Field::kHouseNumber);
    if (!IsBlank(raw_number)) {
      auto split = SplitHouseNumber(raw_number);
      if (split.ok()) {
        r.house_number = split->first;
        r.house_number_suffix = split->second;
      } else {
        Report(ProblemKind::kInvalidValue, Field::kHouseNumber, raw_number,
               split.status().message(), false);
      }
    }
    std::string suffix = Clean(Raw(Field::kHouseNumberSuffix));
    if (!suffix.empty()) {
      if (suffix.size() > 5) {
        Report(ProblemKind::kInvalidValue, Field::kHouseNumberSuffix, suffix,
               {"een toevoeging heeft hoogstens 5 tekens; deze wordt niet "
                "gebruikt.",
                "an addition has at most 5 characters; this one is not "
                "used."},
               false);
      } else {
        r.house_number_suffix = suffix;
      }
    }
    Take(Field::kPostcode, &r.postcode, false, NormalisePostcode);
  }

  void ReadContact() {
    StudentRecord& r = *record_;
    Take(Field::kPhone, &r.phone, false, NormalisePhone);
    Take(Field::kMobile, &r.mobile, false, NormalisePhone);
    Take(Field::kEmail, &r.email, false, NormaliseEmail);
    std::string_view raw = Raw(Field::kPublicConsent);
    if (!IsBlank(raw)) {
      auto consent = ParseConsent(raw);
      if (consent) {
        r.public_consent = std::move(*consent);
      } else {
        Report(ProblemKind::kInvalidValue, Field::kPublicConsent, raw,
               {"schrijf \"ja\" of \"nee\". Zonder duidelijke toestemming "
                "wordt de leerling geen lid van de openbare bibliotheek.",
                "write \"yes\" or \"no\". Without clear consent the student "
                "does not become a member of the public library."},
               false);
      }
    }
  }

  const Sheet& sheet_;
  const Columns& columns_;
  const Profile& profile_;
  const RosterOptions& options_;
  SexReading sex_;
  DateOrders orders_;
  RowProblems* problems_;
  size_t row_ = 0;
  StudentRecord* record_ = nullptr;
};

// The first row seen under each key: an open-addressing table of row
// indexes (no allocation per row), the keys themselves kept by the caller.
class FirstSeen {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  explicit FirstSeen(size_t count)
      : slots_(std::bit_ceil(std::max<size_t>(count * 2, 16))) {}

  // The index first stored under `key`, or kNone after storing `index`.
  // `key_of(i)` gives the key of a stored index.
  template <typename KeyOf>
  size_t Insert(std::string_view key, size_t index, const KeyOf& key_of) {
    const size_t hash = std::hash<std::string_view>{}(key);
    const auto tag = static_cast<uint32_t>(hash >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot& slot = slots_[at];
      if (slot.index_plus_one == 0) {
        slot = {static_cast<uint32_t>(index + 1), tag};
        return kNone;
      }
      if (slot.tag == tag && key_of(slot.index_plus_one - 1) == key) {
        return slot.index_plus_one - 1;
      }
    }
  }

 private:
  struct Slot {
    uint32_t index_plus_one = 0;  // 0: empty
    uint32_t tag = 0;             // the hash's high half
  };
  std::vector<Slot> slots_;
};

// Duplicate student numbers, and one person twice under two numbers (also
// when the names differ only in Unicode form, NFC or NFD): both rows are
// problems naming each other and neither is imported, since which one is
// right cannot be told from the file.
void FindDuplicates(const std::string& sheet, const Columns& columns,
                    Roster* roster, RowProblems* problems) {
  // Keyed by the numbers in the records (not resized here) and by person
  // keys written one after another into `person_text`. Node-based hash maps
  // with a copy of every key took a tenth of a 100,000-student import, and
  // their allocations more under the portal's concurrent uploads.
  const size_t count = roster->students.size();
  FirstSeen by_number(count);
  FirstSeen by_person(count);
  std::string person_text;
  // Row index → its key's [begin, end) in person_text.
  std::vector<std::pair<uint32_t, uint32_t>> person_at(count);
  person_text.reserve(count * 32);
  std::string surname;
  auto flag = [&](size_t first, size_t second, bool same_number) {
    StudentRecord& a = roster->students[first];
    StudentRecord& b = roster->students[second];
    for (auto [self, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      Message why =
          same_number
              ? Message{fmt::format("leerlingnummer {} staat ook op regel {}. "
                                    "Een leerlingnummer mag maar één keer "
                                    "voorkomen; geen van beide regels wordt "
                                    "geïmporteerd.",
                                    self->student_number, other->line),
                        fmt::format("student number {} is also on row {}. A "
                                    "student number may occur only once; "
                                    "neither row is imported.",
                                    self->student_number, other->line)}
              : Message{fmt::format("deze leerling lijkt dezelfde als op regel "
                                    "{} (zelfde naam en geboortedatum, ander "
                                    "leerlingnummer). Geen van beide regels "
                                    "wordt geïmporteerd; controleer het "
                                    "schoolsysteem.",
                                    other->line),
                        fmt::format("this student looks the same as on row {} "
                                    "(same name and birth date, another "
                                    "student number). Neither row is "
                                    "imported; check the school system.",
                                    other->line)};
      Field field = same_number ? Field::kStudentNumber : Field::kLastName;
      problems->Add(ProblemKind::kDuplicateStudent, sheet, self->line,
                    columns.at(field), field,
                    same_number ? self->student_number : self->last_name, why,
                    true, /*shared=*/false);
      self->rejected = true;
    }
  };
  auto number_of = [&](size_t i) -> std::string_view {
    return roster->students[i].student_number;
  };
  auto person_of = [&](size_t i) {
    return std::string_view(person_text)
        .substr(person_at[i].first, person_at[i].second - person_at[i].first);
  };
  for (size_t index = 0; index < count; ++index) {
    const StudentRecord& record = roster->students[index];
    // A pupil who left may share a number (schools reuse them) or a person
    // with a current row: the current row is the one that counts.
    if (record.student_number.empty() || record.left) continue;
    size_t first = by_number.Insert(record.student_number, index, number_of);
    if (first != FirstSeen::kNone) {
      flag(first, index, true);
      continue;
    }
    if (record.birth_date.empty() || record.last_name.empty()) continue;
    std::string_view given = !record.call_name.empty()     ? record.call_name
                             : !record.first_names.empty() ? record.first_names
                                                           : record.initials;
    // MatchKey(prefix + surname) "|" MatchKey(given) "|" birth date.
    surname.assign(record.name_prefix).append(record.last_name);
    const auto begin = static_cast<uint32_t>(person_text.size());
    AppendMatchKey(surname, &person_text);
    person_text += '|';
    AppendMatchKey(given, &person_text);
    person_text += '|';
    person_text += record.birth_date;
    person_at[index] = {begin, static_cast<uint32_t>(person_text.size())};
    first = by_person.Insert(person_of(index), index, person_of);
    if (first != FirstSeen::kNone) flag(first, index, false);
  }
}

void ReadTeachers(const Table& table, const SchoolMapping& mapping,
                  Roster* roster) {
  for (const Sheet& sheet : table.sheets) {
    if (!IsTeacherSheet(sheet.name()) || sheet.row_count() < 2) continue;
    Columns columns;
    int key_column = 0;
    int groups_column = 0;
    for (size_t cell_idx = 0; cell_idx < sheet.cell_count(0); ++cell_idx) {
      const Sheet::Cell& cell = sheet.cell_at(0, cell_idx);
      std::string key = HeaderKey(sheet.text(cell));
      if (key == "key" || key == "leerkrachtkey" || key == "code") {
        key_column = cell.column;
        continue;
      }
      if (key == "groepen" || key == "groepkeys") {
        groups_column = cell.column;
        continue;
      }
      bool mapped = false;
      auto field = FieldOfHeader(sheet.text(cell), mapping, &mapped);
      if (field && columns.at(*field) == 0) {
        columns.of[static_cast<int>(*field)] = cell.column;
      }
    }
    for (size_t row = 1; row < sheet.row_count(); ++row) {
      TeacherRecord teacher;
      teacher.line = sheet.line(row);
      auto text = [&](Field field) {
        int column = columns.at(field);
        return column > 0 ? Clean(sheet.Text(row, column)) : std::string();
      };
      teacher.key = key_column ? Clean(sheet.Text(row, key_column)) : "";
      teacher.call_name = text(Field::kCallName);
      teacher.initials = DeriveInitials(!text(Field::kInitials).empty()
                                            ? text(Field::kInitials)
                                            : teacher.call_name);
      teacher.name_prefix = NormalisePrefix(text(Field::kNamePrefix));
      teacher.last_name = text(Field::kLastName);
      auto email = NormaliseEmail(text(Field::kEmail));
      if (email.ok()) teacher.email = *email;
      if (groups_column) {
        std::string groups = Clean(sheet.Text(row, groups_column));
        size_t start = 0;
        while (start < groups.size()) {
          size_t end = groups.find_first_of(", ", start);
          if (end == std::string::npos) end = groups.size();
          if (end > start) {
            teacher.group_keys.push_back(groups.substr(start, end - start));
          }
          start = end + 1;
        }
      }
      if (teacher.last_name.empty()) continue;
      roster->teachers.push_back(std::move(teacher));
    }
  }
}

// Required: the student number, the last name and a group. A name to call
// the student by and the year group are wanted but can be completed.
constexpr Field kRequired[] = {Field::kStudentNumber, Field::kLastName,
                               Field::kGroupKey};

}  // namespace

bool Roster::has_field(Field field) const {
  return std::any_of(
      columns.begin(), columns.end(),
      [field](const auto& entry) { return entry.second == field; });
}

std::optional<std::string> ParseConsent(std::string_view text) {
  std::string key = HeaderKey(text);
  if (key.empty()) return std::string();
  static constexpr std::string_view kYes[] = {"ja", "j", "yes",  "y",
                                              "1",  "x", "true", "waar"};
  static constexpr std::string_view kNo[] = {"nee", "n",     "no",
                                             "0",   "false", "onwaar"};
  for (std::string_view yes : kYes) {
    if (key == yes) return std::string("yes");
  }
  for (std::string_view no : kNo) {
    if (key == no) return std::string("no");
  }
  return std::nullopt;
}

Result<SchoolMapping> ParseMapping(std::string_view json) {
  SchoolMapping mapping;
  if (IsBlank(json)) return mapping;
  auto invalid = [](std::string_view what) {
    return Status::InvalidArgument(
        fmt::format("De opgeslagen kolomindeling klopt niet: {}.", what),
        fmt::format("The saved column mapping is not valid: {}.", what));
  };
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return invalid("geen JSON-object");
  for (const auto& [key, value] : doc.items()) {
    if (key == "sex_code_set") {
      if (!value.is_string() || !NamedSexMap(value.get<std::string>())) {
        return invalid(
            "sex_code_set moet \"mv\", \"jm\", \"en\", \"iso\" of "
            "\"oso\" zijn");
      }
      mapping.sex_code_set = value.get<std::string>();
      continue;
    }
    if (key != "columns" && key != "sex" && key != "year_groups") {
      return invalid(fmt::format("onbekend onderdeel \"{}\"", key));
    }
    if (!value.is_object()) return invalid(key);
  }
  if (doc.contains("columns")) {
    for (const auto& [header, name] : doc["columns"].items()) {
      if (!name.is_string()) return invalid(header);
      auto field = ParseFieldName(name.get<std::string>());
      if (!field) {
        return invalid(
            fmt::format("onbekend veld \"{}\"", name.get<std::string>()));
      }
      mapping.columns.emplace_back(header, *field);
    }
  }
  if (doc.contains("sex")) {
    for (const auto& [code, value] : doc["sex"].items()) {
      std::string sex = value.is_string() ? value.get<std::string>() : "?";
      if (sex != "M" && sex != "V" && sex != "X" && !sex.empty()) {
        return invalid(
            fmt::format("geslacht \"{}\" moet M, V, X of leeg zijn", code));
      }
      mapping.sex_codes.emplace_back(code, sex);
    }
  }
  if (doc.contains("year_groups")) {
    for (const auto& [code, value] : doc["year_groups"].items()) {
      std::string year = value.is_string() ? value.get<std::string>() : "?";
      auto normalised = NormaliseYearGroup(year, false);
      if (!normalised.ok() || normalised->empty()) {
        return invalid(fmt::format("jaargroep \"{}\" moet 0 t/m 9 zijn", code));
      }
      mapping.year_groups.emplace_back(code, *normalised);
    }
  }
  return mapping;
}

std::string MappingJson(const SchoolMapping& mapping) {
  nlohmann::json doc = nlohmann::json::object();
  if (!mapping.columns.empty()) {
    nlohmann::json columns = nlohmann::json::object();
    for (const auto& [header, field] : mapping.columns) {
      columns[header] = std::string(FieldName(field));
    }
    doc["columns"] = columns;
  }
  if (!mapping.sex_codes.empty()) {
    nlohmann::json sex = nlohmann::json::object();
    for (const auto& [code, value] : mapping.sex_codes) sex[code] = value;
    doc["sex"] = sex;
  }
  if (!mapping.sex_code_set.empty()) {
    doc["sex_code_set"] = mapping.sex_code_set;
  }
  if (!mapping.year_groups.empty()) {
    nlohmann::json years = nlohmann::json::object();
    for (const auto& [code, value] : mapping.year_groups) years[code] = value;
    doc["year_groups"] = years;
  }
  return doc.dump();
}

Result<Roster> BuildRoster(const Table& table, const RosterOptions& options) {
  Roster roster;
  roster.problems = table.problems;
  std::optional<HeaderMatch> header = FindHeader(table, options.mapping);
  if (!header) {
    return Status::InvalidArgument(
        "In dit bestand staat geen kopregel met kolomnamen die schoolbieb "
        "kent, zoals Leerlingnummer, Achternaam en Groep. Exporteer de "
        "leerlingen opnieuw met kolomnamen in de eerste regel, of gebruik het "
        "importsjabloon.",
        "This file has no header row with column names schoolbieb knows, such "
        "as Leerlingnummer, Achternaam and Groep. Export the students again "
        "with column names in the first row, or use the import template.");
  }
  const Sheet& sheet = table.sheets[header->sheet];
  roster.sheet = sheet.name();
  roster.header_line = sheet.line(header->row);
  roster.mapping_used = header->mapping;

  // Columns → fields; the first column of a field wins.
  Columns columns;
  std::set<std::string> keys;
  std::vector<std::pair<int, std::string>> forbidden;
  for (size_t cell_idx = 0; cell_idx < sheet.cell_count(header->row);
       ++cell_idx) {
    const Sheet::Cell& cell = sheet.cell_at(header->row, cell_idx);
    std::string_view text = sheet.text(cell);
    keys.insert(HeaderKey(text));
    bool mapped = false;
    auto field = FieldOfHeader(text, options.mapping, &mapped);
    ColumnUse& use = roster.column_uses.emplace_back();
    use.column = cell.column;
    use.header = CollapseSpaces(text);
    use.field = field;
    use.from_mapping = mapped;
    if (!field) continue;
    if (*field == Field::kForbidden) {
      forbidden.emplace_back(cell.column, CollapseSpaces(text));
      continue;
    }
    if (*field == Field::kIgnored) continue;
    if (columns.at(*field) == 0) {
      columns.of[static_cast<int>(*field)] = cell.column;
      roster.columns.emplace_back(cell.column, *field);
    } else {
      use.duplicate = true;
    }
  }

  // Columns the library may not hold: refused unless the school chose to
  // drop them; an empty such column holds nothing and is only noted.
  std::vector<std::string> carrying;
  for (const auto& [column, name] : forbidden) {
    bool has_data = false;
    for (size_t row = header->row + 1; row < sheet.row_count(); ++row) {
      if (!IsBlank(sheet.Text(row, column))) {
        has_data = true;
        break;
      }
    }
    if (has_data) carrying.push_back(name);
    roster.dropped_columns.push_back(name);
  }
  if (!carrying.empty() && !options.drop_forbidden_columns) {
    std::string list = fmt::format("{}", fmt::join(carrying, ", "));
    return Status::InvalidArgument(
        fmt::format("Dit bestand bevat gegevens die de bibliotheek niet mag "
                    "bewaren: {}. Laat die kolommen weg bij het exporteren en "
                    "upload het bestand opnieuw. Het bestand is niet bewaard.",
                    list),
        fmt::format("This file holds data the library may not keep: {}. Leave "
                    "those columns out of the export and upload the file "
                    "again. The file has not been kept.",
                    list));
  }
  if (!roster.dropped_columns.empty()) {
    std::string list =
        fmt::format("{}", fmt::join(roster.dropped_columns, ", "));
    Problem note;
    note.kind = ProblemKind::kDroppedField;
    note.sheet = sheet.name();
    note.row = roster.header_line;
    note.message = {
        fmt::format("De kolommen {} zijn overgeslagen en niet bewaard: de "
                    "bibliotheek mag die gegevens niet hebben.",
                    list),
        fmt::format("The columns {} were skipped and not kept: the library "
                    "may not hold that data.",
                    list)};
    roster.problems.push_back(std::move(note));
  }

  // The profile.
  const Profile* profile = &kGenericProfile;
  double marker_share = 0;
  std::string_view format = table.format;
  if (format.starts_with("zip/")) format.remove_prefix(4);
  if (format == "edex") {
    profile = &kEdexProfile;
    marker_share = 1;
  } else if (format == "edex2000") {
    profile = &kEdex2000Profile;
    marker_share = 1;
  } else {
    for (const Profile& candidate : Profiles()) {
      int matched = 0;
      for (std::string_view marker : candidate.markers) {
        if (MarkerMatches(marker, keys)) ++matched;
      }
      double share = static_cast<double>(matched) / candidate.markers.size();
      bool preferred = candidate.id == Lower(options.las_kind);
      if (share >= 0.75 &&
          (share > marker_share || (share == marker_share && preferred))) {
        profile = &candidate;
        marker_share = share;
      }
    }
  }
  roster.profile = std::string(profile->id);
  roster.profile_label = {std::string(profile->nl), std::string(profile->en)};
  double recognised =
      header->cells > 0
          ? std::min(1.0, static_cast<double>(roster.columns.size() +
                                              forbidden.size()) /
                              header->cells)
          : 0;
  roster.confidence =
      profile == &kGenericProfile
          ? static_cast<int>(60 * recognised + 0.5)
          : static_cast<int>(50 * marker_share + 50 * recognised + 0.5);
  if (roster.mapping_used) roster.confidence = 100;

  for (Field field : kRequired) {
    bool present = columns.at(field) > 0 || (field == Field::kGroupKey &&
                                             columns.at(Field::kGroupName) > 0);
    if (!present) roster.missing_fields.push_back(field);
  }

  // Dates: one day/month order for the whole column.
  auto order_of = [&](Field field) {
    int column = columns.at(field);
    if (column == 0) return DateOrder::kDayFirst;
    std::vector<std::string_view> texts;
    for (size_t row = header->row + 1; row < sheet.row_count(); ++row) {
      if (sheet.Type(row, column) == CellType::kText) {
        texts.push_back(sheet.Text(row, column));
      }
    }
    return DetectDateOrder(texts);
  };
  DateOrders orders{order_of(Field::kBirthDate), order_of(Field::kEntryDate),
                    order_of(Field::kLeaveDate)};
  SexReading sex = DecideSexCodes(*profile, options.mapping, sheet,
                                  header->row + 1, columns.at(Field::kSex));
  if (sex.question) roster.questions.push_back(*sex.question);

  RowProblems row_problems;
  RowReader reader(sheet, columns, *profile, options, std::move(sex), orders,
                   &row_problems);
  roster.students.reserve(sheet.row_count() - header->row);
  std::set<std::string> brins;
  for (size_t row = header->row + 1; row < sheet.row_count(); ++row) {
    // Some exports repeat the header on every page.
    if (sheet.cell_count(row) == sheet.cell_count(header->row) &&
        RepeatsHeader(sheet, row, options.mapping, header->fields)) {
      continue;
    }
    // Read in place: a StudentRecord is 21 strings, and moving one into the
    // vector cost about a twentieth of BuildRoster.
    StudentRecord& record = roster.students.emplace_back();
    if (!reader.Read(row, &record)) {
      roster.students.pop_back();
      continue;
    }
    if (int column = columns.at(Field::kBrin); column > 0) {
      std::string brin = Upper(CollapseSpaces(sheet.Text(row, column)));
      if (!brin.empty()) brins.insert(brin);
    }
  }
  if (std::string brin = Upper(table.property("brin")); !brin.empty()) {
    brins.insert(brin);
  }
  roster.file_brins.assign(brins.begin(), brins.end());
  FindDuplicates(sheet.name(), columns, &roster, &row_problems);
  row_problems.MergeInto(&roster.problems);
  for (const StudentRecord& record : roster.students) {
    if (record.rejected) ++roster.rejected_rows;
    if (record.left) ++roster.left_rows;
    if (!record.left && record.entry_date > options.today) {
      ++roster.future_entries;
    }
  }
  ReadTeachers(table, options.mapping, &roster);
  return roster;
}

}  // namespace schoolbieb::roster
