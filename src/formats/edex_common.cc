#include "formats/edex_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace schoolbieb::formats::edex {
namespace {

// Stems of the private fields. A name matches a stem exactly or with a
// suffix that starts with '_', '-' or a digit, so "land" also covers
// "land_vader" and "land_moeder", and "nationaliteit" covers
// "nationaliteit-1" — without touching an unrelated name that merely starts
// with the same letters.
constexpr std::string_view kPrivateStems[] = {
    "bsn",     "burgerservicenummer", "sofinummer",
    "pgn",     "onderwijsnummer",     "etniciteit",
    "land",    "geboorteland",        "nationaliteit",
    "gewicht", "leerlinggewicht",     "godsdienst",
    "religie",
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t char_idx = 0; char_idx < prefix.size(); ++char_idx) {
    if (std::tolower(static_cast<unsigned char>(text[char_idx])) !=
        std::tolower(static_cast<unsigned char>(prefix[char_idx]))) {
      return false;
    }
  }
  return true;
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// 0x80..0x9F; the rest of Windows-1252 equals Latin-1.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void AddCellIfAny(Sheet* sheet, int column, CellType type,
                  std::string_view text) {
  if (text.empty()) return;
  sheet->AddCell(column, type, text);
}

template <size_t N>
void WriteHeader(const std::array<std::string_view, N>& names, Sheet* sheet) {
  sheet->BeginRow(0);
  for (size_t column_idx = 0; column_idx < N; ++column_idx) {
    sheet->AddCell(static_cast<int>(column_idx) + 1, CellType::kText,
                   names[column_idx]);
  }
}

bool IsDateColumn(StudentColumn column) {
  return column == StudentColumn::kGeboortedatum ||
         column == StudentColumn::kInstroomdatum ||
         column == StudentColumn::kUitstroomdatum;
}

Problem UnknownGroupProblem(const StudentRecord& student) {
  const std::string& key = student[StudentColumn::kGroepKey];
  Problem problem;
  problem.kind = ProblemKind::kBrokenStructure;
  problem.sheet = std::string(kStudentSheet);
  problem.row = student.line;
  problem.column = static_cast<int>(StudentColumn::kGroepKey);
  problem.value = ShortValue(key);
  problem.message = {
      fmt::format("De leerling op regel {} hoort bij groep {}, maar die groep "
                  "staat niet in het bestand. De groepsnaam blijft leeg. "
                  "Controleer de groepen in het schoolsysteem en exporteer "
                  "het bestand opnieuw.",
                  student.line, ShortValue(key)),
      fmt::format("The student on line {} belongs to group {}, but that group "
                  "is not in the file. The group name stays empty. Check the "
                  "groups in the school system and export the file again.",
                  student.line, ShortValue(key))};
  return problem;
}

Problem DroppedFieldsProblem(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  Problem problem;
  problem.kind = ProblemKind::kDroppedField;
  problem.value = list;
  if (names.size() == 1) {
    problem.message = {
        fmt::format("Het bestand bevat het veld {}. Dat hoort bij de "
                    "EDEX-standaard, maar is overgeslagen en wordt nooit "
                    "bewaard. U hoeft niets te doen.",
                    list),
        fmt::format("The file contains the field {}. It is part of the EDEX "
                    "standard, but was skipped and is never stored. No action "
                    "is needed.",
                    list)};
  } else {
    problem.message = {
        fmt::format("Het bestand bevat de velden {}. Die horen bij de "
                    "EDEX-standaard, maar zijn overgeslagen en worden nooit "
                    "bewaard. U hoeft niets te doen.",
                    list),
        fmt::format("The file contains the fields {}. They are part of the "
                    "EDEX standard, but were skipped and are never stored. No "
                    "action is needed.",
                    list)};
  }
  return problem;
}

}  // namespace

bool IsPrivateField(std::string_view name) {
  for (std::string_view stem : kPrivateStems) {
    if (!StartsWithNoCase(name, stem)) continue;
    if (name.size() == stem.size()) return true;
    char next = name[stem.size()];
    if (next == '_' || next == '-' ||
        std::isdigit(static_cast<unsigned char>(next))) {
      return true;
    }
  }
  return false;
}

