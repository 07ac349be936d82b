// The back office's import pages over real HTTP on loopback, on both
// databases: a teacher's upload previewed, imported exactly as previewed and
// undone; a held file and its override; a rejection and what the teacher
// then sees; the download of the original; the history; and that teachers
// and staff of another library reach none of it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <string>

#include "store/audit_log.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/outbox.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

std::string FieldValue(const std::string& html, const std::string& name) {
  std::smatch match;
  std::regex pattern("name=\"" + name + "\" value=\"([^\"]*)\"");
  return std::regex_search(html, match, pattern) ? match[1].str() : "";
}

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// The students CSV without Zoë and Daan (two year-4 students): importing it
// after the full file would take two of six students who are not in their
// final year out of the school, over the 10 % limit.
std::string WithoutTwoStudents(const std::string& csv) {
  std::string out;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    std::string line = csv.substr(start, end - start + 1);
    if (line.rfind("000123;", 0) != 0 && line.rfind("0127;", 0) != 0) {
      out += line;
    }
    start = end + 1;
  }
  return out;
}

class BackofficeTest : public WebTest {
 protected:
  // A teacher's upload of the demo students; its id.
  long long TeacherUploads(const std::string& content,
                           const std::string& name = "leerlingen.csv") {
    auto res = Upload(TeacherSession(), name, content);
    EXPECT_EQ(res->status, 303) << res->body.substr(0, 1000);
    return Count("SELECT MAX(id) FROM upload");
  }

  std::vector<store::OutboxMessage> Outbox() {
    auto messages = store::ListOutbox(*db_, library_id_);
    EXPECT_TRUE(messages.ok());
    return messages.ok() ? *messages : std::vector<store::OutboxMessage>();
  }

  std::string UploadPath(long long id, const std::string& rest = "") {
    return "/backoffice/uploads/" + std::to_string(id) + rest;
  }

  long long Students() {
    return Count(
        "SELECT COUNT(*) FROM customer WHERE kind = 'student' AND "
        "external_number_2 <> ''");
  }

  long long SchoolMembers() {
    return Count(
        "SELECT COUNT(*) FROM membership WHERE scope = 'school' AND ended_on "
        "IS NULL");
  }

  // Previews, then imports with the preview's fingerprint and `extra`.
  httplib::Result PreviewAndImport(const std::string& staff, long long id,
                                   httplib::Params extra = {}) {
    auto preview = Client().Get(UploadPath(id, "/preview"), Cookie(staff));
    EXPECT_EQ(preview->status, 200);
    std::string fingerprint = FieldValue(preview->body, "fingerprint");
    EXPECT_EQ(fingerprint.size(), 64u);
    extra.emplace("fingerprint", fingerprint);
    return PostForm(staff, UploadPath(id, "/import"), extra);
  }
};

