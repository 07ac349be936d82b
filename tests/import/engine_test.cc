// Engine rules that are easier to state in code than as scenario data: card
// numbers, hand-edited fields, blanks, teachers and their upload right, the
// data-changed check between preview and apply, and the per-school lock
// across two connections.
#include "import/engine.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "core/crypto.h"
#include "formats/reader.h"
#include "store/customer_store.h"
#include "store/migrations.h"
#include "store/retention.h"
#include "support/test_database.h"
#include "support/test_library.h"

namespace schoolbieb::import {
namespace {

TEST(CardNumberTest, LuhnCheckDigitAndWidth) {
  EXPECT_EQ(CardNumber("", 7992739871, 9999999999), "79927398713");
  std::string card = CardNumber("2999", 42, 999999);
  EXPECT_EQ(card.size(), 4u + 6u + 1u);
  EXPECT_TRUE(card.starts_with("2999000042"));
  EXPECT_TRUE(CardCheckDigitValid(card));
  std::string wrong = card;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_FALSE(CardCheckDigitValid(wrong));
}

class EngineTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    test_db_ = std::move(created).value();
    db_ = test_db_->Open();
    auto library = testing::AddTestLibrary(*db_);
    ASSERT_TRUE(library.ok()) << library.status().ToString();
    library_id_ = *library;
    auto school = testing::AddTestSchool(*db_, library_id_, "kievit",
                                         "De Kievit", "99KV");
    ASSERT_TRUE(school.ok()) << school.status().ToString();
    branch_id_ = *school;
  }

  Result<ImportOutcome> Import(const std::string& csv, bool dry_run = false,
                               std::string fingerprint = "") {
    formats::ReadOptions read;
    read.file_name = "leerlingen.csv";
    auto table = formats::ReadTable(csv, read);
    if (!table.ok()) return table.status();
    auto settings = LoadSchoolSettings(*db_, branch_id_, "2026-09-01");
    if (!settings.ok()) return settings.status();
    auto roster = Recognise(*table, *settings);
    if (!roster.ok()) return roster.status();
    ImportRequest request = Request(csv);
    if (dry_run) {
      auto plan = PlanImport(*db_, request, *settings, *roster);
      if (!plan.ok()) return plan.status();
      return RecordPreview(*db_, request, *plan);
    }
    return ApplyImport(*db_, request, *settings, *roster, fingerprint);
  }

  ImportRequest Request(const std::string& csv) {
    ImportRequest request;
    request.library_id = library_id_;
    request.branch_id = branch_id_;
    request.file_sha256 = Sha256Hex(csv);
    request.actor = "test";
    request.today = "2026-09-01";
    return request;
  }

