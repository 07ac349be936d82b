// EDEX2000: the older EDEX export, a set of fixed-width text files in ASCII
// or Windows-1252, usually delivered together in a ZIP.
//
// EDEXLL.TXT (students) is required; EDEXGR.TXT (groups), EDEXLK.TXT
// (teachers) and EDEXLG.TXT (which teacher has which group) are read when
// present. The widths of EDEXLL and EDEXGR are the ones in DOMAIN.md. For
// EDEXLK and EDEXLG only the leading fields are read, whose widths two
// independent public implementations agree on (the PHP package
// 52software/edex and a Python EDEX tool): EDEXLK achternaam 40,
// voorvoegsel 10, voornaam 20, leerkrachtkey 5; EDEXLG leerkrachtkey 5,
// groepkey 5. The private fields (etniciteit, sofinummer, gewicht, land) are
// skipped by position and never converted or copied.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "formats/deadline.h"
#include "formats/edex_common.h"
#include "formats/reader.h"

namespace schoolbieb::formats {
namespace edex {
namespace {

constexpr std::string_view kStudentFile = "EDEXLL.TXT";
constexpr std::string_view kGroupFile = "EDEXGR.TXT";
constexpr std::string_view kTeacherFile = "EDEXLK.TXT";
constexpr std::string_view kTeacherGroupFile = "EDEXLG.TXT";

// Bytes a line must have for every field this reader uses to be complete.
constexpr size_t kStudentLineBytes = 145;  // through dependance
// Through the leerlingkey. School systems may trim the trailing spaces of a
// line, so a line that ends after the key has only blank fields missing; a
// line that ends before it has lost the student's key and is reported.
constexpr size_t kStudentKeyEnd = 85;
constexpr size_t kGroupLineBytes = 54;         // through dependance
constexpr size_t kTeacherLineBytes = 75;       // through leerkrachtkey
constexpr size_t kTeacherGroupLineBytes = 10;  // through groepkey
constexpr int kDeadlineEvery = 4096;           // lines between clock checks

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

// The file named `name`, matched on the part after the last '/' and without
// regard to case, since ZIPs made on Windows keep folders and any case.
const std::string* FindFile(const std::map<std::string, std::string>& files,
                            std::string_view name) {
  for (const auto& [path, bytes] : files) {
    std::string_view base(path);
    size_t slash = base.find_last_of("/\\");
    if (slash != std::string_view::npos) base.remove_prefix(slash + 1);
    if (EqualsNoCase(base, name)) return &bytes;
  }
  return nullptr;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\0'; });
}

std::string_view TrimBlank(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\0'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// Physical lines of a text file: LF, CRLF or CR, and the DOS end-of-file
// mark (Ctrl-Z) that old exports may still append.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool Next(std::string_view* line, int* number) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find_first_of("\r\n", pos_);
    if (end == std::string_view::npos) end = text_.size();
    *line = text_.substr(pos_, end - pos_);
    while (!line->empty() && line->back() == '\x1a') line->remove_suffix(1);
    pos_ = end + 1;
    if (end + 1 < text_.size() && text_[end] == '\r' && text_[end + 1] == '\n')
      ++pos_;
    *number = ++line_;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;
};

// Consecutive fixed-width fields of one line; a field past the end of the
// line is empty, one cut by the end is what is there.
class FixedFields {
 public:
  explicit FixedFields(std::string_view line) : line_(line) {}

  std::string_view Next(size_t width) {
    std::string_view field;
    if (pos_ < line_.size()) field = line_.substr(pos_, width);
    pos_ += width;
    return field;
  }

