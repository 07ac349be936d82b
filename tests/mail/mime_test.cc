#include "mail/mime.h"

#include <gtest/gtest.h>

#include "mail/outbox_worker.h"
#include "mail/sender.h"

namespace schoolbieb::mail {
namespace {

MailContent Sample() {
  return {.from = {"Bibliotheek Demostad", "schoolbieb@demostad.example"},
          .to = "scholen@demostad.example",
          .subject = "Nieuw leerlingbestand van De Kievit",
          .body_text = "Hallo\n",
          .body_html = "<p>Hallo</p>",
          .message_id = "<schoolbieb.1.2@demostad.example>",
          .date = 1796160308};
}

std::string HeaderBlock(const std::string& mime) {
  return mime.substr(0, mime.find("\r\n\r\n") + 2);
}

TEST(MimeTest, HeaderValuesWithLineBreaksAreRefusedNotCleaned) {
  // std::string, so the NUL byte stays part of the value.
  const std::string kInjections[] = {"Hallo\r\nBcc: spy@evil.example",
                                     "Hallo\nBcc: x", "Hallo\rBcc: x",
                                     std::string("Hallo\0x", 7), "Tab\there"};
  for (const std::string& injection : kInjections) {
    MailContent subject = Sample();
    subject.subject = injection;
    auto mime = ComposeMime(subject);
    EXPECT_FALSE(mime.ok()) << injection;
    EXPECT_EQ(mime.status().code(), Status::Code::kInvalidArgument);

    MailContent name = Sample();
    name.from.display_name = injection;
    EXPECT_FALSE(ComposeMime(name).ok()) << injection;
  }
  MailContent to = Sample();
  to.to = "a@b.example\r\nBcc: spy@evil.example";
  auto refused = ComposeMime(to);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kInvalidArgument);
  // The refusal repeats the address without its line break.
  EXPECT_EQ(refused.status().message().en.find('\n'), std::string::npos);

