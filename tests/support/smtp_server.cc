#include "support/smtp_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#ifndef SCHOOLBIEB_TEST_SUPPORT_DIR
#error "SCHOOLBIEB_TEST_SUPPORT_DIR must name tests/support"
#endif

namespace schoolbieb::testing {
namespace {

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  close(fd);
  return ntohs(addr.sin_port);
}

SmtpTestServer::SmtpTestServer() : port_(FreePort()) {}

SmtpTestServer::~SmtpTestServer() { Stop(); }

std::string SmtpTestServer::url() const {
  return fmt::format("smtp://127.0.0.1:{}?starttls=never", port_);
}

Status SmtpTestServer::Start() {
  if (pid_ != 0) return Status::Ok();
  std::string listen = fmt::format("127.0.0.1:{}", port_);
  std::string mail_folder = folder_.path() + "/mail";
  pid_t pid = fork();
  if (pid < 0) return Status::Internal("fork", "fork failed");
  if (pid == 0) {
    setenv("PYTHONPATH", SCHOOLBIEB_TEST_SUPPORT_DIR, 1);
    // Quiet: aiosmtpd logs every session on stderr.
    FILE* null = freopen("/dev/null", "w", stdout);
    (void)null;
    execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l",
          listen.c_str(), "-c", "smtp_sink.FolderHandler", mail_folder.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port_)) return Status::Ok();
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return Status::Unavailable(
          "aiosmtpd start niet",
          "aiosmtpd exited at start (is python3-aiosmtpd installed? run "
          "scripts/install-deps)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return Status::Unavailable("aiosmtpd start niet",
                             "aiosmtpd did not listen within 20 s");
}

void SmtpTestServer::Stop() {
  if (pid_ == 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (pid_ != 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  // The port must be free again before a restart binds it.
  for (int i = 0; i < 100 && Accepts(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::vector<nlohmann::json> SmtpTestServer::Messages() const {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& entry :
       fs::directory_iterator(folder_.path() + "/mail", ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(".") || !name.ends_with(".json")) continue;
    files.emplace_back(entry.last_write_time(), entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> out;
  for (const auto& [time, path] : files) {
    std::ifstream in(path);
    out.push_back(nlohmann::json::parse(in));
  }
  return out;
}

std::vector<nlohmann::json> SmtpTestServer::WaitForMessages(
    size_t count, double seconds) const {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (true) {
    auto messages = Messages();
    if (messages.size() >= count ||
        std::chrono::steady_clock::now() >= deadline) {
      return messages;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace schoolbieb::testing