  store::Customer Student(const std::string& number) {
    auto found =
        store::FindByExternalNumber2(*db_, library_id_, number, branch_id_);
    EXPECT_TRUE(found.ok() && found->size() == 1);
    return found->front();
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<store::Database> db_;
  long long library_id_ = 0;
  long long branch_id_ = 0;
};

constexpr const char* kHeader =
    "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;EMAIL;TELEFOON\n";

TEST_P(EngineTest, NewStudentsGetValidUniqueCardNumbers) {
  auto outcome = Import(std::string(kHeader) + "1;5A;Groep 5A;5;Ab;Bos;;\n" +
                        "2;5A;Groep 5A;5;Cd;Dam;;\n");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  std::string first = Student("1").card_number;
  std::string second = Student("2").card_number;
  EXPECT_NE(first, second);
  EXPECT_TRUE(CardCheckDigitValid(first));
  EXPECT_TRUE(CardCheckDigitValid(second));
  EXPECT_TRUE(first.starts_with("2999"));
}

TEST_P(EngineTest, BlanksNeverEraseAndHandEditedFieldsStay) {
  ASSERT_TRUE(Import(std::string(kHeader) +
                     "1;5A;Groep 5A;5;Ab;Bos;ouder@example.org;0612345678\n")
                  .ok());
  // Staff corrected the call name by hand.
  store::Customer edited = Student("1");
  edited.call_name = "Abel";
  edited.locked_fields = "call_name";
  ASSERT_TRUE(store::UpdateCustomer(*db_, edited).ok());

  // Next file: the e-mail cell is blank, the phone changed, the call name
  // is still the LAS's.
  auto outcome =
      Import(std::string(kHeader) + "1;6A;Groep 6A;6;Ab;Bos;;0687654321\n");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  store::Customer after = Student("1");
  EXPECT_EQ(after.email, "ouder@example.org");
  EXPECT_EQ(after.phone, "0687654321");
  EXPECT_EQ(after.call_name, "Abel");
  EXPECT_EQ(after.year_group, "6");
}

TEST_P(EngineTest, ApplyRefusesWhenTheDataChangedSinceThePreview) {
  std::string file = std::string(kHeader) + "1;5A;Groep 5A;5;Ab;Bos;;\n";
  auto preview = Import(file, true);
  ASSERT_TRUE(preview.ok());
  std::string fingerprint = preview->plan.fingerprint;
  // Someone else imports another file meanwhile.
  ASSERT_TRUE(Import(std::string(kHeader) + "9;5A;Groep 5A;5;Xy;Zee;;\n").ok());
  auto stale = Import(file, false, fingerprint);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(stale.status().message().nl.find("opnieuw"), std::string::npos);
}

TEST_P(EngineTest, ThePreviewedPlanIsAppliedWhenNothingChanged) {
  std::string file = std::string(kHeader) + "1;5A;Groep 5A;5;Ab;Bos;;\n";
  auto preview = Import(file, true);
  ASSERT_TRUE(preview.ok());
  auto applied = Import(file, false, preview->plan.fingerprint);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->status, "applied");
}

TEST_P(EngineTest, EdexTeachersBecomeCustomersWithTheUploadRight) {
  std::string edex = R"(<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school><schooljaar>2026-2027</schooljaar><brincode>99KV</brincode></school>
  <groepen><groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep></groepen>
  <leerlingen>
    <leerling key="1"><achternaam>Bos</achternaam><roepnaam>Ab</roepnaam><groep key="49"/></leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="75"><achternaam>Meester</achternaam><roepnaam>Karel</roepnaam>
      <emailadres>k.meester@school.example.org</emailadres><groepen><groep key="49"/></groepen></leerkracht>
  </leerkrachten>
</EDEX>
)";
  formats::ReadOptions read;
  read.file_name = "EDEX.XML";
  auto table = formats::ReadTable(edex, read);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto settings = LoadSchoolSettings(*db_, branch_id_, "2026-09-01");
  ASSERT_TRUE(settings.ok());
  auto roster = Recognise(*table, *settings);
  ASSERT_TRUE(roster.ok());
  auto outcome = ApplyImport(*db_, Request(edex), *settings, *roster);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->plan.counts.teachers_new, 1);
  auto teachers = store::ListCustomers(*db_, library_id_, "teacher");
  ASSERT_TRUE(teachers.ok());
  ASSERT_EQ(teachers->size(), 1u);
  EXPECT_EQ(teachers->front().last_name, "Meester");
  EXPECT_EQ(teachers->front().upload_branch_id, branch_id_);
  EXPECT_EQ(teachers->front().email, "k.meester@school.example.org");
}

// Two connections import for the same school at once: on PostgreSQL the
// second is refused at once ("er loopt al een import"); on SQLite it waits
// for the first and then plans on the state the first left. Never both on
// the same starting state.
TEST_P(EngineTest, OneImportPerSchoolAtATime) {
  auto other = test_db_->Open();
  ASSERT_NE(other, nullptr);
  store::Transaction holding(*other);
  if (GetParam() == store::Backend::kPostgresql) {
    int got = 0;
    int key = static_cast<int>(branch_id_);
    other->sql() << "SELECT CASE WHEN pg_try_advisory_xact_lock(21314, :b) "
                    "THEN 1 ELSE 0 END",
        soci::use(key), soci::into(got);
    ASSERT_EQ(got, 1);
    auto refused = Import(std::string(kHeader) + "1;5A;Groep 5A;5;Ab;Bos;;\n");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().nl.find("Er loopt al een import"),
              std::string::npos)
        << refused.status().ToString();
    return;
  }
  // SQLite: the other connection holds the write lock; this import waits
  // (busy timeout) and goes ahead once the lock is released.
  other->sql() << "UPDATE branch SET settings_json = settings_json WHERE id = "
                  ":b",
      soci::use(branch_id_);
  auto pending = std::async(std::launch::async, [&] {
    return Import(std::string(kHeader) + "1;5A;Groep 5A;5;Ab;Bos;;\n");
  });
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(300)),
            std::future_status::timeout);
  holding.Commit();
  auto outcome = pending.get();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->status, "applied");
}

