#include "store/customer_store.h"

#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/person_data.h"
#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

class CustomerStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    library_.code = "demo";
    library_.name = "Bibliotheek Demostad";
    ASSERT_TRUE(AddLibrary(db(), library_).ok());
    for (const char* code : {"de-kievit", "het-palet"}) {
      Branch school;
      school.library_id = library_.id;
      school.code = code;
      school.name = code;
      ASSERT_TRUE(AddBranch(db(), school).ok());
      schools_.push_back(school);
    }
  }

  // A student with a distinct value in every field of the seven tabs.
  Customer FullStudent() {
    Customer c;
    c.library_id = library_.id;
    c.kind = "student";
    c.card_number = "29990001234";
    c.card_blocked = true;
    c.card_blocked_reason = "pas kwijt";
    c.home_branch_id = schools_[0].id;
    c.school_branch_id = schools_[0].id;
    c.call_name = "Saar";
    c.first_names = "Sara Johanna";
    c.initials = "S.J.";
    c.name_prefix = "van der";
    c.last_name = "Voorbeeld";
    c.birth_date = "2018-08-07";
    c.sex = "V";
    c.street = "Proefstraat";
    c.house_number = "12";
    c.house_number_suffix = "A";
    c.postcode = "1234 AB";
    c.city = "Demostad";
    c.phone = "010-1234567";
    c.mobile = "06-12345678";
    c.email = "ouder@example.org";
    c.subscription_type = "jeugd";
    c.subscription_start = "2026-09-01";
    c.subscription_end = "2027-08-31";
    c.fees_due_cents = 250;
    c.remarks = "Overig: testklant";
    c.public_consent = "yes";
    c.public_consent_at = 1788000000;
    c.public_consent_source = "import";
    c.print_slips = false;
    c.reservation_messages = false;
    c.external_number = "EXT-1";
    c.external_number_2 = "9090";
    c.year_group = "4";
    c.group_key = "49";
    c.group_name = "Groep 4a";
    c.upload_branch_id = schools_[1].id;
    c.classification = "leerling";
    c.preferred_language = "nl_BE";
    c.locked_fields = "email";
    return c;
  }

  Library library_;
  std::vector<Branch> schools_;
};

void ExpectSameFields(const Customer& a, const Customer& b) {
  EXPECT_EQ(a.library_id, b.library_id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.card_number, b.card_number);
  EXPECT_EQ(a.card_blocked, b.card_blocked);
  EXPECT_EQ(a.card_blocked_reason, b.card_blocked_reason);
  EXPECT_EQ(a.home_branch_id, b.home_branch_id);
  EXPECT_EQ(a.school_branch_id, b.school_branch_id);
  EXPECT_EQ(a.call_name, b.call_name);
  EXPECT_EQ(a.first_names, b.first_names);
  EXPECT_EQ(a.initials, b.initials);
  EXPECT_EQ(a.name_prefix, b.name_prefix);
  EXPECT_EQ(a.last_name, b.last_name);
  EXPECT_EQ(a.birth_date, b.birth_date);
  EXPECT_EQ(a.sex, b.sex);
  EXPECT_EQ(a.street, b.street);
  EXPECT_EQ(a.house_number, b.house_number);
  EXPECT_EQ(a.house_number_suffix, b.house_number_suffix);
  EXPECT_EQ(a.postcode, b.postcode);
  EXPECT_EQ(a.city, b.city);
  EXPECT_EQ(a.phone, b.phone);
  EXPECT_EQ(a.mobile, b.mobile);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.subscription_type, b.subscription_type);
  EXPECT_EQ(a.subscription_start, b.subscription_start);
  EXPECT_EQ(a.subscription_end, b.subscription_end);
  EXPECT_EQ(a.fees_due_cents, b.fees_due_cents);
  EXPECT_EQ(a.remarks, b.remarks);
  EXPECT_EQ(a.public_consent, b.public_consent);
  EXPECT_EQ(a.public_consent_at, b.public_consent_at);
  EXPECT_EQ(a.public_consent_source, b.public_consent_source);
  EXPECT_EQ(a.print_slips, b.print_slips);
  EXPECT_EQ(a.reservation_messages, b.reservation_messages);
  EXPECT_EQ(a.external_number, b.external_number);
  EXPECT_EQ(a.external_number_2, b.external_number_2);
  EXPECT_EQ(a.year_group, b.year_group);
  EXPECT_EQ(a.group_key, b.group_key);
  EXPECT_EQ(a.group_name, b.group_name);
  EXPECT_EQ(a.upload_branch_id, b.upload_branch_id);
  EXPECT_EQ(a.classification, b.classification);
  EXPECT_EQ(a.preferred_language, b.preferred_language);
  EXPECT_EQ(a.locked_fields, b.locked_fields);
}

