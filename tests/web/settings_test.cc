// The back office's settings pages over real HTTP on loopback: a school
// added and edited round-trips every setting and a bad one changes nothing;
// the bulk upload grant lists exactly who got it; revoking takes the right
// away; the audit log filters and holds no student's data; the outbox shows
// queued mail and retries a failed message; teachers get 403, another
// library's staff 404 for every id, a form without its CSRF token 403.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/upload_rights.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The part of `html` from the first `start` to the next `end` after it.
std::string Between(const std::string& html, const std::string& start,
                    const std::string& end) {
  size_t from = html.find(start);
  if (from == std::string::npos) return "";
  size_t to = html.find(end, from);
  return html.substr(from, to == std::string::npos ? to : to - from);
}

int CountOf(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + part.size())) {
    ++n;
  }
  return n;
}

class SettingsPagesTest : public WebTest {
 protected:
  // Every field of the school form, for a school the tests add.
  httplib::Params LindeForm() {
    return {{"name", "Basisschool De Linde"},
            {"code", "de-linde"},
            {"brin", "12ab"},  // written in capitals when stored
            {"dependance", "01"},
            {"las", "parnassys"},
            {"notify_email", "linde@school.example"},
            {"public_membership", "1"},
            {"leave_share", "15"},
            {"leave_count", "30"},
            {"final_years", "8"},
            {"number_zeros", "pad"},
            {"number_pad", "6"},
            {"number_strip_brin", "1"},
            {"mapping", R"({"columns": {"Stamnr": "student_number"},
                            "sex": {"1": "M", "2": "V"},
                            "year_groups": {"B1": "1"}})"},
            {"drop_forbidden", "1"}};
  }

  long long TeacherCustomer() {
    return Count(
        "SELECT customer_id FROM account WHERE login = 'docent.kievit'");
  }

  std::string Get(const std::string& session, const std::string& path,
                  int expected = 200) {
    auto res = Client().Get(path, Cookie(session));
    EXPECT_EQ(res->status, expected) << path;
    return res->body;
  }
};

