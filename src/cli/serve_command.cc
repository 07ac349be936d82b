// schoolbieb serve [--listen HOST:PORT]: migrate, then serve until SIGINT or
// SIGTERM.
#include <fmt/format.h>
#include <malloc.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "cli/command.h"
#include "core/clock.h"
#include "import/purge_notice.h"
#include "mail/outbox_worker.h"
#include "store/migrations.h"
#include "store/retention.h"
#include "store/upload_store.h"
#include "web/server.h"

namespace schoolbieb::cli {
namespace {

// Retention in the background: a minute after the start and then every
// hour, purge uploads and anonymise leavers (store/retention.h) on a
// connection of its own. Safe with several servers on one database.
class RetentionWorker {
 public:
  RetentionWorker(std::string db_url, store::RetentionOptions options)
      : db_url_(std::move(db_url)), options_(options) {}

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    auto wait = std::chrono::minutes(1);
    while (true) {
      {
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, wait, [this] { return stopping_; })) return;
      }
      wait = std::chrono::hours(1);
      auto db = store::Database::Open(db_url_);
      if (!db.ok()) {
        spdlog::warn("retention: {}", db.status().ToString());
        continue;
      }
      auto report =
          store::ApplyRetention(**db, SystemClock::Get().Now(), options_);
      if (!report.ok()) {
        spdlog::warn("retention: {}", report.status().ToString());
      } else if (!report->uploads_purged.empty() ||
                 !report->purge_notices.empty() ||
                 !report->customers_anonymised.empty()) {
        spdlog::info(
            "retention: {} upload(s) purged, {} told of, {} customer(s) "
            "anonymised",
            report->uploads_purged.size(), report->purge_notices.size(),
            report->customers_anonymised.size());
      }
    }
  }

  std::string db_url_;
  store::RetentionOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

int RunServe(Context& ctx, const std::string& listen_flag) {
  // glibc gives a thread that allocates its own arena (up to eight per
  // core) and each keeps what it freed: with 64 request threads, 50
  // uploads at once left 410 MB resident. One arena per core does the same
  // work at the same speed in 160 MB (bench/portal.py, docs/performance.md).
  mallopt(M_ARENA_MAX,
          static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
  // Freed memory is kept for the next request instead of going back to the
  // kernel: each upload's table and roster (tens of MB) were otherwise
  // faulted in and cleared again, page by page, a tenth of an upload's time.
  // The peak stays what the busiest moment needs (bench/portal.py).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  std::string listen = listen_flag.empty() ? ctx.config.listen : listen_flag;
  auto address = web::ParseListen(listen);
  if (!address.ok()) return ctx.Fail(address.status());
  {
    auto db = ctx.OpenCurrentDatabase(/*migrate=*/true);
    if (!db) return kExitRefused;
  }
  web::ServerOptions options;
  options.db_url = ctx.config.db_url;
  options.host = address->first;
  options.port = address->second;
  options.tls_cert = ctx.config.tls_cert;
  options.tls_key = ctx.config.tls_key;
  options.default_language = ctx.config.language;
  options.trusted_proxy = ctx.config.trusted_proxy;
  options.name_rule.extra_allowed = ctx.config.upload_name_characters;
  bool tls = !options.tls_cert.empty() && !options.tls_key.empty();
  options.public_url = !ctx.config.public_url.empty()
                           ? ctx.config.public_url
                           : fmt::format("{}://{}:{}", tls ? "https" : "http",
                                         options.host, options.port);
  while (options.public_url.ends_with('/')) options.public_url.pop_back();
  // The upload key: from the environment or config as base64, or else the
  // key file (created on first start, mode 0600).
  auto key = !ctx.config.upload_key.empty()
                 ? store::UploadKey::FromBase64(ctx.config.upload_key)
                 : store::UploadKey::LoadOrCreate(ctx.config.upload_key_file);
  if (!key.ok()) return ctx.Fail(key.status());
  options.upload_key = std::make_shared<const store::UploadKey>(*key);

  // The outbox worker sends what requests queue; with no SMTP server set
  // there is none and messages wait in the outbox ("Postvak uit").
  auto worker = mail::WorkerFromConfig(ctx.config, SystemClock::Get());
  if (!worker.ok()) return ctx.Fail(worker.status());
  if (*worker) {
    mail::OutboxWorker* running = worker->get();
    options.mail_queued = [running] { running->Wake(); };
  }
  auto retention = store::RetentionFromConfig(ctx.config);
  if (!retention.ok()) return ctx.Fail(retention.status());
  retention->compose_purge_notice = import::PurgeNoticeMail(options.public_url);
  RetentionWorker retention_worker(ctx.config.db_url, *retention);
  web::WebServer server(options);

  // Block the stop signals in every thread; this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto port = server.Bind();
  if (!port.ok()) return ctx.Fail(port.status());
  ctx.io.out << fmt::format("schoolbieb luistert op {}://{}:{}/\n",
                            tls ? "https" : "http", options.host, *port)
             << std::flush;
  if (*worker) {
    Status started = (*worker)->Start();
    if (!started.ok()) return ctx.Fail(started);
  }
  retention_worker.Start();
  std::thread serving([&server] { server.Serve(); });
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("signal {} received, stopping", signal_number);
  server.Stop();
  serving.join();
  if (*worker) (*worker)->Stop();
  retention_worker.Stop();
  return kExitOk;
}

}  // namespace

void SetUpServe(CLI::App& command, Context& ctx) {
  auto listen = std::make_shared<std::string>();
  command.add_option("--listen", *listen,
                     "HOST:PORT to listen on (default 127.0.0.1:8080) [env "
                     "SCHOOLBIEB_LISTEN]");
  command.callback([&ctx, listen] {
    ctx.default_log_level = "info";
    ctx.action = [&ctx, listen] { return RunServe(ctx, *listen); };
  });
}

}  // namespace schoolbieb::cli