TEST_P(CustomerStoreTest, EveryFieldOfTheSevenTabsRoundTrips) {
  Customer written = FullStudent();
  ASSERT_TRUE(AddCustomer(db(), written).ok());
  ASSERT_GT(written.id, 0);
  auto read = GetCustomer(db(), written.id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSameFields(written, *read);
  EXPECT_EQ(read->created_at, written.created_at);

  Customer changed = *read;
  changed.call_name = "Sara";
  changed.name_prefix = "";
  changed.birth_date = "";
  changed.card_number = "";
  changed.card_blocked = false;
  changed.print_slips = true;
  changed.upload_branch_id = 0;
  changed.public_consent = "no";
  changed.year_group = "5";
  ASSERT_TRUE(UpdateCustomer(db(), changed).ok());
  auto reread = GetCustomer(db(), written.id);
  ASSERT_TRUE(reread.ok());
  ExpectSameFields(changed, *reread);
}

TEST_P(CustomerStoreTest, NamesWithAccentsAndApostrophesSurvive) {
  Customer c = FullStudent();
  c.call_name = "Zoë";
  c.name_prefix = "'t";
  c.last_name = "Hooft-Ünal";
  ASSERT_TRUE(AddCustomer(db(), c).ok());
  auto read = GetCustomer(db(), c.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->call_name, "Zoë");
  EXPECT_EQ(read->name_prefix, "'t");
  EXPECT_EQ(read->last_name, "Hooft-Ünal");
}

TEST_P(CustomerStoreTest, CardNumbersAreUniqueButMayBeMissing) {
  Customer first = FullStudent();
  ASSERT_TRUE(AddCustomer(db(), first).ok());
  Customer second = FullStudent();
  Status status = AddCustomer(db(), second);
  EXPECT_EQ(status.code(), Status::Code::kAlreadyExists);
  EXPECT_NE(status.message().nl.find("pasnummer"), std::string::npos);

  Customer no_card_1 = FullStudent();
  no_card_1.card_number = "";
  Customer no_card_2 = FullStudent();
  no_card_2.card_number = "";
  EXPECT_TRUE(AddCustomer(db(), no_card_1).ok());
  EXPECT_TRUE(AddCustomer(db(), no_card_2).ok());
}

TEST_P(CustomerStoreTest, StudentNumberIsFoundWithinTheSchool) {
  Customer saar = FullStudent();
  ASSERT_TRUE(AddCustomer(db(), saar).ok());
  Customer other_school = FullStudent();
  other_school.card_number = "29990009999";
  other_school.school_branch_id = schools_[1].id;
  ASSERT_TRUE(AddCustomer(db(), other_school).ok());

  auto in_library = FindByExternalNumber2(db(), library_.id, "9090");
  ASSERT_TRUE(in_library.ok());
  EXPECT_EQ(in_library->size(), 2u);
  auto in_school =
      FindByExternalNumber2(db(), library_.id, "9090", schools_[0].id);
  ASSERT_TRUE(in_school.ok());
  ASSERT_EQ(in_school->size(), 1u);
  EXPECT_EQ(in_school->front().id, saar.id);
  // Leading zeros are part of the number: "09090" is another number.
  auto padded = FindByExternalNumber2(db(), library_.id, "09090");
  ASSERT_TRUE(padded.ok());
  EXPECT_TRUE(padded->empty());
  // Extern nummer (not -2) is not searchable through this.
  auto external = FindByExternalNumber2(db(), library_.id, "EXT-1");
  ASSERT_TRUE(external.ok());
  EXPECT_TRUE(external->empty());
}

// The desk's search: name words in any case, the card number, the student
// number (Extern nummer-2) — never Extern nummer; own library only; LIKE's
// wildcards are plain characters.
TEST_P(CustomerStoreTest, SearchFindsByNameCardAndStudentNumberOnly) {
  Customer saar = FullStudent();  // Saar van der Voorbeeld, 9090, EXT-1
  ASSERT_TRUE(AddCustomer(db(), saar).ok());
  Customer bram;
  bram.library_id = library_.id;
  bram.call_name = "Bram";
  bram.last_name = "Proef_Vijf%";
  bram.card_number = "29990005555";
  bram.external_number = "EXT-2";
  bram.external_number_2 = "7070";
  ASSERT_TRUE(AddCustomer(db(), bram).ok());
  Library other;
  other.code = "elders";
  other.name = "Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());
  Customer stranger = FullStudent();
  stranger.library_id = other.id;
  stranger.home_branch_id = stranger.school_branch_id = 0;
  stranger.upload_branch_id = 0;
  ASSERT_TRUE(AddCustomer(db(), stranger).ok());

  auto ids = [&](std::string_view query) {
    auto found = SearchCustomers(db(), library_.id, query, 50);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    std::vector<long long> out;
    if (found.ok()) {
      for (const Customer& c : *found) out.push_back(c.id);
    }
    return out;
  };
  using Ids = std::vector<long long>;
  EXPECT_EQ(ids("voorbeeld"), Ids{saar.id});
  EXPECT_EQ(ids("SAAR"), Ids{saar.id});
  EXPECT_EQ(ids("Van der Voorbeeld"), Ids{saar.id});
  EXPECT_EQ(ids("Voorbeeld, van der"), Ids{saar.id});
  EXPECT_EQ(ids("Saar Voorb"), Ids{saar.id});
  EXPECT_EQ(ids("Johanna"), Ids{saar.id});  // a first name
  EXPECT_EQ(ids("Saar Bram"), Ids{});       // every word must match
  EXPECT_EQ(ids("29990001234"), Ids{saar.id});
  EXPECT_EQ(ids("2999 0001 234"), Ids{saar.id});
  EXPECT_EQ(ids("9090"), Ids{saar.id});
  EXPECT_EQ(ids("7070"), Ids{bram.id});
  // Extern nummer cannot be searched on.
  EXPECT_EQ(ids("EXT-1"), Ids{});
  EXPECT_EQ(ids("EXT-2"), Ids{});
  // Wildcards match themselves only.
  EXPECT_EQ(ids("%"), Ids{bram.id});
  EXPECT_EQ(ids("a_r"), Ids{});  // "_" would match "aar" in Saar
  EXPECT_EQ(ids("proef_vijf"), Ids{bram.id});
  EXPECT_EQ(ids("   "), Ids{});
  EXPECT_EQ(ids(""), Ids{});
  // At most `limit`, by last name.
  auto one = SearchCustomers(db(), library_.id, "a", 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().id, bram.id);
}

TEST_P(CustomerStoreTest, UploadRightIsSetAndRevoked) {
  Customer teacher = FullStudent();
  teacher.kind = "teacher";
  teacher.upload_branch_id = 0;
  ASSERT_TRUE(AddCustomer(db(), teacher).ok());
  ASSERT_TRUE(SetUploadBranch(db(), teacher.id, schools_[1].id).ok());
  EXPECT_EQ(GetCustomer(db(), teacher.id)->upload_branch_id, schools_[1].id);
  ASSERT_TRUE(SetUploadBranch(db(), teacher.id, 0).ok());
  EXPECT_EQ(GetCustomer(db(), teacher.id)->upload_branch_id, 0);
  EXPECT_EQ(SetUploadBranch(db(), teacher.id, 987654).code(),
            Status::Code::kFailedPrecondition);
  EXPECT_EQ(SetUploadBranch(db(), 987654, schools_[1].id).code(),
            Status::Code::kNotFound);
}

TEST_P(CustomerStoreTest, MembershipsKeepTheirHistory) {
  Customer c = FullStudent();
  ASSERT_TRUE(AddCustomer(db(), c).ok());
  Membership school;
  school.customer_id = c.id;
  school.scope = "school";
  school.branch_id = schools_[0].id;
  school.started_on = "2025-09-01";
  school.ended_on = "2026-07-10";
  school.end_reason = "left school";
  ASSERT_TRUE(AddMembership(db(), school).ok());
  Membership publik;
  publik.customer_id = c.id;
  publik.scope = "public";
  publik.branch_id = schools_[0].id;
  publik.started_on = "2025-09-01";
  publik.consent_based = true;
  ASSERT_TRUE(AddMembership(db(), publik).ok());

  auto list = ListMemberships(db(), c.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].scope, "school");
  EXPECT_EQ((*list)[0].ended_on, "2026-07-10");
  EXPECT_EQ((*list)[0].end_reason, "left school");
  EXPECT_EQ((*list)[1].scope, "public");
  EXPECT_EQ((*list)[1].ended_on, "");
  EXPECT_TRUE((*list)[1].consent_based);

  Membership orphan = publik;
  orphan.customer_id = 987654;
  EXPECT_EQ(AddMembership(db(), orphan).code(),
            Status::Code::kFailedPrecondition);
  Membership bad_scope = publik;
  bad_scope.scope = "other";
  EXPECT_EQ(AddMembership(db(), bad_scope).code(),
            Status::Code::kInvalidArgument);
}