TEST_P(SettingsPagesTest, ASchoolAddedAndEditedRoundTripsEverySetting) {
  std::string staff = StaffSession();
  EXPECT_TRUE(Has(Get(staff, "/backoffice/schools"), "Basisschool De Kievit"));
  EXPECT_TRUE(Has(Get(staff, "/backoffice/schools/new"), "name=\"mapping\""));

  auto added = PostForm(staff, "/backoffice/schools", LindeForm());
  ASSERT_EQ(added->status, 303) << added->body;
  auto branch = store::FindBranch(*db_, library_id_, "de-linde");
  ASSERT_TRUE(branch.ok());
  EXPECT_EQ(added->get_header_value("Location"),
            "/backoffice/schools/" + std::to_string(branch->id) + "?added=1");
  EXPECT_EQ(branch->name, "Basisschool De Linde");
  EXPECT_EQ(branch->kind, store::BranchKind::kSchool);
  EXPECT_EQ(branch->brin, "12AB");
  EXPECT_EQ(branch->dependance, "01");
  EXPECT_EQ(branch->las_kind, "parnassys");
  EXPECT_EQ(branch->notify_email, "linde@school.example");
  EXPECT_TRUE(branch->public_membership_default);
  EXPECT_EQ(branch->leave_limit_share, 15);
  EXPECT_EQ(branch->leave_limit_count, 30);
  EXPECT_EQ(branch->final_year_groups, "8");
  EXPECT_EQ(branch->number_normalisation, "pad:6,strip-brin");
  EXPECT_EQ(*store::GetBranchMapping(*db_, branch->id),
            R"({"columns":{"Stamnr":"student_number"},"sex":{"1":"M","2":"V"},)"
            R"("year_groups":{"B1":"1"}})");
  auto settings =
      nlohmann::json::parse(*store::GetBranchSettings(*db_, branch->id));
  EXPECT_EQ(settings["drop_forbidden_columns"], true);
  EXPECT_EQ(settings["overwrite_locked_fields"], false);
  EXPECT_EQ(settings["teachers_get_upload_right"], false);

  // The form shows what is stored.
  std::string path = "/backoffice/schools/" + std::to_string(branch->id);
  std::string page = Get(staff, path + "?added=1");
  EXPECT_TRUE(Has(page, "De school is toegevoegd."));
  EXPECT_TRUE(Has(page, "value=\"12AB\""));
  EXPECT_TRUE(Has(page, "value=\"linde@school.example\""));
  EXPECT_TRUE(Has(page, "value=\"parnassys\" selected"));
  EXPECT_TRUE(Has(page, "value=\"pad\" selected"));
  EXPECT_TRUE(Has(page, "Stamnr"));

  httplib::Params changed = {{"name", "De Linde (Noord)"},
                             {"code", "linde-noord"},
                             {"brin", "34CD"},
                             {"dependance", ""},
                             {"las", "esis"},
                             {"notify_email", ""},
                             {"leave_share", "0"},
                             {"leave_count", "100"},
                             {"final_years", "14, 15,16"},
                             {"number_zeros", "strip"},
                             {"number_pad", ""},
                             {"mapping", ""},
                             {"overwrite_locked", "1"},
                             {"teachers_upload", "1"}};
  auto saved = PostForm(staff, path, changed);
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(saved->get_header_value("Location"), path + "?saved=1");
  branch = store::GetBranch(*db_, branch->id);
  EXPECT_EQ(branch->name, "De Linde (Noord)");
  EXPECT_EQ(branch->code, "linde-noord");
  EXPECT_EQ(branch->brin, "34CD");
  EXPECT_EQ(branch->dependance, "");
  EXPECT_EQ(branch->las_kind, "esis");
  EXPECT_EQ(branch->notify_email, "");
  EXPECT_FALSE(branch->public_membership_default);
  EXPECT_EQ(branch->leave_limit_share, 0);
  EXPECT_EQ(branch->leave_limit_count, 100);
  EXPECT_EQ(branch->final_year_groups, "14, 15,16");
  EXPECT_EQ(branch->number_normalisation, "strip-zeros");
  EXPECT_EQ(*store::GetBranchMapping(*db_, branch->id), "");
  settings = nlohmann::json::parse(*store::GetBranchSettings(*db_, branch->id));
  EXPECT_EQ(settings["drop_forbidden_columns"], false);
  EXPECT_EQ(settings["overwrite_locked_fields"], true);
  EXPECT_EQ(settings["teachers_get_upload_right"], true);
  EXPECT_TRUE(Has(Get(staff, path + "?saved=1"), "zijn opgeslagen"));

  // Audited with field names, not values.
  auto events = store::ListAudit(*db_, library_id_, 10);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> actions;
  for (const auto& e : *events) {
    if (e.object_kind != "branch") continue;
    actions.push_back(e.action);
    EXPECT_EQ(e.object_id, branch->id);
    EXPECT_EQ(e.actor, "medewerker");
    EXPECT_FALSE(Has(e.details_json, "Linde")) << e.details_json;
    EXPECT_FALSE(Has(e.details_json, "34CD")) << e.details_json;
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"branch.update", "branch.add"}));
  EXPECT_TRUE(Has(events->front().details_json, "\"brin\""));
  EXPECT_TRUE(Has(events->front().details_json, "\"mapping\""));
  EXPECT_FALSE(Has(events->front().details_json, "\"leave_limit_count\":"));
}