TEST_P(BackofficeTest, PreviewImportAndUndo) {
  long long id = TeacherUploads(StudentsCsv());
  std::string staff = StaffSession();
  ASSERT_FALSE(staff.empty());

  // The list: the upload under its school; the schools without a file this
  // school year stand out.
  auto list = Client().Get("/backoffice/uploads", Cookie(staff));
  ASSERT_EQ(list->status, 200);
  EXPECT_TRUE(Has(list->body, "leerlingen.csv"));
  EXPECT_TRUE(Has(list->body, "Kindcentrum Het Palet"));
  EXPECT_TRUE(Has(list->body, "nog geen bestand dit schooljaar"));
  EXPECT_TRUE(Has(list->body, "6 leerlingen in"));

  // One upload: who, when, size, hash.
  auto one = Client().Get(UploadPath(id), Cookie(staff));
  ASSERT_EQ(one->status, 200);
  auto upload = store::GetUpload(*db_, id);
  ASSERT_TRUE(upload.ok());
  EXPECT_TRUE(Has(one->body, upload->sha256));
  EXPECT_TRUE(Has(one->body, "Meester Bram Voorbeeld"));

  // The preview: counts, year groups before and after, every new student
  // with the fields they get; nothing written to customers.
  auto preview = Client().Get(UploadPath(id, "/preview"), Cookie(staff));
  ASSERT_EQ(preview->status, 200);
  EXPECT_TRUE(Has(preview->body, "Steekproef"));
  EXPECT_TRUE(Has(preview->body, "<svg"));
  EXPECT_TRUE(Has(preview->body, "Leerlingen per jaargroep"));
  EXPECT_EQ(Students(), 0);
  // Looking is not deciding: the upload is still waiting.
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "received");
  // Filtered: only the new ones; "leaving" has none.
  auto leaving =
      Client().Get(UploadPath(id, "/preview?filter=leaving"), Cookie(staff));
  EXPECT_FALSE(Has(leaving->body, "Steekproef"));
  EXPECT_TRUE(Has(leaving->body, "Geen leerlingen in deze selectie."));
  auto fresh =
      Client().Get(UploadPath(id, "/preview?filter=new"), Cookie(staff));
  EXPECT_TRUE(Has(fresh->body, "Steekproef"));

  // Without a fingerprint (no preview seen) nothing is imported.
  auto blind = PostForm(staff, UploadPath(id, "/import"));
  EXPECT_EQ(blind->status, 422);
  EXPECT_EQ(Students(), 0);

  auto imported = PreviewAndImport(staff, id);
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 3000);
  std::string run_path = imported->get_header_value("Location");
  ASSERT_EQ(run_path.rfind("/backoffice/imports/", 0), 0u) << run_path;
  auto report = Client().Get(run_path, Cookie(staff));
  run_path = run_path.substr(0, run_path.find('?'));
  EXPECT_EQ(Students(), 6);
  EXPECT_EQ(SchoolMembers(), 6);
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "imported");

  // The report.
  ASSERT_EQ(report->status, 200);
  EXPECT_TRUE(Has(report->body, "uitgevoerd"));
  EXPECT_TRUE(Has(report->body, "Ongedaan maken"));
  // The history lists it, with the school's size over the years.
  auto history = Client().Get(
      "/backoffice/imports?school=" + std::to_string(kievit_), Cookie(staff));
  EXPECT_TRUE(Has(history->body, run_path));
  EXPECT_TRUE(Has(history->body, "Aantal leerlingen door de jaren"));

  // The teacher is told, with counts and no student's data.
  bool mailed = false;
  for (const auto& message : Outbox()) {
    if (message.kind != "import_applied") continue;
    mailed = true;
    EXPECT_EQ(message.recipient, "docent.kievit@school-demostad.example");
    for (const char* personal : {"Steekproef", "Zoë", "2018-08-07", "000123"})
      EXPECT_FALSE(Has(message.body_text, personal)) << personal;
  }
  EXPECT_TRUE(mailed);
  auto mine = Client().Get("/uploads", Cookie(TeacherSession()));
  EXPECT_TRUE(Has(mine->body, "6 nieuw"));

  // Undo asks for confirmation, then restores everything.
  auto unconfirmed = PostForm(staff, run_path + "/undo");
  EXPECT_EQ(unconfirmed->status, 422);
  EXPECT_EQ(Students(), 6);
  auto undone = PostForm(staff, run_path + "/undo", {{"confirm", "1"}});
  ASSERT_EQ(undone->status, 303) << undone->body.substr(0, 2000);
  EXPECT_EQ(Students(), 0);
  EXPECT_EQ(SchoolMembers(), 0);
  auto after = Client().Get(run_path, Cookie(staff));
  EXPECT_TRUE(Has(after->body, "ongedaan gemaakt"));
  EXPECT_FALSE(Has(after->body, "name=\"confirm\""));
  // Undoing twice is refused with a reason.
  auto twice = PostForm(staff, run_path + "/undo", {{"confirm", "1"}});
  EXPECT_EQ(twice->status, 409);

  // Every step is in the audit trail, with no student in it.
  auto audit = store::ListAudit(*db_, library_id_, 200);
  ASSERT_TRUE(audit.ok());
  std::set<std::string> actions;
  for (const auto& event : *audit) {
    actions.insert(event.action);
    EXPECT_FALSE(Has(event.details_json, "Steekproef"));
  }
  for (const char* action :
       {"upload.create", "upload.preview", "import.apply", "import.undo"}) {
    EXPECT_TRUE(actions.count(action)) << action;
  }
}

