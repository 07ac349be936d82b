// SmtpSender against the real test server: when before_content is (not)
// called, and that a login never goes out without TLS.
#include "mail/sender.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "mail/mime.h"
#include "support/smtp_server.h"

namespace schoolbieb::mail {
namespace {

class SenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    auto mime = ComposeMime({.from = {"", "schoolbieb@noord.example"},
                             .to = "scholen@noord.example",
                             .subject = "Proef",
                             .body_text = "Hallo\n.\nNog een regel\n",
                             .body_html = "",
                             .message_id = "<proef@noord.example>",
                             .date = 1796160308});
    ASSERT_TRUE(mime.ok());
    data_ = *mime;
  }

  std::unique_ptr<SmtpSender> Sender(const std::string& url) {
    auto settings = ParseSmtpUrl(url);
    EXPECT_TRUE(settings.ok()) << settings.status().ToString();
    settings->timeout_seconds = 20;
    return std::make_unique<SmtpSender>(*settings);
  }

  testing::SmtpTestServer server_;
  std::string data_;
};

TEST_F(SenderTest, DeliversAndAsksBeforeTheContentOnce) {
  auto sender = Sender(server_.url());
  int asked = 0;
  Status sent = sender->Send("schoolbieb@noord.example",
                             "scholen@noord.example", data_, [&] {
                               ++asked;
                               return true;
                             });
  ASSERT_TRUE(sent.ok()) << sent.ToString();
  EXPECT_EQ(asked, 1);
  auto mails = server_.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  // A line holding only a dot survives the SMTP end-of-data convention.
  std::string text = mails[0]["text"];
  std::erase(text, '\r');
  EXPECT_EQ(text, "Hallo\n.\nNog een regel\n");
  EXPECT_EQ(mails[0]["content_type"], "text/plain");
  // The connection is reused for the next mail.
  ASSERT_TRUE(sender
                  ->Send("schoolbieb@noord.example", "scholen@noord.example",
                         data_, [] { return true; })
                  .ok());
  EXPECT_EQ(server_.WaitForMessages(2).size(), 2u);
}

TEST_F(SenderTest, AnIndependentReaderDecodesSubjectNameAndParts) {
  std::string subject =
      "Nieuw leerlingbestand van Basisschool ’t Gelderse Eiland — groep "
      "ĳsvogels, café Zoë 🦉 (=?niet?=)";
  auto mime = ComposeMime(
      {.from = {"Bibliotheek Zuidoost-Fryslân", "schoolbieb@noord.example"},
       .to = "scholen@noord.example",
       .subject = subject,
       .body_text = "Één regel met € en een heel lange regel " +
                    std::string(120, 'x') + " = einde \n",
       .body_html = "<p>Één <b>regel</b></p>",
       .message_id = "<utf8@noord.example>",
       .date = 1796160308});
  ASSERT_TRUE(mime.ok());
  auto sender = Sender(server_.url());
  ASSERT_TRUE(sender
                  ->Send("schoolbieb@noord.example", "scholen@noord.example",
                         *mime, [] { return true; })
                  .ok());
  auto mails = server_.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_TRUE(mails[0]["defects"].empty()) << mails[0]["defects"];
  EXPECT_EQ(mails[0]["subject"], subject);
  EXPECT_EQ(mails[0]["from"],
            "Bibliotheek Zuidoost-Fryslân <schoolbieb@noord.example>");
  std::string text = mails[0]["text"];
  std::erase(text, '\r');
  EXPECT_EQ(text, "Één regel met € en een heel lange regel " +
                      std::string(120, 'x') + " = einde \n");
  EXPECT_NE(mails[0]["html"].get<std::string>().find("<p>Één <b>regel</b></p>"),
            std::string::npos);
}

TEST_F(SenderTest, ARefusalBeforeTheContentNeverAsks) {
  auto sender = Sender(server_.url());
  int asked = 0;
  Status sent = sender->Send("schoolbieb@noord.example", "reject@noord.example",
                             data_, [&] {
                               ++asked;
                               return true;
                             });
  EXPECT_EQ(sent.code(), Status::Code::kUnavailable) << sent.ToString();
  EXPECT_EQ(asked, 0);
  server_.Stop();
  sent = sender->Send("schoolbieb@noord.example", "scholen@noord.example",
                      data_, [&] {
                        ++asked;
                        return true;
                      });
  EXPECT_EQ(sent.code(), Status::Code::kUnavailable);
  EXPECT_EQ(asked, 0);
  EXPECT_TRUE(server_.Messages().empty());
}

TEST_F(SenderTest, SayingNoAtTheHandOverSendsNothing) {
  auto sender = Sender(server_.url());
  Status sent =
      sender->Send("schoolbieb@noord.example", "scholen@noord.example", data_,
                   [] { return false; });
  EXPECT_EQ(sent.code(), Status::Code::kFailedPrecondition) << sent.ToString();
  // And the sender still works afterwards.
  EXPECT_TRUE(sender
                  ->Send("schoolbieb@noord.example", "scholen@noord.example",
                         data_, [] { return true; })
                  .ok());
  auto mails = server_.WaitForMessages(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_.Messages().size(), 1u);
}

TEST_F(SenderTest, ALoginIsNeverSentWithoutTls) {
  // The test server offers no STARTTLS: with a login in an smtp:// URL the
  // sender refuses rather than send the password in the clear.
  auto sender =
      Sender(fmt::format("smtp://bieb:geheim@127.0.0.1:{}", server_.port()));
  Status sent =
      sender->Send("schoolbieb@noord.example", "scholen@noord.example", data_,
                   [] { return true; });
  EXPECT_EQ(sent.code(), Status::Code::kUnavailable);
  EXPECT_EQ(sent.message().en.find("geheim"), std::string::npos)
      << sent.ToString();
  EXPECT_TRUE(server_.Messages().empty());
  // Without a login, STARTTLS is used only when offered.
  auto plain = Sender(fmt::format("smtp://127.0.0.1:{}", server_.port()));
  EXPECT_TRUE(plain
                  ->Send("schoolbieb@noord.example", "scholen@noord.example",
                         data_, [] { return true; })
                  .ok());
}

}  // namespace
}  // namespace schoolbieb::mail
