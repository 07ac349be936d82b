// The staff API over real HTTP on both databases: preview, import (exactly
// the previewed plan when a fingerprint is given), the run, undo, the list
// of uploads; teachers' tokens refused, another library's ids not found.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

using nlohmann::json;

class StaffApiTest : public WebTest {
 protected:
  httplib::Headers Bearer(const std::string& login) {
    auto account = store::FindAccountByLogin(*db_, login);
    EXPECT_TRUE(account.ok()) << login;
    auto token = store::CreateApiToken(*db_, account->id, "test");
    EXPECT_TRUE(token.ok());
    return {{"Authorization", "Bearer " + *token}};
  }

  long long TeacherUploads(const std::string& content) {
    auto res = Upload(TeacherSession(), "leerlingen.csv", content);
    EXPECT_EQ(res->status, 303);
    return Count("SELECT MAX(id) FROM upload");
  }

  httplib::Result PostJson(const std::string& path,
                           const httplib::Headers& auth, const json& body) {
    return Client().Post(path, auth, body.dump(), "application/json");
  }

  long long Students() {
    return Count("SELECT COUNT(*) FROM customer WHERE kind = 'student'");
  }
};

TEST_P(StaffApiTest, PreviewImportReadAndUndo) {
  long long id = TeacherUploads(StudentsCsv());
  auto staff = Bearer("medewerker");
  std::string base = "/api/v1/uploads/" + std::to_string(id);

  auto preview = PostJson(base + "/preview?details=1", staff,
                          {{"public_membership", false}});
  ASSERT_EQ(preview->status, 200) << preview->body;
  json plan = json::parse(preview->body);
  EXPECT_EQ(plan["status"], "previewed");
  EXPECT_EQ(plan["counts"]["new"], 6);
  EXPECT_EQ(plan["students"].size(), 6u);
  std::string fingerprint = plan["fingerprint"];
  EXPECT_EQ(Students(), 0);

  // Other choices than the preview's: refused, nothing written.
  auto other =
      PostJson(base + "/import", staff,
               {{"public_membership", true}, {"fingerprint", fingerprint}});
  EXPECT_EQ(other->status, 409);
  EXPECT_EQ(json::parse(other->body)["error"]["code"], "failed_precondition");
  EXPECT_EQ(Students(), 0);

  auto applied =
      PostJson(base + "/import", staff,
               {{"public_membership", false}, {"fingerprint", fingerprint}});
  ASSERT_EQ(applied->status, 200) << applied->body;
  json result = json::parse(applied->body);
  EXPECT_EQ(result["status"], "applied");
  EXPECT_EQ(result["counts"]["new"], 6);
  long long run = result["import_id"];
  EXPECT_EQ(Students(), 6);

  auto read = Client().Get("/api/v1/imports/" + std::to_string(run), staff);
  ASSERT_EQ(read->status, 200);
  json run_json = json::parse(read->body);
  EXPECT_EQ(run_json["status"], "applied");
  EXPECT_EQ(run_json["upload_id"], id);
  EXPECT_EQ(run_json["report"]["counts"]["new"], 6);

  auto imported = Client().Get("/api/v1/uploads?status=imported", staff);
  ASSERT_EQ(imported->status, 200);
  ASSERT_EQ(json::parse(imported->body)["uploads"].size(), 1u);
  EXPECT_EQ(json::parse(imported->body)["uploads"][0]["id"], id);
  EXPECT_EQ(json::parse(Client()
                            .Get("/api/v1/uploads?status=received", staff)
                            ->body)["uploads"]
                .size(),
            0u);

  auto undone = Client().Post(
      "/api/v1/imports/" + std::to_string(run) + "/undo", staff, "", "");
  ASSERT_EQ(undone->status, 200) << undone->body;
  EXPECT_EQ(json::parse(undone->body)["customers_removed"], 6);
  EXPECT_EQ(Students(), 0);
  EXPECT_EQ(Client()
                .Post("/api/v1/imports/" + std::to_string(run) + "/undo", staff,
                      "", "")
                ->status,
            409);
}

TEST_P(StaffApiTest, AMassLeaveIsHeldUntilAllowed) {
  auto staff = Bearer("medewerker");
  long long first = TeacherUploads(StudentsCsv());
  ASSERT_EQ(PostJson("/api/v1/uploads/" + std::to_string(first) + "/import",
                     staff, json::object())
                ->status,
            200);
  // Only the header and one student: far too few rows.
  std::string csv = StudentsCsv();
  size_t second_line = csv.find('\n', csv.find('\n') + 1);
  long long second = TeacherUploads(csv.substr(0, second_line + 1));
  std::string path = "/api/v1/uploads/" + std::to_string(second) + "/import";
  auto held = PostJson(path, staff, json::object());
  ASSERT_EQ(held->status, 409) << held->body;
  json plan = json::parse(held->body);
  EXPECT_EQ(plan["status"], "held");
  EXPECT_EQ(plan["holds"][0]["kind"], "too_few_rows");
  EXPECT_FALSE(plan["holds"][0]["overridable"]);
  // Not overridable: allow_mass_leave does not release it.
  EXPECT_EQ(PostJson(path, staff, {{"allow_mass_leave", true}})->status, 409);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM membership WHERE scope = 'school' "
                  "AND ended_on IS NULL"),
            6);
}

TEST_P(StaffApiTest, TeachersAndOtherLibrariesAreKeptOut) {
  long long id = TeacherUploads(StudentsCsv());
  std::string base = "/api/v1/uploads/" + std::to_string(id);
  auto teacher = Bearer("docent.kievit");
  EXPECT_EQ(PostJson(base + "/preview", teacher, json::object())->status, 403);
  EXPECT_EQ(PostJson(base + "/import", teacher, json::object())->status, 403);
  // A teacher's list holds their own uploads only.
  auto mine = Client().Get("/api/v1/uploads", teacher);
  ASSERT_EQ(mine->status, 200);
  EXPECT_EQ(json::parse(mine->body)["uploads"].size(), 1u);
  auto palet = Client().Get("/api/v1/uploads", Bearer("docent.palet"));
  EXPECT_EQ(json::parse(palet->body)["uploads"].size(), 0u);

  auto staff = Bearer("medewerker");
  auto applied = PostJson(base + "/import", staff, json::object());
  ASSERT_EQ(applied->status, 200);
  long long run = json::parse(applied->body)["import_id"];

  ASSERT_FALSE(StrangerSession().empty());
  auto elsewhere = Bearer("medewerker.elders");
  std::string run_path = "/api/v1/imports/" + std::to_string(run);
  EXPECT_EQ(PostJson(base + "/preview", elsewhere, json::object())->status,
            404);
  EXPECT_EQ(PostJson(base + "/import", elsewhere, json::object())->status, 404);
  EXPECT_EQ(Client().Get(run_path, elsewhere)->status, 404);
  EXPECT_EQ(Client().Post(run_path + "/undo", elsewhere, "", "")->status, 404);
  EXPECT_EQ(
      json::parse(Client().Get("/api/v1/uploads", elsewhere)->body)["uploads"]
          .size(),
      0u);
  EXPECT_EQ(Students(), 6);
  // No token at all.
  EXPECT_EQ(Client().Get(run_path)->status, 401);
  // A body that is not JSON.
  EXPECT_EQ(
      Client()
          .Post(base + "/preview", staff, "{niet json", "application/json")
          ->status,
      400);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, StaffApiTest);

}  // namespace
}  // namespace schoolbieb::web