// Issue 18, point 5: reading is not writing. Opening a preview — staff
// clicking through, a link in a mail or on another site, the browser
// prefetching, every filter and choice — records no run, leaves the
// upload's status alone and mails no one; only who looked is audited.
TEST_P(BackofficeTest, LookingAtAPreviewChangesNothing) {
  std::string staff = StaffSession();
  ASSERT_EQ(PreviewAndImport(staff, TeacherUploads(StudentsCsv()))->status,
            303);
  // A file that is held (two of six would leave), and one that is not.
  long long held =
      TeacherUploads(WithoutTwoStudents(StudentsCsv()), "leerlingen-2.csv");
  long long plain = TeacherUploads(StudentsCsv(), "leerlingen-3.csv");
  auto state = [&] {
    return std::to_string(Count("SELECT COUNT(*) FROM import_run")) + "/" +
           std::to_string(Count("SELECT COUNT(*) FROM outbox")) + "/" +
           std::to_string(Count("SELECT COUNT(*) FROM customer")) + "/" +
           std::to_string(Count("SELECT COUNT(*) FROM membership")) + "/" +
           store::GetUpload(*db_, held)->status + "/" +
           store::GetUpload(*db_, plain)->status;
  };
  const std::string before = state();
  EXPECT_EQ(store::GetUpload(*db_, held)->status, "received");
  EXPECT_EQ(store::GetUpload(*db_, plain)->status, "received");
  long long audited =
      Count("SELECT COUNT(*) FROM audit_event WHERE action = 'upload.preview'");
  for (long long id : {held, plain}) {
    for (const std::string& query :
         {std::string(), std::string("?filter=all"),
          std::string("?public=1&subscription=jeugd"),
          std::string("?allow_mass_leave=1")}) {
      // Staff following a link from elsewhere: the browser sends the
      // session cookie (SameSite=Lax lets top-level GETs through).
      auto res =
          Client().Get(UploadPath(id, "/preview" + query),
                       {{"Cookie", "sb_session=" + staff},
                        {"Referer", "https://elders.example/mail?upload=" +
                                        std::to_string(id)}});
      ASSERT_EQ(res->status, 200) << query;
      EXPECT_EQ(state(), before) << id << query;
    }
  }
  // Who looked is kept (once per upload and unfiltered view).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload.preview'"),
            audited + 6);
  // The staff API reads without recording too (its preview is a POST).
  auto account = store::FindAccountByLogin(*db_, "medewerker");
  auto token = store::CreateApiToken(*db_, account->id, "lezen");
  ASSERT_TRUE(token.ok());
  httplib::Headers bearer = {{"Authorization", "Bearer " + *token}};
  for (const std::string& path :
       {std::string("/api/v1/uploads"),
        std::string("/api/v1/uploads?status=received"),
        "/api/v1/uploads/" + std::to_string(held),
        "/api/v1/imports/" +
            std::to_string(Count("SELECT MAX(id) FROM import_run"))}) {
    EXPECT_EQ(Client().Get(path, bearer)->status, 200) << path;
    EXPECT_EQ(state(), before) << path;
  }
  // Acting records: the import of the plain file applies it.
  auto preview = Client().Get(UploadPath(plain, "/preview"), Cookie(staff));
  auto imported =
      PostForm(staff, UploadPath(plain, "/import"),
               {{"fingerprint", FieldValue(preview->body, "fingerprint")}});
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 2000);
  EXPECT_EQ(store::GetUpload(*db_, plain)->status, "imported");
  EXPECT_EQ(store::GetUpload(*db_, held)->status, "received");
}

