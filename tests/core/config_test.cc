#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/test_database.h"

namespace schoolbieb {
namespace {

struct FakeEnv {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

class ConfigTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& text) {
    std::string path = dir_.path() + "/schoolbieb.toml";
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(ConfigTest, DefaultsWithoutAnySource) {
  auto config = LoadConfig({}, FakeEnv{}.lookup());
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->db_url, "sqlite:var/schoolbieb.db");
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
  EXPECT_EQ(config->language, Language::kDutch);
}

TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  std::string file = WriteFile(
      "language = \"en\"\n[database]\nurl = \"sqlite:file.db\"\n"
      "[server]\nlisten = \"127.0.0.1:9000\"\n[log]\nlevel = \"debug\"\n");
  FakeEnv env;
  env.vars["SCHOOLBIEB_CONFIG"] = file;

  auto from_file = LoadConfig({}, env.lookup());
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  EXPECT_EQ(from_file->db_url, "sqlite:file.db");
  EXPECT_EQ(from_file->listen, "127.0.0.1:9000");
  EXPECT_EQ(from_file->log_level, "debug");
  EXPECT_EQ(from_file->language, Language::kEnglish);

  env.vars["SCHOOLBIEB_DB"] = "sqlite:env.db";
  auto from_env = LoadConfig({}, env.lookup());
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->db_url, "sqlite:env.db");
  EXPECT_EQ(from_env->listen, "127.0.0.1:9000");

  ConfigFlags flags;
  flags.db_url = "sqlite:flag.db";
  flags.language = "nl";
  auto from_flag = LoadConfig(flags, env.lookup());
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->db_url, "sqlite:flag.db");
  EXPECT_EQ(from_flag->language, Language::kDutch);
}

TEST_F(ConfigTest, ConfigFlagBeatsConfigEnvironment) {
  std::string file = WriteFile("[database]\nurl = \"sqlite:chosen.db\"\n");
  FakeEnv env;
  env.vars["SCHOOLBIEB_CONFIG"] = dir_.path() + "/missing.toml";
  ConfigFlags flags;
  flags.config_file = file;
  auto config = LoadConfig(flags, env.lookup());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->db_url, "sqlite:chosen.db");
}

TEST_F(ConfigTest, BrokenFileIsRefusedWithTheLine) {
  ConfigFlags flags;
  flags.config_file = WriteFile("[database]\nurl = \n");
  auto config = LoadConfig(flags, FakeEnv{}.lookup());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(config.status().message().nl.find("regel 2"), std::string::npos);
}

TEST_F(ConfigTest, MisspeltKeyIsRefused) {
  ConfigFlags flags;
  flags.config_file = WriteFile("[database]\nulr = \"sqlite:x.db\"\n");
  auto config = LoadConfig(flags, FakeEnv{}.lookup());
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().nl.find("database.ulr"),
            std::string::npos);
}

// A retention that is not a duration is refused at start, naming the
// setting as the file and the environment spell it.
TEST_F(ConfigTest, ABadRetentionNamesItsSetting) {
  ConfigFlags flags;
  flags.config_file = WriteFile("[privacy]\nupload_retention = \"30 dagen\"\n");
  auto from_file = LoadConfig(flags, FakeEnv{}.lookup());
  ASSERT_FALSE(from_file.ok());
  const std::string& nl = from_file.status().message().nl;
  EXPECT_NE(nl.find("privacy.upload_retention"), std::string::npos) << nl;
  EXPECT_NE(nl.find("SCHOOLBIEB_UPLOAD_RETENTION"), std::string::npos) << nl;
  EXPECT_NE(nl.find("'30 dagen' is geen duur"), std::string::npos) << nl;
  FakeEnv env;
  env.vars["SCHOOLBIEB_LEAVER_RETENTION"] = "-1d";
  auto from_env = LoadConfig(ConfigFlags{}, env.lookup());
  ASSERT_FALSE(from_env.ok());
  EXPECT_NE(from_env.status().message().en.find("privacy.leaver_retention"),
            std::string::npos);
  env.vars["SCHOOLBIEB_LEAVER_RETENTION"] = "400d";
  EXPECT_TRUE(LoadConfig(ConfigFlags{}, env.lookup()).ok());
}

TEST_F(ConfigTest, MissingFileIsRefused) {
  ConfigFlags flags;
  flags.config_file = dir_.path() + "/nope.toml";
  EXPECT_FALSE(LoadConfig(flags, FakeEnv{}.lookup()).ok());
}

}  // namespace
}  // namespace schoolbieb