TEST_P(SettingsPagesTest, ABadSettingGetsAClearDutchMessageAndChangesNothing) {
  std::string staff = StaffSession();
  std::string path = "/backoffice/schools/" + std::to_string(kievit_);
  std::string form = Get(staff, path);
  EXPECT_TRUE(Has(form, "value=\"99KV\""));
  auto before = store::GetBranch(*db_, kievit_);

  auto with = [&](const std::string& key, const std::string& value) {
    httplib::Params params = {{"name", "Veranderd"}, {"code", "de-kievit"},
                              {"brin", "99KV"},      {"las", "parnassys"},
                              {"leave_share", "10"}, {"leave_count", "25"},
                              {"final_years", "8"},  {"number_zeros", "keep"}};
    auto it = params.find(key);
    if (it != params.end()) {
      it->second = value;
    } else {
      params.emplace(key, value);
    }
    return PostForm(staff, path, params);
  };

  auto bad_brin = with("brin", "1234");
  EXPECT_EQ(bad_brin->status, 422);
  EXPECT_TRUE(Has(bad_brin->body, "is ongeldig: een BRIN-code is twee cijfers"))
      << bad_brin->body;
  EXPECT_TRUE(Has(bad_brin->body, "aria-invalid=\"true\""));
  // The form keeps what was typed.
  EXPECT_TRUE(Has(bad_brin->body, "value=\"Veranderd\""));

  auto bad_mapping =
      with("mapping", R"({"columns": {"Stamnr": "schoenmaat"}})");
  EXPECT_EQ(bad_mapping->status, 422);
  EXPECT_TRUE(Has(bad_mapping->body, "De opgeslagen kolomindeling klopt niet"))
      << bad_mapping->body;
  EXPECT_TRUE(Has(bad_mapping->body, "schoenmaat"));
  auto not_json = with("mapping", "{\"columns\": ");
  EXPECT_EQ(not_json->status, 422);
  EXPECT_TRUE(Has(not_json->body, "geen JSON-object"));

  auto bad_address = with("notify_email", "kievit@");
  EXPECT_EQ(bad_address->status, 422);
  EXPECT_TRUE(Has(bad_address->body, "geen bruikbaar e-mailadres"));
  auto bad_pad = with("number_zeros", "pad");
  EXPECT_EQ(bad_pad->status, 422);
  EXPECT_TRUE(Has(bad_pad->body, "aantal cijfers van 1 tot en met 20"));
  auto bad_share = with("leave_share", "veel");
  EXPECT_EQ(bad_share->status, 422);
  EXPECT_TRUE(Has(bad_share->body, "percentage van 0 tot en met 100"));
  auto taken = with("code", "het-palet");
  EXPECT_EQ(taken->status, 409);
  EXPECT_TRUE(Has(taken->body, "Er is al een vestiging met code"));

  auto after = store::GetBranch(*db_, kievit_);
  EXPECT_EQ(after->name, before->name);
  EXPECT_EQ(after->code, "de-kievit");
  EXPECT_EQ(after->brin, "99KV");
  EXPECT_EQ(*store::GetBranchMapping(*db_, kievit_), "");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE object_kind = "
                  "'branch'"),
            0);
  // A new school with a bad BRIN is not added either.
  httplib::Params linde = LindeForm();
  for (auto& [k, v] : linde) {
    if (k == "brin") v = "ABCD";
  }
  EXPECT_EQ(PostForm(staff, "/backoffice/schools", linde)->status, 422);
  EXPECT_EQ(store::FindBranch(*db_, library_id_, "de-linde").status().code(),
            Status::Code::kNotFound);
}