TEST_P(BackofficeTest, TheImportAppliesOnlyThePlanThatWasShown) {
  long long id = TeacherUploads(StudentsCsv());
  std::string staff = StaffSession();
  auto preview =
      Client().Get(UploadPath(id, "/preview?public=0"), Cookie(staff));
  ASSERT_EQ(preview->status, 200);
  std::string fingerprint = FieldValue(preview->body, "fingerprint");
  // The form asks for public-library membership now: another plan.
  auto changed = PostForm(staff, UploadPath(id, "/import"),
                          {{"fingerprint", fingerprint}, {"public", "1"}});
  EXPECT_EQ(changed->status, 409);
  EXPECT_TRUE(Has(changed->body, "Bekijk het voorbeeld opnieuw"));
  EXPECT_EQ(Students(), 0);
  // The same choices as the preview: applied, without public memberships.
  auto same = PostForm(staff, UploadPath(id, "/import"),
                       {{"fingerprint", fingerprint}, {"public", "0"}});
  EXPECT_EQ(same->status, 303);
  EXPECT_EQ(Students(), 6);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM membership WHERE scope = 'public'"), 0);
}

TEST_P(BackofficeTest, AHeldFileShowsItsReasonAndCanBeReleased) {
  std::string staff = StaffSession();
  long long first = TeacherUploads(StudentsCsv());
  ASSERT_EQ(PreviewAndImport(staff, first)->status, 303);
  ASSERT_EQ(Students(), 6);

  long long second =
      TeacherUploads(WithoutTwoStudents(StudentsCsv()), "leerlingen-2.csv");
  size_t mails_before = Outbox().size();
  auto preview = Client().Get(UploadPath(second, "/preview"), Cookie(staff));
  ASSERT_EQ(preview->status, 200);
  EXPECT_TRUE(Has(preview->body, "Deze import is aangehouden"));
  EXPECT_TRUE(Has(preview->body, "zouden de school verlaten"));
  EXPECT_TRUE(Has(preview->body, "name=\"allow_mass_leave\""));
  // Looking at it records nothing and mails no one.
  EXPECT_EQ(Outbox().size(), mails_before);
  EXPECT_EQ(store::GetUpload(*db_, second)->status, "received");

  // Importing without the confirmation keeps it held, and nobody leaves.
  std::string fingerprint = FieldValue(preview->body, "fingerprint");
  auto refused = PostForm(staff, UploadPath(second, "/import"),
                          {{"fingerprint", fingerprint}});
  EXPECT_EQ(refused->status, 409);
  EXPECT_TRUE(Has(refused->body, "aangehouden"));
  EXPECT_EQ(SchoolMembers(), 6);
  // Trying to import it is what records the hold: the upload is in
  // progress and the library hears of it once.
  EXPECT_EQ(store::GetUpload(*db_, second)->status, "in_progress");
  int held_mails = 0;
  for (const auto& message : Outbox()) {
    held_mails += message.kind == "import_held";
  }
  EXPECT_EQ(held_mails, 1);
  EXPECT_EQ(Outbox().size(), mails_before + 1);
  // With it: applied, two leave.
  auto released =
      PostForm(staff, UploadPath(second, "/import"),
               {{"fingerprint", fingerprint}, {"allow_mass_leave", "1"}});
  ASSERT_EQ(released->status, 303) << released->body.substr(0, 2000);
  EXPECT_EQ(SchoolMembers(), 4);

  // The first import can no longer be undone: a later one exists.
  long long first_run =
      Count("SELECT MIN(id) FROM import_run WHERE status = 'applied'");
  auto undo = PostForm(
      staff, "/backoffice/imports/" + std::to_string(first_run) + "/undo",
      {{"confirm", "1"}});
  EXPECT_EQ(undo->status, 409);
  EXPECT_EQ(SchoolMembers(), 4);
}