void NoteDroppedField(std::string_view name, EdexContent* content) {
  auto& names = content->dropped_fields;
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    names.emplace_back(name);
  }
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t char_idx : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[char_idx]))) {
      return false;
    }
  }
  int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
             (text[2] - '0') * 10 + (text[3] - '0');
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  int day = (text[8] - '0') * 10 + (text[9] - '0');
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30,
                                         31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool CutUtf8(std::string* text, size_t max_bytes) {
  if (text->size() <= max_bytes) return false;
  size_t end = max_bytes;
  // Step back over continuation bytes so the cut lands on a character start.
  while (end > 0 && (static_cast<unsigned char>((*text)[end]) & 0xC0) == 0x80) {
    --end;
  }
  text->resize(end);
  return true;
}

std::string ShortValue(std::string_view text) {
  constexpr size_t kMaxBytes = 60;
  std::string value(text);
  if (CutUtf8(&value, kMaxBytes)) value += "…";
  return value;
}

char32_t Cp1252CodePoint(unsigned char byte) {
  if (byte >= 0x80 && byte < 0xA0) return kCp1252High[byte - 0x80];
  return byte;
}

std::string Cp1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char byte : bytes) {
    AppendUtf8(Cp1252CodePoint(static_cast<unsigned char>(byte)), &out);
  }
  return out;
}

void WriteEdexSheets(const EdexContent& content, Table* table) {
  Sheet students{std::string(kStudentSheet)};
  WriteHeader(kStudentColumns, &students);
  for (const StudentRecord& student : content.students) {
    const std::string& key = student[StudentColumn::kGroepKey];
    const GroupRecord* group = nullptr;
    if (!key.empty()) {
      auto found = content.groups.find(key);
      if (found != content.groups.end()) {
        group = &found->second;
      } else if (content.groups_present) {
        table->problems.push_back(UnknownGroupProblem(student));
      }
    }
    students.BeginRow(student.line);
    for (size_t column_idx = 0; column_idx < kStudentColumns.size();
         ++column_idx) {
      auto column = static_cast<StudentColumn>(column_idx + 1);
      std::string_view text = student.values[column_idx];
      if (column == StudentColumn::kGroepsnaam) {
        text = group ? std::string_view(group->name) : std::string_view();
      } else if (column == StudentColumn::kGroepJaargroep) {
        text = group ? std::string_view(group->jaargroep) : std::string_view();
      } else if (column == StudentColumn::kJaargroep && text.empty() && group) {
        // A combination group ("C") carries no year; the student's own
        // jaargroep wins whenever the export has one.
        text = group->jaargroep;
      }
      CellType type = IsDateColumn(column) && IsIsoDate(text) ? CellType::kDate
                                                              : CellType::kText;
      AddCellIfAny(&students, static_cast<int>(column), type, text);
    }
  }

  Sheet teachers{std::string(kTeacherSheet)};
  WriteHeader(kTeacherColumns, &teachers);
  for (const TeacherRecord& teacher : content.teachers) {
    teachers.BeginRow(teacher.line);
    for (size_t column_idx = 0; column_idx < kTeacherColumns.size();
         ++column_idx) {
      auto column = static_cast<TeacherColumn>(column_idx + 1);
      std::string joined;
      std::string_view text = teacher.values[column_idx];
      if (column == TeacherColumn::kGroepen) {
        for (const std::string& group_key : teacher.group_keys) {
          if (!joined.empty()) joined += ",";
          joined += group_key;
        }
        text = joined;
      }
      AddCellIfAny(&teachers, static_cast<int>(column), CellType::kText, text);
    }
  }

  if (!content.dropped_fields.empty()) {
    table->problems.push_back(DroppedFieldsProblem(content.dropped_fields));
  }
  table->sheets.push_back(std::move(students));
  table->sheets.push_back(std::move(teachers));
}

}  // namespace schoolbieb::formats::edex