// The writes go out in batches (COPY and multi-row statements): more rows
// than one batch, and text that COPY and SQL must carry exactly — a
// backslash, "\N" (COPY's null), quotes, a tab — through a first import,
// a next year with updates, leavers and newcomers, and both undos.
TEST_P(EngineTest, ManyRowsAndAwkwardTextSurviveApplyAndUndo) {
  const char* kNames[] = {"Bos\\",   "\\N",       "O'Neil",
                          "\"Dam\"", "Van\tDijk", "Smit"};
  auto file = [&](int year) {
    std::string csv =
        "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;ADRES\n";
    for (int index = 0; index < 700; ++index) {
      int group = index % 8 + 1 + year;
      if (group > 8) continue;  // the final year left
      std::string name = kNames[index % std::size(kNames)];
      std::string quoted;
      for (char c : name)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      csv +=
          fmt::format("{};{}A;Groep {}A;{};Kind{};\"{}\";\"Straat\\{}\"\n",
                      1000 + index, group, group, group, index, quoted, index);
    }
    for (int index = 0; index < 30 * year; ++index) {
      csv +=
          fmt::format("{};1A;Groep 1A;1;Nieuw{};Nieuw;\n", 5000 + index, index);
    }
    return csv;
  };
  auto all_customers = [&] {
    auto customers = store::ListCustomers(*db_, library_id_, "");
    EXPECT_TRUE(customers.ok());
    std::vector<std::string> images;
    for (store::Customer c : *customers) {
      c.updated_at = 0;  // undo writes the row again
      images.push_back(store::CustomerJson(c));
    }
    std::sort(images.begin(), images.end());
    return images;
  };
  // What the roster makes of the file is what must be stored.
  auto expect_stored = [&](const std::string& csv) {
    formats::ReadOptions read;
    read.file_name = "leerlingen.csv";
    auto table = formats::ReadTable(csv, read);
    ASSERT_TRUE(table.ok());
    auto settings = LoadSchoolSettings(*db_, branch_id_, "2026-09-01");
    ASSERT_TRUE(settings.ok());
    auto roster = Recognise(*table, *settings);
    ASSERT_TRUE(roster.ok());
    for (const roster::StudentRecord& record : roster->students) {
      if (record.rejected) continue;
      store::Customer stored = Student(record.student_number);
      EXPECT_EQ(stored.last_name, record.last_name);
      EXPECT_EQ(stored.street, record.street);
      EXPECT_EQ(stored.year_group, record.year_group);
    }
  };

  auto first = Import(file(0));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->status, "applied");
  EXPECT_EQ(first->plan.counts.new_students, 700);
  expect_stored(file(0));
  std::vector<std::string> after_first = all_customers();

  auto next = Import(file(1));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_EQ(next->status, "applied");
  EXPECT_EQ(next->plan.counts.leaving, 87);
  EXPECT_EQ(next->plan.counts.new_students, 30);
  EXPECT_EQ(next->plan.counts.changed, 700 - 87);
  expect_stored(file(1));
  for (const PlannedStudent& planned : next->plan.students) {
    if (planned.kind != ChangeKind::kLeaving) continue;
    auto memberships = store::ListMemberships(*db_, planned.customer_id);
    ASSERT_TRUE(memberships.ok());
    ASSERT_EQ(memberships->size(), 1u);
    EXPECT_EQ(memberships->front().ended_on, "2026-09-01");
    auto customer = store::GetCustomer(*db_, planned.customer_id);
    ASSERT_TRUE(customer.ok());
    EXPECT_TRUE(customer->card_blocked);
  }

  auto undo_next = UndoImport(*db_, next->import_id, 0, "test");
  ASSERT_TRUE(undo_next.ok()) << undo_next.status().ToString();
  EXPECT_EQ(all_customers(), after_first);
  auto undo_first = UndoImport(*db_, first->import_id, 0, "test");
  ASSERT_TRUE(undo_first.ok()) << undo_first.status().ToString();
  EXPECT_TRUE(all_customers().empty());
}