TEST_P(BackofficeTest, AConflictIsDecidedOneByOne) {
  std::string staff = StaffSession();
  ASSERT_EQ(PreviewAndImport(staff, TeacherUploads(StudentsCsv()))->status,
            303);
  long long noor =
      Count("SELECT id FROM customer WHERE external_number_2 = '125'");
  // The school's system renumbered Noor: found by name and birth date only.
  std::string csv = StudentsCsv();
  csv.replace(csv.find("\n125;"), 5, "\n999;");
  long long id = TeacherUploads(csv, "hernummerd.csv");
  auto preview = Client().Get(UploadPath(id, "/preview"), Cookie(staff));
  ASSERT_EQ(preview->status, 200);
  EXPECT_TRUE(Has(preview->body,
                  "name=\"decide_4\" value=\"" + std::to_string(noor) + "\""));
  EXPECT_TRUE(Has(preview->body, "Noor de Steekproef (2014-11-30"));
  // Decided in the preview ("this is that person"), then imported as shown.
  std::string choice = "decide_4=" + std::to_string(noor);
  auto decided =
      Client().Get(UploadPath(id, "/preview?" + choice), Cookie(staff));
  ASSERT_EQ(decided->status, 200);
  EXPECT_TRUE(
      Has(decided->body, "value=\"" + std::to_string(noor) + "\" checked"));
  EXPECT_EQ(FieldValue(decided->body, "decide_4"), std::to_string(noor));
  auto imported =
      PostForm(staff, UploadPath(id, "/import"),
               {{"fingerprint", FieldValue(decided->body, "fingerprint")},
                {"decide_4", std::to_string(noor)}});
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 3000);
  EXPECT_EQ(Students(), 6);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer WHERE external_number_2 = "
                  "'999' AND id = " +
                  std::to_string(noor)),
            1);
}

TEST_P(BackofficeTest, ARejectionReachesTheTeacher) {
  long long id = TeacherUploads(StudentsCsv());
  std::string staff = StaffSession();
  auto empty = PostForm(staff, UploadPath(id, "/reject"), {{"reason", "  "}});
  EXPECT_EQ(empty->status, 422);
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "received");

  auto rejected =
      PostForm(staff, UploadPath(id, "/reject"),
               {{"reason", "Dit is de lijst van vorig jaar <oud>."}});
  ASSERT_EQ(rejected->status, 303) << rejected->body.substr(0, 2000);
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "rejected");

  // The teacher sees it, the reason escaped, and got a mail.
  auto mine =
      Client().Get("/uploads/" + std::to_string(id), Cookie(TeacherSession()));
  EXPECT_TRUE(Has(mine->body, "afgewezen"));
  EXPECT_TRUE(Has(mine->body, "vorig jaar &lt;oud&gt;"));
  int mails = 0;
  for (const auto& message : Outbox()) {
    if (message.kind != "upload_rejected") continue;
    ++mails;
    EXPECT_EQ(message.recipient, "docent.kievit@school-demostad.example");
    EXPECT_TRUE(Has(message.body_text, "vorig jaar"));
  }
  EXPECT_EQ(mails, 1);
  // A rejected file is neither rejected again nor imported.
  EXPECT_EQ(PostForm(staff, UploadPath(id, "/reject"), {{"reason", "nog eens"}})
                ->status,
            409);
  auto preview = Client().Get(UploadPath(id, "/preview"), Cookie(staff));
  EXPECT_EQ(preview->status, 409);
  EXPECT_TRUE(Has(preview->body, "afgewezen"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload.reject'"),
            1);
}