  MailContent id = Sample();
  id.message_id = "<a@b>\r\nBcc: x";
  EXPECT_FALSE(ComposeMime(id).ok());
  EXPECT_FALSE(ParseMailbox("Bieb <a@b.example>\r\nBcc: x").ok());
}

TEST(MimeTest, AddressesArePlainSingleAddresses) {
  EXPECT_TRUE(CheckAddress("scholen@demostad.example").ok());
  EXPECT_TRUE(CheckAddress("j.de-vries+school@mail.bieb-noord.nl").ok());
  EXPECT_TRUE(CheckAddress("schoolbieb@localhost").ok());
  for (const char* bad :
       {"", "geen-adres", "@x.nl", "a@", "a@@b.nl", "a@b@c.nl", "a b@c.nl",
        "a@c.nl, b@d.nl", "\"a\"@c.nl", "a@-c.nl", "a@c..nl", ".a@c.nl",
        "a..b@c.nl", "a@c.nl>", "<a@c.nl", "a@c.nl\n", "é@c.nl"}) {
    EXPECT_FALSE(CheckAddress(bad).ok()) << bad;
  }
  auto box = ParseMailbox("\"Bibliotheek Demostad\" <bieb@demostad.example>");
  ASSERT_TRUE(box.ok());
  EXPECT_EQ(box->display_name, "Bibliotheek Demostad");
  EXPECT_EQ(box->address, "bieb@demostad.example");
  box = ParseMailbox("bieb@demostad.example");
  ASSERT_TRUE(box.ok());
  EXPECT_EQ(box->display_name, "");
}

TEST(MimeTest, ComposesDatedIdentifiedMultipartMail) {
  auto mime = ComposeMime(Sample());
  ASSERT_TRUE(mime.ok()) << mime.status().ToString();
  std::string headers = HeaderBlock(*mime);
  EXPECT_NE(headers.find("Date: Tue, 01 Dec 2026 21:25:08 +0000\r\n"),
            std::string::npos)
      << headers;
  EXPECT_NE(headers.find("From: \"Bibliotheek Demostad\" "
                         "<schoolbieb@demostad.example>\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("To: scholen@demostad.example\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("Subject: Nieuw leerlingbestand van De Kievit\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <schoolbieb.1.2@demostad.example>\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/alternative;"),
            std::string::npos);
  // Only CRLF line ends: no bare LF anywhere.
  for (size_t i = 0; i < mime->size(); ++i) {
    if ((*mime)[i] == '\n') {
      ASSERT_EQ((*mime)[i - 1], '\r') << i;
    }
  }
  // The same message composes to the same bytes (a retry resends the same).
  EXPECT_EQ(*ComposeMime(Sample()), *mime);
}

TEST(MimeTest, NonAsciiSubjectIsEncodedInShortWords) {
  MailContent mail = Sample();
  mail.subject =
      "Leerlingbestand van Basisschool ’t Gelderse Eiland — "
      "geüpload door juf Zoë, café-groep ĳsvogels 🦉";
  auto mime = ComposeMime(mail);
  ASSERT_TRUE(mime.ok());
  std::string headers = HeaderBlock(*mime);
  size_t start = headers.find("Subject: ");
  size_t end = headers.find("\r\nMessage-ID");
  std::string subject = headers.substr(start, end - start);
  EXPECT_TRUE(subject.starts_with("Subject: =?UTF-8?B?")) << subject;
  size_t line_start = 0;
  while (line_start < subject.size()) {
    size_t line_end = subject.find("\r\n", line_start);
    if (line_end == std::string::npos) line_end = subject.size();
    EXPECT_LE(line_end - line_start, 78u);
    line_start = line_end + 2;
  }
  for (unsigned char c : subject) EXPECT_LT(c, 0x80);
}

TEST(MimeTest, QuotedPrintableKeepsLinesShortAndDotsSafe) {
  std::string qp =
      QuotedPrintable(".\nregel met spatie aan het eind \n" +
                      std::string(200, 'x') + "\nprijs = 5 €\r\nlaatste");
  EXPECT_TRUE(qp.starts_with("=2E\r\n")) << qp;
  EXPECT_NE(qp.find("eind=20\r\n"), std::string::npos) << qp;
  EXPECT_NE(qp.find("prijs =3D 5 =E2=82=AC\r\n"), std::string::npos) << qp;
  EXPECT_TRUE(qp.ends_with("laatste\r\n"));
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    EXPECT_LE(end - start, 76u);
    EXPECT_NE(qp[start], '.');
    start = end + 2;
  }
}

TEST(MimeTest, SmtpUrls) {
  auto plain = ParseSmtpUrl("smtp://127.0.0.1:8025");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->tls, SmtpSettings::Tls::kStartTlsTry);
  EXPECT_EQ(plain->username, "");

  auto login =
      ParseSmtpUrl("smtp://bieb%40noord.nl:ge%3Aheim@mail.example:587");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->tls, SmtpSettings::Tls::kStartTlsRequired);
  EXPECT_EQ(login->username, "bieb@noord.nl");
  EXPECT_EQ(login->password, "ge:heim");
  EXPECT_EQ(login->server_url.find("heim"), std::string::npos)
      << login->server_url;

  auto tls = ParseSmtpUrl("smtps://user:pass@smtp.example:465");
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(tls->tls, SmtpSettings::Tls::kImplicit);
  EXPECT_EQ(tls->server_url.find("pass"), std::string::npos);

  auto never = ParseSmtpUrl("smtp://relay:25?starttls=never");
  ASSERT_TRUE(never.ok());
  EXPECT_EQ(never->tls, SmtpSettings::Tls::kNone);
  EXPECT_EQ(never->server_url.find("starttls"), std::string::npos);

  EXPECT_FALSE(ParseSmtpUrl("http://mail.example").ok());
  EXPECT_FALSE(ParseSmtpUrl("smtp://relay:25?tls=maybe").ok());
  EXPECT_FALSE(ParseSmtpUrl("mail.example").ok());
}

TEST(MimeTest, Durations) {
  EXPECT_EQ(*ParseDuration("48h"), 48 * 3600);
  EXPECT_EQ(*ParseDuration("90m"), 90 * 60);
  EXPECT_EQ(*ParseDuration("2d"), 2 * 86400);
  EXPECT_EQ(*ParseDuration("30"), 30);
  for (const char* bad : {"", "h", "-1h", "0h", "48 h", "1w", "1.5h"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace schoolbieb::mail
