#include "mail/messages.h"

#include <fmt/format.h>

namespace schoolbieb::mail {
namespace {

// Minimal HTML escaping for the HTML part; the text part is plain.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

store::OutboxMessage UploadReceived(const UploadNotice& n, Language language) {
  store::OutboxMessage m;
  m.library_id = n.library_id;
  m.kind = "upload_received";
  m.recipient = n.recipient;
  m.language = std::string(LanguageCode(language));
  bool nl = language == Language::kDutch;
  m.subject = nl ? fmt::format("Nieuw leerlingbestand van {}", n.school_name)
                 : fmt::format("New student file from {}", n.school_name);
  std::string what =
      nl ? fmt::format("{} leerlingen in {} groepen", n.students, n.groups)
         : fmt::format("{} students in {} groups", n.students, n.groups);
  if (!n.recognised_as.empty()) {
    what += fmt::format(
        fmt::runtime(nl ? ", herkend als {}" : ", recognised as {}"),
        n.recognised_as);
  }
  m.body_text =
      nl ? fmt::format(
               "{} heeft een leerlingbestand geüpload voor {}.\n\n"
               "Bestand: {}\nInhoud: {}\n\n"
               "Bekijk het voorbeeld en importeer het in de backoffice:\n{}\n\n"
               "Dit bericht komt van schoolbieb ({}).\n",
               n.uploader, n.school_name, n.file_name, what, n.link,
               n.library_name)
         : fmt::format(
               "{} uploaded a student file for {}.\n\n"
               "File: {}\nContents: {}\n\n"
               "Preview and import it in the back office:\n{}\n\n"
               "This message comes from schoolbieb ({}).\n",
               n.uploader, n.school_name, n.file_name, what, n.link,
               n.library_name);
  m.body_html = fmt::format(
      "<p>{}</p><ul><li>{}: {}</li><li>{}: {}</li></ul>"
      "<p><a href=\"{}\">{}</a></p>",
      Escape(nl ? fmt::format("{} heeft een leerlingbestand geüpload voor {}.",
                              n.uploader, n.school_name)
                : fmt::format("{} uploaded a student file for {}.", n.uploader,
                              n.school_name)),
      nl ? "Bestand" : "File", Escape(n.file_name), nl ? "Inhoud" : "Contents",
      Escape(what), Escape(n.link),
      nl ? "Bekijk en importeer in de backoffice"
         : "Preview and import in the back office");
  return m;
}

}  // namespace schoolbieb::mail
