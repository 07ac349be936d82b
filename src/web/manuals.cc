#include "web/manuals.h"

namespace schoolbieb::web {

const std::vector<Manual>& Manuals() {
  static const std::vector<Manual> manuals = {
      {"parnassys",
       "ParnasSys",
       {"Basisscholen met ParnasSys maken een EDEX-bestand.",
        "Primary schools with ParnasSys make an EDEX file."},
       {{"Log in op ParnasSys met een account dat exports mag maken.",
         "Log in to ParnasSys with an account that may make exports."},
        {"Ga naar de exports en kies de export \"EDEX & UWLR\" (soms "
         "\"EDEX-export\").",
         "Go to the exports and choose the export \"EDEX & UWLR\" (sometimes "
         "\"EDEX export\")."},
        {"Kies het schooljaar dat nu loopt en alle groepen.",
         "Choose the current school year and all groups."},
        {"Sla het bestand op. Het heet meestal EDEX.XML; u mag het zo laten.",
         "Save the file. It is usually called EDEX.XML; you may keep that "
         "name."},
        {"Kies hier in de portal \"Upload leerlingbestand\" en upload het "
         "bestand.",
         "Choose \"Upload student file\" here in the portal and upload the "
         "file."}},
       {"In het EDEX-bestand staan ook gegevens die de bibliotheek niet mag "
        "bewaren, zoals het BSN. Die slaan wij over; u hoeft niets weg te "
        "halen.",
        "The EDEX file also holds data the library may not keep, such as the "
        "BSN. We skip those; you need not remove anything."}},
      {"esis",
       "ESIS",
       {"Scholen met ESIS maken een EDEX-bestand.",
        "Schools with ESIS make an EDEX file."},
       {{"Open ESIS en zoek bij de uitwisseling of export naar \"EDEX\".",
         "Open ESIS and look for \"EDEX\" under exchange or export."},
        {"Kies het schooljaar dat nu loopt en alle leerlingen van de school.",
         "Choose the current school year and all students of the school."},
        {"Sla het bestand (EDEX.XML) op uw computer op.",
         "Save the file (EDEX.XML) on your computer."},
        {"Upload het hier met \"Upload leerlingbestand\".",
         "Upload it here with \"Upload student file\"."}},
       {"Krijgt u een ZIP-bestand? Upload dat gewoon: wij pakken het uit.",
        "Do you get a ZIP file? Just upload it: we unpack it."}},
      {"dotcom",
       "Dotcom",
       {"Scholen met Dotcom maken een spreadsheet of CSV-bestand.",
        "Schools with Dotcom make a spreadsheet or CSV file."},
       {{"Maak in Dotcom een overzicht of export van alle leerlingen.",
         "Make a list or export of all students in Dotcom."},
        {"Neem de kolommen op die hieronder staan; laat BSN en "
         "onderwijsnummer weg.",
         "Include the columns listed below; leave out the BSN and the "
         "education number."},
        {"Sla het op als Excel (.xlsx) of CSV.",
         "Save it as Excel (.xlsx) or CSV."},
        {"Geef het bestand een naam zonder leestekens, bijvoorbeeld "
         "\"leerlingen 2026\".",
         "Give the file a name without punctuation marks, for example "
         "\"leerlingen 2026\"."},
        {"Upload het hier met \"Upload leerlingbestand\".",
         "Upload it here with \"Upload student file\"."}},
       {"Herkennen wij de kolommen niet, dan stelt de bibliotheek ze één keer "
        "voor uw school in.",
        "If we do not recognise the columns, the library sets them up once "
        "for your school."}},
      {"magister",
       "Magister",
       {"Middelbare scholen met Magister maken een spreadsheet.",
        "Secondary schools with Magister make a spreadsheet."},
       {{"Maak in Magister een lijst of export van alle leerlingen.",
         "Make a list or export of all students in Magister."},
        {"Magister vraagt of voorloopnullen van het leerlingnummer blijven. "
         "Kies elk jaar hetzelfde antwoord.",
         "Magister asks whether leading zeros of the student number stay. "
         "Choose the same answer every year."},
        {"Laat BSN en onderwijsnummer weg uit de export.",
         "Leave the BSN and the education number out of the export."},
        {"Sla het op als Excel (.xlsx) of CSV en upload het hier.",
         "Save it as Excel (.xlsx) or CSV and upload it here."}},
       {}},
      {"somtoday",
       "SOMtoday",
       {"Scholen met SOMtoday maken een CSV-bestand.",
        "Schools with SOMtoday make a CSV file."},
       {{"Maak in SOMtoday een export van alle leerlingen met de kolommen "
         "hieronder.",
         "Make an export of all students in SOMtoday with the columns "
         "below."},
        {"SOMtoday schrijft een CSV-bestand met puntkomma's; dat is goed.",
         "SOMtoday writes a CSV file with semicolons; that is fine."},
        {"Laat BSN en onderwijsnummer weg.",
         "Leave out the BSN and the education number."},
        {"Upload het bestand hier met \"Upload leerlingbestand\".",
         "Upload the file here with \"Upload student file\"."}},
       {}},
  };
  return manuals;
}

const std::vector<Message>& FileContents() {
  static const std::vector<Message> contents = {
      {"Leerlingnummer (elk jaar hetzelfde voor dezelfde leerling)",
       "Student number (the same every year for the same student)"},
      {"Achternaam, tussenvoegsel en roepnaam of voorletters",
       "Surname, name prefix and first name or initials"},
      {"Geboortedatum", "Date of birth"},
      {"Groep of klas, en jaargroep", "Group or class, and year group"},
      {"Als u die hebt: geslacht, adres, postcode, woonplaats, telefoon, "
       "e-mailadres",
       "If you have them: sex, address, postcode, town, phone, e-mail"},
      {"Niet: BSN, onderwijsnummer, etniciteit, religie, gewicht of "
       "zorgnotities",
       "Not: BSN, education number, ethnicity, religion, weight or care "
       "notes"},
  };
  return contents;
}

}  // namespace schoolbieb::web
