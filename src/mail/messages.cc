#include "mail/messages.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "core/escape.h"

namespace schoolbieb::mail {
namespace {

// HTML escaping for the HTML part; the text part is plain.
std::string Escape(std::string_view text) { return EscapeHtml(text); }

// One mail in one language, before it becomes text and HTML: every message
// has the same shape, so the two parts always say the same thing.
struct Draft {
  std::string subject;
  std::string intro;
  std::vector<std::pair<std::string, std::string>> facts;  // label, value
  std::vector<std::string> notes;  // paragraphs after the facts
  std::string link_text;
  std::string link;
  std::string footer;
};

store::OutboxMessage Render(std::string kind, long long library_id,
                            const std::string& recipient, Language language,
                            const Draft& d) {
  store::OutboxMessage m;
  m.library_id = library_id;
  m.kind = std::move(kind);
  m.recipient = recipient;
  m.language = std::string(LanguageCode(language));
  m.subject = d.subject;

  std::string text = d.intro + "\n\n";
  std::string html = "<p>" + Escape(d.intro) + "</p>";
  if (!d.facts.empty()) {
    html += "<ul>";
    for (const auto& [label, value] : d.facts) {
      text += label + ": " + value + "\n";
      html += "<li>" + Escape(label) + ": " + Escape(value) + "</li>";
    }
    text += "\n";
    html += "</ul>";
  }
  for (const std::string& note : d.notes) {
    text += note + "\n\n";
    html += "<p>" + Escape(note) + "</p>";
  }
  if (!d.link.empty()) {
    text += d.link_text + ":\n" + d.link + "\n\n";
    html += "<p><a href=\"" + Escape(d.link) + "\">" + Escape(d.link_text) +
            "</a></p>";
  }
  text += d.footer + "\n";
  html += "<p>" + Escape(d.footer) + "</p>";
  m.body_text = std::move(text);
  m.body_html = std::move(html);
  return m;
}

std::string Footer(bool nl, const std::string& library_name) {
  return nl ? fmt::format("Dit bericht komt van schoolbieb ({}).", library_name)
            : fmt::format("This message comes from schoolbieb ({}).",
                          library_name);
}

}  // namespace

store::OutboxMessage UploadReceived(const UploadNotice& n, Language language) {
  bool nl = language == Language::kDutch;
  std::string what =
      nl ? fmt::format("{} leerlingen in {} groepen", n.students, n.groups)
         : fmt::format("{} students in {} groups", n.students, n.groups);
  if (!n.recognised_as.empty()) {
    what += fmt::format(
        fmt::runtime(nl ? ", herkend als {}" : ", recognised as {}"),
        n.recognised_as);
  }
  Draft d;
  d.subject = nl ? fmt::format("Nieuw leerlingbestand van {}", n.school_name)
                 : fmt::format("New student file from {}", n.school_name);
  d.intro = nl ? fmt::format("{} heeft een leerlingbestand geüpload voor {}.",
                             n.uploader, n.school_name)
               : fmt::format("{} uploaded a student file for {}.", n.uploader,
                             n.school_name);
  d.facts = {{nl ? "Bestand" : "File", n.file_name},
             {nl ? "Inhoud" : "Contents", what}};
  d.link_text = nl ? "Bekijk het voorbeeld en importeer het in de backoffice"
                   : "Preview and import it in the back office";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("upload_received", n.library_id, n.recipient, language, d);
}

store::OutboxMessage ImportApplied(const ImportNotice& n, Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject =
      nl ? fmt::format("Leerlingen van {} bijgewerkt in de bibliotheek",
                       n.school_name)
         : fmt::format("Students of {} updated at the library", n.school_name);
  d.intro = nl ? fmt::format(
                     "De bibliotheek heeft het leerlingbestand {} van {} "
                     "verwerkt. De leerlingen kunnen nu lenen met hun "
                     "schoolpas.",
                     n.file_name, n.school_name)
               : fmt::format(
                     "The library has processed the student file {} of {}. "
                     "The students can now borrow with their school card.",
                     n.file_name, n.school_name);
  d.facts = {
      {nl ? "Nieuwe leerlingen" : "New students", std::to_string(n.added)},
      {nl ? "Gewijzigd" : "Changed", std::to_string(n.changed)},
      {nl ? "Ongewijzigd" : "Unchanged", std::to_string(n.unchanged)},
      {nl ? "Vertrokken" : "Left the school", std::to_string(n.leaving)}};
  d.link_text = nl ? "Bekijk het overzicht in Mijn uploads"
                   : "See the summary in My uploads";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("import_applied", n.library_id, n.recipient, language, d);
}

store::OutboxMessage UploadRejected(const RejectionNotice& n,
                                    Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject =
      nl ? fmt::format("Leerlingbestand van {} niet verwerkt", n.school_name)
         : fmt::format("Student file of {} not processed", n.school_name);
  d.intro = nl ? fmt::format(
                     "De bibliotheek kon het leerlingbestand {} van {} "
                     "niet verwerken.",
                     n.file_name, n.school_name)
               : fmt::format(
                     "The library could not process the student file "
                     "{} of {}.",
                     n.file_name, n.school_name);
  d.facts = {{nl ? "Reden" : "Reason", n.reason.In(language)}};
  d.notes = {nl ? "Pas het bestand aan en upload het opnieuw. Vragen? "
                  "Beantwoord dit bericht niet, maar neem contact op met de "
                  "bibliotheek."
                : "Correct the file and upload it again. Questions? Do not "
                  "reply to this message; contact the library instead."};
  d.link_text = nl ? "Upload opnieuw" : "Upload again";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("upload_rejected", n.library_id, n.recipient, language, d);
}

store::OutboxMessage ImportHeld(const HoldNotice& n, Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject =
      nl ? fmt::format("Import van {} wacht op een beslissing", n.school_name)
         : fmt::format("Import of {} awaits a decision", n.school_name);
  d.intro = nl ? fmt::format(
                     "De import van {} voor {} is tegengehouden: "
                     "er is niets veranderd.",
                     n.file_name, n.school_name)
               : fmt::format(
                     "The import of {} for {} was held: nothing has "
                     "changed.",
                     n.file_name, n.school_name);
  d.facts = {
      {nl ? "Leerlingen in het bestand" : "Students in the file",
       std::to_string(n.students)},
      {nl ? "Zouden vertrekken" : "Would leave", std::to_string(n.leaving)}};
  for (const Message& reason : n.reasons) {
    d.facts.push_back({nl ? "Reden" : "Reason", reason.In(language)});
  }
  d.link_text = nl ? "Bekijk het voorbeeld en beslis in de backoffice"
                   : "Review the preview and decide in the back office";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("import_held", n.library_id, n.recipient, language, d);
}

store::OutboxMessage UploadPurgeSoon(const PurgeNotice& n, Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject = nl ? fmt::format("Leerlingbestand van {} wordt op {} verwijderd",
                               n.school_name, n.purged_on)
                 : fmt::format("Student file of {} will be removed on {}",
                               n.school_name, n.purged_on);
  d.intro = nl ? fmt::format(
                     "Het leerlingbestand {} van {} is nog niet geïmporteerd "
                     "of afgewezen. Zoals de bewaartermijn voorschrijft, "
                     "wordt het op {} verwijderd.",
                     n.file_name, n.school_name, n.purged_on)
               : fmt::format(
                     "The student file {} of {} has not been imported or "
                     "rejected yet. As the retention period requires, it "
                     "will be removed on {}.",
                     n.file_name, n.school_name, n.purged_on);
  d.facts = {{nl ? "Bestand" : "File", n.file_name},
             {nl ? "Ontvangen op" : "Received on", n.received_on},
             {nl ? "Wordt verwijderd op" : "Will be removed on", n.purged_on}};
  d.notes = {nl ? "Importeer het bestand of wijs het af voor die datum. "
                  "Daarna is het weg en moet de school het opnieuw uploaden."
                : "Import or reject the file before that date. After it, "
                  "the file is gone and the school has to upload it again."};
  d.link_text = nl ? "Bekijk het bestand in de backoffice"
                   : "See the file in the back office";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("upload_purge_notice", n.library_id, n.recipient, language, d);
}

namespace {

// "24 uur", "30 minuten": how long a password link works.
std::string ValidFor(const PasswordLinkNotice& n, bool nl) {
  if (n.valid_minutes % 60 == 0) {
    int hours = n.valid_minutes / 60;
    if (nl) return fmt::format("{} uur", hours);
    return fmt::format("{} {}", hours, hours == 1 ? "hour" : "hours");
  }
  if (nl) {
    return fmt::format("{} {}", n.valid_minutes,
                       n.valid_minutes == 1 ? "minuut" : "minuten");
  }
  return fmt::format("{} {}", n.valid_minutes,
                     n.valid_minutes == 1 ? "minute" : "minutes");
}

}  // namespace

store::OutboxMessage AccountCreated(const PasswordLinkNotice& n,
                                    Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject = nl ? fmt::format("Uw account bij {}", n.library_name)
                 : fmt::format("Your account at {}", n.library_name);
  d.intro = nl ? fmt::format(
                     "Beste {}, er is een account voor u gemaakt bij "
                     "{}. Kies via de link hieronder een wachtwoord.",
                     n.display_name, n.library_name)
               : fmt::format(
                     "Dear {}, an account has been made for you at "
                     "{}. Choose a password through the link below.",
                     n.display_name, n.library_name);
  d.facts = {{nl ? "Inlognaam" : "Login name", n.login}};
  d.notes = {
      nl ? fmt::format("De link werkt één keer en {} lang.", ValidFor(n, nl))
         : fmt::format("The link works once and for {}.", ValidFor(n, nl))};
  d.link_text = nl ? "Wachtwoord kiezen" : "Choose a password";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("account_created", n.library_id, n.recipient, language, d);
}

store::OutboxMessage PasswordForgotten(const PasswordLinkNotice& n,
                                       Language language) {
  bool nl = language == Language::kDutch;
  Draft d;
  d.subject = nl ? fmt::format("Nieuw wachtwoord voor {}", n.library_name)
                 : fmt::format("New password for {}", n.library_name);
  d.intro = nl ? "Er is gevraagd om een nieuw wachtwoord voor uw account. "
                 "Kies er een via de link hieronder."
               : "A new password was requested for your account. Choose one "
                 "through the link below.";
  d.facts = {{nl ? "Inlognaam" : "Login name", n.login}};
  d.notes = {nl ? fmt::format("De link werkt één keer en {} lang. Heeft u "
                              "niets gevraagd? Dan kunt u dit bericht "
                              "negeren; uw wachtwoord blijft hetzelfde.",
                              ValidFor(n, nl))
                : fmt::format("The link works once and for {}. Did you "
                              "not ask for this? Then ignore this message; "
                              "your password stays the same.",
                              ValidFor(n, nl))};
  d.link_text = nl ? "Nieuw wachtwoord kiezen" : "Choose a new password";
  d.link = n.link;
  d.footer = Footer(nl, n.library_name);
  return Render("password_forgotten", n.library_id, n.recipient, language, d);
}

}  // namespace schoolbieb::mail
