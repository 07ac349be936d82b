#include "web/text.h"

#include <map>
#include <vector>

namespace schoolbieb::web {

const TextTable& PortalTexts() {
  static const TextTable kTexts = {
      {"app_name", {"schoolbieb", "schoolbieb"}},
      {"skip", {"Naar de inhoud", "Skip to content"}},
      {"nav_label", {"Hoofdmenu", "Main menu"}},
      {"other_language", {"English", "Nederlands"}},
      {"logout", {"Uitloggen", "Log out"}},
      {"error_heading", {"Dat lukte niet", "That did not work"}},
      {"footer",
       {"schoolbieb: leerlingbestanden voor de schoolbibliotheek",
        "schoolbieb: student files for the school library"}},
      {"role_teacher", {"docent", "teacher"}},
      {"role_staff", {"medewerker", "staff"}},
      {"role_admin", {"beheerder", "administrator"}},
      // Login.
      {"login_title", {"Inloggen", "Log in"}},
      {"login_intro",
       {"Log in met de gebruikersnaam en het wachtwoord die u van de "
        "bibliotheek hebt gekregen.",
        "Log in with the user name and password the library gave you."}},
      {"login_name", {"Gebruikersnaam", "User name"}},
      {"password", {"Wachtwoord", "Password"}},
      {"login_button", {"Inloggen", "Log in"}},
      {"login_failed",
       {"De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.",
        "The user name or password is not right. Try again."}},
      {"login_expired",
       {"U bent uitgelogd omdat u een tijd niets hebt gedaan. Log opnieuw in.",
        "You were logged out because you were inactive for a while. Log in "
        "again."}},
      {"logged_out", {"U bent uitgelogd.", "You are logged out."}},
      // Menu.
      {"home_title", {"Welkom", "Welcome"}},
      {"home_intro_teacher",
       {"Hier stuurt u het leerlingbestand van uw school naar de bibliotheek.",
        "Here you send your school's student file to the library."}},
      {"home_intro_staff",
       {"Hier ziet u de leerlingbestanden van de scholen.",
        "Here you see the schools' student files."}},
      {"menu_upload", {"Upload leerlingbestand", "Upload student file"}},
      {"menu_upload_text",
       {"Stuur het nieuwe leerlingbestand van uw school.",
        "Send your school's new student file."}},
      {"menu_my_uploads", {"Mijn uploads", "My uploads"}},
      {"menu_my_uploads_text",
       {"Zie wat er met uw bestanden is gebeurd.",
        "See what happened to your files."}},
      {"menu_manuals", {"Handleidingen", "Manuals"}},
      {"menu_manuals_text",
       {"Zo maakt u het bestand in uw leerlingadministratie.",
        "How to make the file in your school administration system."}},
      {"menu_accounts", {"Accounts", "Accounts"}},
      {"menu_accounts_text",
       {"Maak accounts aan of zet ze uit.", "Create or disable accounts."}},
      {"menu_home", {"Start", "Home"}},
      {"menu_library", {"Naam en kleur", "Name and colour"}},
      {"menu_library_text",
       {"Kies de naam en de kleur die bovenaan elke pagina staan.",
        "Choose the name and colour at the top of every page."}},
      // Upload.
      {"upload_title", {"Upload leerlingbestand", "Upload student file"}},
      {"upload_intro",
       {"Kies het bestand dat u uit uw leerlingadministratie hebt gehaald. "
        "U ziet meteen wat erin staat.",
        "Choose the file you exported from your school administration "
        "system. You will see at once what it contains."}},
      {"upload_school", {"School", "School"}},
      {"upload_file", {"Leerlingbestand", "Student file"}},
      {"upload_file_hint",
       {"Toegestaan: .csv, .ods, .xls, .xlsx of .zip, hoogstens {max} MB. "
        "Gebruik geen leestekens in de bestandsnaam.",
        "Allowed: .csv, .ods, .xls, .xlsx or .zip, at most {max} MB. Use no "
        "punctuation marks in the file name."}},
      {"upload_drop",
       {"Of sleep het bestand hierheen.", "Or drag the file here."}},
      {"upload_button", {"Uploaden", "Upload"}},
      {"upload_progress", {"Voortgang van de upload", "Upload progress"}},
      {"upload_no_right",
       {"U mag geen leerlingbestanden uploaden. Vraag de bibliotheek om het "
        "recht \"Mag lenergegevens uploaden voor\" uw school.",
        "You may not upload student files. Ask the library for the right "
        "\"May upload borrower data for\" your school."}},
      {"upload_no_file",
       {"Kies eerst een bestand en klik dan op Uploaden.",
        "Choose a file first, then click Upload."}},
      {"upload_received_title", {"Upload ontvangen", "Upload received"}},
      {"upload_received_text",
       {"De bibliotheek heeft uw bestand ontvangen en krijgt er bericht van. "
        "U hoeft niets meer te doen.",
        "The library has received your file and has been told. You need not "
        "do anything else."}},
      {"upload_problems",
       {"Let op: deze regels vallen op. De bibliotheek kijkt ze na; volgend "
        "jaar kunt u ze in uw administratie verbeteren.",
        "Note: these rows stand out. The library will check them; next year "
        "you can correct them in your administration."}},
      {"upload_columns",
       {"Hoe de kolommen van uw bestand gelezen worden",
        "How the columns of your file are read"}},
      {"upload_column_header", {"Kolom in het bestand", "Column in the file"}},
      {"upload_column_use", {"Gelezen als", "Read as"}},
      {"upload_questions",
       {"De bibliotheek vraagt dit nog na", "The library will check this"}},
      {"upload_left_rows",
       {"{n} leerlingen staan in het bestand als vertrokken; zij worden niet "
        "ingeschreven.",
        "{n} students are listed in the file as having left; they are not "
        "enrolled."}},
      {"upload_dropped",
       {"Deze kolommen mag de bibliotheek niet bewaren en zijn weggelaten:",
        "The library may not keep these columns and left them out:"}},
      {"row", {"Regel", "Row"}},
      {"upload_again", {"Nog een bestand uploaden", "Upload another file"}},
      // My uploads.
      {"uploads_title", {"Mijn uploads", "My uploads"}},
      {"uploads_none",
       {"U hebt nog geen bestanden geüpload.",
        "You have not uploaded any "
        "files yet."}},
      {"col_file", {"Bestand", "File"}},
      {"col_school", {"School", "School"}},
      {"col_date", {"Datum", "Date"}},
      {"col_status", {"Status", "Status"}},
      {"col_result", {"Uitkomst", "Result"}},
      {"status_received", {"ontvangen", "received"}},
      {"status_in_progress", {"in behandeling", "in progress"}},
      {"status_imported", {"geïmporteerd", "imported"}},
      {"status_rejected", {"afgewezen", "rejected"}},
      {"status_purged", {"verwerkt en verwijderd", "processed and deleted"}},
      {"reject_reason", {"Reden", "Reason"}},
      // Manuals.
      {"manuals_title", {"Handleidingen", "Manuals"}},
      {"manuals_intro",
       {"Kies uw leerlingadministratie. U leest stap voor stap hoe u het "
        "bestand maakt.",
        "Choose your school administration system. You read step by step how "
        "to make the file."}},
      {"manuals_contents_title",
       {"Wat moet er in het bestand staan?", "What must the file contain?"}},
      {"back_to_manuals",
       {"Terug naar de handleidingen", "Back to the manuals"}},
      // Accounts.
      {"accounts_title", {"Accounts", "Accounts"}},
      {"accounts_new", {"Nieuw account", "New account"}},
      {"account_display_name", {"Naam", "Name"}},
      {"account_email", {"E-mailadres", "E-mail address"}},
      {"account_role", {"Rol", "Role"}},
      {"account_school",
       {"School (voor een docent)", "School (for a teacher)"}},
      {"account_school_none", {"Geen", "None"}},
      {"account_grant",
       {"Mag leerlingbestanden uploaden voor deze school",
        "May upload student files for this school"}},
      {"account_password_hint",
       {"Minstens 12 tekens; geen veelgebruikt wachtwoord.",
        "At least 12 characters; not a common password."}},
      {"account_create", {"Account aanmaken", "Create account"}},
      {"account_created",
       {"Het account is aangemaakt.",
        "The account was "
        "created."}},
      {"account_disable", {"Uitzetten", "Disable"}},
      {"account_disabled",
       {"Het account is uitgezet.",
        "The account was "
        "disabled."}},
      {"account_end_sessions", {"Overal uitloggen", "Log out everywhere"}},
      {"account_sessions_ended",
       {"{login} is overal uitgelogd. Het account blijft actief: met het "
        "wachtwoord kan opnieuw worden ingelogd.",
        "{login} has been logged out everywhere. The account stays active: "
        "the password still logs in."}},
      {"account_state_disabled", {"uitgezet", "disabled"}},
      {"account_state_active", {"actief", "active"}},
      // Errors.
      {"forbidden_title", {"Geen toegang", "No access"}},
      {"forbidden_text",
       {"U mag deze pagina niet gebruiken.", "You may not use this page."}},
      {"not_found_title", {"Niet gevonden", "Not found"}},
      {"not_found_text",
       {"Deze pagina bestaat niet (meer).",
        "This page does not exist (any "
        "more)."}},
      {"csrf_failed",
       {"Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog "
        "eens.",
        "The form has expired. Reload the page and try again."}},
      {"server_error",
       {"Er ging iets mis aan onze kant. Probeer het later opnieuw.",
        "Something went wrong on our side. Try again later."}},
      {"database_lost",
       {"De verbinding met de database is verbroken. Wat u deed is niet "
        "opgeslagen. Probeer het over een minuut opnieuw.",
        "The connection to the database was lost. What you did was not "
        "saved. Try again in a minute."}},
      {"to_home", {"Naar de startpagina", "To the home page"}},
  };
  return kTexts;
}

const TextTable& AllTexts() {
  static const TextTable all = [] {
    TextTable out;
    for (const TextTable* table :
         {&PortalTexts(), &BackofficeTexts(), &CustomerTexts(),
          &SettingsTexts(), &PasswordTexts(), &TwoFactorTexts()}) {
      out.insert(out.end(), table->begin(), table->end());
    }
    return out;
  }();
  return all;
}

const std::string& Text(std::string_view key, Language language) {
  static const std::map<std::string, const Message*, std::less<>> index = [] {
    std::map<std::string, const Message*, std::less<>> out;
    for (const auto& [name, message] : AllTexts()) out[name] = &message;
    return out;
  }();
  auto it = index.find(key);
  if (it == index.end()) {
    static thread_local std::string missing;
    missing = std::string(key);
    return missing;
  }
  return it->second->In(language);
}

}  // namespace schoolbieb::web
