#include "mail/messages.h"

#include <gtest/gtest.h>

namespace schoolbieb::mail {
namespace {

TEST(MessagesTest, EveryMessageInTheRecipientsLanguage) {
  ImportNotice applied{1,
                       "juf@kievit.example",
                       "Bibliotheek Noord",
                       "De Kievit",
                       "groep8.csv",
                       4,
                       12,
                       3,
                       280,
                       25,
                       "https://bieb.example/uploads/4"};
  store::OutboxMessage nl = ImportApplied(applied, Language::kDutch);
  store::OutboxMessage en = ImportApplied(applied, Language::kEnglish);
  EXPECT_EQ(nl.kind, "import_applied");
  EXPECT_EQ(nl.language, "nl");
  EXPECT_EQ(en.language, "en");
  EXPECT_EQ(nl.subject,
            "Leerlingen van De Kievit bijgewerkt in de bibliotheek");
  EXPECT_EQ(en.subject, "Students of De Kievit updated at the library");
  EXPECT_NE(nl.body_text.find("Nieuwe leerlingen: 12\nGewijzigd: 3\n"
                              "Ongewijzigd: 280\nVertrokken: 25\n"),
            std::string::npos)
      << nl.body_text;
  EXPECT_NE(en.body_text.find("New students: 12"), std::string::npos);
  EXPECT_NE(en.body_html.find("<li>Left the school: 25</li>"),
            std::string::npos);

  RejectionNotice rejected{1,
                           "juf@kievit.example",
                           "Bibliotheek Noord",
                           "De Kievit",
                           "scan.pdf",
                           {"Dit is een PDF.", "This is a PDF."},
                           "https://bieb.example/upload"};
  EXPECT_NE(UploadRejected(rejected, Language::kDutch)
                .body_text.find("Reden: Dit is een PDF."),
            std::string::npos);
  EXPECT_NE(UploadRejected(rejected, Language::kEnglish)
                .body_text.find("Reason: This is a PDF."),
            std::string::npos);

  HoldNotice held{1,
                  "scholen@noord.example",
                  "Bibliotheek Noord",
                  "De Kievit",
                  "groep8.csv",
                  40,
                  38,
                  {{"Bijna iedereen vertrekt.", "Nearly all leave."},
                   {"Ander BRIN.", "Another BRIN."}},
                  "https://bieb.example/backoffice/imports/9"};
  store::OutboxMessage hold = ImportHeld(held, Language::kDutch);
  EXPECT_EQ(hold.kind, "import_held");
  EXPECT_NE(hold.body_text.find("Reden: Bijna iedereen vertrekt.\n"
                                "Reden: Ander BRIN."),
            std::string::npos);

  PasswordLinkNotice link{1,
                          "juf@kievit.example",
                          "Bibliotheek Noord",
                          "Q. Testdocent",
                          "qtestdocent",
                          "https://bieb.example/wachtwoord?t=abc",
                          2 * 60};
  store::OutboxMessage created = AccountCreated(link, Language::kDutch);
  EXPECT_EQ(created.kind, "account_created");
  EXPECT_NE(created.body_text.find("Inlognaam: qtestdocent"),
            std::string::npos);
  EXPECT_NE(created.body_text.find("één keer en 2 uur"), std::string::npos);
  store::OutboxMessage forgotten = PasswordForgotten(link, Language::kEnglish);
  EXPECT_EQ(forgotten.kind, "password_forgotten");
  EXPECT_NE(forgotten.body_text.find("https://bieb.example/wachtwoord?t=abc"),
            std::string::npos);
  // It never says whether the account exists or who holds it.
  EXPECT_EQ(forgotten.body_text.find("Testdocent"), std::string::npos);
  // It names the login, for someone who asked by e-mail address.
  EXPECT_NE(forgotten.body_text.find("Login name: qtestdocent"),
            std::string::npos);
  link.valid_minutes = 30;
  EXPECT_NE(PasswordForgotten(link, Language::kDutch)
                .body_text.find("één keer en 30 minuten lang"),
            std::string::npos);
}

TEST(MessagesTest, HtmlPartEscapesWhatCameFromData) {
  UploadNotice notice;
  notice.recipient = "scholen@noord.example";
  notice.school_name = "De <b>Kievit</b>";
  notice.file_name = "a&b\"<script>.csv";
  notice.link = "https://bieb.example/u?a=1&b=\"2\"";
  store::OutboxMessage m = UploadReceived(notice, Language::kDutch);
  EXPECT_EQ(m.body_html.find("<script>"), std::string::npos);
  EXPECT_EQ(m.body_html.find("<b>"), std::string::npos);
  EXPECT_NE(m.body_html.find("a&amp;b&quot;&lt;script&gt;.csv"),
            std::string::npos);
  EXPECT_NE(m.body_html.find("href=\"https://bieb.example/u?a=1&amp;b="
                             "&quot;2&quot;\""),
            std::string::npos);
  // The text part is plain: the file name as it is.
  EXPECT_NE(m.body_text.find("a&b\"<script>.csv"), std::string::npos);
}

}  // namespace
}  // namespace schoolbieb::mail