TEST_P(CustomerStoreTest, NoticesKeepAuthorAndOrder) {
  Customer c = FullStudent();
  ASSERT_TRUE(AddCustomer(db(), c).ok());
  Notice first{0, c.id, "Boek beschadigd teruggebracht", 0, 0};
  Notice second{0, c.id, "Pas vervangen", 0, 0};
  ASSERT_TRUE(AddNotice(db(), first).ok());
  ASSERT_TRUE(AddNotice(db(), second).ok());
  Notice empty{0, c.id, "", 0, 0};
  EXPECT_EQ(AddNotice(db(), empty).code(), Status::Code::kInvalidArgument);
  auto notices = ListNotices(db(), c.id);
  ASSERT_TRUE(notices.ok());
  ASSERT_EQ(notices->size(), 2u);
  EXPECT_EQ((*notices)[0].body, "Boek beschadigd teruggebracht");
  EXPECT_EQ((*notices)[1].body, "Pas vervangen");
}

TEST_P(CustomerStoreTest, InnerFailureRollsBackTheWholeTransaction) {
  {
    Transaction outer(db());
    Customer c = FullStudent();
    ASSERT_TRUE(AddCustomer(db(), c).ok());
    {
      Transaction inner(db());
      // Left without Commit(): dooms the outer transaction.
    }
    EXPECT_THROW(outer.Commit(), soci::soci_error);
  }
  int n = -1;
  db().sql() << "SELECT COUNT(*) FROM customer", soci::into(n);
  EXPECT_EQ(n, 0);

  {
    Transaction outer(db());
    Customer c = FullStudent();
    ASSERT_TRUE(AddCustomer(db(), c).ok());
    Transaction inner(db());
    inner.Commit();
    outer.Commit();
  }
  db().sql() << "SELECT COUNT(*) FROM customer", soci::into(n);
  EXPECT_EQ(n, 1);
}