// A new student-number rule that reads stored numbers otherwise is shown
// with its effect and saved only once confirmed.
TEST_P(SettingsPagesTest, ANumberRuleChangeIsShownBeforeItTakesEffect) {
  for (const char* number : {"0000845", "845", "1200"}) {
    store::Customer c;
    c.library_id = library_id_;
    c.kind = "student";
    c.last_name = "Leerling";
    c.card_number = std::string("2999") + number;
    c.external_number_2 = number;
    c.school_branch_id = kievit_;
    ASSERT_TRUE(store::AddCustomer(*db_, c).ok());
  }
  std::string staff = StaffSession();
  std::string path = "/backoffice/schools/" + std::to_string(kievit_);
  httplib::Params params = {
      {"name", "OBS De Kievit"}, {"code", "de-kievit"},
      {"brin", "99KV"},          {"las", "parnassys"},
      {"leave_share", "10"},     {"leave_count", "25"},
      {"final_years", "8"},      {"number_zeros", "strip"}};
  auto shown = PostForm(staff, path, params);
  EXPECT_EQ(shown->status, 200);
  EXPECT_TRUE(Has(shown->body, "leerlingnummers van deze school anders"))
      << shown->body.substr(0, 4000);
  EXPECT_TRUE(Has(shown->body, "0000845 → 845"));
  EXPECT_TRUE(Has(shown->body, "vallen dan samen"));
  EXPECT_TRUE(Has(shown->body, "name=\"confirm_number_rule\""));
  EXPECT_EQ(store::GetBranch(*db_, kievit_)->number_normalisation, "keep");

  params.emplace("confirm_number_rule", "1");
  auto saved = PostForm(staff, path, params);
  EXPECT_EQ(saved->status, 303);
  EXPECT_EQ(store::GetBranch(*db_, kievit_)->number_normalisation,
            "strip-zeros");
}

TEST_P(SettingsPagesTest, GrantAllListsExactlyTheNewTeachersOnce) {
  std::string staff = StaffSession();
  std::string rights = Get(staff, "/backoffice/rights");
  EXPECT_TRUE(Has(rights, "2 docent(en) hebben nog geen uploadrecht"));
  EXPECT_TRUE(Has(rights, "Meester Bram Voorbeeld"));

  auto first = PostForm(staff, "/backoffice/rights/grant-all");
  ASSERT_EQ(first->status, 200);
  std::string granted =
      Between(first->body, "<table class=\"stack granted\">", "</table>");
  EXPECT_EQ(CountOf(granted, "<tr><td data-label="), 2) << granted;
  EXPECT_TRUE(Has(granted, "Anna Nieuwkomer"));
  EXPECT_TRUE(Has(granted, "Karel van der Start"));
  EXPECT_TRUE(Has(granted, "Basisschool De Kievit"));
  EXPECT_TRUE(Has(granted, "Kindcentrum Het Palet"));
  EXPECT_TRUE(Has(first->body, "2 docent(en) mogen nu uploaden"));

  auto second = PostForm(staff, "/backoffice/rights/grant-all");
  ASSERT_EQ(second->status, 200);
  EXPECT_FALSE(Has(second->body, "class=\"granted\""));
  EXPECT_TRUE(Has(second->body, "Niemand erbij"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload_right.grant' AND actor = 'medewerker'"),
            1);
  rights = Get(staff, "/backoffice/rights");
  EXPECT_TRUE(Has(rights, "Alle docenten hebben uploadrecht"));
  EXPECT_TRUE(Has(rights, "Karel van der Start"));
}

TEST_P(SettingsPagesTest, RevokingTakesTheRightAwayAndTheRuleGivesItBack) {
  std::string staff = StaffSession();
  std::string teacher = TeacherSession();
  long long customer = TeacherCustomer();
  ASSERT_GT(customer, 0);
  auto revoked = PostForm(staff, "/backoffice/rights/revoke",
                          {{"customer", std::to_string(customer)}});
  ASSERT_EQ(revoked->status, 200);
  EXPECT_TRUE(Has(revoked->body, "Het uploadrecht is ingetrokken."));
  std::string holders_table =
      Between(revoked->body, "Wie mag nu uploaden", "</table>");
  EXPECT_TRUE(Has(holders_table, "Juf Lotte Proefmans"));
  EXPECT_FALSE(Has(holders_table, "Meester Bram Voorbeeld"));
  EXPECT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'upload_right.revoke' AND object_id = " +
                  std::to_string(customer)),
            1);

  // The standing rule lets every teacher upload for their own school.
  auto on = PostForm(staff, "/backoffice/rights/rule", {{"on", "1"}});
  ASSERT_EQ(on->status, 200);
  EXPECT_TRUE(Has(on->body, "De vaste regel staat aan."));
  EXPECT_TRUE(*store::TeacherUploadRule(*db_, library_id_));
  EXPECT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
  ASSERT_EQ(PostForm(staff, "/backoffice/rights/rule", {{"on", "0"}})->status,
            200);
  EXPECT_FALSE(*store::TeacherUploadRule(*db_, library_id_));

  // By card number, within the library.
  long long palet =
      Count("SELECT customer_id FROM account WHERE login = 'docent.palet'");
  db_->sql() << "UPDATE customer SET card_number = '29990000017' WHERE id = "
             << palet;
  auto unknown =
      PostForm(staff, "/backoffice/rights/revoke", {{"card", "12345"}});
  EXPECT_EQ(unknown->status, 404);
  EXPECT_TRUE(Has(unknown->body, "Er is geen klant met pasnummer 12345."));
  auto by_card =
      PostForm(staff, "/backoffice/rights/revoke", {{"card", "29990000017"}});
  EXPECT_EQ(by_card->status, 200);
  auto holders = store::ListUploadRights(*db_, library_id_);
  ASSERT_TRUE(holders.ok());
  EXPECT_EQ(holders->size(), 1u);  // docent.college
  EXPECT_EQ(PostForm(staff, "/backoffice/rights/revoke")->status, 422);
}

