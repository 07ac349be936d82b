// A real SMTP server for tests: tests/support/smtp_sink.py under Debian's
// aiosmtpd, started as a child process on a free local port and stopped by
// its PID. Every accepted message lands in a folder as JSON (envelope, raw
// message, and Python's parse of it). Stop() and Start() again keep the
// port and the folder, so a test can take the server down and bring it
// back. Not thread-safe; one per test.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "support/test_database.h"

namespace schoolbieb::testing {

class SmtpTestServer {
 public:
  SmtpTestServer();
  ~SmtpTestServer();  // Stop()

  // Starts the server and waits until it accepts connections.
  Status Start();
  // Kills the server (SIGTERM, then SIGKILL) and reaps it.
  void Stop();

  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT" (STARTTLS never: the test server has no TLS).
  std::string url() const;

  // Every message received so far, oldest first.
  std::vector<nlohmann::json> Messages() const;
  // Waits up to `seconds` until at least `count` messages arrived.
  std::vector<nlohmann::json> WaitForMessages(size_t count,
                                              double seconds = 10) const;

 private:
  TempDir folder_;
  int port_ = 0;
  pid_t pid_ = 0;
};

// A local TCP port that nothing listens on right now.
int FreePort();

}  // namespace schoolbieb::testing
