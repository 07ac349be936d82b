// The fields of a student file that schoolbieb understands, and how column
// headers are recognised as those fields.
//
// Headers are compared as keys: lower case, accents removed, everything but
// letters and digits dropped, so "Geb. datum", "GEBDATUM" and "geb_datum" are
// one key. One table lists every accepted header per field — the Wise import
// template (Dutch and English), EDEX, and the spreadsheet exports of
// ParnasSys, ESIS, Dotcom, Magister and SOMtoday. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/message.h"

namespace schoolbieb::roster {

enum class Field {
  kStudentNumber,  // leerlingnummer: the key within the school
  kCardNumber,     // lenernummer / pasnummer
  kCallName,       // roepnaam
  kFirstNames,     // voornamen
  kInitials,       // voorletters
  kNamePrefix,     // tussenvoegsel
  kLastName,       // achternaam (with the prefix when there is no prefix
                   // column)
  kBirthDate,
  kSex,
  kGroupKey,   // groep / klascode
  kGroupName,  // groepsnaam / klasnaam
  kYearGroup,  // jaargroep / leerjaar
  kStreet,
  kHouseNumber,  // may hold the addition too ("12a")
  kHouseNumberSuffix,
  kPostcode,
  kCity,
  kPhone,
  kMobile,
  kEmail,
  kPublicConsent,  // consent to public-library membership (ja/nee)
  kEntryDate,      // instroomdatum: when the pupil joins the school
  kLeaveDate,      // uitstroomdatum / uitschrijfdatum: when the pupil leaves
  kBrin,           // the school's BRIN code, on every row
  kIgnored,        // a known column schoolbieb does not need (eckid, …)
  kForbidden,      // a column the library may never hold (BSN, ethnicity, …)
};
inline constexpr int kFieldCount = static_cast<int>(Field::kForbidden) + 1;

// Stable snake_case name ("student_number"), used in saved mappings and JSON.
std::string_view FieldName(Field field);
std::optional<Field> ParseFieldName(std::string_view name);
// What a teacher calls the field ("Leerlingnummer" / "Student number").
Message FieldLabel(Field field);

// "Geb. datum" → "gebdatum", "É-mail" → "email".
std::string HeaderKey(std::string_view header);

// The field a header names, by its key; nullopt for an unknown header.
std::optional<Field> FieldForHeader(std::string_view header);

}  // namespace schoolbieb::roster
