// The back office's customer pages over loopback against a real server and
// database: every tab's fields round-trip through the form; the search finds
// by name, card number and Extern nummer-2 but never by Extern nummer; a
// field edited here is protected from the next import until staff lift it;
// wrong input is refused per field; teachers get 403, staff of another
// library 404 on every route with an id. Names are synthetic.
#include <fmt/format.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "store/customer_store.h"
#include "web/page.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

class CustomerPagesTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    if (HasFatalFailure()) return;
    staff_ = StaffSession();
    ASSERT_FALSE(staff_.empty());
  }

  store::Customer AddStudent(const std::string& last_name = "Proefleerling") {
    store::Customer c;
    c.library_id = library_id_;
    c.kind = "student";
    c.card_number = "29990001001";
    c.school_branch_id = kievit_;
    c.home_branch_id = kievit_;
    c.call_name = "Testje";
    c.last_name = last_name;
    c.birth_date = "2017-03-04";
    c.external_number = "EXT-4711";
    c.external_number_2 = "123987";
    c.year_group = "4";
    c.group_name = "Groep 4a";
    c.print_slips = true;
    c.reservation_messages = false;
    EXPECT_TRUE(store::AddCustomer(*db_, c).ok());
    return c;
  }

  store::Customer Stored(long long id) {
    auto customer = store::GetCustomer(*db_, id);
    EXPECT_TRUE(customer.ok());
    return customer.ok() ? *customer : store::Customer();
  }

  std::string RecordPath(long long id, const std::string& tab = "") {
    std::string path = fmt::format("/backoffice/customers/{}", id);
    return tab.empty() ? path : path + "?tab=" + tab;
  }

  httplib::Result Get(const std::string& session, const std::string& path) {
    return Client().Get(path, Cookie(session));
  }

  // Saves one tab the way the form does: the version from the page it
  // shows, the CSRF token, the tab and the fields.
  httplib::Result SaveTab(long long id, const std::string& tab,
                          httplib::Params fields,
                          const std::string& session = "") {
    const std::string& who = session.empty() ? staff_ : session;
    auto page = Get(who, RecordPath(id, tab));
    std::smatch match;
    static const std::regex version(R"re(name="version" value="(\d+)")re");
    EXPECT_TRUE(std::regex_search(page->body, match, version)) << tab;
    fields.emplace("tab", tab);
    fields.emplace("version", match[1].str());
    return PostForm(who, RecordPath(id), fields);
  }

  // The NAW-gegevens tab's form as the page fills it for `c`.
  static httplib::Params NawForm(const store::Customer& c) {
    return {{"call_name", c.call_name},
            {"first_names", c.first_names},
            {"initials", c.initials},
            {"name_prefix", c.name_prefix},
            {"last_name", c.last_name},
            {"birth_date", c.birth_date},
            {"sex", c.sex},
            {"street", c.street},
            {"house_number", c.house_number},
            {"house_number_suffix", c.house_number_suffix},
            {"postcode", c.postcode},
            {"city", c.city},
            {"phone", c.phone},
            {"mobile", c.mobile},
            {"email", c.email}};
  }

  // `form` with `name` set to `value`.
  static httplib::Params With(httplib::Params form, const std::string& name,
                              const std::string& value) {
    form.erase(name);
    form.emplace(name, value);
    return form;
  }

  std::string Search(const std::string& query) {
    auto res = PostForm(staff_, "/backoffice/customers", {{"q", query}});
    EXPECT_EQ(res->status, 200) << query;
    return res->body;
  }

  bool Lists(const std::string& body, long long id) {
    return body.find(fmt::format("href=\"/backoffice/customers/{}\"", id)) !=
           std::string::npos;
  }

  // Imports `csv` for De Kievit through the engine, as the back office's
  // import does.
  void Import(const std::string& csv) {
    formats::ReadOptions read;
    read.file_name = "leerlingen.csv";
    auto table = formats::ReadTable(csv, read);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    auto settings = import::LoadSchoolSettings(*db_, kievit_, "2026-09-01");
    ASSERT_TRUE(settings.ok()) << settings.status().ToString();
    auto roster = import::Recognise(*table, *settings);
    ASSERT_TRUE(roster.ok()) << roster.status().ToString();
    import::ImportRequest request;
    request.library_id = library_id_;
    request.branch_id = kievit_;
    request.file_name = "leerlingen.csv";
    request.file_sha256 = Sha256Hex(csv);
    request.actor = "test";
    request.today = "2026-09-01";
    auto outcome = import::ApplyImport(*db_, request, *settings, *roster);
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    ASSERT_EQ(outcome->status, "applied");
  }

  std::string staff_;
};