TEST_P(BackofficeTest, TheOriginalDownloadsWithSafeHeadersAndIsLogged) {
  std::string csv = StudentsCsv();
  long long id = TeacherUploads(csv, "leerlingen groep ö.csv");
  auto res = Client().Get(UploadPath(id, "/download"), Cookie(StaffSession()));
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->body, csv);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/octet-stream");
  // (cpp-httplib's client percent-decodes header values; the header as
  // sent is checked in http_util_test.)
  std::string disposition = res->get_header_value("Content-Disposition");
  EXPECT_EQ(
      disposition.rfind("attachment; filename=\"leerlingen groep __.csv\"", 0),
      0u)
      << disposition;
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload.download'"),
            1);
}

TEST_P(BackofficeTest, TeachersGetNoneOfTheBackOffice) {
  long long id = TeacherUploads(StudentsCsv());
  std::string teacher = TeacherSession();
  for (const std::string& path :
       {std::string("/backoffice/uploads"), UploadPath(id),
        UploadPath(id, "/preview"), UploadPath(id, "/download"),
        std::string("/backoffice/imports")}) {
    EXPECT_EQ(Client().Get(path, Cookie(teacher))->status, 403) << path;
  }
  for (const std::string& path :
       {UploadPath(id, "/import"), UploadPath(id, "/reject")}) {
    EXPECT_EQ(PostForm(teacher, path, {{"reason", "x"}})->status, 403) << path;
  }
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "received");
  // Without a session: the login page.
  EXPECT_EQ(Client().Get("/backoffice/uploads")->status, 303);
}

TEST_P(BackofficeTest, AnotherLibrarysStaffFindNothing) {
  long long id = TeacherUploads(StudentsCsv());
  std::string staff = StaffSession();
  ASSERT_EQ(PreviewAndImport(staff, id)->status, 303);
  std::string run = "/backoffice/imports/" +
                    std::to_string(Count("SELECT MAX(id) FROM import_run"));
  std::string stranger = StrangerSession();
  ASSERT_FALSE(stranger.empty());
  for (const std::string& path :
       {UploadPath(id), UploadPath(id, "/preview"), UploadPath(id, "/download"),
        run, "/backoffice/imports?school=" + std::to_string(kievit_)}) {
    EXPECT_EQ(Client().Get(path, Cookie(stranger))->status, 404) << path;
  }
  for (const std::string& path :
       {UploadPath(id, "/import"), UploadPath(id, "/reject"), run + "/undo"}) {
    EXPECT_EQ(
        PostForm(stranger, path, {{"reason", "x"}, {"confirm", "1"}})->status,
        404)
        << path;
  }
  auto list = Client().Get("/backoffice/uploads", Cookie(stranger));
  EXPECT_EQ(list->status, 200);
  EXPECT_FALSE(Has(list->body, "leerlingen.csv"));
  EXPECT_EQ(Students(), 6);
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "imported");
}

TEST_P(BackofficeTest, FormsWithoutTheirTokenAreRefused) {
  long long id = TeacherUploads(StudentsCsv());
  std::string staff = StaffSession();
  auto res = Client().Post(UploadPath(id, "/reject"), Cookie(staff),
                           httplib::Params{{"reason", "zonder token"}});
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(store::GetUpload(*db_, id)->status, "received");
}

