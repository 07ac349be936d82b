// A school's file touches only its own school, and undo never loses later
// work (issue 18): a card number is no key to another school's pupil, a
// teachers sheet changes only the school's own teachers, and undo restores
// only what the import wrote where nothing changed it since. One library,
// two schools, on both databases.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/migrations.h"
#include "support/test_database.h"
#include "support/test_library.h"

namespace schoolbieb::import {
namespace {

constexpr const char* kHeader =
    "LEERLINGNUMMER;LENERNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;"
    "GEBOORTEDATUM;ADRES;HUISNUMMER;POSTCODE;WOONPLAATS\n";

class IntegrityTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    auto library = testing::AddTestLibrary(*db_);
    ASSERT_TRUE(library.ok()) << library.status().ToString();
    library_id_ = *library;
    kievit_ = AddSchool("kievit", "De Kievit", "99KV");
    palet_ = AddSchool("palet", "Het Palet", "99HP");
  }

  long long AddSchool(const std::string& code, const std::string& name,
                      const std::string& brin) {
    auto school = testing::AddTestSchool(*db_, library_id_, code, name, brin);
    EXPECT_TRUE(school.ok()) << school.status().ToString();
    return school.ok() ? *school : 0;
  }

  Result<ImportPlan> Plan(long long school, const std::string& csv,
                          std::vector<Decision> decisions = {}) {
    auto roster = Read(school, csv);
    if (!roster.ok()) return roster.status();
    return PlanImport(*db_, Request(school, csv, decisions), settings_,
                      *roster);
  }

  Result<ImportOutcome> Import(long long school, const std::string& csv,
                               std::vector<Decision> decisions = {},
                               bool confirm = false) {
    auto roster = Read(school, csv);
    if (!roster.ok()) return roster.status();
    ImportRequest request = Request(school, csv, decisions);
    request.confirm_proposals = confirm;
    return ApplyImport(*db_, request, settings_, *roster);
  }

  Result<roster::Roster> Read(long long school, const std::string& text,
                              std::string name = "leerlingen.csv") {
    formats::ReadOptions read;
    read.file_name = name;
    auto table = formats::ReadTable(text, read);
    if (!table.ok()) return table.status();
    auto settings = LoadSchoolSettings(*db_, school, "2026-09-01");
    if (!settings.ok()) return settings.status();
    settings_ = *settings;
    return Recognise(*table, settings_);
  }

  ImportRequest Request(long long school, const std::string& csv,
                        std::vector<Decision> decisions) {
    ImportRequest request;
    request.library_id = library_id_;
    request.branch_id = school;
    request.file_sha256 = Sha256Hex(csv);
    request.actor = "test";
    request.today = "2026-09-01";
    request.decisions = std::move(decisions);
    return request;
  }

  store::Customer Student(const std::string& number, long long school) {
    auto found =
        store::FindByExternalNumber2(*db_, library_id_, number, school);
    EXPECT_TRUE(found.ok() && found->size() == 1) << number;
    return found.ok() && !found->empty() ? found->front() : store::Customer();
  }

