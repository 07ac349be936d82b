// The import is all or nothing even when the process dies: `schoolbieb
// import` runs as a real process on a real SQLite file and is killed with
// SIGKILL at random moments while it applies the next school year. After
// every kill the database passes its integrity check and holds either the
// state before the import or the state after it — never anything between —
// and the interrupted import can be run again.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/customer_store.h"
#include "store/database.h"
#include "store/library_store.h"
#include "support/test_database.h"

namespace schoolbieb::import {
namespace {

namespace fs = std::filesystem;

constexpr int kStudents = 2000;

// A school year of synthetic students: `year` shifts everyone one group up
// and replaces a tenth.
std::string SchoolFile(int year) {
  std::string csv =
      "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;"
      "GEBOORTEDATUM;POSTCODE\n";
  for (int index = year * (kStudents / 10);
       index < kStudents + year * (kStudents / 10); ++index) {
    int group = (index % 8) + 1 + year;
    if (group > 8) group = 8;
    csv += fmt::format(
        "{};{}A;Groep {}A;{};Kind{};Achternaam{};{:02d}-{:02d}-20{};"
        "{} AB\n",
        10000 + index, group, group, group, index, index, index % 28 + 1,
        index % 12 + 1, 10 + index % 8, 1000 + index % 9000);
  }
  return csv;
}

int RunCli(const std::vector<std::string>& args, int kill_after_ms = -1) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string binary = SCHOOLBIEB_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& arg : copy) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  if (kill_after_ms >= 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return WEXITSTATUS(status);
}

// Every customer and membership, as one digest.
std::string StateDigest(const std::string& url) {
  auto db = store::Database::Open(url);
  EXPECT_TRUE(db.ok());
  std::string integrity;
  (*db)->sql() << "PRAGMA integrity_check", soci::into(integrity);
  EXPECT_EQ(integrity, "ok");
  std::string text;
  auto library = store::FindLibrary(**db, "demo");
  EXPECT_TRUE(library.ok());
  auto customers = store::ListCustomers(**db, library->id, "");
  EXPECT_TRUE(customers.ok());
  for (store::Customer& c : *customers) {
    // Times of writing differ between runs; everything else must not.
    c.created_at = c.updated_at = c.public_consent_at = 0;
    text += store::CustomerJson(c);
    auto memberships = store::ListMemberships(**db, c.id);
    EXPECT_TRUE(memberships.ok());
    for (const auto& m : *memberships) {
      text += fmt::format("|{} {} {} {} {}", m.id, m.scope, m.branch_id,
                          m.ended_on, m.end_reason);
    }
    text += "\n";
  }
  int applied = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM import_run WHERE status = 'applied'",
      soci::into(applied);
  return fmt::format("{} runs, {}", applied, Sha256Hex(text));
}

TEST(ImportKillTest, AKilledImportLeavesBeforeOrAfterNeverBetween) {
  testing::TempDir dir;
  fs::path first = fs::path(dir.path()) / "2025.csv";
  fs::path next = fs::path(dir.path()) / "2026.csv";
  std::ofstream(first) << SchoolFile(0);
  std::ofstream(next) << SchoolFile(1);
  std::string base = dir.path() + "/base.sqlite";
  std::string base_url = "sqlite:" + base;
  ASSERT_EQ(RunCli({"migrate", "--db", base_url}), 0);
  ASSERT_EQ(RunCli({"demo", "--db", base_url}), 0);
  auto import_args = [](const std::string& url, const fs::path& file) {
    return std::vector<std::string>{"import",     file.string(),       "--db",
                                    url,          "--library",         "demo",
                                    "--school",   "de-kievit",         "--date",
                                    "2026-09-01", "--allow-mass-leave"};
  };
  ASSERT_EQ(RunCli(import_args(base_url, first)), 0);
  std::string before = StateDigest(base_url);

  // The reference: the same import, not interrupted, and how long it takes.
  std::string reference = dir.path() + "/reference.sqlite";
  fs::copy_file(base, reference);
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(RunCli(import_args("sqlite:" + reference, next)), 0);
  int full_ms =
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count());
  std::string after = StateDigest("sqlite:" + reference);
  ASSERT_NE(before, after);

  std::mt19937 random(20261128);
  std::uniform_int_distribution<int> moment(0, std::max(1, full_ms));
  int interrupted = 0;
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::string copy = fmt::format("{}/kill-{}.sqlite", dir.path(), attempt);
    fs::copy_file(base, copy);
    std::string url = "sqlite:" + copy;
    int result = RunCli(import_args(url, next), moment(random));
    if (result == -SIGKILL) ++interrupted;
    std::string state = StateDigest(url);
    EXPECT_TRUE(state == before || state == after)
        << "attempt " << attempt << ": " << state;
    // The interrupted import can simply be run again.
    if (state == before) {
      ASSERT_EQ(RunCli(import_args(url, next)), 0);
      EXPECT_EQ(StateDigest(url), after);
    }
  }
  EXPECT_GT(interrupted, 0) << "no attempt was actually interrupted";
}

}  // namespace
}  // namespace schoolbieb::import
