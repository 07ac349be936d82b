// schoolbieb mail send-pending|list|retry: delivering the outbox from cron
// (the same work the worker in `serve` does), showing it ("Postvak uit"),
// and deliberately sending a failed message again.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/clock.h"
#include "mail/outbox_worker.h"
#include "mail/sender.h"
#include "store/library_store.h"
#include "store/outbox.h"

namespace schoolbieb::cli {
namespace {

struct MailOptions {
  std::string library;
  std::string state;
  int limit = 50;
  long long id = 0;
};

int RunSendPending(Context& ctx) {
  auto sender = mail::SenderFromConfig(ctx.config);
  if (!sender.ok()) return ctx.Fail(sender.status());
  if (!*sender) {
    return ctx.Fail(Status::FailedPrecondition(
        "Er is geen mailserver ingesteld (SCHOOLBIEB_SMTP_URL of [mail] "
        "smtp_url); de berichten blijven in het postvak uit.",
        "No mail server is configured (SCHOOLBIEB_SMTP_URL or [mail] "
        "smtp_url); the messages stay in the outbox."));
  }
  auto options = mail::WorkerOptionsFromConfig(ctx.config);
  if (!options.ok()) return ctx.Fail(options.status());
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto report = mail::SendPending(*db, **sender, SystemClock::Get(), *options);
  if (!report.ok()) return ctx.Fail(report.status());
  if (ctx.json) {
    ctx.io.out << nlohmann::json({{"sent", report->sent},
                                  {"retrying", report->retrying},
                                  {"failed", report->failed},
                                  {"requeued", report->requeued},
                                  {"uncertain", report->uncertain}})
                      .dump()
               << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  ctx.io.out << fmt::format(
      fmt::runtime(en ? "Sent: {}, to retry later: {}, failed: {}.\n"
                      : "Verstuurd: {}, later opnieuw: {}, mislukt: {}.\n"),
      report->sent, report->retrying, report->failed);
  if (report->uncertain > 0) {
    ctx.io.out << fmt::format(
        fmt::runtime(
            en ? "{} message(s) were interrupted while sending and may have "
                 "arrived; they are marked failed and not sent again. Check "
                 "with the recipient, then use 'schoolbieb mail retry'.\n"
               : "{} bericht(en) zijn onderbroken tijdens het versturen en "
                 "zijn misschien aangekomen; ze staan op mislukt en worden "
                 "niet opnieuw verstuurd. Vraag het de ontvanger en gebruik "
                 "dan 'schoolbieb mail retry'.\n"),
        report->uncertain);
  }
  if (!report->last_error.empty()) {
    ctx.io.out << (en ? "Last error: " : "Laatste fout: ") << report->last_error
               << "\n";
  }
  return kExitOk;
}

std::string_view StateName(const std::string& state, bool en) {
  if (en) return state;
  if (state == "pending") return "wacht";
  if (state == "sending") return "bezig";
  if (state == "sent") return "verstuurd";
  if (state == "failed") return "mislukt";
  return state;
}

int RunList(Context& ctx, const MailOptions& opt) {
  if (!opt.state.empty() && opt.state != "pending" && opt.state != "sending" &&
      opt.state != "sent" && opt.state != "failed") {
    return ctx.Fail(Status::InvalidArgument(
        "--state moet pending, sending, sent of failed zijn.",
        "--state must be pending, sending, sent or failed."));
  }
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  auto messages = store::ListOutbox(*db, library->id, opt.limit, opt.state);
  if (!messages.ok()) return ctx.Fail(messages.status());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::OutboxMessage& m : *messages) {
      out.push_back({{"id", m.id},
                     {"kind", m.kind},
                     {"recipient", m.recipient},
                     {"language", m.language},
                     {"subject", m.subject},
                     {"state", m.state},
                     {"attempts", m.attempts},
                     {"created_at", FormatUtc(m.created_at)},
                     {"sent_at", m.sent_at ? FormatUtc(m.sent_at) : ""},
                     {"next_attempt_at", FormatUtc(m.next_attempt_at)},
                     {"last_error", m.last_error}});
    }
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  ctx.io.out << (en ? "Outbox of " : "Postvak uit van ") << library->name
             << "\n";
  if (messages->empty()) {
    ctx.io.out << (en ? "No messages.\n" : "Geen berichten.\n");
    return kExitOk;
  }
  for (const store::OutboxMessage& m : *messages) {
    ctx.io.out << fmt::format("{:>6}  {}  {:<10} {:>2}x  {}  {}\n", m.id,
                              FormatUtc(m.created_at), StateName(m.state, en),
                              m.attempts, m.recipient, m.subject);
    if (!m.last_error.empty() && m.state != "sent") {
      ctx.io.out << "        " << m.last_error << "\n";
    }
  }
  return kExitOk;
}

int RunRetry(Context& ctx, const MailOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto library = store::FindLibrary(*db, opt.library);
  if (!library.ok()) return ctx.Fail(library.status());
  auto copy = store::RequeueFailedMessage(*db, library->id, opt.id,
                                          SystemClock::Get().Now());
  if (!copy.ok()) return ctx.Fail(copy.status());
  ctx.Audit(*db, "mail.retry", "outbox", opt.id, library->id,
            nlohmann::json({{"copy", *copy}}).dump());
  if (ctx.json) {
    ctx.io.out << nlohmann::json({{"failed", opt.id}, {"copy", *copy}}).dump()
               << "\n";
  } else {
    ctx.io.out << fmt::format(
        fmt::runtime(ctx.language() == Language::kEnglish
                         ? "Message {} is queued again as message {}.\n"
                         : "Bericht {} staat opnieuw klaar als bericht {}.\n"),
        opt.id, *copy);
  }
  return kExitOk;
}

}  // namespace

void SetUpMail(CLI::App& command, Context& ctx) {
  command.require_subcommand(1);
  auto opt = std::make_shared<MailOptions>();
  CLI::App* send = command.add_subcommand(
      "send-pending", "Send every message that is due (for cron)");
  send->callback(
      [&ctx] { ctx.action = [&ctx] { return RunSendPending(ctx); }; });

  CLI::App* list =
      command.add_subcommand("list", "Show a library's outbox (Postvak uit)");
  list->add_option("--library", opt->library, "Library code")->required();
  list->add_option("--state", opt->state,
                   "Only pending, sending, sent or failed messages");
  list->add_option("--limit", opt->limit, "How many, newest first");
  list->callback(
      [&ctx, opt] { ctx.action = [&ctx, opt] { return RunList(ctx, *opt); }; });

  CLI::App* retry =
      command.add_subcommand("retry", "Queue a failed message again");
  retry->add_option("ID", opt->id, "The message's number")->required();
  retry->add_option("--library", opt->library, "Library code")->required();
  retry->callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunRetry(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
