// The words of two-step verification (web/text.h): the code page after the
// password, setting it up with an app, recovery codes, turning it off.
#include "web/text.h"

namespace schoolbieb::web {

const TextTable& TwoFactorTexts() {
  static const TextTable kTexts = {
      {"menu_account", {"Mijn account", "My account"}},
      // The second step of logging in.
      {"tf_code_title", {"Verificatiecode", "Verification code"}},
      {"tf_code_intro",
       {"Uw wachtwoord klopt. Open nu de app op uw telefoon en vul de code "
        "in die u daar ziet.",
        "Your password is right. Now open the app on your phone and fill in "
        "the code you see there."}},
      {"tf_code_label", {"Code", "Code"}},
      {"tf_code_hint",
       {"Zes cijfers uit de app. Hebt u uw telefoon niet bij de hand? Vul dan "
        "een van uw herstelcodes in.",
        "Six digits from the app. Don't have your phone with you? Then fill "
        "in one of your recovery codes."}},
      {"tf_code_button", {"Verder", "Continue"}},
      // Setting it up.
      {"tf_title", {"Tweestapsverificatie", "Two-step verification"}},
      {"tf_required_notice",
       {"De bibliotheek vraagt dit van alle medewerkers. Stel het nu in; "
        "daarna kunt u verder.",
        "The library asks this of all staff. Set it up now; after that you "
        "can go on."}},
      {"tf_setup_intro",
       {"Met tweestapsverificatie logt u in met uw wachtwoord én een code van "
        "uw telefoon. Zo kan niemand anders inloggen, ook niet als iemand uw "
        "wachtwoord weet.",
        "With two-step verification you log in with your password and a code "
        "from your phone. Then nobody else can log in, even if someone knows "
        "your password."}},
      {"tf_setup_step_app",
       {"Zet een app voor inlogcodes op uw telefoon, bijvoorbeeld Google "
        "Authenticator, Microsoft Authenticator of FreeOTP.",
        "Put an app for login codes on your phone, for example Google "
        "Authenticator, Microsoft Authenticator or FreeOTP."}},
      {"tf_setup_step_scan",
       {"Scan deze QR-code met de app.", "Scan this QR code with the app."}},
      {"tf_qr_title",
       {"QR-code om in uw app te scannen", "QR code to scan in your app"}},
      {"tf_setup_manual",
       {"Lukt scannen niet? Typ dan deze sleutel over in de app:",
        "Scanning does not work? Then type this key into the app:"}},
      {"tf_setup_step_code",
       {"Vul hieronder de code van zes cijfers in die de app nu laat zien.",
        "Fill in below the six-digit code the app shows now."}},
      {"tf_setup_button", {"Aanzetten", "Turn on"}},
      {"tf_no_key",
       {"Tweestapsverificatie kan nu niet worden gebruikt: de server heeft "
        "geen sleutel. Vraag de bibliotheek om hulp.",
        "Two-step verification cannot be used now: the server has no key. "
        "Ask the library for help."}},
      // Recovery codes.
      {"tf_codes_title", {"Herstelcodes", "Recovery codes"}},
      {"tf_on_title",
       {"Tweestapsverificatie staat aan", "Two-step verification is on"}},
      {"tf_codes_once",
       {"U ziet deze codes maar één keer. Schrijf ze op of print ze, en bewaar "
        "ze op een veilige plek, niet bij uw telefoon.",
        "You see these codes only once. Write them down or print them, and "
        "keep them in a safe place, not with your phone."}},
      {"tf_codes_intro",
       {"Bent u uw telefoon kwijt? Dan logt u in met een van deze codes in "
        "plaats van de code uit de app. Elke code werkt één keer.",
        "Lost your phone? Then log in with one of these codes instead of the "
        "code from the app. Each code works once."}},
      {"tf_codes_done", {"Ik heb de codes bewaard", "I have kept the codes"}},
      // The page when it is on.
      {"tf_status_on",
       {"Tweestapsverificatie staat aan sinds {date}.",
        "Two-step verification is on since {date}."}},
      {"tf_codes_left",
       {"U hebt nog {n} herstelcodes over.",
        "You have {n} recovery codes left."}},
      {"tf_recovery_used",
       {"U hebt een herstelcode gebruikt. Die werkt nu niet meer. Maak nieuwe "
        "codes als u er bijna geen meer hebt.",
        "You used a recovery code. It no longer works. Make new codes when you "
        "have almost none left."}},
      {"tf_renew_title", {"Nieuwe herstelcodes", "New recovery codes"}},
      {"tf_renew_intro",
       {"U krijgt tien nieuwe codes. De oude codes werken dan niet meer. Vul "
        "eerst een code uit de app in.",
        "You get ten new codes. The old codes then stop working. First fill "
        "in a code from the app."}},
      {"tf_renew_button", {"Maak nieuwe codes", "Make new codes"}},
      {"tf_off_title",
       {"Tweestapsverificatie uitzetten", "Turn off two-step verification"}},
      {"tf_off_intro",
       {"Daarna logt u weer in met alleen uw wachtwoord. Vul eerst een code "
        "uit de app in.",
        "After that you log in with only your password again. First fill in "
        "a code from the app."}},
      {"tf_off_button", {"Uitzetten", "Turn off"}},
      {"tf_off_not_allowed",
       {"De bibliotheek vraagt tweestapsverificatie van alle medewerkers. U "
        "kunt het daarom niet uitzetten.",
        "The library asks two-step verification of all staff. So you cannot "
        "turn it off."}},
      {"tf_off_done",
       {"Tweestapsverificatie staat uit. U logt nu in met alleen uw "
        "wachtwoord.",
        "Two-step verification is off. You now log in with only your "
        "password."}},
  };
  return kTexts;
}

}  // namespace schoolbieb::web