  std::string OpenSchoolMemberships(long long customer_id) {
    std::string out;
    auto memberships = store::ListMemberships(*db_, customer_id);
    for (const store::Membership& m : *memberships) {
      if (m.scope == "school" && m.ended_on.empty()) {
        out += std::to_string(m.branch_id) + ";";
      }
    }
    return out;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  SchoolSettings settings_;
  long long library_id_ = 0;
  long long kievit_ = 0;
  long long palet_ = 0;
};

// A row in Het Palet's file with a Kievit pupil's card number (sequential
// with a check digit, so easy to guess) moves no one: with the pupil's own
// name it is a proposal staff confirm, with another name a conflict.
TEST_P(IntegrityTest, ACardNumberIsNoKeyToAnotherSchoolsPupil) {
  ASSERT_TRUE(Import(kievit_, std::string(kHeader) +
                                  "100;;5A;Groep 5A;5;Anna;Bakker;01-02-2016;"
                                  "Dorpsstraat;1;1234 AB;Demostad\n")
                  .ok());
  store::Customer anna = Student("100", kievit_);
  ASSERT_FALSE(anna.card_number.empty());

  // Her card on a row with another name: a conflict, nothing moves.
  std::string other = std::string(kHeader) + "900;" + anna.card_number +
                      ";4B;Groep 4B;4;Piet;Jansen;03-03-2017;Laan;9;9999 "
                      "ZZ;Elders\n";
  auto plan = Plan(palet_, other);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->counts.conflicts, 1);
  EXPECT_EQ(plan->counts.moved_in, 0);
  EXPECT_EQ(plan->students[0].kind, ChangeKind::kConflict);
  auto applied = Import(palet_, other, {}, /*confirm=*/true);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->plan.counts.conflicts, 1);  // never confirmed blindly
  store::Customer after = Student("100", kievit_);
  EXPECT_EQ(after.last_name, "Bakker");
  EXPECT_EQ(after.street, "Dorpsstraat");
  EXPECT_EQ(OpenSchoolMemberships(after.id), std::to_string(kievit_) + ";");

  // Her card with her name: a proposal naming De Kievit, with what would
  // change; only a decision moves her.
  std::string same = std::string(kHeader) + "901;" + anna.card_number +
                     ";5B;Groep 5B;5;Anna;Bakker;01-02-2016;Laan;9;9999 "
                     "ZZ;Elders\n";
  plan = Plan(palet_, same);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->students[0].kind, ChangeKind::kConflict);
  EXPECT_EQ(plan->students[0].candidates, std::vector<long long>{anna.id});
  EXPECT_FALSE(plan->students[0].changes.empty());
  bool named = false;
  for (const Problem& p : plan->problems) {
    if (p.kind == ProblemKind::kConflict &&
        p.message.nl.find("De Kievit") != std::string::npos) {
      named = true;
    }
  }
  EXPECT_TRUE(named) << "the proposal names the other school";
  EXPECT_EQ(OpenSchoolMemberships(anna.id), std::to_string(kievit_) + ";");
  applied = Import(palet_, same, {{2, anna.id}});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->plan.counts.moved_in, 1);
  EXPECT_EQ(OpenSchoolMemberships(anna.id), std::to_string(palet_) + ";");
}

// A "Leerkrachten" sheet in De Kievit's file naming Het Palet's teacher by
// e-mail address changes nothing of that teacher: listed as a conflict.
TEST_P(IntegrityTest, ATeachersSheetTouchesOnlyItsOwnSchool) {
  auto edex = [](const std::string& brin, const std::string& teacher_key,
                 const std::string& last) {
    return fmt::format(
        R"(<EDEX><school><schooljaar>2026-2027</schooljaar><brincode>{}</brincode></school>
<groepen><groep key="g1"><naam>Groep 1</naam><jaargroep>1</jaargroep></groep></groepen>
<leerlingen><leerling key="1"><achternaam>Kind{}</achternaam><roepnaam>Ik</roepnaam><geboortedatum>2021-01-01</geboortedatum><jaargroep>1</jaargroep><groep key="g1"/></leerling></leerlingen>
<leerkrachten><leerkracht key="{}"><achternaam>{}</achternaam><roepnaam>Tom</roepnaam><emailadres>t.leraar@example.org</emailadres><groepen><groep key="g1"/></groepen></leerkracht></leerkrachten></EDEX>)",
        brin, teacher_key, teacher_key, last);
  };
  auto imported = [&](long long school, const std::string& xml) {
    auto roster = Read(school, xml, "EDEX.XML");
    EXPECT_TRUE(roster.ok()) << roster.status().ToString();
    return ApplyImport(*db_, Request(school, xml, {}), settings_, *roster);
  };
  auto palet = imported(palet_, edex("99HP", "P1", "Leraar"));
  ASSERT_TRUE(palet.ok()) << palet.status().ToString();
  auto teachers = store::ListCustomers(*db_, library_id_, "teacher");
  ASSERT_TRUE(teachers.ok());
  ASSERT_EQ(teachers->size(), 1u);
  const store::Customer tom = teachers->front();
  EXPECT_EQ(tom.upload_branch_id, palet_);

  auto kievit = imported(kievit_, edex("99KV", "K1", "Andersnaam"));
  ASSERT_TRUE(kievit.ok()) << kievit.status().ToString();
  ASSERT_EQ(kievit->plan.teachers.size(), 1u);
  EXPECT_TRUE(kievit->plan.teachers[0].conflict);
  EXPECT_EQ(kievit->plan.teachers[0].other_branch_id, palet_);
  EXPECT_EQ(kievit->plan.counts.teachers_conflicts, 1);
  auto tom_after = store::GetCustomer(*db_, tom.id);
  ASSERT_TRUE(tom_after.ok());
  EXPECT_EQ(tom_after->last_name, "Leraar");
  EXPECT_EQ(tom_after->upload_branch_id, palet_);
  EXPECT_EQ(tom_after->school_branch_id, palet_);
  teachers = store::ListCustomers(*db_, library_id_, "teacher");
  EXPECT_EQ(teachers->size(), 1u);  // nobody created in their place
}