TEST_P(SettingsPagesTest, TheAuditLogFiltersAndHoldsNoStudentData) {
  std::string teacher = TeacherSession();
  ASSERT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
  long long upload = Count("SELECT MAX(id) FROM upload");
  // Imported (the back office does this through the engine), so the
  // students are in the database while the log is read.
  auto content = store::ReadUploadContent(*db_, *options_.upload_key, upload);
  ASSERT_TRUE(content.ok());
  auto table = formats::ReadTable(*content, {});
  ASSERT_TRUE(table.ok());
  std::string today = FormatIsoDate(SystemClock::Get().Now());
  auto settings = import::LoadSchoolSettings(*db_, kievit_, today);
  ASSERT_TRUE(settings.ok());
  auto roster = import::Recognise(*table, *settings);
  ASSERT_TRUE(roster.ok());
  import::ImportRequest request;
  request.library_id = library_id_;
  request.branch_id = kievit_;
  request.upload_id = upload;
  request.actor = "medewerker";
  request.today = today;
  request.file_name = "leerlingen.csv";
  auto applied = import::ApplyImport(*db_, request, *settings, *roster);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(Count("SELECT COUNT(*) FROM customer WHERE last_name = "
                  "'Voorbeeld' AND kind = 'student'"),
            1);

  std::string staff = StaffSession();
  std::string all = Get(staff, "/backoffice/audit");
  EXPECT_TRUE(Has(all, "upload ontvangen"));
  EXPECT_TRUE(Has(all, "geïmporteerd"));
  EXPECT_TRUE(Has(all, "ingelogd"));
  EXPECT_TRUE(Has(all, "docent.kievit"));
  for (const char* personal : {"Zoë", "Timo", "Steekproef", "Testoğlu", "Çağla",
                               "2018-08-07", "2015-02-14", "000123"}) {
    EXPECT_FALSE(Has(all, personal)) << personal;
  }

  std::string uploads = Get(staff, "/backoffice/audit?action=upload");
  EXPECT_TRUE(Has(uploads, "upload ontvangen"));
  EXPECT_FALSE(Has(uploads, "ingelogd"));
  EXPECT_FALSE(Has(uploads, "geïmporteerd"));
  EXPECT_TRUE(Has(uploads, "value=\"upload\" selected"));
  std::string imports = Get(staff, "/backoffice/audit?action=import");
  EXPECT_TRUE(Has(imports, "geïmporteerd"));
  EXPECT_FALSE(Has(imports, "upload ontvangen"));
  std::string by_teacher = Get(staff, "/backoffice/audit?actor=docent.kievit");
  EXPECT_TRUE(Has(by_teacher, "upload ontvangen"));
  EXPECT_FALSE(Has(by_teacher, "geïmporteerd"));
  std::string by_kind = Get(staff, "/backoffice/audit?kind=import_run");
  EXPECT_TRUE(Has(by_kind, "geïmporteerd"));
  EXPECT_FALSE(Has(by_kind, "ingelogd"));
  std::string tomorrow = FormatIsoDate(SystemClock::Get().Now() + 86400);
  std::string later = Get(staff, "/backoffice/audit?from=" + tomorrow);
  EXPECT_TRUE(Has(later, "Er is niets gevonden."));
  std::string until_today = Get(
      staff, "/backoffice/audit?action=import&from=" + today + "&to=" + today);
  EXPECT_TRUE(Has(until_today, "geïmporteerd"));
  std::string bad = Get(staff, "/backoffice/audit?from=1-9-2026", 422);
  EXPECT_TRUE(Has(bad, "Schrijf een datum als jjjj-mm-dd"));

  // Pages of fifty, the filters kept in the links.
  for (int i = 0; i < 60; ++i) {
    store::AuditEvent event;
    event.library_id = library_id_;
    event.actor = "cli:beheer";
    event.action = "branch.mapping";
    event.object_kind = "branch";
    event.object_id = kievit_;
    ASSERT_TRUE(store::RecordAudit(*db_, event).ok());
  }
  std::string first = Get(staff, "/backoffice/audit?action=branch");
  EXPECT_EQ(CountOf(first, "kolomindeling gewijzigd</span>"), 50);
  EXPECT_TRUE(Has(first,
                  "audit?action=branch&amp;actor=&amp;kind=&amp;"
                  "from=&amp;to=&amp;page=2"))
      << first;
  std::string second =
      Get(staff, "/backoffice/audit?action=branch&actor=&kind=&page=2");
  EXPECT_EQ(CountOf(second, "kolomindeling gewijzigd</span>"), 10);
  EXPECT_FALSE(Has(second, "page=3"));

  // Another library's staff see none of it.
  std::string stranger = StrangerSession();
  std::string theirs = Get(stranger, "/backoffice/audit");
  EXPECT_FALSE(Has(theirs, "docent.kievit"));
  EXPECT_FALSE(Has(theirs, "upload ontvangen"));
}

