// Handing a composed mail to a mail server: the MailSender interface, and
// SmtpSender, which speaks SMTP through libcurl.
//
// The interface is small so tests can inject faults (a server that fails,
// a process that dies mid-send) around the real thing. The outbox worker
// owns its sender and calls it from one thread; an SmtpSender keeps one
// libcurl handle (and so its open connection between mails) and is not
// thread-safe: use one per thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/status.h"

namespace schoolbieb::mail {

class MailSender {
 public:
  virtual ~MailSender() = default;

  // Delivers `data` (a whole RFC 5322 message, CRLF line ends) from
  // `from_address` to `to_address`. `before_content` is called exactly once,
  // when the server has accepted sender and recipient and waits for the
  // content, before any byte of it is sent; when it returns false the
  // transfer is abandoned and the server receives no message. It is not
  // called when the server cannot be reached or refuses earlier, so a
  // caller knows that without that call the message cannot have arrived.
  // Returns Unavailable with the server's answer when the message was not
  // delivered (unreachable, or refused: safe to try again), IOError when
  // the connection failed after the content began to go out without the
  // server refusing it (it may have arrived), FailedPrecondition when
  // before_content returned false.
  virtual Status Send(std::string_view from_address,
                      std::string_view to_address, std::string_view data,
                      const std::function<bool()>& before_content) = 0;
};

// An SMTP URL, split: smtp://[user[:password]@]host[:port][?starttls=…]
// or smtps://… (TLS from the first byte). For smtp:// STARTTLS is used when
// the server offers it ("try", the default), demanded ("required", the
// default when the URL carries a login, so a password never goes out in
// the clear) or never asked for ("never", for a local relay with a
// certificate no one can check).
struct SmtpSettings {
  enum class Tls { kStartTlsTry, kStartTlsRequired, kNone, kImplicit };

  std::string server_url;  // for libcurl: scheme, host and port only
  std::string username;    // percent-decoded
  std::string password;
  Tls tls = Tls::kStartTlsTry;
  long connect_timeout_seconds = 15;
  // Bounds one whole mail, so a hanging server cannot hold a claim for ever
  // (the worker's claim lasts much longer).
  long timeout_seconds = 120;
};

// InvalidArgument with an example when the URL is not an smtp:// or
// smtps:// URL with a host.
Result<SmtpSettings> ParseSmtpUrl(std::string_view url);

class SmtpSender : public MailSender {
 public:
  explicit SmtpSender(SmtpSettings settings);
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  Status Send(std::string_view from_address, std::string_view to_address,
              std::string_view data,
              const std::function<bool()>& before_content) override;

 private:
  SmtpSettings settings_;
  void* curl_ = nullptr;  // CURL*, reused so the connection stays open
};

// The sender the configuration asks for: nullptr (and OK) when no SMTP URL
// is set, so messages wait in the outbox; InvalidArgument for a bad URL.
Result<std::unique_ptr<MailSender>> SenderFromConfig(const Config& config);

}  // namespace schoolbieb::mail