TEST_P(CustomerStoreTest, AuditEventsAreListedNewestFirstPerLibrary) {
  AuditEvent a;
  a.library_id = library_.id;
  a.actor = "cli:test";
  a.action = "library.add";
  a.object_kind = "library";
  a.object_id = library_.id;
  ASSERT_TRUE(RecordAudit(db(), a).ok());
  AuditEvent b = a;
  b.action = "branch.add";
  b.details_json = R"({"count":2})";
  ASSERT_TRUE(RecordAudit(db(), b).ok());
  AuditEvent global;
  global.actor = "anonymous";
  global.action = "login.failed";
  ASSERT_TRUE(RecordAudit(db(), global).ok());

  auto events = ListAudit(db(), library_.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, "branch.add");
  EXPECT_EQ((*events)[0].details_json, R"({"count":2})");
  EXPECT_EQ((*events)[1].action, "library.add");
  auto unbound = ListAudit(db(), 0);
  ASSERT_TRUE(unbound.ok());
  ASSERT_EQ(unbound->size(), 1u);
  EXPECT_EQ((*unbound)[0].action, "login.failed");
}

// The data export of one person: every field, the notices, and as CSV with
// formula-like text neutralised while the Dutch prefix 't survives; never
// another library's customer.
TEST_P(CustomerStoreTest, PersonDataHoldsEveryFieldAndItsCsvIsSafe) {
  Customer c = FullStudent();
  c.name_prefix = "'t";
  c.remarks = "=HYPERLINK(\"http://example.org\";\"klik\")";
  c.phone = "+31612345678";
  ASSERT_TRUE(AddCustomer(db(), c).ok());
  Notice notice;
  notice.customer_id = c.id;
  notice.body = "@SUM(1+1)*cmd|' /C calc'!A0";
  ASSERT_TRUE(AddNotice(db(), notice).ok());

  auto data = PersonData(db(), library_.id, c.id);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  for (const auto& [field, value] : CustomerFields(c)) {
    if (field == "updated_at" || field == "created_at") continue;
    EXPECT_EQ((*data)["customer"][field], value) << field;
  }
  ASSERT_EQ((*data)["notices"].size(), 1u);
  EXPECT_EQ((*data)["notices"][0]["body"], notice.body);

  std::string csv = PersonDataCsv(*data);
  EXPECT_NE(csv.find("customer;1;name_prefix;'t\r\n"), std::string::npos);
  EXPECT_NE(csv.find("customer;1;remarks;\"'=HYPERLINK("), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("customer;1;phone;'+31612345678\r\n"), std::string::npos);
  EXPECT_NE(csv.find("notices;1;body;'@SUM("), std::string::npos) << csv;
  // No line of the file starts a cell with a formula character.
  for (const char* bad : {";=", ";+", ";@", "\n=", "\n+", "\n@"}) {
    EXPECT_EQ(csv.find(bad), std::string::npos) << bad;
  }

  Library other;
  other.code = "elders";
  other.name = "Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());
  EXPECT_EQ(PersonData(db(), other.id, c.id).status().code(),
            Status::Code::kNotFound);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, CustomerStoreTest);

}  // namespace
}  // namespace schoolbieb::store