TEST_P(SettingsPagesTest, TheOutboxShowsQueuedMailAndRetriesAFailedMessage) {
  std::string teacher = TeacherSession();
  ASSERT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
  long long message = Count("SELECT MAX(id) FROM outbox");
  ASSERT_GT(message, 0);
  std::string staff = StaffSession();
  std::string outbox = Get(staff, "/backoffice/outbox");
  EXPECT_TRUE(Has(outbox, "Nieuw leerlingbestand van Basisschool De Kievit"));
  EXPECT_TRUE(Has(outbox, "status-pending\">wacht"));
  EXPECT_TRUE(Has(outbox, "schoolbieb@bibliotheek-demostad.example"));
  EXPECT_FALSE(Has(outbox, "/retry"));

  // Given up after the configured time, the worker marks it failed.
  db_->sql() << "UPDATE outbox SET state = 'failed', attempts = 7, "
                "last_error = '550 5.1.1 mailbox unavailable' WHERE id = "
             << message;
  outbox = Get(staff, "/backoffice/outbox?state=failed");
  EXPECT_TRUE(Has(outbox, "status-failed\">mislukt"));
  EXPECT_TRUE(Has(outbox, "550 5.1.1 mailbox unavailable"));
  std::string retry =
      "/backoffice/outbox/" + std::to_string(message) + "/retry";
  EXPECT_TRUE(Has(outbox, "action=\"" + retry + "\""));
  EXPECT_TRUE(Has(Get(staff, "/backoffice/outbox?state=sent"),
                  "Er zijn geen berichten."));

  auto retried = PostForm(staff, retry);
  ASSERT_EQ(retried->status, 200) << retried->body;
  long long copy = Count("SELECT MAX(id) FROM outbox");
  EXPECT_GT(copy, message);
  EXPECT_TRUE(Has(retried->body, "Bericht " + std::to_string(message) +
                                     " wordt opnieuw verstuurd, als bericht " +
                                     std::to_string(copy)));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND id "
                  "= " +
                  std::to_string(copy)),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'mail.retry' AND object_id = " +
                  std::to_string(message)),
            1);
  // Sent again once only: a second click is refused, no second copy.
  auto twice = PostForm(staff, retry);
  EXPECT_EQ(twice->status, 409);
  EXPECT_TRUE(Has(twice->body, "al opnieuw verstuurd"));
  EXPECT_EQ(Count("SELECT MAX(id) FROM outbox"), copy);
  // Only a failed message can be retried.
  auto pending =
      PostForm(staff, "/backoffice/outbox/" + std::to_string(copy) + "/retry");
  EXPECT_EQ(pending->status, 409);
  EXPECT_TRUE(Has(pending->body, "alleen mislukte berichten"));
  EXPECT_EQ(PostForm(staff, "/backoffice/outbox/999999/retry")->status, 404);
}