 private:
  std::string_view line_;
  size_t pos_ = 0;
};

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool PlausibleParts(int year, int month, int day) {
  return year >= 1900 && year <= 2099 && month <= 12 && day <= 31;
}

// An EDEX2000 date as ISO yyyy-mm-dd when it is a real date. The standard
// writes ddmmjjjj; some systems write jjjjmmdd, which never reads as a
// plausible ddmmjjjj (its "month" would be 19 or 20), so both can be told
// apart. A date with an unknown day or month (00) or any other form is kept
// as written, so that nothing is guessed; all zeros means "no date".
std::string Edex2000Date(std::string_view raw) {
  if (raw.empty() || raw.find_first_not_of('0') == std::string_view::npos) {
    return "";
  }
  if (raw.size() == 8 && AllDigits(raw)) {
    int day = Number(raw.substr(0, 2));
    int month = Number(raw.substr(2, 2));
    int year = Number(raw.substr(4, 4));
    if (!PlausibleParts(year, month, day)) {
      year = Number(raw.substr(0, 4));
      month = Number(raw.substr(4, 2));
      day = Number(raw.substr(6, 2));
    }
    if (PlausibleParts(year, month, day)) {
      std::string iso = fmt::format("{:04}-{:02}-{:02}", year, month, day);
      if (edex::IsIsoDate(iso)) return iso;
    }
  }
  return std::string(raw);
}

Status MissingStudentFile() {
  return Status::InvalidArgument(
      "De ZIP bevat geen EDEXLL.TXT, het bestand met de leerlingen. Maak de "
      "EDEX-export opnieuw in het schoolsysteem en lever alle EDEX-bestanden "
      "(EDEXLL.TXT, EDEXGR.TXT, …) samen in één ZIP aan.",
      "The ZIP contains no EDEXLL.TXT, the file with the students. Make the "
      "EDEX export again in the school system and upload all EDEX files "
      "(EDEXLL.TXT, EDEXGR.TXT, …) together in one ZIP.");
}

class Edex2000Reader {
 public:
  explicit Edex2000Reader(const ReadOptions& options)
      : limits_(options.limits), deadline_(options.limits.max_millis) {}

  Result<Table> Read(const std::map<std::string, std::string>& files);

 private:
  Status ReadStudents(std::string_view text);
  Status ReadGroups(std::string_view text);
  Status ReadTeachers(std::string_view text);
  Status ReadTeacherGroups(std::string_view text);
  // Windows-1252 text of a field, trimmed and within the cell limit.
  std::string Field(std::string_view raw, std::string_view sheet, int line,
                    int column);
  // Skips a private field, noting its name when the line has a value there.
  void SkipPrivate(std::string_view raw, std::string_view name);
  void ShortLine(std::string_view file, std::string_view sheet, int line,
                 size_t length, size_t expected);
  Status CountRow();
  Status CheckDeadline(int line);