// Retention (AVG): a student who left is anonymised once their last
// membership ended a year ago — not a day earlier, not with fees open, not
// in a dry run — and the import that made them leave can then no longer be
// undone.
TEST_P(EngineTest, LeaversAreAnonymisedAfterTheRetentionAndUndoIsRefused) {
  auto file = [&](int students) {
    std::string csv =
        "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAM;"
        "GEBOORTEDATUM;EMAIL\n";
    for (int index = 1; index <= students; ++index) {
      csv += fmt::format(
          "{};5A;Groep 5A;5;Kind{};Achter{};03-04-2017;"
          "ouder{}@example.org\n",
          index, index, index, index);
    }
    return csv;
  };
  ASSERT_TRUE(Import(file(30)).ok());
  store::Customer leaver = Student("30");
  store::Customer owes = Student("29");
  owes.fees_due_cents = 250;
  ASSERT_TRUE(store::UpdateCustomer(*db_, owes).ok());
  store::Notice notice;
  notice.customer_id = leaver.id;
  notice.body = "Boek Kind30 kwijt";
  ASSERT_TRUE(store::AddNotice(*db_, notice).ok());
  auto next = Import(file(28));  // 29 and 30 leave on 2026-09-01
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_EQ(next->status, "applied");
  ASSERT_EQ(next->plan.counts.leaving, 2);

  using namespace std::chrono;
  auto at = [](year_month_day day) {
    return static_cast<int64_t>(
        duration_cast<seconds>(sys_days(day).time_since_epoch()).count());
  };
  store::RetentionOptions options;  // 365 days
  auto early = store::ApplyRetention(*db_, at(2027y / 8 / 31), options);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_TRUE(early->customers_anonymised.empty());
  options.dry_run = true;
  auto dry = store::ApplyRetention(*db_, at(2027y / 9 / 2), options);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->customers_anonymised, std::vector<long long>{leaver.id});
  EXPECT_EQ(store::GetCustomer(*db_, leaver.id)->last_name, "Achter30");

  options.dry_run = false;
  auto done = store::ApplyRetention(*db_, at(2027y / 9 / 2), options);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->customers_anonymised, std::vector<long long>{leaver.id});
  auto gone = store::GetCustomer(*db_, leaver.id);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->last_name, "");
  EXPECT_EQ(gone->call_name, "");
  EXPECT_EQ(gone->birth_date, "");
  EXPECT_EQ(gone->email, "");
  EXPECT_EQ(gone->card_number, "");
  EXPECT_EQ(gone->external_number_2, "");
  EXPECT_TRUE(store::ListNotices(*db_, leaver.id)->empty());
  EXPECT_EQ(store::ListMemberships(*db_, leaver.id)->size(), 1u);
  long long images = 0;
  db_->sql() << "SELECT COUNT(*) FROM import_change WHERE customer_id = :c "
                "AND (before_json LIKE '%Achter30%' OR after_json LIKE "
                "'%Achter30%')",
      soci::use(leaver.id), soci::into(images);
  EXPECT_EQ(images, 0);
  // The one with fees open and everyone still at school keep their data.
  EXPECT_EQ(store::GetCustomer(*db_, owes.id)->last_name, "Achter29");
  EXPECT_EQ(Student("1").last_name, "Achter1");
  // Running it again changes nothing more.
  auto again = store::ApplyRetention(*db_, at(2027y / 9 / 3), options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->customers_anonymised.empty());

  auto undo = UndoImport(*db_, next->import_id, 0, "test");
  ASSERT_FALSE(undo.ok());
  EXPECT_EQ(undo.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(undo.status().message().nl.find("bewaartermijn"), std::string::npos)
      << undo.status().ToString();
}

SCHOOLBIEB_ON_BOTH_DATABASES(Import, EngineTest);

}  // namespace
}  // namespace schoolbieb::import