TEST_P(CustomerPagesTest, EveryTabsFieldsRoundTrip) {
  store::Customer student = AddStudent();
  const long long id = student.id;
  const std::string palet = std::to_string(palet_);

  // Tab 1 Klant.
  auto saved = SaveTab(id, "klant",
                       {{"kind", "other"},
                        {"card_number", "2999 0007 777"},
                        {"card_blocked", "1"},
                        {"card_blocked_reason", "Pas kwijt"},
                        {"home_branch_id", palet},
                        {"school_branch_id", palet}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(saved->get_header_value("Location"),
            RecordPath(id, "klant") + "&saved=1");
  store::Customer c = Stored(id);
  EXPECT_EQ(c.kind, "other");
  EXPECT_EQ(c.card_number, "29990007777");
  EXPECT_TRUE(c.card_blocked);
  EXPECT_EQ(c.card_blocked_reason, "Pas kwijt");
  EXPECT_EQ(c.home_branch_id, palet_);
  EXPECT_EQ(c.school_branch_id, palet_);
  // Fields the import never writes are not protected.
  EXPECT_EQ(c.locked_fields, "");

  // Tab 2 NAW-gegevens.
  saved = SaveTab(id, "naw",
                  {{"call_name", "Tessa"},
                   {"first_names", "Tessa  Maria"},
                   {"initials", "T.M."},
                   {"name_prefix", "de"},
                   {"last_name", "Proefpersoon"},
                   {"birth_date", "07-08-2018"},
                   {"sex", "V"},
                   {"street", "Testlaan"},
                   {"house_number", "5"},
                   {"house_number_suffix", "b"},
                   {"postcode", "1234ab"},
                   {"city", "Demostad"},
                   {"phone", "010-7654321"},
                   {"mobile", "06-87654321"},
                   {"email", "ouder.tessa@example.org"}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  c = Stored(id);
  EXPECT_EQ(c.call_name, "Tessa");
  EXPECT_EQ(c.first_names, "Tessa Maria");
  EXPECT_EQ(c.initials, "T.M.");
  EXPECT_EQ(c.name_prefix, "de");
  EXPECT_EQ(c.last_name, "Proefpersoon");
  EXPECT_EQ(c.birth_date, "2018-08-07");
  EXPECT_EQ(c.sex, "V");
  EXPECT_EQ(c.street, "Testlaan");
  EXPECT_EQ(c.house_number, "5");
  EXPECT_EQ(c.house_number_suffix, "b");
  EXPECT_EQ(c.postcode, "1234 AB");
  EXPECT_EQ(c.city, "Demostad");
  EXPECT_EQ(c.phone, "010-7654321");
  EXPECT_EQ(c.mobile, "06-87654321");
  EXPECT_EQ(c.email, "ouder.tessa@example.org");

  // Tab 3 Contributie.
  saved = SaveTab(id, "contributie",
                  {{"subscription_type", "jeugd"},
                   {"subscription_start", "2026-09-01"},
                   {"subscription_end", "31-08-2027"},
                   {"fees_due_cents", "2,50"}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  c = Stored(id);
  EXPECT_EQ(c.subscription_type, "jeugd");
  EXPECT_EQ(c.subscription_start, "2026-09-01");
  EXPECT_EQ(c.subscription_end, "2027-08-31");
  EXPECT_EQ(c.fees_due_cents, 250);

  // Tab 4 Overig.
  saved = SaveTab(id, "overig",
                  {{"remarks", "Regel een\r\nRegel twee"},
                   {"classification", "leerling"},
                   {"preferred_language", "nl_BE"}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  c = Stored(id);
  EXPECT_EQ(c.remarks, "Regel een\nRegel twee");
  EXPECT_EQ(c.classification, "leerling");
  EXPECT_EQ(c.preferred_language, "nl_BE");

  // Tab 6 Eigenschappen-1: the consent, with when and by whom.
  saved = SaveTab(id, "eigenschappen-1", {{"public_consent", "yes"}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  c = Stored(id);
  EXPECT_EQ(c.public_consent, "yes");
  EXPECT_EQ(c.public_consent_at, clock_.Now());
  EXPECT_NE(c.public_consent_source.find("medewerker"), std::string::npos);

  // Tab 7 Eigenschappen-2: an unticked box is false, a ticked one true.
  saved = SaveTab(id, "eigenschappen-2",
                  {{"reservation_messages", "1"},
                   {"external_number", "EXT-0815"},
                   {"external_number_2", "445566"},
                   {"year_group", "5"},
                   {"group_key", "5B"},
                   {"group_name", "Groep 5b"},
                   {"upload_branch_id", palet}});
  ASSERT_EQ(saved->status, 303) << saved->body;
  c = Stored(id);
  EXPECT_FALSE(c.print_slips);
  EXPECT_TRUE(c.reservation_messages);
  EXPECT_EQ(c.external_number, "EXT-0815");
  EXPECT_EQ(c.external_number_2, "445566");
  EXPECT_EQ(c.year_group, "5");
  EXPECT_EQ(c.group_key, "5B");
  EXPECT_EQ(c.group_name, "Groep 5b");
  EXPECT_EQ(c.upload_branch_id, palet_);

  // What the import also writes is protected now; nothing else.
  std::set<std::string> locked;
  std::stringstream list(c.locked_fields);
  for (std::string name; std::getline(list, name, ',');) locked.insert(name);
  EXPECT_EQ(locked, (std::set<std::string>{
                        "call_name", "first_names", "initials", "name_prefix",
                        "last_name", "birth_date", "sex", "street",
                        "house_number", "house_number_suffix", "postcode",
                        "city", "phone", "mobile", "email", "public_consent",
                        "year_group", "group_key", "group_name"}));

  // The pages show what was saved, in the form people write it.
  std::map<std::string, std::vector<std::string>> shown = {
      {"klant",
       {"value=\"29990007777\"", "value=\"Pas kwijt\"",
        "name=\"card_blocked\" type=\"checkbox\" value=\"1\" checked",
        "<option value=\"other\" selected>",
        "<option value=\"" + palet + "\" selected>"}},
      {"naw",
       {"value=\"Tessa Maria\"", "value=\"07-08-2018\"", "value=\"1234 AB\"",
        "<option value=\"V\" selected>", "value=\"ouder.tessa@example.org\""}},
      {"contributie",
       {"value=\"jeugd\"", "value=\"01-09-2026\"", "value=\"31-08-2027\"",
        "value=\"2,50\""}},
      {"overig",
       {"Regel een\nRegel twee</textarea>",
        "<option value=\"nl_BE\" selected>"}},
      {"eigenschappen-1",
       {"<option value=\"yes\" selected>", "backoffice medewerker"}},
      {"eigenschappen-2",
       {"value=\"EXT-0815\"", "value=\"445566\"", "value=\"Groep 5b\"",
        "name=\"reservation_messages\" type=\"checkbox\" value=\"1\" checked",
        "name=\"print_slips\" type=\"checkbox\" value=\"1\">"}},
  };
  for (const auto& [tab, needles] : shown) {
    auto page = Get(staff_, RecordPath(id, tab));
    ASSERT_EQ(page->status, 200) << tab;
    EXPECT_NE(page->body.find("aria-current=\"page\""), std::string::npos);
    for (const std::string& needle : needles) {
      EXPECT_NE(page->body.find(needle), std::string::npos)
          << tab << " lacks " << needle;
    }
  }
  auto naw = Get(staff_, RecordPath(id, "naw"));
  EXPECT_NE(naw->body.find("Beschermd: de import overschrijft dit veld niet."),
            std::string::npos);

  // Six saves, each audited with field names and never a value.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'customer.update'"),
            6);
  std::string details;
  db_->sql() << "SELECT details_json FROM audit_event WHERE action = "
                "'customer.update' AND details_json LIKE '%call_name%'",
      soci::into(details);
  EXPECT_NE(details.find("\"birth_date\""), std::string::npos);
  for (const char* value : {"Tessa", "Proefpersoon", "2018-08-07", "1234 AB",
                            "ouder.tessa", "Testlaan"}) {
    EXPECT_EQ(details.find(value), std::string::npos) << value;
  }
}

TEST_P(CustomerPagesTest, SearchFindsTheStudentNumberButNotTheExternalNumber) {
  store::Customer student = AddStudent();
  // Extern nummer cannot be searched on.
  std::string by_external = Search("EXT-4711");
  EXPECT_FALSE(Lists(by_external, student.id));
  EXPECT_NE(by_external.find("Geen klanten gevonden"), std::string::npos);
  // Extern nummer-2 is the student number.
  EXPECT_TRUE(Lists(Search("123987"), student.id));
  EXPECT_TRUE(Lists(Search("29990001001"), student.id));
  EXPECT_TRUE(Lists(Search("proefLEERLING"), student.id));
  EXPECT_TRUE(Lists(Search("Testje Proef"), student.id));
  EXPECT_FALSE(Lists(Search("Testje Anders"), student.id));
  // An empty search lists no one.
  EXPECT_FALSE(Lists(Search(""), student.id));
  // The form posts its words (often a child's name); words in the address
  // are not searched, so no link or bookmark carries a name.
  std::string form = Get(staff_, "/backoffice/customers?q=Proefleerling")->body;
  EXPECT_FALSE(Lists(form, student.id));
  EXPECT_NE(form.find("method=\"post\" action=\"/backoffice/customers\""),
            std::string::npos);
}

TEST_P(CustomerPagesTest, HtmlInANameIsShownAsText) {
  store::Customer student = AddStudent("<script>alert(1)</script>");
  std::string found = Search("123987");
  ASSERT_TRUE(Lists(found, student.id));
  EXPECT_EQ(found.find("<script>alert"), std::string::npos);
  EXPECT_NE(found.find("&lt;script&gt;alert(1)&lt;"), std::string::npos);
  for (const char* tab : {"klant", "naw"}) {
    auto page = Get(staff_, RecordPath(student.id, tab));
    ASSERT_EQ(page->status, 200);
    EXPECT_EQ(page->body.find("<script>alert"), std::string::npos) << tab;
    EXPECT_NE(page->body.find("&lt;script&gt;"), std::string::npos) << tab;
  }
}

TEST_P(CustomerPagesTest, AFieldEditedHereSurvivesTheNextImport) {
  const std::string header =
      "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;TELEFOON\n";
  Import(header + "5001;5A;Groep 5A;5;Ab;Bos;0101111111\n");
  auto found = store::FindByExternalNumber2(*db_, library_id_, "5001", kievit_);
  ASSERT_TRUE(found.ok() && found->size() == 1);
  const long long id = found->front().id;
  store::Customer imported = found->front();

  // Staff correct the call name by hand; the rest of the tab as it was.
  ASSERT_EQ(
      SaveTab(id, "naw", With(NawForm(imported), "call_name", "Abel"))->status,
      303);
  EXPECT_EQ(Stored(id).locked_fields, "call_name");
  auto page = Get(staff_, RecordPath(id, "naw"));
  EXPECT_NE(page->body.find("id=\"f-call_name-locked\""), std::string::npos);
  EXPECT_EQ(page->body.find("id=\"f-phone-locked\""), std::string::npos);
  EXPECT_NE(page->body.find("Beschermd tegen de import: Roepnaam"),
            std::string::npos);

  // The school's next file still says "Ab"; its new phone number is taken.
  Import(header + "5001;5A;Groep 5A;5;Ab;Bos;0102222222\n");
  store::Customer after = Stored(id);
  EXPECT_EQ(after.call_name, "Abel");
  EXPECT_EQ(after.phone, "0102222222");

  // Staff lift the protection; the import after that may write it again.
  httplib::Params lift = NawForm(after);
  lift.emplace("unlock", "call_name");
  ASSERT_EQ(SaveTab(id, "naw", lift)->status, 303);
  EXPECT_EQ(Stored(id).locked_fields, "");
  Import(header + "5001;5A;Groep 5A;5;Ab;Bos;0102222222\n");
  EXPECT_EQ(Stored(id).call_name, "Ab");
}

TEST_P(CustomerPagesTest, WrongInputIsRefusedPerFieldAndTheFormKept) {
  store::Customer student = AddStudent();
  httplib::Params wrong = NawForm(student);
  wrong = With(wrong, "birth_date", "31-02-2018");
  wrong = With(wrong, "postcode", "12345");
  wrong = With(wrong, "email", "a@example.org\r\nBcc: b@example.org");
  wrong = With(wrong, "sex", "Q");
  wrong = With(wrong, "city", "Demo\nstad");
  auto res = SaveTab(student.id, "naw", wrong);
  ASSERT_EQ(res->status, 422);
  for (const char* message :
       {"Vul een bestaande datum in als dd-mm-jjjj",
        "Vul een postcode in als vier cijfers en twee letters",
        "Vul één e-mailadres in", "Kies een van de mogelijkheden",
        "Gebruik één regel", "er is nog niets opgeslagen"}) {
    EXPECT_NE(res->body.find(message), std::string::npos) << message;
  }
  EXPECT_NE(res->body.find("value=\"31-02-2018\""), std::string::npos);
  EXPECT_NE(res->body.find("value=\"12345\""), std::string::npos);
  EXPECT_NE(res->body.find("href=\"#f-postcode\""), std::string::npos);
  EXPECT_NE(res->body.find("aria-invalid=\"true\""), std::string::npos);
  store::Customer unchanged = Stored(student.id);
  EXPECT_EQ(unchanged.birth_date, "2017-03-04");
  EXPECT_EQ(unchanged.updated_at, student.updated_at);
  EXPECT_EQ(unchanged.locked_fields, "");

  // Two addresses are not one; an empty last name is not a name.
  res = SaveTab(student.id, "naw",
                With(With(NawForm(student), "last_name", " "), "email",
                     "a@example.org, b@example.org"));
  ASSERT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("Vul de achternaam in."), std::string::npos);
  EXPECT_NE(res->body.find("Vul één e-mailadres in"), std::string::npos);

  res = SaveTab(student.id, "contributie", {{"fees_due_cents", "twee euro"}});
  ASSERT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("Vul een bedrag in euro in"), std::string::npos);

  // A card number of another customer.
  store::Customer second;
  second.library_id = library_id_;
  second.last_name = "Tweede";
  second.card_number = "29990002002";
  ASSERT_TRUE(store::AddCustomer(*db_, second).ok());
  res = SaveTab(student.id, "klant",
                {{"kind", "student"}, {"card_number", "29990002002"}});
  ASSERT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("Dit pasnummer is al van een andere klant."),
            std::string::npos);
  EXPECT_EQ(Stored(student.id).card_number, "29990001001");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'customer.update'"),
            0);
}

TEST_P(CustomerPagesTest, ASaveOnAChangedRecordIsRefused) {
  store::Customer student = AddStudent();
  auto page = Get(staff_, RecordPath(student.id, "naw"));
  std::smatch match;
  std::regex version(R"re(name="version" value="(\d+)")re");
  ASSERT_TRUE(std::regex_search(page->body, match, version));
  httplib::Params form = With(NawForm(student), "call_name", "Ander");
  form.emplace("tab", "naw");
  form.emplace("version", std::to_string(student.updated_at - 1));
  auto res = PostForm(staff_, RecordPath(student.id), form);
  EXPECT_EQ(res->status, 409);
  EXPECT_NE(res->body.find("intussen gewijzigd"), std::string::npos);
  EXPECT_EQ(Stored(student.id).call_name, "Testje");
}

TEST_P(CustomerPagesTest, NoticesAreAddedWithAuthorAndDate) {
  store::Customer student = AddStudent();
  auto res = PostForm(staff_, RecordPath(student.id) + "/notices",
                      {{"body", "Boek <b>kwijt</b>, ouders gebeld."}});
  ASSERT_EQ(res->status, 303);
  std::string location = res->get_header_value("Location");
  EXPECT_EQ(location, RecordPath(student.id, "meldingen") + "&added=1");
  auto notices = store::ListNotices(*db_, student.id);
  ASSERT_TRUE(notices.ok());
  ASSERT_EQ(notices->size(), 1u);
  auto staff = store::FindAccountByLogin(*db_, "medewerker");
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(notices->front().author_account_id, staff->id);
  auto page = Get(staff_, location);
  EXPECT_NE(page->body.find("Boek &lt;b&gt;kwijt&lt;"), std::string::npos);
  EXPECT_EQ(page->body.find("<b>kwijt"), std::string::npos);
  EXPECT_NE(page->body.find("Medewerker Demostad"), std::string::npos);
  EXPECT_NE(page->body.find(FormatDate(notices->front().created_at)),
            std::string::npos);
  EXPECT_NE(page->body.find("De melding is toegevoegd."), std::string::npos);

  auto empty = PostForm(staff_, RecordPath(student.id) + "/notices",
                        {{"body", "  \r\n "}});
  EXPECT_EQ(empty->status, 422);
  EXPECT_NE(empty->body.find("Schrijf eerst de tekst van de melding."),
            std::string::npos);
  std::string details;
  db_->sql() << "SELECT details_json FROM audit_event WHERE action = "
                "'customer.notice'",
      soci::into(details);
  EXPECT_EQ(details.find("kwijt"), std::string::npos);
}

TEST_P(CustomerPagesTest, MembershipsShowTheirHistory) {
  store::Customer student = AddStudent();
  store::Membership ended;
  ended.customer_id = student.id;
  ended.scope = "school";
  ended.branch_id = palet_;
  ended.started_on = "2022-09-01";
  ended.ended_on = "2025-07-15";
  ended.end_reason = "Naar een andere school";
  ASSERT_TRUE(store::AddMembership(*db_, ended).ok());
  store::Membership current;
  current.customer_id = student.id;
  current.scope = "public";
  current.branch_id = kievit_;
  current.started_on = "2025-09-01";
  current.consent_based = true;
  ASSERT_TRUE(store::AddMembership(*db_, current).ok());
  auto page = Get(staff_, RecordPath(student.id));
  ASSERT_EQ(page->status, 200);
  for (const char* text :
       {"Lidmaatschappen", "Schoolbibliotheek", "Openbare bibliotheek",
        "01-09-2022", "15-07-2025", "Naar een andere school", "loopt nog",
        "met toestemming", "Kindcentrum Het Palet"}) {
    EXPECT_NE(page->body.find(text), std::string::npos) << text;
  }
}

TEST_P(CustomerPagesTest, ATeacherMayNotUseTheCustomerPages) {
  store::Customer student = AddStudent();
  std::string teacher = TeacherSession();
  ASSERT_FALSE(teacher.empty());
  EXPECT_EQ(Get(teacher, "/backoffice/customers")->status, 403);
  EXPECT_EQ(
      PostForm(teacher, "/backoffice/customers", {{"q", "123987"}})->status,
      403);
  EXPECT_EQ(Get(teacher, RecordPath(student.id))->status, 403);
  EXPECT_EQ(Get(teacher, RecordPath(student.id, "naw"))->status, 403);
  EXPECT_EQ(PostForm(teacher, RecordPath(student.id),
                     {{"tab", "naw"}, {"last_name", "Gewijzigd"}})
                ->status,
            403);
  EXPECT_EQ(PostForm(teacher, RecordPath(student.id) + "/notices",
                     {{"body", "hallo"}})
                ->status,
            403);
  EXPECT_EQ(Stored(student.id).last_name, "Proefleerling");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_notice"), 0);
  // Without a session: to the login page.
  EXPECT_EQ(Client().Get("/backoffice/customers")->status, 303);
}

TEST_P(CustomerPagesTest, StaffOfAnotherLibraryFindNothing) {
  store::Customer student = AddStudent();
  std::string stranger = StrangerSession();
  ASSERT_FALSE(stranger.empty());
  for (const char* tab : {"", "klant", "naw", "contributie", "overig",
                          "meldingen", "eigenschappen-1", "eigenschappen-2"}) {
    EXPECT_EQ(Get(stranger, RecordPath(student.id, tab))->status, 404) << tab;
  }
  EXPECT_EQ(PostForm(stranger, RecordPath(student.id),
                     {{"tab", "naw"}, {"last_name", "Gewijzigd"}})
                ->status,
            404);
  EXPECT_EQ(PostForm(stranger, RecordPath(student.id) + "/notices",
                     {{"body", "hallo"}})
                ->status,
            404);
  auto search = PostForm(stranger, "/backoffice/customers", {{"q", "123987"}});
  EXPECT_EQ(search->status, 200);
  EXPECT_FALSE(Lists(search->body, student.id));
  EXPECT_EQ(Stored(student.id).last_name, "Proefleerling");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_notice"), 0);
  // An id that does not exist looks the same.
  EXPECT_EQ(Get(staff_, RecordPath(student.id + 1000))->status, 404);
}

TEST_P(CustomerPagesTest, ASaveWithoutTheCsrfTokenIsRefused) {
  store::Customer student = AddStudent();
  auto res = Client().Post(
      RecordPath(student.id), Cookie(staff_),
      httplib::Params{{"tab", "naw"}, {"last_name", "Gewijzigd"}});
  EXPECT_EQ(res->status, 403);
  res = Client().Post(RecordPath(student.id) + "/notices", Cookie(staff_),
                      httplib::Params{{"body", "hallo"}, {"csrf", "fout"}});
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(Stored(student.id).last_name, "Proefleerling");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_notice"), 0);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, CustomerPagesTest);

}  // namespace
}  // namespace schoolbieb::web