TEST_P(SettingsPagesTest, TeachersAreRefusedEveryRoute) {
  std::string teacher = TeacherSession();
  std::string school = "/backoffice/schools/" + std::to_string(kievit_);
  for (const std::string& path :
       {std::string("/backoffice/schools"),
        std::string("/backoffice/schools/new"), school,
        std::string("/backoffice/rights"), std::string("/backoffice/audit"),
        std::string("/backoffice/outbox")}) {
    EXPECT_EQ(Client().Get(path, Cookie(teacher))->status, 403) << path;
  }
  for (const std::string& path : {std::string("/backoffice/schools"), school,
                                  std::string("/backoffice/rights/grant-all"),
                                  std::string("/backoffice/rights/revoke"),
                                  std::string("/backoffice/rights/rule"),
                                  std::string("/backoffice/outbox/1/retry")}) {
    EXPECT_EQ(PostForm(teacher, path, {{"on", "1"}, {"card", "1"}})->status,
              403)
        << path;
  }
  EXPECT_FALSE(*store::TeacherUploadRule(*db_, library_id_));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer WHERE kind = 'teacher' AND "
                  "upload_branch_id IS NOT NULL"),
            3);
  // Without a session: the login page.
  EXPECT_EQ(Client().Get("/backoffice/audit")->status, 303);
}

