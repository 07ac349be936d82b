// From a Table to students: recognise which export a file is (the profile),
// find the header row, map columns to fields and normalise every row into a
// StudentRecord, collecting every problem with its row and column.
//
// Nothing here touches the database: the import engine (import/) matches
// the records to customers. A school's saved mapping (SchoolMapping) wins
// over recognition. Pure functions on values; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/problem.h"
#include "core/status.h"
#include "formats/table.h"
#include "roster/field.h"
#include "roster/values.h"

namespace schoolbieb::roster {

// What a school saved once so that every year's file is read the same way.
struct SchoolMapping {
  // Header (compared as HeaderKey) → field; overrides recognition.
  std::vector<std::pair<std::string, Field>> columns;
  // Sex code (as written) → "M", "V", "X" or "" (unknown); replaces the
  // profile's map when not empty.
  std::vector<std::pair<std::string, std::string>> sex_codes;
  // The code set the school's files use for sex, once asked (see Question):
  // a NamedSexMap name ("mv", "jm", "en", "iso", "oso"); "" when not set.
  // sex_codes, when given, win over it.
  std::string sex_code_set;
  // Year-group code (as written) → the year group ("B1" → "1"); tried before
  // the usual forms.
  std::vector<std::pair<std::string, std::string>> year_groups;

  bool empty() const {
    return columns.empty() && sex_codes.empty() && sex_code_set.empty() &&
           year_groups.empty();
  }
};
// JSON as stored in branch.mapping_json:
// {"columns": {"Stamnr": "student_number"}, "sex": {"1": "M"},
//  "sex_code_set": "jm", "year_groups": {"B1": "1"}}. Empty text is an empty
// mapping.
Result<SchoolMapping> ParseMapping(std::string_view json);
std::string MappingJson(const SchoolMapping& mapping);

// One student as the file gives it, normalised. Empty means "not in the
// file" (a blank cell never erases a stored value).
struct StudentRecord {
  int line = 0;  // physical row in the file
  std::string student_number;
  std::string card_number;
  std::string call_name;
  std::string first_names;
  std::string initials;
  std::string name_prefix;
  std::string last_name;
  std::string birth_date;  // ISO
  std::string sex;         // M, V, X
  std::string group_key;
  std::string group_name;
  std::string year_group;
  std::string street;
  std::string house_number;
  std::string house_number_suffix;
  std::string postcode;  // "1234 AB"
  std::string city;
  std::string phone;
  std::string mobile;
  std::string email;
  std::string public_consent;  // "yes", "no", "" (no column or blank)
  std::string entry_date;      // ISO: when the pupil joins the school
  std::string leave_date;      // ISO: when the pupil leaves (or left)
  // The file says the pupil is no longer a student: EDEX jaargroep H, or a
  // leave date on or before the import's date. Never created as new; a
  // current member leaves the school on leave_date (empty: the import's
  // date).
  bool left = false;
  // Set when a problem makes the row unusable; the record is kept so its
  // student number (when readable) still counts as present in the file.
  bool rejected = false;
};

// A teacher from the file (EDEX leerkrachten, or a sheet of teachers).
struct TeacherRecord {
  int line = 0;
  std::string key;  // the LAS's teacher key, or empty
  std::string call_name;
  std::string initials;
  std::string name_prefix;
  std::string last_name;
  std::string email;
  std::vector<std::string> group_keys;
};

// A value the file writes that can be read two ways (only "M" for sex: a
// boy under M/V, a girl under J/M). The import is held with this one
// question until the school's saved mapping answers it; nothing is guessed.
struct Question {
  std::string kind;  // "sex_codes"
  Message text;      // the question, with what the file holds
  struct Choice {
    std::string id;  // what the mapping saves ("mv", "jm", …)
    Message label;
  };
  std::vector<Choice> choices;
};

// How one column of the header row is read: the field it became, or none.
struct ColumnUse {
  int column = 0;              // 1-based
  std::string header;          // as written
  std::optional<Field> field;  // nullopt: not recognised, not read
  bool from_mapping = false;   // the school's saved mapping named it
  bool duplicate = false;      // a second column of a field: not read
};

struct RosterOptions {
  NumberRule number_rule;
  std::string brin;      // the school's BRIN (for ",strip-brin")
  std::string las_kind;  // the school's LAS, breaks ties between profiles
  SchoolMapping mapping;
  // A school setting: drop columns the library may not hold (and say so)
  // instead of refusing the file.
  bool drop_forbidden_columns = false;
  std::string today;  // ISO date; birth dates after it are problems
};

struct Roster {
  std::string profile;  // "wise", "wise-en", "edex", "edex2000",
                        // "parnassys", "esis", "magister", "somtoday",
                        // "generic"
  Message profile_label;
  int confidence = 0;         // percent: how sure the recognition is
  bool mapping_used = false;  // the school's saved mapping decided columns
  std::string sheet;          // the sheet the students came from
  int header_line = 0;        // physical row of the header (0: EDEX)
  // Column (1-based) → field, for every recognised column.
  std::vector<std::pair<int, Field>> columns;
  std::vector<Field> missing_fields;         // required and not found
  std::vector<std::string> dropped_columns;  // forbidden headers, as written
  std::vector<std::string> file_brins;       // BRIN codes the file names
  // Every column of the header row in order, with what became of it.
  std::vector<ColumnUse> column_uses;
  std::vector<Question> questions;  // each holds the import until answered
  std::vector<StudentRecord> students;
  std::vector<TeacherRecord> teachers;
  Problems problems;  // the reader's, then the rows' in file order
  int rejected_rows = 0;
  int left_rows = 0;       // rows of pupils who have left (StudentRecord::left)
  int future_entries = 0;  // rows whose entry date lies after the import's

  bool has_field(Field field) const;
};

// Builds the roster of `table`. Refused (InvalidArgument, message for the
// teacher) when no sheet has a recognisable header row, or when the file
// carries columns the library may not hold and the school has not chosen to
// drop them. Missing required columns are not a refusal: they are listed in
// missing_fields and the import holds the file.
Result<Roster> BuildRoster(const formats::Table& table,
                           const RosterOptions& options);

// "Ja", "nee", "J", "N", "yes", "no", "1", "0", "x", "true", "false" →
// "yes" / "no"; nullopt otherwise. Empty gives "".
std::optional<std::string> ParseConsent(std::string_view text);

}  // namespace schoolbieb::roster
