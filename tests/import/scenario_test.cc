// Import scenarios as data: each folder under tests/import/scenarios holds
// the student files of one story and a scenario.json listing its steps —
// settings, imports (with the expected plan: status, counts, holds, the kind
// of chosen rows, problems) and undos, and after each step the expected
// students of each school. Every scenario runs on SQLite and PostgreSQL.
//
// The library is set up fresh per scenario: library "bieb" (cards 2999…),
// public branch "centrale", schools "kievit" (BRIN 99KV) and "palet" (99HP,
// final years 8).
//
// scenario.json:
// {"steps": [
//   {"settings": {"school": "kievit", "number": "strip-zeros",
//                 "drop_forbidden_columns": true, "mapping": {...}}},
//   {"import": "2025.csv", "school": "kievit", "date": "2025-09-01",
//    "dry_run": false, "allow_mass_leave": false, "confirm_matches": false,
//    "public_membership": true, "decisions": [{"line": 3, "new": true}],
//    "expect": {"status": "applied", "profile": "wise",
//               "counts": {"new": 3, ...}, "holds": ["mass_leave"],
//               "kinds": {"4": "moved_in"}, "problems": ["duplicate_student"],
//               "imported_before": false, "error": "refused text part"},
//    "students": {"kievit": ["001|Berg|van der|5|Groep 5A|member|", ...]},
//    "fields": {"kievit": {"001": {"sex": "V", "ended_on": "2026-07-10"}}}},
//   {"undo": 1, "expect_error": "…", "same_as_before": 1}
// ]}
// A student line is number|last name|prefix|year group|group name|
// member or left|public when a public member. "same_as_before": N checks
// that every customer and membership is exactly as before step N (1-based).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "import/report.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace schoolbieb::import {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path ScenarioRoot() { return fs::path(SCHOOLBIEB_SCENARIO_DIR); }

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(ScenarioRoot())) {
    if (fs::exists(entry.path() / "scenario.json")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class ScenarioTest
    : public ::testing::TestWithParam<std::tuple<std::string, store::Backend>> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(std::get<1>(GetParam()));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    ASSERT_TRUE(store::Migrate(*db_).ok());
    store::Library library;
    library.code = "bieb";
    library.name = "Bibliotheek Scenario";
    library.card_prefix = "2999";
    library.card_range_start = 100000;
    library.card_range_end = 999999;
    ASSERT_TRUE(store::AddLibrary(*db_, library).ok());
    library_id_ = library.id;
    AddBranch("centrale", "Centrale", store::BranchKind::kPublic, "");
    AddBranch("kievit", "De Kievit", store::BranchKind::kSchool, "99KV");
    AddBranch("palet", "Het Palet", store::BranchKind::kSchool, "99HP");
  }

  void AddBranch(const std::string& code, const std::string& name,
                 store::BranchKind kind, const std::string& brin) {
    store::Branch branch;
    branch.library_id = library_id_;
    branch.code = code;
    branch.name = name;
    branch.kind = kind;
    branch.brin = brin;
    Status status = store::AddBranch(*db_, branch);
    ASSERT_TRUE(status.ok()) << status.ToString();
    branches_[code] = branch.id;
  }

  // Every customer (without updated_at) and membership, as text.
  std::string Snapshot() {
    std::string out;
    auto customers = store::ListCustomers(*db_, library_id_, "");
    EXPECT_TRUE(customers.ok());
    for (store::Customer& c : *customers) {
      c.updated_at = 0;
      out += store::CustomerJson(c) + "\n";
      auto memberships = store::ListMemberships(*db_, c.id);
      for (const store::Membership& m : *memberships) {
        out += fmt::format("  {} {} {} {} {} {} {}\n", m.id, m.scope,
                           m.branch_id, m.started_on, m.ended_on, m.end_reason,
                           m.consent_based);
      }
    }
    return out;
  }

  std::vector<std::string> Students(const std::string& school) {
    std::vector<std::string> lines;
    long long branch_id = branches_.at(school);
    auto customers = store::ListCustomers(*db_, library_id_, "student");
    EXPECT_TRUE(customers.ok());
    for (const store::Customer& c : *customers) {
      auto memberships = store::ListMemberships(*db_, c.id);
      bool member = false, was_member = false, public_member = false;
      for (const store::Membership& m : *memberships) {
        if (m.scope == "public" && m.ended_on.empty()) public_member = true;
        if (m.scope == "school" && m.branch_id == branch_id) {
          was_member = true;
          if (m.ended_on.empty()) member = true;
        }
      }
      if (!was_member) continue;
      lines.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}", c.external_number_2,
                                  c.last_name, c.name_prefix, c.year_group,
                                  c.group_name, member ? "member" : "left",
                                  public_member ? "public" : ""));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  void ApplySettings(const json& step) {
    long long branch_id = branches_.at(step.at("school").get<std::string>());
    if (step.contains("number")) {
      ASSERT_TRUE(store::SetBranchNumberRule(*db_, branch_id,
                                             step["number"].get<std::string>())
                      .ok());
    }
    if (step.contains("mapping")) {
      ASSERT_TRUE(
          store::SetBranchMapping(*db_, branch_id, step["mapping"].dump())
              .ok());
    }
    json settings = json::object();
    for (const char* key : {"drop_forbidden_columns", "overwrite_locked_fields",
                            "teachers_get_upload_right"}) {
      if (step.contains(key)) settings[key] = step[key];
    }
    ASSERT_TRUE(
        store::SetBranchSettings(*db_, branch_id, settings.dump()).ok());
  }

  void RunImport(const fs::path& folder, const json& step, size_t step_no) {
    SCOPED_TRACE("step " + std::to_string(step_no) + ": " +
                 step["import"].get<std::string>());
    const json expect = step.value("expect", json::object());
    std::string bytes = ReadFile(folder / step["import"].get<std::string>());
    formats::ReadOptions read;
    read.file_name = step["import"].get<std::string>();
    std::string date = step.value("date", "2026-09-01");
    long long branch_id = branches_.at(step.at("school").get<std::string>());

    auto refused = [&](const Status& status) {
      ASSERT_TRUE(expect.contains("error"))
          << "unexpected refusal: " << status.ToString();
      EXPECT_NE(status.message().nl.find(expect["error"].get<std::string>()),
                std::string::npos)
          << status.message().nl;
    };
    auto table = formats::ReadTable(bytes, read);
    if (!table.ok()) return refused(table.status());
    auto settings = LoadSchoolSettings(*db_, branch_id, date);
    ASSERT_TRUE(settings.ok()) << settings.status().ToString();
    auto roster = Recognise(*table, *settings);
    if (!roster.ok()) return refused(roster.status());

    ImportRequest request;
    request.library_id = library_id_;
    request.branch_id = branch_id;
    request.file_name = read.file_name;
    request.file_sha256 = Sha256Hex(bytes);
    request.actor = "scenario";
    request.today = date;
    if (step.contains("public_membership")) {
      request.public_membership = step["public_membership"].get<bool>();
    }
    request.allow_mass_leave = step.value("allow_mass_leave", false);
    request.confirm_proposals = step.value("confirm_matches", false);
    const json decisions = step.value("decisions", json::array());
    for (const json& decision : decisions) {
      Decision d;
      d.line = decision.at("line").get<int>();
      if (decision.contains("customer_of")) {
        // The customer who has this student number at this school.
        auto found = store::FindByExternalNumber2(
            *db_, library_id_, decision["customer_of"].get<std::string>(),
            branches_.at(
                decision.value("at", step["school"].get<std::string>())));
        ASSERT_TRUE(found.ok() && found->size() == 1);
        d.customer_id = found->front().id;
      }
      request.decisions.push_back(d);
    }

    Result<ImportOutcome> outcome = Status::Internal("", "");
    if (step.value("dry_run", false)) {
      auto plan = PlanImport(*db_, request, *settings, *roster);
      ASSERT_TRUE(plan.ok()) << plan.status().ToString();
      outcome = RecordPreview(*db_, request, *plan);
    } else {
      outcome = ApplyImport(*db_, request, *settings, *roster);
    }
    if (!outcome.ok()) return refused(outcome.status());
    ASSERT_FALSE(expect.contains("error")) << "expected a refusal";
    import_ids_[step_no] = outcome->import_id;
    json report = ReportJson(outcome->plan, outcome->import_id, outcome->status,
                             Language::kDutch, true);
    SCOPED_TRACE(report.dump(1));
    if (expect.contains("status")) {
      EXPECT_EQ(report["status"], expect["status"]);
    }
    if (expect.contains("profile")) {
      EXPECT_EQ(report["profile"], expect["profile"]);
    }
    if (expect.contains("imported_before")) {
      EXPECT_EQ(report["imported_before"], expect["imported_before"]);
    }
    const json counts = expect.value("counts", json::object());
    for (const auto& [key, value] : counts.items()) {
      EXPECT_EQ(report["counts"][key], value) << "count " << key;
    }
    if (expect.contains("holds")) {
      std::vector<std::string> holds;
      for (const json& hold : report["holds"]) holds.push_back(hold["kind"]);
      EXPECT_EQ(json(holds), expect["holds"]);
    }
    const json kinds = expect.value("kinds", json::object());
    for (const auto& [line, kind] : kinds.items()) {
      bool found = false;
      for (const json& student : report["students"]) {
        if (std::to_string(student["line"].get<int>()) == line) {
          EXPECT_EQ(student["kind"], kind) << "row " << line;
          found = true;
        }
      }
      EXPECT_TRUE(found) << "no planned row " << line;
    }
    if (expect.contains("problem_count")) {
      EXPECT_EQ(report["problems"].size(), expect["problem_count"]);
    }
    const json problem_kinds = expect.value("problems", json::array());
    for (const json& kind : problem_kinds) {
      bool found = false;
      for (const json& problem : report["problems"]) {
        if (problem["kind"] == kind) found = true;
      }
      EXPECT_TRUE(found) << "no problem of kind " << kind;
    }
  }

  // "fields": {"school": {"student number": {"sex": "V", "ended_on":
  // "2026-07-10"}}}: single fields of a school's student (by Extern
  // nummer-2 at that school), "ended_on" being the end of their school
  // membership there.
  void CheckFields(const json& fields) {
    for (const auto& [school, students] : fields.items()) {
      long long branch_id = branches_.at(school);
      for (const auto& [number, expected] : students.items()) {
        auto found =
            store::FindByExternalNumber2(*db_, library_id_, number, branch_id);
        ASSERT_TRUE(found.ok() && found->size() == 1)
            << "no one student " << number << " at " << school;
        const store::Customer& c = found->front();
        json actual = json::parse(store::CustomerJson(c));
        for (const auto& [field, value] : expected.items()) {
          if (field == "ended_on") {
            std::string ended;
            auto memberships = store::ListMemberships(*db_, c.id);
            for (const store::Membership& m : *memberships) {
              if (m.scope == "school" && m.branch_id == branch_id) {
                ended = m.ended_on;
              }
            }
            EXPECT_EQ(ended, value) << number << " ended_on";
          } else {
            // CustomerJson leaves out empty fields.
            EXPECT_EQ(actual.value(field, json("")), value)
                << number << " " << field;
          }
        }
      }
    }
  }

  void RunUndo(const json& step) {
    size_t target = step["undo"].get<size_t>();
    ASSERT_TRUE(import_ids_.count(target))
        << "step " << target << " made no import";
    auto outcome = UndoImport(*db_, import_ids_[target], 0, "scenario");
    if (step.contains("expect_error")) {
      ASSERT_FALSE(outcome.ok());
      EXPECT_NE(outcome.status().message().nl.find(
                    step["expect_error"].get<std::string>()),
                std::string::npos)
          << outcome.status().message().nl;
      return;
    }
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  long long library_id_ = 0;
  std::map<std::string, long long> branches_;
  std::map<size_t, long long> import_ids_;  // step (1-based) → import id
};

