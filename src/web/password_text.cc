// The words of the password pages (web/text.h): "wachtwoord vergeten", the
// page behind a password link, and the admin's choice to send a link.
#include "web/text.h"

namespace schoolbieb::web {

const TextTable& PasswordTexts() {
  static const TextTable kTexts = {
      // The login page's link, and the way back.
      {"pw_forgot_link", {"Wachtwoord vergeten?", "Forgot your password?"}},
      {"pw_back_to_login", {"Terug naar inloggen", "Back to log in"}},
      // Wachtwoord vergeten.
      {"pw_forgot_title", {"Wachtwoord vergeten", "Forgot your password"}},
      {"pw_forgot_intro",
       {"Vul uw gebruikersnaam of uw e-mailadres in. U krijgt dan een e-mail "
        "met een link om een nieuw wachtwoord te kiezen.",
        "Fill in your user name or your e-mail address. You will then get an "
        "e-mail with a link to choose a new password."}},
      {"pw_forgot_name",
       {"Gebruikersnaam of e-mailadres", "User name or e-mail address"}},
      {"pw_forgot_button", {"Stuur mij een link", "Send me a link"}},
      {"pw_forgot_empty",
       {"Vul uw gebruikersnaam of e-mailadres in.",
        "Fill in your user name or e-mail address."}},
      {"pw_forgot_sent_title", {"Kijk in uw e-mail", "Check your e-mail"}},
      {"pw_forgot_sent_text",
       {"Als dit account bestaat, krijgt u binnen enkele minuten een e-mail "
        "met een link om een nieuw wachtwoord te kiezen. De link werkt één "
        "keer en 30 minuten lang. Geen e-mail gekregen? Kijk ook bij de "
        "ongewenste e-mail, of vraag de bibliotheek om hulp.",
        "If this account exists, you will get an e-mail within a few minutes "
        "with a link to choose a new password. The link works once and for 30 "
        "minutes. No e-mail? Look in your junk mail too, or ask the library "
        "for help."}},
      // The page behind the link.
      {"pw_set_title", {"Kies een wachtwoord", "Choose a password"}},
      {"pw_reset_title",
       {"Kies een nieuw wachtwoord", "Choose a new password"}},
      {"pw_set_intro",
       {"Kies een wachtwoord en typ het twee keer. Daarna logt u ermee in.",
        "Choose a password and type it twice. Then you log in with it."}},
      {"pw_set_account", {"Uw gebruikersnaam:", "Your user name:"}},
      {"pw_new_password", {"Nieuw wachtwoord", "New password"}},
      {"pw_new_password_again",
       {"Nieuw wachtwoord nog een keer", "New password again"}},
      {"pw_rules_heading", {"Een goed wachtwoord:", "A good password:"}},
      {"pw_rule_length",
       {"heeft minstens 12 tekens; een zin van een paar woorden onthoudt u "
        "makkelijk",
        "has at least 12 characters; a sentence of a few words is easy to "
        "remember"}},
      {"pw_rule_common",
       {"is geen veelgebruikt wachtwoord, zoals wachtwoord1234",
        "is not a common password, such as password1234"}},
      {"pw_rule_login",
       {"is niet hetzelfde als uw gebruikersnaam",
        "is not the same as your user name"}},
      {"pw_set_button", {"Wachtwoord opslaan", "Save password"}},
      {"pw_mismatch",
       {"De twee wachtwoorden zijn niet hetzelfde. Typ ze nog een keer.",
        "The two passwords are not the same. Type them again."}},
      {"pw_set_done",
       {"Uw wachtwoord is ingesteld. Log in.",
        "Your password has been set. Log in."}},
      {"pw_link_gone_title",
       {"Deze link werkt niet meer", "This link no longer works"}},
      {"pw_ask_new_link", {"Vraag een nieuwe link aan", "Ask for a new link"}},
      // Mijn account: changing one's own password.
      {"pw_change_link", {"Wachtwoord wijzigen", "Change password"}},
      {"pw_change_title", {"Wachtwoord wijzigen", "Change password"}},
      {"pw_change_intro",
       {"Typ eerst uw huidige wachtwoord en dan twee keer het nieuwe. Waar "
        "u verder nog bent ingelogd (een andere computer of browser), wordt "
        "u uitgelogd.",
        "Type your current password first, then the new one twice. Wherever "
        "else you are logged in (another computer or browser), you will be "
        "logged out."}},
      {"pw_current_password", {"Huidig wachtwoord", "Current password"}},
      {"pw_change_button", {"Wachtwoord wijzigen", "Change password"}},
      {"pw_change_done",
       {"Uw wachtwoord is gewijzigd. Elders bent u uitgelogd.",
        "Your password has been changed. You have been logged out "
        "elsewhere."}},
      // Accounts (admins): a new account without a typed password.
      {"pw_account_password_optional",
       {"Of laat het leeg: dan krijgt het account een e-mail met een link om "
        "zelf een wachtwoord te kiezen (24 uur geldig).",
        "Or leave it empty: the account then gets an e-mail with a link to "
        "choose a password itself (valid for 24 hours)."}},
      {"pw_account_mail_sent",
       {"Het account is aangemaakt. Er is een e-mail gestuurd naar {email} "
        "met een link om een wachtwoord in te stellen. De link werkt 24 uur.",
        "The account was created. An e-mail has been sent to {email} with a "
        "link to set a password. The link works for 24 hours."}},
  };
  return kTexts;
}

}  // namespace schoolbieb::web