// Undo restores field by field what the import wrote: a staff edit of a
// field the import never touched stays.
TEST_P(IntegrityTest, UndoKeepsAStaffEditOfAnotherField) {
  std::string year1 = std::string(kHeader) +
                      "100;;5A;Groep 5A;5;Anna;Bakker;01-02-2016;Dorpsstraat;"
                      "1;1234 AB;Demostad\n";
  ASSERT_TRUE(Import(kievit_, year1).ok());
  auto year2 = Import(kievit_, std::string(kHeader) +
                                   "100;;6A;Groep 6A;6;Anna;Bakker;01-02-2016;"
                                   "Dorpsstraat;1;1234 AB;Demostad\n");
  ASSERT_TRUE(year2.ok());
  store::Customer anna = Student("100", kievit_);
  anna.phone = "0612345678";  // staff add a phone number after the import
  ASSERT_TRUE(store::UpdateCustomer(*db_, anna).ok());

  auto undone = UndoImport(*db_, year2->import_id, 0, "test");
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  store::Customer after = Student("100", kievit_);
  EXPECT_EQ(after.year_group, "5");
  EXPECT_EQ(after.group_name, "Groep 5A");
  EXPECT_EQ(after.phone, "0612345678");
}

// A staff edit of a field the import wrote, or another school's import of
// the same pupil after it: undo shows who and why, and writes nothing.
TEST_P(IntegrityTest, UndoRefusesWhenLaterWorkWouldBeLost) {
  std::string year1 = std::string(kHeader) +
                      "100;;5A;Groep 5A;5;Anna;Bakker;01-02-2016;;;;\n" +
                      "101;;5A;Groep 5A;5;Bram;Dekker;02-02-2016;;;;\n";
  ASSERT_TRUE(Import(kievit_, year1).ok());
  auto year2 = Import(kievit_, std::string(kHeader) +
                                   "100;;6A;Groep 6A;6;Anna;Bakker;01-02-2016;;"
                                   ";;\n" +
                                   "101;;6A;Groep 6A;6;Bram;Dekker;02-02-2016;;"
                                   ";;\n");
  ASSERT_TRUE(year2.ok());
  // Staff correct Anna's group by hand after the import.
  store::Customer anna = Student("100", kievit_);
  anna.group_name = "Groep 6A (Juf Els)";
  ASSERT_TRUE(store::UpdateCustomer(*db_, anna).ok());

  auto plan = PlanUndo(*db_, year2->import_id);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->blocked.size(), 1u);
  EXPECT_EQ(plan->blocked[0].customer_id, anna.id);
  EXPECT_NE(plan->blocked[0].why.nl.find("group_name"), std::string::npos);
  auto undone = UndoImport(*db_, year2->import_id, 0, "test");
  ASSERT_FALSE(undone.ok());
  EXPECT_EQ(undone.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(undone.status().message().nl.find("Anna Bakker"), std::string::npos)
      << undone.status().message().nl;
  EXPECT_EQ(Student("100", kievit_).group_name, "Groep 6A (Juf Els)");
  EXPECT_EQ(Student("101", kievit_).year_group, "6");  // nothing undone

  // Het Palet's file takes Bram over (confirmed by staff); undoing De
  // Kievit's first import would tear him from his new school.
  store::Customer bram = Student("101", kievit_);
  auto palet = Import(
      palet_,
      std::string(kHeader) + "700;;7C;Groep 7C;7;Bram;Dekker;02-02-2016;;;;\n",
      {{2, bram.id}});
  ASSERT_TRUE(palet.ok()) << palet.status().ToString();
  ASSERT_EQ(palet->plan.counts.moved_in, 1);
  anna.group_name = "Groep 6A";  // staff take their edit back
  ASSERT_TRUE(store::UpdateCustomer(*db_, anna).ok());
  plan = PlanUndo(*db_, year2->import_id);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->blocked.size(), 1u);
  EXPECT_EQ(plan->blocked[0].customer_id, bram.id);
  ASSERT_FALSE(UndoImport(*db_, year2->import_id, 0, "test").ok());
  EXPECT_EQ(OpenSchoolMemberships(bram.id), std::to_string(palet_) + ";");
}

SCHOOLBIEB_ON_BOTH_DATABASES(Import, IntegrityTest);

}  // namespace
}  // namespace schoolbieb::import
