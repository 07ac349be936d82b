#include "roster/field.h"

#include <array>
#include <unordered_map>

namespace schoolbieb::roster {
namespace {

struct FieldInfo {
  Field field;
  std::string_view name;
  std::string_view nl;
  std::string_view en;
};

constexpr std::array<FieldInfo, kFieldCount> kFields = {{
    {Field::kStudentNumber, "student_number", "Leerlingnummer",
     "Student number"},
    {Field::kCardNumber, "card_number", "Pasnummer", "Card number"},
    {Field::kCallName, "call_name", "Roepnaam", "Call name"},
    {Field::kFirstNames, "first_names", "Voornamen", "First names"},
    {Field::kInitials, "initials", "Voorletters", "Initials"},
    {Field::kNamePrefix, "name_prefix", "Tussenvoegsel", "Name prefix"},
    {Field::kLastName, "last_name", "Achternaam", "Last name"},
    {Field::kBirthDate, "birth_date", "Geboortedatum", "Birth date"},
    {Field::kSex, "sex", "Geslacht", "Sex"},
    {Field::kGroupKey, "group_key", "Groep", "Group"},
    {Field::kGroupName, "group_name", "Groepsnaam", "Group name"},
    {Field::kYearGroup, "year_group", "Jaargroep", "Year group"},
    {Field::kStreet, "street", "Straat", "Street"},
    {Field::kHouseNumber, "house_number", "Huisnummer", "House number"},
    {Field::kHouseNumberSuffix, "house_number_suffix", "Toevoeging",
     "House number addition"},
    {Field::kPostcode, "postcode", "Postcode", "Postcode"},
    {Field::kCity, "city", "Woonplaats", "City"},
    {Field::kPhone, "phone", "Telefoon", "Phone"},
    {Field::kMobile, "mobile", "Mobiel", "Mobile"},
    {Field::kEmail, "email", "E-mailadres", "E-mail address"},
    {Field::kPublicConsent, "public_consent",
     "Toestemming openbare bibliotheek", "Consent for the public library"},
    {Field::kEntryDate, "entry_date", "Instroomdatum", "Entry date"},
    {Field::kLeaveDate, "leave_date", "Uitstroomdatum", "Leaving date"},
    {Field::kBrin, "brin", "BRIN", "BRIN"},
    {Field::kIgnored, "ignored", "Niet gebruikt", "Not used"},
    {Field::kForbidden, "forbidden", "Niet toegestaan", "Not allowed"},
}};

// Every accepted header, as a key (see HeaderKey). Sources: Wise's Dutch
// template with its alternatives and its English template (DOMAIN.md), the
// EDEX element names, and the column names the LAS spreadsheet exports use.
struct Synonym {
  std::string_view key;
  Field field;
};
constexpr Synonym kSynonyms[] = {
    // Student number.
    {"leerlingnummer", Field::kStudentNumber},
    {"externnr", Field::kStudentNumber},
    {"leerlingnr", Field::kStudentNumber},
    {"llnr", Field::kStudentNumber},
    {"llnummer", Field::kStudentNumber},
    {"leerlingid", Field::kStudentNumber},
    {"leerlingkey", Field::kStudentNumber},
    {"stamnummer", Field::kStudentNumber},
    {"stamnr", Field::kStudentNumber},
    {"stamnrstr", Field::kStudentNumber},  // Magister's API: stamnr_str
    {"studentid", Field::kStudentNumber},
    {"studentnumber", Field::kStudentNumber},
    // Card number.
    {"lenernummer", Field::kCardNumber},
    {"lenernr", Field::kCardNumber},
    {"pasnummer", Field::kCardNumber},
    {"pasnr", Field::kCardNumber},
    {"patronid", Field::kCardNumber},
    {"cardnumber", Field::kCardNumber},
    // Names.
    {"roepnaam", Field::kCallName},
    {"voornaam", Field::kCallName},
    {"callname", Field::kCallName},
    {"firstname", Field::kCallName},
    {"voornamen", Field::kFirstNames},
    {"officielevoornamen", Field::kFirstNames},
    {"firstnames", Field::kFirstNames},
    {"voorletters", Field::kInitials},
    {"voorletter", Field::kInitials},
    {"voorletters1", Field::kInitials},
    {"initialen", Field::kInitials},
    {"initials", Field::kInitials},
    {"naamtus", Field::kNamePrefix},
    {"voorvoegsel", Field::kNamePrefix},
    {"voorvoegsels", Field::kNamePrefix},
    {"tussenvoegsel", Field::kNamePrefix},
    {"tussenvoegsels", Field::kNamePrefix},
    {"tussenv", Field::kNamePrefix},
    {"tv", Field::kNamePrefix},
    {"prefix", Field::kNamePrefix},
    {"naam", Field::kLastName},
    {"achternaam", Field::kLastName},
    {"geslachtsnaam", Field::kLastName},
    {"lastname", Field::kLastName},
    {"surname", Field::kLastName},
    // Birth date, sex.
    {"geboortedatum", Field::kBirthDate},
    {"gebdatum", Field::kBirthDate},
    {"gebdatumstr", Field::kBirthDate},  // Magister's API: geb_datum_str
    {"gebdat", Field::kBirthDate},
    {"geboortedat", Field::kBirthDate},
    {"dateofbirth", Field::kBirthDate},
    {"birthdate", Field::kBirthDate},
    {"geslacht", Field::kSex},
    {"sekse", Field::kSex},
    {"gender", Field::kSex},
    {"sex", Field::kSex},
    // Groups.
    {"groep", Field::kGroupKey},
    {"groepkey", Field::kGroupKey},
    {"groepcode", Field::kGroupKey},
    {"groepscode", Field::kGroupKey},
    {"klascode", Field::kGroupKey},
    {"klas", Field::kGroupKey},
    {"basisgroep", Field::kGroupKey},
    {"stamgroepcode", Field::kGroupKey},
    {"stamgroep", Field::kGroupKey},
    {"stamklas", Field::kGroupKey},
    {"class", Field::kGroupKey},
    {"groepsnaam", Field::kGroupName},
    {"groepnaam", Field::kGroupName},
    {"klasnaam", Field::kGroupName},
    {"classname", Field::kGroupName},
    {"jaargroep", Field::kYearGroup},
    {"leerjaar", Field::kYearGroup},
    {"leerfaseleerjaar", Field::kYearGroup},  // Magister: Leerfase.Leerjaar
    {"jaarlaag", Field::kYearGroup},
    {"yeargroup", Field::kYearGroup},
    {"grade", Field::kYearGroup},
    // Address and contact.
    {"adres", Field::kStreet},
    {"straat", Field::kStreet},
    {"straatnaam", Field::kStreet},
    {"address", Field::kStreet},
    {"street", Field::kStreet},
    {"huisnummer", Field::kHouseNumber},
    {"huisnr", Field::kHouseNumber},
    {"housenumber", Field::kHouseNumber},
    {"huisnummertoevoeging", Field::kHouseNumberSuffix},
    {"huisnrtoevoeging", Field::kHouseNumberSuffix},
    {"huisnrtoev", Field::kHouseNumberSuffix},
    {"nrtv", Field::kHouseNumberSuffix},  // Magister: Nr.tv
    {"toevoeging", Field::kHouseNumberSuffix},
    {"postcode", Field::kPostcode},
    {"postcodenl", Field::kPostcode},
    {"zipcode", Field::kPostcode},
    {"woonplaats", Field::kCity},
    {"plaatswoonplaats", Field::kCity},  // Magister: Plaats.Woonplaats
    {"plaats", Field::kCity},
    {"city", Field::kCity},
    {"telefoon", Field::kPhone},
    {"telefoonnummer", Field::kPhone},
    {"telefoonthuis", Field::kPhone},
    {"tel", Field::kPhone},
    {"phone", Field::kPhone},
    {"mobiel", Field::kMobile},
    {"mobielnummer", Field::kMobile},
    {"mobile", Field::kMobile},
    {"email", Field::kEmail},
    {"emailadres", Field::kEmail},
    {"mail", Field::kEmail},
    {"toestemming", Field::kPublicConsent},
    {"toestemmingbibliotheek", Field::kPublicConsent},
    {"toestemmingopenbarebibliotheek", Field::kPublicConsent},
    {"lidopenbarebibliotheek", Field::kPublicConsent},
    {"publiclibraryconsent", Field::kPublicConsent},
    // When the pupil joins and leaves the school (EDEX instroomdatum and
    // uitstroomdatum; ParnasSys writes the uitschrijfdatum).
    {"instroomdatum", Field::kEntryDate},
    {"datuminstroom", Field::kEntryDate},
    {"inschrijfdatum", Field::kEntryDate},
    {"datuminschrijving", Field::kEntryDate},
    {"datumin", Field::kEntryDate},
    {"datuminstr", Field::kEntryDate},
    {"uitstroomdatum", Field::kLeaveDate},
    {"datumuitstroom", Field::kLeaveDate},
    {"uitschrijfdatum", Field::kLeaveDate},
    {"uitschrijvingsdatum", Field::kLeaveDate},
    {"datumuitschrijving", Field::kLeaveDate},
    {"vertrekdatum", Field::kLeaveDate},
    {"datumvertrek", Field::kLeaveDate},
    {"datumuit", Field::kLeaveDate},
    {"datumuitstr", Field::kLeaveDate},
    {"dvertrekstr", Field::kLeaveDate},
    {"leavingdate", Field::kLeaveDate},
    {"brin", Field::kBrin},
    {"brincode", Field::kBrin},
    {"brinnummer", Field::kBrin},
    // Known and not needed.
    {"eckid", Field::kIgnored},
    {"groepjaargroep", Field::kIgnored},
    {"addressline2", Field::kIgnored},
    {"state", Field::kIgnored},   // Wise's English template (a US field)
    {"studie", Field::kIgnored},  // Magister: the study ("2 havo")
    {"profielcode", Field::kIgnored},
    {"profielomschrijving", Field::kIgnored},
    {"lesperiodekorteomschrijving", Field::kIgnored},
    {"loginaccountnaam", Field::kIgnored},
    {"volledigenaam", Field::kIgnored},
    {"personeelslidvolledigenaam", Field::kIgnored},  // the mentor
    {"mutatiedatum", Field::kIgnored},
    {"startondwjgr3", Field::kIgnored},
    {"groepsnaamsamengesteld", Field::kIgnored},
    {"dependance", Field::kIgnored},
    {"dependancecode", Field::kIgnored},
    {"schooljaar", Field::kIgnored},
    // Never held (DOMAIN.md, privacy): identity numbers, ethnicity and
    // origin, the student weight, religion, care notes.
    {"bsn", Field::kForbidden},
    {"burgerservicenummer", Field::kForbidden},
    {"sofinummer", Field::kForbidden},
    {"sofinr", Field::kForbidden},
    {"pgn", Field::kForbidden},
    {"persoonsgebondennummer", Field::kForbidden},
    {"onderwijsnummer", Field::kForbidden},
    {"etniciteit", Field::kForbidden},
    {"nationaliteit", Field::kForbidden},
    {"landnationaliteitland", Field::kForbidden},  // Magister
    {"geboorteland", Field::kForbidden},
    {"geboortelandvader", Field::kForbidden},
    {"geboortelandmoeder", Field::kForbidden},
    {"landvanherkomst", Field::kForbidden},
    {"gewicht", Field::kForbidden},
    {"leerlinggewicht", Field::kForbidden},
    {"godsdienst", Field::kForbidden},
    {"religie", Field::kForbidden},
    {"zorg", Field::kForbidden},
    {"zorgnotitie", Field::kForbidden},
    {"zorgnotities", Field::kForbidden},
    {"zorgindicatie", Field::kForbidden},
    {"medisch", Field::kForbidden},
};

// Accented Latin letters as they occur in Dutch headers, by their UTF-8
// second byte after 0xC3.
char FoldC3(unsigned char second) {
  static constexpr std::string_view kFold =
      // 0x80..0xBF: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß
      // àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ
      "aaaaaaaceeeeiiiidnooooo_ouuuuy_saaaaaaaceeeeiiiidnooooo_ouuuuy_y";
  if (second < 0x80 || second > 0xBF) return '_';
  return kFold[second - 0x80];
}

}  // namespace

std::string_view FieldName(Field field) {
  return kFields[static_cast<int>(field)].name;
}

std::optional<Field> ParseFieldName(std::string_view name) {
  for (const FieldInfo& info : kFields) {
    if (info.name == name) return info.field;
  }
  return std::nullopt;
}

Message FieldLabel(Field field) {
  const FieldInfo& info = kFields[static_cast<int>(field)];
  return {std::string(info.nl), std::string(info.en)};
}

std::string HeaderKey(std::string_view header) {
  std::string key;
  key.reserve(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    unsigned char byte = static_cast<unsigned char>(header[i]);
    if (byte >= 'A' && byte <= 'Z') {
      key += static_cast<char>(byte - 'A' + 'a');
    } else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
      key += static_cast<char>(byte);
    } else if (byte == 0xC3 && i + 1 < header.size()) {
      char folded = FoldC3(static_cast<unsigned char>(header[++i]));
      if (folded != '_') key += folded;
    }
  }
  return key;
}

std::optional<Field> FieldForHeader(std::string_view header) {
  static const auto* const kByKey = [] {
    auto* map = new std::unordered_map<std::string_view, Field>();
    for (const Synonym& synonym : kSynonyms) {
      map->emplace(synonym.key, synonym.field);
    }
    return map;
  }();
  std::string key = HeaderKey(header);
  if (key.empty()) return std::nullopt;
  auto found = kByKey->find(key);
  if (found == kByKey->end()) return std::nullopt;
  return found->second;
}

}  // namespace schoolbieb::roster