TEST_P(ScenarioTest, Runs) {
  fs::path folder = ScenarioRoot() / std::get<0>(GetParam());
  json scenario = json::parse(ReadFile(folder / "scenario.json"));
  std::map<size_t, std::string> before;  // step → snapshot before it
  size_t step_no = 0;
  for (const json& step : scenario.at("steps")) {
    ++step_no;
    before[step_no] = Snapshot();
    if (step.contains("settings")) {
      ApplySettings(step["settings"]);
    } else if (step.contains("import")) {
      RunImport(folder, step, step_no);
    } else if (step.contains("undo")) {
      RunUndo(step);
    }
    if (HasFatalFailure()) return;
    if (step.contains("fields")) CheckFields(step["fields"]);
    const json students = step.value("students", json::object());
    for (const auto& [school, expected] : students.items()) {
      EXPECT_EQ(json(Students(school)).dump(1), expected.dump(1))
          << "students of " << school << " after step " << step_no;
    }
    if (step.contains("same_as_before")) {
      size_t target = step["same_as_before"].get<size_t>();
      EXPECT_EQ(Snapshot(), before.at(target))
          << "state after step " << step_no << " differs from before step "
          << target;
    }
  }
}

std::string ScenarioParamName(
    const ::testing::TestParamInfo<ScenarioTest::ParamType>& info) {
  std::string name = std::get<0>(info.param);
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name + "_" + std::string(store::BackendName(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(
    Import, ScenarioTest,
    ::testing::Combine(::testing::ValuesIn(ScenarioNames()),
                       ::testing::Values(store::Backend::kSqlite,
                                         store::Backend::kPostgresql)),
    ScenarioParamName);

}  // namespace
}  // namespace schoolbieb::import
