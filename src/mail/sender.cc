#include "mail/sender.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>
#include <mutex>

namespace schoolbieb::mail {
namespace {

Status BadUrl(std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("De SMTP-URL klopt niet ({}). Voorbeeld: "
                  "smtp://127.0.0.1:25 of smtps://gebruiker:wachtwoord@"
                  "smtp.example.nl:465",
                  why),
      fmt::format("The SMTP URL is not valid ({}). Example: "
                  "smtp://127.0.0.1:25 or smtps://user:password@"
                  "smtp.example.org:465",
                  why));
}

// One URL part, percent-decoded; empty when absent.
std::string UrlPart(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

// curl_global_init is thread-safe since libcurl 7.84 (Debian 12 has 7.88);
// once is enough anyway.
void EnsureCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
  const std::function<bool()>* before_content = nullptr;
  bool started = false;
  bool refused = false;
};

// libcurl asks for the content only after the server answered DATA with
// 354, which is what makes before_content a reliable "nothing sent yet".
size_t ReadContent(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  if (!upload->started) {
    upload->started = true;
    if (*upload->before_content && !(*upload->before_content)()) {
      upload->refused = true;
      return CURL_READFUNC_ABORT;
    }
  }
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

Result<SmtpSettings> ParseSmtpUrl(std::string_view text) {
  EnsureCurl();
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(),
                                                          curl_url_cleanup);
  std::string copy(text);
  if (curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return BadUrl("not a URL");
  }
  SmtpSettings settings;
  std::string scheme = UrlPart(url.get(), CURLUPART_SCHEME);
  if (scheme == "smtps") {
    settings.tls = SmtpSettings::Tls::kImplicit;
  } else if (scheme != "smtp") {
    return BadUrl("smtp:// or smtps://");
  }
  if (UrlPart(url.get(), CURLUPART_HOST).empty()) return BadUrl("no host");
  settings.username = UrlPart(url.get(), CURLUPART_USER, CURLU_URLDECODE);
  settings.password = UrlPart(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
  std::string query = UrlPart(url.get(), CURLUPART_QUERY);
  if (scheme == "smtp") {
    if (!settings.username.empty()) {
      settings.tls = SmtpSettings::Tls::kStartTlsRequired;
    }
    if (query == "starttls=required") {
      settings.tls = SmtpSettings::Tls::kStartTlsRequired;
    } else if (query == "starttls=never") {
      settings.tls = SmtpSettings::Tls::kNone;
    } else if (query == "starttls=try") {
      settings.tls = SmtpSettings::Tls::kStartTlsTry;
    } else if (!query.empty()) {
      return BadUrl("?starttls=try|required|never");
    }
  } else if (!query.empty()) {
    return BadUrl("smtps:// takes no options");
  }
  // The login goes to libcurl separately, so it never shows in a URL that
  // an error message or a log might repeat.
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_QUERY, nullptr, 0);
  settings.server_url = UrlPart(url.get(), CURLUPART_URL);
  return settings;
}

SmtpSender::SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) {
  EnsureCurl();
}

SmtpSender::~SmtpSender() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Status SmtpSender::Send(std::string_view from_address,
                        std::string_view to_address, std::string_view data,
                        const std::function<bool()>& before_content) {
  if (!curl_) curl_ = curl_easy_init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) {
    return Status::Internal("libcurl start niet.", "libcurl failed to start.");
  }
  curl_easy_reset(curl);  // keeps the open connection, forgets old options

  Upload upload{data, 0, &before_content};
  std::string from = "<" + std::string(from_address) + ">";
  std::string to = "<" + std::string(to_address) + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  char error[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(curl, CURLOPT_URL, settings_.server_url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker threads
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                   settings_.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  switch (settings_.tls) {
    case SmtpSettings::Tls::kStartTlsTry:
      curl_easy_setopt(curl, CURLOPT_USE_SSL,
                       static_cast<long>(CURLUSESSL_TRY));
      break;
    case SmtpSettings::Tls::kStartTlsRequired:
    case SmtpSettings::Tls::kImplicit:
      curl_easy_setopt(curl, CURLOPT_USE_SSL,
                       static_cast<long>(CURLUSESSL_ALL));
      break;
    case SmtpSettings::Tls::kNone:
      curl_easy_setopt(curl, CURLOPT_USE_SSL,
                       static_cast<long>(CURLUSESSL_NONE));
      break;
  }
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadContent);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);

  CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  if (code == CURLE_OK) return Status::Ok();
  // A half-finished SMTP dialogue must not be reused for the next mail.
  curl_easy_cleanup(curl);
  curl_ = nullptr;
  if (upload.refused) {
    return Status::FailedPrecondition(
        "Het versturen is afgebroken voordat de inhoud verstuurd werd.",
        "Sending was abandoned before the content went out.");
  }
  std::string detail = error[0] ? error : curl_easy_strerror(code);
  if (reply > 0) detail += fmt::format(" (server reply {})", reply);
  if (upload.started && reply < 400) {
    // The content went (partly) out and no refusal came back: the server
    // may have taken the message before the connection failed.
    return Status::IOError(
        fmt::format("De verbinding viel weg nadat de inhoud verstuurd was: "
                    "{}",
                    detail),
        fmt::format("The connection failed after the content was sent: {}",
                    detail));
  }
  return Status::Unavailable(
      fmt::format("De mailserver nam het bericht niet aan: {}", detail),
      fmt::format("The mail server did not take the message: {}", detail));
}

Result<std::unique_ptr<MailSender>> SenderFromConfig(const Config& config) {
  if (config.smtp_url.empty()) return std::unique_ptr<MailSender>();
  auto settings = ParseSmtpUrl(config.smtp_url);
  if (!settings.ok()) return settings.status();
  return std::unique_ptr<MailSender>(
      std::make_unique<SmtpSender>(std::move(settings).value()));
}

}  // namespace schoolbieb::mail
