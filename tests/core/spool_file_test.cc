#include "core/spool_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

namespace schoolbieb {
namespace {

std::string Folder() {
  return (std::filesystem::temp_directory_path() /
          ("schoolbieb-spool-" + std::to_string(::getpid())))
      .string();
}

// An HTTP body arrives in pieces of a few KB, sometimes more at once: the
// file holds them all, in order, whatever their sizes.
TEST(SpoolFileTest, HoldsEveryPieceInOrder) {
  auto spool = SpoolFile::Open(Folder());
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  std::string expected;
  for (size_t size : {1u, 4096u, 70000u, 3u, 65536u, 65535u, 200000u, 17u}) {
    std::string piece(size, static_cast<char>('a' + expected.size() % 26));
    ASSERT_TRUE(spool->Write(piece).ok());
    expected += piece;
    EXPECT_EQ(spool->size(), expected.size());
  }
  auto view = spool->View();
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(*view, expected);
  // Written to again after a view: the next view has it all.
  ASSERT_TRUE(spool->Write("tail").ok());
  view = spool->View();
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(*view, expected + "tail");
}

// A disk that fills (here: a file-size limit, which fails writes the same
// way) is said in words, whether it shows while writing or at the end.
TEST(SpoolFileTest, AFullDiskIsSaidInWords) {
  auto spool = SpoolFile::Open(Folder());
  ASSERT_TRUE(spool.ok());
  rlimit old_limit{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  rlimit limit = old_limit;
  limit.rlim_cur = 100 << 10;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  Status failed = Status::Ok();
  std::string piece(4096, 'x');
  for (int i = 0; i < 100 && failed.ok(); ++i) failed = spool->Write(piece);
  if (failed.ok()) failed = spool->View().status();
  setrlimit(RLIMIT_FSIZE, &old_limit);
  signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().nl.find("de schijf van de server is vol"),
            std::string::npos)
      << failed.message().nl;
}

}  // namespace
}  // namespace schoolbieb
