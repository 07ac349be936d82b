// What the EDEX XML reader and the EDEX2000 reader share: the one table shape
// they both produce, the records they collect on the way, and the list of
// EDEX fields the library may never hold.
//
// Both readers first collect students, groups and teachers as records and
// write the sheets only at the end (WriteEdexSheets), because a student
// refers to a group by key and the group may be defined anywhere in the
// input. The sheets are "leerlingen" and "leerkrachten"; the first row of
// each is a header of the fixed column names below, with line 0 because it
// is not a physical line of the input. This header is internal to the two
// EDEX readers; everything is a plain function or value, no shared state.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "formats/table.h"

namespace schoolbieb::formats::edex {

inline constexpr std::string_view kStudentSheet = "leerlingen";
inline constexpr std::string_view kTeacherSheet = "leerkrachten";

// The columns of "leerlingen", in sheet order (1-based values).
enum class StudentColumn : int {
  kLeerlingnummer = 1,
  kEckid,
  kAchternaam,
  kVoorvoegsel,
  kVoornamen,
  kVoorletters,
  kRoepnaam,
  kGeboortedatum,
  kGeslacht,
  kJaargroep,
  kGroepKey,
  kGroepsnaam,
  kGroepJaargroep,
  kEmailadres,
  kPostcode,
  kInstroomdatum,
  kUitstroomdatum,
};

// The header row of "leerlingen"; index = StudentColumn - 1.
inline constexpr std::array<std::string_view, 17> kStudentColumns = {
    "leerlingnummer",  "eckid",       "achternaam", "voorvoegsel",
    "voornamen",       "voorletters", "roepnaam",   "geboortedatum",
    "geslacht",        "jaargroep",   "groep_key",  "groepsnaam",
    "groep_jaargroep", "emailadres",  "postcode",   "instroomdatum",
    "uitstroomdatum",
};
static_assert(static_cast<size_t>(StudentColumn::kUitstroomdatum) ==
              kStudentColumns.size());

// The columns of "leerkrachten", in sheet order (1-based values).
enum class TeacherColumn : int {
  kKey = 1,
  kAchternaam,
  kVoorvoegsel,
  kVoorletters,
  kRoepnaam,
  kEmailadres,
  kGroepen,
};

// The header row of "leerkrachten"; index = TeacherColumn - 1.
inline constexpr std::array<std::string_view, 7> kTeacherColumns = {
    "key",      "achternaam", "voorvoegsel", "voorletters",
    "roepnaam", "emailadres", "groepen",
};
static_assert(static_cast<size_t>(TeacherColumn::kGroepen) ==
              kTeacherColumns.size());

// One student as read. groepsnaam, groep_jaargroep and (when empty) jaargroep
// are filled in by WriteEdexSheets from the group the student refers to.
struct StudentRecord {
  int line = 0;  // where the student starts in the input
  std::array<std::string, kStudentColumns.size()> values;

  std::string& operator[](StudentColumn column) {
    return values[static_cast<size_t>(column) - 1];
  }
  const std::string& operator[](StudentColumn column) const {
    return values[static_cast<size_t>(column) - 1];
  }
};

struct GroupRecord {
  std::string name;
  std::string jaargroep;  // the code as written ("4", "C", "S")
};

// One teacher as read; "groepen" is written from group_keys.
struct TeacherRecord {
  int line = 0;
  std::array<std::string, kTeacherColumns.size()> values;
  std::vector<std::string> group_keys;

  std::string& operator[](TeacherColumn column) {
    return values[static_cast<size_t>(column) - 1];
  }
  const std::string& operator[](TeacherColumn column) const {
    return values[static_cast<size_t>(column) - 1];
  }
};

// Everything a reader collected from one EDEX export.
struct EdexContent {
  std::vector<StudentRecord> students;
  std::map<std::string, GroupRecord, std::less<>> groups;  // by key
  // False when the input has no groups at all (no <groepen>, no EDEXGR.TXT):
  // then the reader notes that once instead of a problem per student.
  bool groups_present = false;
  std::vector<TeacherRecord> teachers;
  // Names of private fields that occurred, in first-seen order, no repeats.
  std::vector<std::string> dropped_fields;
};

// True for a field the library may never hold even though the EDEX standard
// carries it (BSN, sofinummer, ethnicity, countries, nationality, the
// student weight, religion), by XML element name or EDEX2000 field name:
// "bsn", "etniciteit", "land_vader", "gewicht_nieuw", "nationaliteit-1", ….
bool IsPrivateField(std::string_view name);

// Adds `name` to content->dropped_fields unless it is already there.
void NoteDroppedField(std::string_view name, EdexContent* content);

// True when `text` is a real calendar date written yyyy-mm-dd.
bool IsIsoDate(std::string_view text);

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
// Returns whether anything was cut.
bool CutUtf8(std::string* text, size_t max_bytes);

// The start of `text` for a Problem's value: at most about 60 bytes.
std::string ShortValue(std::string_view text);

// Windows-1252 to UTF-8. The five bytes Windows-1252 leaves undefined map to
// the same code points as in Latin-1 (as browsers do), so nothing is lost.
// Kept here only for the EDEX readers; not a general charset API.
std::string Cp1252ToUtf8(std::string_view bytes);
char32_t Cp1252CodePoint(unsigned char byte);

// Writes the "leerlingen" and "leerkrachten" sheets into `table` and adds
// the problems that only the whole content can show: a student whose group
// key is not among the groups (row kept, group name empty) and the one note
// listing the private fields that were skipped. Leaves table->format and
// table->properties to the reader.
void WriteEdexSheets(const EdexContent& content, Table* table);

}  // namespace schoolbieb::formats::edex
