#include "mail/outbox_worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "core/crypto.h"
#include "mail/mime.h"
#include "store/outbox.h"

namespace schoolbieb::mail {
namespace {

std::string DefaultWorkerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}:{}", host, getpid(), RandomToken(6));
}

// Stable across retries, so a receiver that keeps Message-IDs recognises a
// copy. The domain is the sender's, as RFC 5322 suggests.
std::string MessageId(const store::OutboxMessage& message,
                      const Mailbox& from) {
  std::string domain = from.address.substr(from.address.find('@') + 1);
  return fmt::format("<schoolbieb.{}.{}@{}>", message.id, message.created_at,
                     domain);
}

int64_t RetryDelay(const WorkerOptions& options, int attempts) {
  int64_t delay = std::max<int64_t>(options.first_retry_seconds, 1);
  for (int i = 1; i < attempts && delay < options.max_retry_seconds; ++i) {
    delay *= 2;
  }
  return std::min(delay, options.max_retry_seconds);
}

// The Status as one line for last_error: Dutch, then English.
std::string ErrorText(const Status& status) {
  const Message& m = status.message();
  return m.nl == m.en ? m.en : m.nl + " (" + m.en + ")";
}

// A lost claim (FailedPrecondition) only happens when this worker was
// stalled past claim_seconds and another one recovered the row: that one
// decided its fate, so it is logged and the run goes on.
Status Tolerate(Status status) {
  if (status.code() == Status::Code::kFailedPrecondition) {
    spdlog::warn("outbox: {}", status.ToString());
    return Status::Ok();
  }
  return status;
}

}  // namespace

Result<WorkerOptions> WorkerOptionsFromConfig(const Config& config) {
  WorkerOptions options;
  auto give_up = ParseDuration(config.mail_give_up_after);
  if (!give_up.ok()) return give_up.status();
  options.give_up_after_seconds = *give_up;
  options.from = config.mail_from;
  return options;
}

Result<SendReport> SendPending(store::Database& db, MailSender& sender,
                               const Clock& clock,
                               const WorkerOptions& options_in) {
  InitCrypto();
  WorkerOptions options = options_in;
  if (options.worker_id.empty()) options.worker_id = DefaultWorkerId();
  const std::string& worker = options.worker_id;
  SendReport report;
  // A bad sender address is the configuration's fault, not the messages':
  // refuse the run and leave them all waiting.
  auto from = ParseMailbox(options.from);
  if (!from.ok()) return from.status();

  while (report.sent + report.retrying + report.failed < options.max_messages) {
    int64_t now = clock.Now();
    store::ClaimRecovery recovery;
    auto claimed = store::ClaimDueMessages(
        db, worker, now, now + options.claim_seconds, 1, &recovery);
    if (!claimed.ok()) return claimed.status();
    report.requeued += recovery.requeued;
    report.uncertain += recovery.uncertain;
    if (recovery.uncertain > 0) {
      spdlog::warn(
          "outbox: {} message(s) interrupted after hand-over, "
          "marked failed (uncertain)",
          recovery.uncertain);
    }
    if (claimed->empty()) break;
    const store::OutboxMessage& message = claimed->front();

    Result<std::string> data = ComposeMime({
        .from = *from,
        .to = message.recipient,
        .subject = message.subject,
        .body_text = message.body_text,
        .body_html = message.body_html,
        .message_id = MessageId(message, *from),
        .date = message.created_at,
    });
    if (!data.ok()) {
      report.last_error = ErrorText(data.status());
      SB_RETURN_IF_ERROR(Tolerate(
          store::MarkFailed(db, message.id, worker, report.last_error)));
      ++report.failed;
      spdlog::warn("outbox: message {} refused: {}", message.id,
                   data.status().ToString());
      continue;
    }

    Status database_error;
    Status sent = sender.Send(from->address, message.recipient, *data, [&] {
      auto held = store::MarkHandingOver(db, message.id, worker, clock.Now());
      if (!held.ok()) database_error = held.status();
      return held.ok() && *held;
    });
    SB_RETURN_IF_ERROR(database_error);
    now = clock.Now();
    if (sent.code() == Status::Code::kFailedPrecondition) {
      // The claim was lost before the hand-over: nothing went out and the
      // row is someone else's now.
      spdlog::warn("outbox: message {} no longer claimed; left alone",
                   message.id);
      continue;
    }
    if (sent.ok()) {
      SB_RETURN_IF_ERROR(
          Tolerate(store::MarkSent(db, message.id, worker, now)));
      ++report.sent;
      continue;
    }
    report.last_error = ErrorText(sent);
    if (sent.code() == Status::Code::kIOError) {
      // The same doubt as a crash after the hand-over: never a second copy.
      SB_RETURN_IF_ERROR(Tolerate(store::MarkFailed(
          db, message.id, worker,
          std::string(store::kUncertainDelivery) + ": " + report.last_error)));
      ++report.uncertain;
      ++report.failed;
      continue;
    }
    if (now - message.created_at >= options.give_up_after_seconds) {
      std::string error = fmt::format(
          "Opgegeven na {} pogingen (gave up after {} attempts): {}",
          message.attempts, message.attempts, report.last_error);
      SB_RETURN_IF_ERROR(
          Tolerate(store::MarkFailed(db, message.id, worker, error)));
      ++report.failed;
      spdlog::warn("outbox: message {} given up after {} attempts", message.id,
                   message.attempts);
    } else {
      SB_RETURN_IF_ERROR(Tolerate(store::ScheduleRetry(
          db, message.id, worker, now + RetryDelay(options, message.attempts),
          report.last_error)));
      ++report.retrying;
    }
  }
  return report;
}