TEST_P(SettingsPagesTest, AnotherLibrarysIdsAreNotFound) {
  std::string teacher = TeacherSession();
  ASSERT_EQ(Upload(teacher, "leerlingen.csv", StudentsCsv())->status, 303);
  long long message = Count("SELECT MAX(id) FROM outbox");
  db_->sql() << "UPDATE outbox SET state = 'failed' WHERE id = " << message;
  long long customer = TeacherCustomer();
  std::string stranger = StrangerSession();
  ASSERT_FALSE(stranger.empty());

  std::string school = "/backoffice/schools/" + std::to_string(kievit_);
  EXPECT_EQ(Client().Get(school, Cookie(stranger))->status, 404);
  auto edit = PostForm(stranger, school,
                       {{"name", "Overgenomen"},
                        {"code", "de-kievit"},
                        {"leave_share", "10"},
                        {"leave_count", "25"},
                        {"final_years", "8"}});
  EXPECT_EQ(edit->status, 404);
  EXPECT_EQ(store::GetBranch(*db_, kievit_)->name, "Basisschool De Kievit");
  // A public branch is not a school here either; nor an id that is none.
  long long central = store::FindBranch(*db_, library_id_, "centrale")->id;
  std::string staff = StaffSession();
  EXPECT_EQ(
      Client()
          .Get("/backoffice/schools/" + std::to_string(central), Cookie(staff))
          ->status,
      404);
  EXPECT_EQ(Client().Get("/backoffice/schools/999999", Cookie(staff))->status,
            404);

  auto retry = PostForm(
      stranger, "/backoffice/outbox/" + std::to_string(message) + "/retry");
  EXPECT_EQ(retry->status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  auto revoke = PostForm(stranger, "/backoffice/rights/revoke",
                         {{"customer", std::to_string(customer)}});
  EXPECT_EQ(revoke->status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer WHERE upload_branch_id IS "
                  "NOT NULL AND id = " +
                  std::to_string(customer)),
            1);
  // Their lists hold nothing of ours.
  std::string schools = Get(stranger, "/backoffice/schools");
  EXPECT_FALSE(Has(schools, "De Kievit"));
  std::string rights = Get(stranger, "/backoffice/rights");
  EXPECT_FALSE(Has(rights, "Meester Bram Voorbeeld"));
  EXPECT_FALSE(Has(rights, "Anna Nieuwkomer"));
  std::string outbox = Get(stranger, "/backoffice/outbox");
  EXPECT_FALSE(Has(outbox, "Basisschool De Kievit"));
  // Their bulk grant and rule touch only their own library.
  ASSERT_EQ(PostForm(stranger, "/backoffice/rights/grant-all")->status, 200);
  ASSERT_EQ(
      PostForm(stranger, "/backoffice/rights/rule", {{"on", "1"}})->status,
      200);
  EXPECT_FALSE(*store::TeacherUploadRule(*db_, library_id_));
  EXPECT_TRUE(*store::TeacherUploadRule(*db_, other_library_));
  EXPECT_EQ(store::ListUploadRights(*db_, library_id_)->size(), 3u);
}

TEST_P(SettingsPagesTest, AFormWithoutItsCsrfTokenIsRefused) {
  std::string staff = StaffSession();
  std::string school = "/backoffice/schools/" + std::to_string(kievit_);
  for (const std::string& path : {std::string("/backoffice/schools"), school,
                                  std::string("/backoffice/rights/grant-all"),
                                  std::string("/backoffice/rights/revoke"),
                                  std::string("/backoffice/rights/rule"),
                                  std::string("/backoffice/outbox/1/retry")}) {
    httplib::Params params = {{"on", "1"}, {"name", "X"}, {"code", "x"}};
    EXPECT_EQ(Client().Post(path, Cookie(staff), params)->status, 403) << path;
    params.emplace("csrf", "x" + CsrfFor(staff));
    EXPECT_EQ(Client().Post(path, Cookie(staff), params)->status, 403) << path;
  }
  EXPECT_FALSE(*store::TeacherUploadRule(*db_, library_id_));
  EXPECT_EQ(store::FindBranch(*db_, library_id_, "x").status().code(),
            Status::Code::kNotFound);
  EXPECT_EQ(store::ListUploadRights(*db_, library_id_)->size(), 3u);
}

TEST_P(SettingsPagesTest, PagesAreInEnglishWhenChosen) {
  std::string staff = StaffSession();
  auto english = [&](const std::string& path) {
    return Client()
        .Get(path, {{"Cookie", "sb_session=" + staff + "; sb_lang=en"}})
        ->body;
  };
  EXPECT_TRUE(Has(english("/backoffice/schools"), "Add a school"));
  EXPECT_TRUE(Has(english("/backoffice/rights"), "Standing rule"));
  EXPECT_TRUE(Has(english("/backoffice/audit"), "logged in"));
  EXPECT_TRUE(Has(english("/backoffice/outbox"), "There are no messages."));
  EXPECT_TRUE(Has(english("/backoffice/schools/" + std::to_string(kievit_)),
                  "Leading zeros"));
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, SettingsPagesTest);

}  // namespace
}  // namespace schoolbieb::web