// The students of an import as a spreadsheet list: new students with their
// new card numbers, in Excel's dialect, with a name that looks like a
// formula shown as text and the prefix 't kept; audited; staff only.
TEST_P(BackofficeTest, TheStudentsOfAnImportDownloadAsSafeCsv) {
  std::string csv = StudentsCsv() +
                    "000201;=1+2;H.;'t;Hart;2016-05-05;"
                    "4A;Groep 4a;4\n";
  long long id = TeacherUploads(csv);
  std::string staff = StaffSession();
  auto imported = PreviewAndImport(staff, id);
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 2000);
  std::string run_path = imported->get_header_value("Location");
  run_path = run_path.substr(0, run_path.find('?'));
  auto report = Client().Get(run_path, Cookie(staff));
  EXPECT_TRUE(Has(report->body, run_path + "/students.csv"));

  auto list = Client().Get(run_path + "/students.csv", Cookie(staff));
  ASSERT_EQ(list->status, 200) << list->body.substr(0, 1000);
  EXPECT_EQ(list->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(list->get_header_value("Content-Disposition")
                .rfind("attachment; filename=\"import-", 0),
            0u);
  const std::string& body = list->body;
  EXPECT_TRUE(body.starts_with("\xEF\xBB\xBFWat;Pasnummer;Leerlingnummer;"));
  EXPECT_TRUE(Has(body, ";'=1+2;'t;Hart;")) << body;
  EXPECT_FALSE(Has(body, ";=")) << body;
  // Every new student is on it with a card number.
  auto card = store::FindByExternalNumber2(*db_, library_id_, "000201");
  ASSERT_TRUE(card.ok() && card->size() == 1);
  EXPECT_TRUE(Has(body, "nieuw;" + card->front().card_number + ";000201;"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'import.export'"),
            1);

  EXPECT_EQ(Client()
                .Get(run_path + "/students.csv", Cookie(TeacherSession()))
                ->status,
            403);
  EXPECT_EQ(Client()
                .Get(run_path + "/students.csv", Cookie(StrangerSession()))
                ->status,
            404);
}

// A file whose only sex code is "M" (a boy under M/V, a girl under J/M) is
// held with one question; the answer is saved for the school, and the
// preview then reads the file with it. Nothing is stored before.
TEST_P(BackofficeTest, AQuestionIsAnsweredOnceForTheSchool) {
  long long id = TeacherUploads(
      "Leerlingnummer;Achternaam;Roepnaam;Groep;Jaargroep;Geslacht\n"
      "801;Jansen;Eva;5A;5;M\n802;Smit;Anna;5A;5;M\n");
  std::string staff = StaffSession();
  auto preview = Client().Get(UploadPath(id, "/preview"), Cookie(staff));
  ASSERT_EQ(preview->status, 200);
  EXPECT_TRUE(Has(preview->body, "Eerst een vraag"));
  EXPECT_TRUE(Has(preview->body, "name=\"choice\" value=\"jm\""));
  EXPECT_TRUE(Has(preview->body, "name=\"choice\" value=\"mv\""));
  // How each column is read is shown too.
  EXPECT_TRUE(Has(preview->body, "Hoe de kolommen gelezen worden"));
  // Held: no import form to press.
  EXPECT_FALSE(Has(preview->body, "name=\"fingerprint\""));

  auto wrong = PostForm(staff, UploadPath(id, "/answer"),
                        {{"question", "sex_codes"}, {"choice", "mf"}});
  EXPECT_EQ(wrong->status, 422);
  auto answered = PostForm(staff, UploadPath(id, "/answer"),
                           {{"question", "sex_codes"}, {"choice", "jm"}});
  ASSERT_EQ(answered->status, 303);
  EXPECT_EQ(answered->get_header_value("Location"),
            UploadPath(id, "/preview?answered=1"));
  auto mapping = store::GetBranchMapping(*db_, kievit_);
  ASSERT_TRUE(mapping.ok());
  EXPECT_TRUE(Has(*mapping, "\"sex_code_set\":\"jm\"")) << *mapping;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'branch.answer'"),
            1);
  EXPECT_EQ(Students(), 0);

  auto imported = PreviewAndImport(staff, id);
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 2000);
  auto eva = store::FindByExternalNumber2(*db_, library_id_, "801", kievit_);
  ASSERT_TRUE(eva.ok() && eva->size() == 1);
  EXPECT_EQ(eva->front().sex, "V");
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, BackofficeTest);

}  // namespace
}  // namespace schoolbieb::web