OutboxWorker::OutboxWorker(std::string db_url,
                           std::unique_ptr<MailSender> sender,
                           const Clock& clock, WorkerOptions options,
                           std::chrono::milliseconds interval)
    : db_url_(std::move(db_url)),
      sender_(std::move(sender)),
      clock_(clock),
      options_(std::move(options)),
      interval_(interval) {
  if (options_.worker_id.empty()) options_.worker_id = DefaultWorkerId();
}

OutboxWorker::~OutboxWorker() { Stop(); }

Result<std::unique_ptr<OutboxWorker>> WorkerFromConfig(const Config& config,
                                                       const Clock& clock) {
  auto sender = SenderFromConfig(config);
  if (!sender.ok()) return sender.status();
  auto options = WorkerOptionsFromConfig(config);
  if (!options.ok()) return options.status();
  SB_RETURN_IF_ERROR(ParseMailbox(options->from).status());
  if (!*sender) return std::unique_ptr<OutboxWorker>();
  return std::make_unique<OutboxWorker>(config.db_url,
                                        std::move(sender).value(), clock,
                                        std::move(options).value());
}

Status OutboxWorker::Start() {
  if (!sender_) {
    return Status::FailedPrecondition("Er is geen mailserver ingesteld.",
                                      "No mail server is configured.");
  }
  if (thread_.joinable()) {
    return Status::FailedPrecondition("De verzender draait al.",
                                      "The worker is already running.");
  }
  auto db = store::Database::Open(db_url_);
  if (!db.ok()) return db.status();
  db_ = std::move(db).value();
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void OutboxWorker::Run() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    if (!db_) {
      // The connection was lost: try again each round.
      auto db = store::Database::Open(db_url_);
      if (db.ok()) db_ = std::move(db).value();
    }
    if (db_) {
      auto report = SendPending(*db_, *sender_, clock_, options_);
      if (!report.ok()) {
        spdlog::warn("outbox: {}", report.status().ToString());
        if (report.status().code() == Status::Code::kUnavailable) db_.reset();
      } else if (report->sent + report->retrying + report->failed > 0) {
        spdlog::info("outbox: {} sent, {} to retry, {} failed", report->sent,
                     report->retrying, report->failed);
      }
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace schoolbieb::mail
