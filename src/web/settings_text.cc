// The words of the back office's settings pages (web/text.h): schools,
// upload rights, the audit log, the outbox and security (two-step
// verification).
#include "web/text.h"

namespace schoolbieb::web {

const TextTable& SettingsTexts() {
  static const TextTable kTexts = {
      // Shared.
      {"set_all", {"Alles", "All"}},
      {"set_filter", {"Filteren", "Filter"}},
      {"set_edit", {"Wijzigen", "Change"}},
      {"set_form_problems",
       {"Controleer de velden met een melding:",
        "Check the fields with a message:"}},
      // Schools.
      {"set_schools_title", {"Scholen", "Schools"}},
      {"set_schools_intro",
       {"Dit zijn de scholen die leerlingbestanden sturen. Kies een school "
        "om de instellingen te wijzigen.",
        "These are the schools that send student files. Choose a school to "
        "change its settings."}},
      {"set_schools_none",
       {"Er zijn nog geen scholen. Voeg de eerste school toe.",
        "There are no schools yet. Add the first school."}},
      {"set_school_new_title", {"Nieuwe school toevoegen", "Add a school"}},
      {"set_school_title", {"School", "School"}},
      {"set_back_to_schools", {"Terug naar de scholen", "Back to the schools"}},
      {"set_school_section", {"De school", "The school"}},
      {"set_name", {"Naam", "Name"}},
      {"set_code", {"Code", "Code"}},
      {"set_code_hint",
       {"Korte naam voor de opdrachtregel: kleine letters, cijfers en "
        "streepjes, zoals de-kievit.",
        "Short name for the command line: lower-case letters, digits and "
        "dashes, like de-kievit."}},
      {"set_brin", {"BRIN-code", "BRIN code"}},
      {"set_brin_hint",
       {"Twee cijfers en twee letters, zoals 12AB. De import controleert dat "
        "het bestand van deze school is.",
        "Two digits and two letters, like 12AB. The import checks that the "
        "file is this school's."}},
      {"set_dependance", {"Dependance", "Dependance"}},
      {"set_dependance_hint",
       {"Twee cijfers, zoals 00 voor de hoofdvestiging. Leeg als u het niet "
        "weet.",
        "Two digits, like 00 for the main location. Empty if you do not "
        "know."}},
      {"set_las",
       {"Leerlingadministratie (LAS)", "School administration system (LAS)"}},
      {"set_las_none", {"Onbekend of anders", "Unknown or other"}},
      {"set_las_unknown",
       {"Kies de leerlingadministratie uit de lijst.",
        "Choose the school administration system from the list."}},
      {"set_notify", {"Meldingsadres", "Notification address"}},
      {"set_notify_hint",
       {"Dit adres krijgt bericht van elke upload van deze school. Leeg: het "
        "adres van de bibliotheek.",
        "This address is told of every upload from this school. Empty: the "
        "library's address."}},
      {"set_notify_library",
       {"(adres van de bibliotheek)", "(the library's address)"}},
      {"set_public_default",
       {"Nieuwe leerlingen worden ook lid van de openbare bibliotheek "
        "(standaard bij het importeren)",
        "New students also join the public library (the default when "
        "importing)"}},
      {"set_leave_section", {"Grenzen voor vertrek", "Limits for leaving"}},
      {"set_leave_intro",
       {"Vertrekken er uit andere dan de laatste jaargroepen meer leerlingen "
        "dan een van deze grenzen toestaat, dan houdt de import het bestand "
        "tegen tot u het hebt bekeken.",
        "When more students leave from other than the final year groups than "
        "either limit allows, the import holds the file until you have "
        "looked at it."}},
      {"set_leave_share",
       {"Hoogstens dit percentage mag vertrekken",
        "At most this percentage may leave"}},
      {"set_leave_count",
       {"Hoogstens dit aantal mag vertrekken",
        "At most this number may leave"}},
      {"set_final_years", {"Laatste jaargroepen", "Final year groups"}},
      {"set_final_years_hint",
       {"Leerlingen uit deze jaargroepen gaan van school; hun vertrek telt "
        "niet mee. Met komma's ertussen, zoals 8 of 14,15,16.",
        "Students in these year groups leave school; their leaving does not "
        "count. Separated by commas, like 8 or 14,15,16."}},
      {"set_number_section", {"Leerlingnummers", "Student numbers"}},
      {"set_number_intro",
       {"Zo maakt schoolbieb de leerlingnummers van deze school elk jaar "
        "gelijk, zodat dezelfde leerling herkend wordt.",
        "How schoolbieb makes this school's student numbers the same every "
        "year, so the same student is recognised."}},
      {"set_number_zeros", {"Voorloopnullen", "Leading zeros"}},
      {"set_number_keep",
       {"Laten zoals ze in het bestand staan", "Keep them as in the file"}},
      {"set_number_strip",
       {"Weghalen (001234 wordt 1234)", "Remove them (001234 becomes 1234)"}},
      {"set_number_pad",
       {"Aanvullen met nullen tot een vast aantal cijfers",
        "Pad with zeros to a fixed number of digits"}},
      {"set_number_pad_digits", {"Aantal cijfers", "Number of digits"}},
      {"set_number_pad_hint",
       {"Alleen bij aanvullen: 1 tot en met 20.",
        "Only when padding: 1 to 20."}},
      {"set_number_pad_invalid",
       {"Vul bij aanvullen met nullen een aantal cijfers van 1 tot en met 20 "
        "in.",
        "When padding with zeros, fill in a number of digits from 1 to 20."}},
      {"set_number_strip_brin",
       {"De BRIN-code voor het nummer weghalen (12AB-1234 wordt 1234)",
        "Remove the BRIN code before the number (12AB-1234 becomes 1234)"}},
      {"set_mapping_section",
       {"Opgeslagen kolomindeling", "Saved column mapping"}},
      {"set_mapping_intro",
       {"Herkent schoolbieb een kolom niet goed, leg dan hier vast welke kolom "
        "welk veld is, als JSON: \"columns\" (kolomkop → veld), \"sex\" "
        "(code → M, V, X) en \"year_groups\" (code → jaargroep). Leeg: "
        "schoolbieb herkent alles zelf.",
        "If schoolbieb does not recognise a column well, record here which "
        "column is which field, as JSON: \"columns\" (header → field), "
        "\"sex\" (code → M, V, X) and \"year_groups\" (code → year group). "
        "Empty: schoolbieb recognises everything itself."}},
      {"set_mapping_fields",
       {"Welke velden zijn er?", "Which fields are there?"}},
      {"set_mapping", {"Kolomindeling (JSON)", "Column mapping (JSON)"}},
      {"set_drop_forbidden",
       {"Kolommen die de bibliotheek niet mag bewaren (zoals BSN) weglaten in "
        "plaats van het bestand te weigeren",
        "Leave out columns the library may not keep (such as BSN) instead of "
        "refusing the file"}},
      {"set_overwrite_locked",
       {"De import mag velden overschrijven die een medewerker met de hand "
        "heeft gewijzigd",
        "The import may overwrite fields a staff member changed by hand"}},
      {"set_teachers_upload",
       {"Docenten in het bestand mogen leerlingbestanden uploaden voor deze "
        "school",
        "Teachers in the file may upload student files for this school"}},
      {"set_school_add_button", {"School toevoegen", "Add school"}},
      {"set_school_save_button", {"Opslaan", "Save"}},
      {"set_school_added",
       {"De school is toegevoegd.", "The school was added."}},
      {"set_school_saved",
       {"De instellingen zijn opgeslagen.", "The settings were saved."}},
      // Upload rights.
      {"set_rights_title", {"Uploadrechten", "Upload rights"}},
      {"set_rights_intro",
       {"Wie mag een leerlingbestand sturen, en voor welke school? Dit is "
        "het veld \"Mag lenergegevens uploaden voor\" van de klant.",
        "Who may send a student file, and for which school? This is the "
        "customer's field \"May upload borrower data for\"."}},
      {"set_rights_holders", {"Wie mag nu uploaden", "Who may upload now"}},
      {"set_rights_none",
       {"Niemand heeft nu uploadrecht.", "No one has the upload right now."}},
      {"set_person", {"Naam", "Name"}},
      {"set_card", {"Pasnummer", "Card number"}},
      {"set_may_upload_for", {"Mag uploaden voor", "May upload for"}},
      {"set_revoke", {"Intrekken", "Revoke"}},
      {"set_revoke_card_title",
       {"Uploadrecht intrekken met een pasnummer",
        "Revoke the upload right by card number"}},
      {"set_revoke_which",
       {"Vul het pasnummer in van wie het uploadrecht kwijtraakt.",
        "Fill in the card number of the person who loses the upload right."}},
      {"set_revoked",
       {"Het uploadrecht is ingetrokken.", "The upload right was revoked."}},
      {"set_revoked_rule_on",
       {"Let op: de vaste regel staat aan, dus een docent mag nog steeds "
        "uploaden voor de eigen school.",
        "Note: the standing rule is on, so a teacher may still upload for "
        "their own school."}},
      {"set_grant_all_title",
       {"Geef alle docenten uploadrecht",
        "Give all teachers the upload right"}},
      {"set_grant_pending",
       {"{} docent(en) hebben nog geen uploadrecht voor de eigen school:",
        "{} teacher(s) do not have the upload right for their own school "
        "yet:"}},
      {"set_grant_none_pending",
       {"Alle docenten hebben uploadrecht voor de eigen school.",
        "All teachers have the upload right for their own school."}},
      {"set_grant_all_button",
       {"Geef alle docenten uploadrecht",
        "Give all teachers the upload right"}},
      {"set_granted_title", {"Uploadrecht gegeven", "Upload right given"}},
      {"set_granted_some",
       {"{} docent(en) mogen nu uploaden voor hun eigen school:",
        "{} teacher(s) may now upload for their own school:"}},
      {"set_granted_none",
       {"Niemand erbij: alle docenten hadden al uploadrecht.",
        "No one added: all teachers already had the upload right."}},
      {"set_back_to_rights",
       {"Terug naar de uploadrechten", "Back to the upload rights"}},
      {"set_rule_title", {"Vaste regel", "Standing rule"}},
      {"set_rule_on",
       {"Aan: elke docent mag uploaden voor de eigen school, ook als het veld "
        "leeg is.",
        "On: every teacher may upload for their own school, also when the "
        "field is empty."}},
      {"set_rule_off",
       {"Uit: alleen wie hierboven staat, mag uploaden.",
        "Off: only the people listed above may upload."}},
      {"set_rule_turn_on", {"Vaste regel aanzetten", "Turn the rule on"}},
      {"set_rule_turn_off", {"Vaste regel uitzetten", "Turn the rule off"}},
      {"set_rule_turned_on",
       {"De vaste regel staat aan.", "The standing rule is on."}},
      {"set_rule_turned_off",
       {"De vaste regel staat uit.", "The standing rule is off."}},
      // Audit log.
      {"set_audit_title", {"Logboek", "Audit log"}},
      {"set_audit_intro",
       {"Wie deed wat, en wanneer. Het logboek bevat geen gegevens van "
        "leerlingen, alleen nummers en aantallen.",
        "Who did what, and when. The log holds no student data, only "
        "numbers and counts."}},
      {"set_audit_action", {"Wat", "What"}},
      {"set_audit_actor", {"Wie", "Who"}},
      {"set_audit_kind", {"Soort", "Kind"}},
      {"set_audit_from", {"Vanaf", "From"}},
      {"set_audit_to", {"Tot en met", "Up to and including"}},
      {"set_audit_when", {"Wanneer", "When"}},
      {"set_audit_object", {"Waarover", "About"}},
      {"set_audit_details", {"Bijzonderheden", "Details"}},
      {"set_audit_address", {"Adres", "Address"}},
      {"set_audit_none",
       {"Er is niets gevonden. Kies andere filters.",
        "Nothing was found. Choose other filters."}},
      {"set_audit_bad_date",
       {"Schrijf een datum als jjjj-mm-dd, zoals 2026-09-01.",
        "Write a date as yyyy-mm-dd, like 2026-09-01."}},
      {"set_pages", {"Bladzijden", "Pages"}},
      {"set_page", {"Bladzijde", "Page"}},
      {"set_newer", {"Nieuwer", "Newer"}},
      {"set_older", {"Ouder", "Older"}},
      {"set_fam_login", {"Inloggen", "Logging in"}},
      {"set_fam_logout", {"Uitloggen", "Logging out"}},
      {"set_fam_upload",
       {"Uploads: ontvangen, voorbeeld, download, afwijzing",
        "Uploads: received, preview, download, rejection"}},
      {"set_fam_import", {"Imports en ongedaan maken", "Imports and undos"}},
      {"set_fam_rights", {"Uploadrechten", "Upload rights"}},
      {"set_fam_branch", {"Scholen", "Schools"}},
      {"set_fam_customer", {"Klanten", "Customers"}},
      {"set_fam_account", {"Accounts", "Accounts"}},
      {"set_fam_mail", {"E-mail", "E-mail"}},
      {"set_fam_library", {"Naam en kleur", "Name and colour"}},
      {"set_fam_two_factor", {"Tweestapsverificatie", "Two-step verification"}},
      {"set_kind_account", {"account", "account"}},
      {"set_kind_upload", {"upload", "upload"}},
      {"set_kind_import_run", {"import", "import"}},
      {"set_kind_customer", {"klant", "customer"}},
      {"set_kind_branch", {"school", "school"}},
      {"set_kind_outbox", {"bericht", "message"}},
      {"set_kind_library", {"bibliotheek", "library"}},
      {"set_act_login", {"ingelogd", "logged in"}},
      {"set_act_login_failed", {"inloggen mislukt", "login failed"}},
      {"set_act_logout", {"uitgelogd", "logged out"}},
      {"set_act_upload_create", {"upload ontvangen", "upload received"}},
      {"set_act_upload_download", {"upload gedownload", "upload downloaded"}},
      {"set_act_upload_reject", {"upload afgewezen", "upload rejected"}},
      {"set_act_upload_preview", {"voorbeeld bekeken", "preview viewed"}},
      {"set_act_import_preview", {"voorbeeld vastgelegd", "preview recorded"}},
      {"set_act_import_hold", {"import tegengehouden", "import held"}},
      {"set_act_import_apply", {"geïmporteerd", "imported"}},
      {"set_act_import_undo", {"import ongedaan gemaakt", "import undone"}},
      {"set_act_upload_right_grant",
       {"uploadrecht gegeven", "upload right given"}},
      {"set_act_upload_right_revoke",
       {"uploadrecht ingetrokken", "upload right revoked"}},
      {"set_act_upload_right_rule_on",
       {"vaste regel aangezet", "standing rule turned on"}},
      {"set_act_upload_right_rule_off",
       {"vaste regel uitgezet", "standing rule turned off"}},
      {"set_act_branch_add", {"school toegevoegd", "school added"}},
      {"set_act_branch_update", {"school gewijzigd", "school changed"}},
      {"set_act_branch_mapping",
       {"kolomindeling gewijzigd", "column mapping changed"}},
      {"set_act_library_update",
       {"naam of kleur gewijzigd", "name or colour changed"}},
      {"set_act_customer_update", {"klant gewijzigd", "customer changed"}},
      {"set_act_customer_notice", {"melding toegevoegd", "notice added"}},
      {"set_act_account_create", {"account aangemaakt", "account created"}},
      {"set_act_account_disable", {"account uitgezet", "account disabled"}},
      {"set_act_mail_retry",
       {"bericht opnieuw verstuurd", "message sent again"}},
      {"set_act_account_password_link",
       {"link voor wachtwoord gestuurd", "password link sent"}},
      {"set_act_account_password_link_refused",
       {"link voor wachtwoord geweigerd (te vaak gevraagd)",
        "password link refused (asked too often)"}},
      {"set_act_account_password_set",
       {"wachtwoord ingesteld", "password set"}},
      // The library's name and colour.
      {"set_library_title",
       {"Naam en kleur van de bibliotheek", "The library's name and colour"}},
      {"set_library_intro",
       {"Iedereen ziet deze naam en kleur bovenaan elke pagina, ook op de "
        "inlogpagina.",
        "Everyone sees this name and colour at the top of every page, the "
        "login page too."}},
      {"set_library_name", {"Naam van de bibliotheek", "Name of the library"}},
      {"set_library_colour", {"Kleur", "Colour"}},
      {"set_library_colour_hint",
       {"Een # met zes cijfers of letters a tot en met f, zoals #154273. Kies "
        "een donkere kleur: witte letters moeten er goed op te lezen zijn.",
        "A # and six digits or letters a to f, like #154273. Choose a dark "
        "colour: white text must be easy to read on it."}},
      {"set_library_current_colour",
       {"Zo ziet de kleur er nu uit:", "This is the colour now:"}},
      {"set_library_save", {"Opslaan", "Save"}},
      {"set_library_saved",
       {"De naam en de kleur zijn opgeslagen.",
        "The name and colour have been saved."}},
      // Outbox.
      {"set_outbox_title", {"Postvak uit", "Outbox"}},
      {"set_outbox_intro",
       {"De e-mails die schoolbieb verstuurt. Is er geen mailserver "
        "ingesteld, dan blijven ze hier wachten. Een mislukt bericht kunt u "
        "opnieuw laten versturen.",
        "The e-mails schoolbieb sends. When no mail server is configured, "
        "they wait here. You can have a failed message sent again."}},
      {"set_outbox_none",
       {"Er zijn geen berichten.", "There are no messages."}},
      {"set_outbox_created", {"Gemaakt", "Created"}},
      {"set_outbox_to", {"Aan", "To"}},
      {"set_outbox_subject", {"Onderwerp", "Subject"}},
      {"set_outbox_state", {"Status", "Status"}},
      {"set_outbox_attempts", {"Pogingen", "Attempts"}},
      {"set_outbox_note", {"Toelichting", "Note"}},
      {"set_state_pending", {"wacht", "waiting"}},
      {"set_state_sending", {"wordt verstuurd", "sending"}},
      {"set_state_sent", {"verstuurd", "sent"}},
      {"set_state_failed", {"mislukt", "failed"}},
      {"set_waiting", {"Wacht op verzending.", "Waiting to be sent."}},
      {"set_next_attempt", {"Volgende poging", "Next attempt"}},
      {"set_last_error", {"laatste fout", "last error"}},
      {"set_sent_at", {"Verstuurd op", "Sent on"}},
      {"set_retry", {"Opnieuw proberen", "Try again"}},
      {"set_retried",
       {"Bericht {} wordt opnieuw verstuurd, als bericht {}.",
        "Message {} will be sent again, as message {}."}},
      // Security (admins).
      {"menu_bo_security", {"Beveiliging", "Security"}},
      {"set_security_title", {"Beveiliging", "Security"}},
      {"set_security_intro",
       {"Met tweestapsverificatie loggen medewerkers in met hun wachtwoord én "
        "een code uit een app op hun telefoon. Docenten kunnen het zelf "
        "aanzetten bij Mijn account.",
        "With two-step verification staff log in with their password and a "
        "code from an app on their phone. Teachers can turn it on themselves "
        "under My account."}},
      {"set_security_require",
       {"Tweestapsverificatie verplicht voor medewerkers en beheerders",
        "Two-step verification required for staff and administrators"}},
      {"set_security_require_hint",
       {"Wie het nog niet heeft, moet het instellen bij de volgende klik. Dat "
        "geldt ook voor uzelf.",
        "Whoever does not have it yet must set it up at their next click. "
        "That includes you."}},
      {"set_security_save", {"Opslaan", "Save"}},
      {"set_security_saved",
       {"De instelling is opgeslagen.", "The setting has been saved."}},
  };
  return kTexts;
}

}  // namespace schoolbieb::web
