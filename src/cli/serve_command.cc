// schoolbieb serve [--listen HOST:PORT]: migrate, then serve until SIGINT or
// SIGTERM.
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "cli/command.h"
#include "store/migrations.h"
#include "web/server.h"

namespace schoolbieb::cli {
namespace {

int RunServe(Context& ctx, const std::string& listen_flag) {
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
  web::WebServer server(options);

  // Block the stop signals in every thread; this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto port = server.Bind();
  if (!port.ok()) return ctx.Fail(port.status());
  ctx.io.out << fmt::format("schoolbieb luistert op http://{}:{}/\n",
                            options.host, *port)
             << std::flush;
  std::thread serving([&server] { server.Serve(); });
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("signal {} received, stopping", signal_number);
  server.Stop();
  serving.join();
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
