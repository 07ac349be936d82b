// Delivering the outbox: SendPending sends what is due once (the
// `schoolbieb mail send-pending` cron command), OutboxWorker does so on a
// thread of its own inside `serve`.
//
// Each message is claimed in a short transaction, composed, marked as being
// handed over (a committed write, just before the server gets the content),
// sent, and marked sent. A failed attempt is retried with exponential
// back-off until `give_up_after` has passed since the message was written;
// then it is failed with the server's last answer. A message whose content
// is refused (a header value with a line break, an unusable address) fails
// at once: trying again cannot help.
//
// After a crash the outbox tells two cases apart (store/outbox.h): a worker
// that died before the hand-over leaves a message that is sent again once
// its claim expires; one that died after leaves a message that may have
// arrived, which is failed with kUncertainDelivery and never sent again by
// itself — a second copy is worse than a message staff can resend with
// `schoolbieb mail retry`. See docs/architecture.md.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/config.h"
#include "core/status.h"
#include "mail/sender.h"
#include "store/database.h"

namespace schoolbieb::mail {

struct WorkerOptions {
  // Written to claimed_by; empty: "<host>:<pid>:<random>", unique per
  // worker.
  std::string worker_id;
  std::string from = "schoolbieb@localhost";  // Config::mail_from
  // Far longer than SmtpSettings::timeout_seconds, so a claim only expires
  // when its worker is gone.
  int64_t claim_seconds = 15 * 60;
  int64_t first_retry_seconds = 60;     // doubled after every failure …
  int64_t max_retry_seconds = 60 * 60;  // … up to this
  int64_t give_up_after_seconds = 48 * 60 * 60;
  int max_messages = 500;  // per SendPending call
};

// Options from the configuration ([mail] give_up_after, from).
// InvalidArgument when give_up_after is not a duration such as "48h".
Result<WorkerOptions> WorkerOptionsFromConfig(const Config& config);

struct SendReport {
  int sent = 0;
  int retrying = 0;  // failed this time, tried again later
  int failed = 0;    // given up or refused
  int requeued = 0;  // claims of dead workers, safely sent again
  // Failed as uncertain: claims of dead workers after their hand-over, and
  // connections lost after the content went out (also counted in failed).
  int uncertain = 0;
  std::string last_error;  // of the last failed attempt, for logs
};

// Sends every due message (up to max_messages), one claim at a time.
// Returns what happened; a database failure ends the run with its Status
// (messages already claimed stay claimed and are recovered when the claim
// expires).
Result<SendReport> SendPending(store::Database& db, MailSender& sender,
                               const Clock& clock,
                               const WorkerOptions& options = {});

class OutboxWorker;

// For `serve`: the worker the configuration asks for (SMTP URL, sender,
// give-up time, database), not yet started; nullptr (and OK) when no SMTP
// server is set, so messages wait in the outbox. InvalidArgument for a bad
// setting.
Result<std::unique_ptr<OutboxWorker>> WorkerFromConfig(const Config& config,
                                                       const Clock& clock);

// SendPending on a thread with its own database connection, every
// `interval` and whenever Wake() is called. Start/Stop/Wake may be called
// from any thread.
class OutboxWorker {
 public:
  OutboxWorker(std::string db_url, std::unique_ptr<MailSender> sender,
               const Clock& clock, WorkerOptions options,
               std::chrono::milliseconds interval = std::chrono::seconds(30));
  ~OutboxWorker();  // Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Opens the connection (failing here, not later, on a bad URL) and starts
  // the thread. FailedPrecondition when already started or without a
  // sender.
  Status Start();
  // Lets a send in progress finish (bounded by the SMTP timeout), then
  // joins the thread. Idempotent.
  void Stop();
  // Looks for due messages now, e.g. right after one was enqueued.
  void Wake();

 private:
  void Run();

  std::string db_url_;
  std::unique_ptr<MailSender> sender_;
  const Clock& clock_;
  WorkerOptions options_;
  std::chrono::milliseconds interval_;
  std::unique_ptr<store::Database> db_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace schoolbieb::mail