  const Limits& limits_;
  Deadline deadline_;
  size_t rows_ = 0;
  EdexContent content_;
  Problems problems_;
  std::string brin_, dependance_, schooljaar_;
  bool other_brin_noted_ = false;
};

std::string Edex2000Reader::Field(std::string_view raw, std::string_view sheet,
                                  int line, int column) {
  std::string text = edex::Cp1252ToUtf8(TrimBlank(raw));
  std::replace(text.begin(), text.end(), '\0', ' ');
  if (edex::CutUtf8(&text, limits_.max_cell_bytes)) {
    Problem problem;
    problem.kind = ProblemKind::kFieldTooLong;
    problem.sheet = std::string(sheet);
    problem.row = line;
    problem.column = column;
    problem.value = edex::ShortValue(text);
    problem.message = {
        fmt::format("Een veld op regel {} is langer dan {} tekens en is "
                    "afgekapt. Controleer dit gegeven in het schoolsysteem.",
                    line, limits_.max_cell_bytes),
        fmt::format("A field on line {} is longer than {} bytes and was cut. "
                    "Check this value in the school system.",
                    line, limits_.max_cell_bytes)};
    problems_.push_back(std::move(problem));
  }
  return text;
}

void Edex2000Reader::SkipPrivate(std::string_view raw, std::string_view name) {
  if (!IsBlank(raw)) edex::NoteDroppedField(name, &content_);
}

void Edex2000Reader::ShortLine(std::string_view file, std::string_view sheet,
                               int line, size_t length, size_t expected) {
  Problem problem;
  problem.kind = ProblemKind::kBrokenStructure;
  problem.sheet = std::string(sheet);
  problem.row = line;
  problem.message = {
      fmt::format("Regel {} van {} is korter dan verwacht ({} van de {} "
                  "tekens); de ontbrekende gegevens blijven leeg. Maak de "
                  "EDEX-export opnieuw als er gegevens ontbreken.",
                  line, file, length, expected),
      fmt::format("Line {} of {} is shorter than expected ({} of {} "
                  "characters); the missing values stay empty. Make the EDEX "
                  "export again if values are missing.",
                  line, file, length, expected)};
  problems_.push_back(std::move(problem));
}

Status Edex2000Reader::CountRow() {
  if (++rows_ > limits_.max_rows) {
    return LimitExceeded("rijen", "rows", limits_.max_rows);
  }
  return Status::Ok();
}

Status Edex2000Reader::CheckDeadline(int line) {
  if (line % kDeadlineEvery == 0 && deadline_.Passed()) {
    return deadline_.Exceeded();
  }
  return Status::Ok();
}

Status Edex2000Reader::ReadStudents(std::string_view text) {
  const std::string_view sheet = edex::kStudentSheet;
  LineReader lines(text);
  std::string_view line;
  int number = 0;
  while (lines.Next(&line, &number)) {
    SB_RETURN_IF_ERROR(CheckDeadline(number));
    if (IsBlank(line)) continue;
    SB_RETURN_IF_ERROR(CountRow());
    if (line.size() < kStudentKeyEnd) {
      ShortLine(kStudentFile, sheet, number, line.size(), kStudentLineBytes);
    }
    StudentRecord student;
    student.line = number;
    auto field = [&](std::string_view raw, StudentColumn column) {
      student[column] = Field(raw, sheet, number, static_cast<int>(column));
    };
    FixedFields fields(line);
    field(fields.Next(40), StudentColumn::kAchternaam);
    field(fields.Next(10), StudentColumn::kVoorvoegsel);
    // EDEX2000 has one first name, the one the school uses: the roepnaam.
    field(fields.Next(20), StudentColumn::kRoepnaam);
    field(fields.Next(8), StudentColumn::kGeboortedatum);
    field(fields.Next(1), StudentColumn::kGeslacht);
    SkipPrivate(fields.Next(1), "etniciteit");
    field(fields.Next(5), StudentColumn::kLeerlingnummer);
    field(fields.Next(5), StudentColumn::kGroepKey);
    std::string schooljaar = Field(fields.Next(9), sheet, number, 0);
    SkipPrivate(fields.Next(9), "sofinummer");
    SkipPrivate(fields.Next(4), "gewicht");
    field(fields.Next(6), StudentColumn::kPostcode);
    field(fields.Next(8), StudentColumn::kInstroomdatum);
    field(fields.Next(8), StudentColumn::kUitstroomdatum);
    SkipPrivate(fields.Next(2), "land");
    std::string brin = Field(fields.Next(4), sheet, number, 0);
    std::string dependance = Field(fields.Next(5), sheet, number, 0);

    for (StudentColumn column :
         {StudentColumn::kGeboortedatum, StudentColumn::kInstroomdatum,
          StudentColumn::kUitstroomdatum}) {
      student[column] = Edex2000Date(student[column]);
    }
    if (schooljaar_.empty()) schooljaar_ = std::move(schooljaar);
    if (dependance_.empty()) dependance_ = std::move(dependance);
    if (brin_.empty()) {
      brin_ = std::move(brin);
    } else if (!brin.empty() && brin != brin_ && !other_brin_noted_) {
      other_brin_noted_ = true;
      Problem problem;
      problem.kind = ProblemKind::kFormatNote;
      problem.sheet = std::string(sheet);
      problem.row = number;
      problem.value = brin;
      problem.message = {
          fmt::format("EDEXLL.TXT bevat leerlingen van meer dan één school "
                      "(BRIN {} en {}). Controleer of dit de bedoeling is; "
                      "lever anders per school een eigen export aan.",
                      brin_, brin),
          fmt::format("EDEXLL.TXT contains students of more than one school "
                      "(BRIN {} and {}). Check that this is intended; "
                      "otherwise upload a separate export per school.",
                      brin_, brin)};
      problems_.push_back(std::move(problem));
    }
    content_.students.push_back(std::move(student));
  }
  return Status::Ok();
}

Status Edex2000Reader::ReadGroups(std::string_view text) {
  LineReader lines(text);
  std::string_view line;
  int number = 0;
  while (lines.Next(&line, &number)) {
    SB_RETURN_IF_ERROR(CheckDeadline(number));
    if (IsBlank(line)) continue;
    if (line.size() < kGroupLineBytes) {
      ShortLine(kGroupFile, kGroupFile, number, line.size(), kGroupLineBytes);
    }
    FixedFields fields(line);
    GroupRecord group;
    group.name = Field(fields.Next(30), kGroupFile, number, 0);
    group.jaargroep = Field(fields.Next(1), kGroupFile, number, 0);
    std::string key = Field(fields.Next(5), kGroupFile, number, 0);
    if (key.empty()) continue;  // nothing can refer to it
    content_.groups.insert_or_assign(std::move(key), std::move(group));
  }
  return Status::Ok();
}

Status Edex2000Reader::ReadTeachers(std::string_view text) {
  const std::string_view sheet = edex::kTeacherSheet;
  LineReader lines(text);
  std::string_view line;
  int number = 0;
  while (lines.Next(&line, &number)) {
    SB_RETURN_IF_ERROR(CheckDeadline(number));
    if (IsBlank(line)) continue;
    SB_RETURN_IF_ERROR(CountRow());
    if (line.size() < kTeacherLineBytes) {
      ShortLine(kTeacherFile, sheet, number, line.size(), kTeacherLineBytes);
    }
    TeacherRecord teacher;
    teacher.line = number;
    auto field = [&](std::string_view raw, TeacherColumn column) {
      teacher[column] = Field(raw, sheet, number, static_cast<int>(column));
    };
    FixedFields fields(line);
    field(fields.Next(40), TeacherColumn::kAchternaam);
    field(fields.Next(10), TeacherColumn::kVoorvoegsel);
    field(fields.Next(20), TeacherColumn::kRoepnaam);
    field(fields.Next(5), TeacherColumn::kKey);
    content_.teachers.push_back(std::move(teacher));
  }
  return Status::Ok();
}

Status Edex2000Reader::ReadTeacherGroups(std::string_view text) {
  std::unordered_map<std::string_view, TeacherRecord*> by_key;
  for (TeacherRecord& teacher : content_.teachers) {
    by_key.emplace(teacher[TeacherColumn::kKey], &teacher);
  }
  LineReader lines(text);
  std::string_view line;
  int number = 0;
  while (lines.Next(&line, &number)) {
    SB_RETURN_IF_ERROR(CheckDeadline(number));
    if (IsBlank(line)) continue;
    if (line.size() < kTeacherGroupLineBytes) {
      ShortLine(kTeacherGroupFile, kTeacherGroupFile, number, line.size(),
                kTeacherGroupLineBytes);
    }
    FixedFields fields(line);
    std::string teacher_key =
        Field(fields.Next(5), kTeacherGroupFile, number, 0);
    std::string group_key = Field(fields.Next(5), kTeacherGroupFile, number, 0);
    if (teacher_key.empty() || group_key.empty()) continue;
    auto teacher = by_key.find(teacher_key);
    if (teacher != by_key.end()) {
      teacher->second->group_keys.push_back(std::move(group_key));
    }
  }
  return Status::Ok();
}

Result<Table> Edex2000Reader::Read(
    const std::map<std::string, std::string>& files) {
  const std::string* students = FindFile(files, kStudentFile);
  if (!students) return MissingStudentFile();
  const std::string* groups = FindFile(files, kGroupFile);
  const std::string* teachers = FindFile(files, kTeacherFile);
  const std::string* teacher_groups = FindFile(files, kTeacherGroupFile);

  SB_RETURN_IF_ERROR(ReadStudents(*students));
  if (groups) {
    content_.groups_present = true;
    SB_RETURN_IF_ERROR(ReadGroups(*groups));
  } else if (!content_.students.empty()) {
    Problem problem;
    problem.kind = ProblemKind::kBrokenStructure;
    problem.message = {
        "De ZIP bevat geen EDEXGR.TXT, het bestand met de groepen; de "
        "groepsnamen blijven leeg. Lever EDEXGR.TXT mee als de groepsnamen "
        "nodig zijn.",
        "The ZIP contains no EDEXGR.TXT, the file with the groups; the group "
        "names stay empty. Include EDEXGR.TXT if the group names are needed."};
    problems_.push_back(std::move(problem));
  }
  if (teachers) {
    SB_RETURN_IF_ERROR(ReadTeachers(*teachers));
    if (teacher_groups) SB_RETURN_IF_ERROR(ReadTeacherGroups(*teacher_groups));
  }

  for (const auto& [path, bytes] : files) {
    std::string_view base = BaseName(path);
    if (EqualsNoCase(base, kStudentFile) || EqualsNoCase(base, kGroupFile) ||
        EqualsNoCase(base, kTeacherFile) ||
        EqualsNoCase(base, kTeacherGroupFile)) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::kSkippedEntry;
    problem.value = edex::ShortValue(path);
    problem.message = {
        fmt::format("{} is niet gelezen: alleen EDEXLL.TXT, EDEXGR.TXT, "
                    "EDEXLK.TXT en EDEXLG.TXT worden gebruikt. U hoeft niets "
                    "te doen.",
                    edex::ShortValue(path)),
        fmt::format("{} was not read: only EDEXLL.TXT, EDEXGR.TXT, EDEXLK.TXT "
                    "and EDEXLG.TXT are used. No action is needed.",
                    edex::ShortValue(path))};
    problems_.push_back(std::move(problem));
  }

  Table table;
  table.format = "edex2000";
  if (!brin_.empty()) table.properties.emplace_back("brin", brin_);
  if (!dependance_.empty()) {
    table.properties.emplace_back("dependance", dependance_);
  }
  if (!schooljaar_.empty()) {
    table.properties.emplace_back("schooljaar", schooljaar_);
  }
  table.problems = std::move(problems_);
  edex::WriteEdexSheets(content_, &table);
  return table;
}

}  // namespace
}  // namespace edex

namespace {

// One EDEXLL line by the layout: the birth date (8 digits or blank), the
// sex code and the student key at their places, and the school year (when
// the line reaches it) as "jjjj-jjjj". A CSV line with names in its first
// columns fails on one of these.
bool Edex2000StudentLine(std::string_view line) {
  if (line.size() < edex::kStudentKeyEnd ||
      line.substr(0, 70).find_first_of("\t;,|") != std::string_view::npos) {
    return false;
  }
  std::string_view birth = line.substr(70, 8);
  if (!edex::AllDigits(birth) && !edex::IsBlank(birth)) return false;
  if (std::string_view(" 0129JMVXjmvx").find(line[78]) ==
      std::string_view::npos) {
    return false;
  }
  if (edex::IsBlank(line.substr(80, 5))) return false;
  if (line.size() >= 99) {
    std::string_view year = line.substr(90, 9);
    bool school_year = edex::AllDigits(year.substr(0, 4)) &&
                       (year[4] == '-' || year[4] == '/') &&
                       edex::AllDigits(year.substr(5, 4));
    if (!school_year && !edex::IsBlank(year)) return false;
  }
  return true;
}

}  // namespace

bool LooksLikeEdex2000Students(std::string_view text) {
  constexpr int kSampleLines = 20;
  edex::LineReader lines(text);
  std::string_view line;
  int number = 0, sampled = 0;
  while (sampled < kSampleLines && lines.Next(&line, &number)) {
    if (edex::IsBlank(line)) continue;
    if (!Edex2000StudentLine(line)) return false;
    ++sampled;
  }
  return sampled > 0;
}

Result<Table> ReadEdex2000(const std::map<std::string, std::string>& files,
                           const ReadOptions& options) {
  edex::Edex2000Reader reader(options);
  return reader.Read(files);
}

}  // namespace schoolbieb::formats
