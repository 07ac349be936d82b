// The back office's words (web/text.h): uploads, preview, imports, undo.
#include "web/text.h"

namespace schoolbieb::web {

const TextTable& BackofficeTexts() {
  static const TextTable kTexts = {
      // The staff menu (page.cc).
      {"menu_bo_uploads", {"Uploads", "Uploads"}},
      {"menu_bo_uploads_text",
       {"Bekijk de leerlingbestanden van de scholen en importeer ze.",
        "See the schools' student files and import them."}},
      {"menu_bo_customers", {"Klanten", "Customers"}},
      {"menu_bo_customers_text",
       {"Zoek een klant op naam, pasnummer of leerlingnummer.",
        "Find a customer by name, card number or student number."}},
      {"menu_bo_schools", {"Scholen", "Schools"}},
      {"menu_bo_schools_text",
       {"Voeg een school toe of pas de instellingen van een school aan.",
        "Add a school or change a school's settings."}},
      {"menu_bo_rights", {"Uploadrechten", "Upload rights"}},
      {"menu_bo_rights_text",
       {"Bepaal welke docenten een leerlingbestand mogen sturen.",
        "Decide which teachers may send a student file."}},
      {"menu_bo_audit", {"Logboek", "Audit log"}},
      {"menu_bo_audit_text",
       {"Zie wie wat heeft gedaan, en wanneer.",
        "See who did what, and when."}},
      {"menu_bo_outbox", {"Postvak uit", "Outbox"}},
      {"menu_bo_outbox_text",
       {"Zie welke e-mails zijn verstuurd en welke nog wachten.",
        "See which e-mails were sent and which are waiting."}},
  };
  return kTexts;
}

}  // namespace schoolbieb::web
