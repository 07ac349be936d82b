// The audit trail's filters: a family of actions, an actor, a kind of
// object, a time window and pages, always within one library.
#include "store/audit_log.h"

#include <gtest/gtest.h>

#include "store/library_store.h"
#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

class AuditLogTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    for (const char* code : {"demo", "elders"}) {
      Library library;
      library.code = code;
      library.name = code;
      ASSERT_TRUE(AddLibrary(db(), library).ok());
      libraries_.push_back(library.id);
    }
    struct Row {
      const char* action;
      const char* actor;
      const char* kind;
      long long at;
    };
    for (const Row& row : std::initializer_list<Row>{
             {"login", "medewerker", "account", 1000},
             {"login.failed", "", "", 1100},
             {"upload.create", "docent.kievit", "upload", 2000},
             {"upload.download", "medewerker", "upload", 3000},
             {"upload_right.grant", "medewerker", "customer", 4000},
             {"uploadXright", "medewerker", "customer", 4100},
             {"import.apply", "medewerker", "import_run", 5000},
         }) {
      AuditEvent event;
      event.library_id = libraries_[0];
      event.actor = row.actor;
      event.action = row.action;
      event.object_kind = row.kind;
      event.object_id = 7;
      event.at = row.at;
      ASSERT_TRUE(RecordAudit(db(), event).ok());
    }
    AuditEvent elsewhere;
    elsewhere.library_id = libraries_[1];
    elsewhere.actor = "medewerker";
    elsewhere.action = "upload.create";
    elsewhere.at = 2500;
    ASSERT_TRUE(RecordAudit(db(), elsewhere).ok());
  }

  std::vector<std::string> Actions(const AuditFilter& filter) {
    auto events = ListAudit(db(), libraries_[0], filter);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    std::vector<std::string> out;
    if (events.ok()) {
      for (const AuditEvent& e : *events) out.push_back(e.action);
    }
    return out;
  }

  std::vector<long long> libraries_;
};

using Names = std::vector<std::string>;

TEST_P(AuditLogTest, AFamilyOfActionsIsItsPrefixUpToTheDot) {
  AuditFilter filter;
  filter.action = "upload";
  EXPECT_EQ(Actions(filter), (Names{"upload.download", "upload.create"}));
  filter.action = "login";
  EXPECT_EQ(Actions(filter), (Names{"login.failed", "login"}));
  filter.action = "upload_right";
  EXPECT_EQ(Actions(filter), (Names{"upload_right.grant"}));
  filter.action = "upload_right.grant";
  EXPECT_EQ(Actions(filter), (Names{"upload_right.grant"}));
  filter.action = "uploa";
  EXPECT_TRUE(Actions(filter).empty());
}

TEST_P(AuditLogTest, ActorKindAndTimeWindowCombine) {
  AuditFilter filter;
  filter.actor = "medewerker";
  EXPECT_EQ(Actions(filter).size(), 5u);
  filter.object_kind = "upload";
  EXPECT_EQ(Actions(filter), (Names{"upload.download"}));
  filter.object_kind.clear();
  filter.from = 3000;
  filter.until = 5000;
  EXPECT_EQ(Actions(filter),
            (Names{"uploadXright", "upload_right.grant", "upload.download"}));
}

TEST_P(AuditLogTest, PagesAreNewestFirstAndStayInTheLibrary) {
  AuditFilter filter;
  filter.limit = 3;
  EXPECT_EQ(Actions(filter),
            (Names{"import.apply", "uploadXright", "upload_right.grant"}));
  filter.offset = 3;
  EXPECT_EQ(Actions(filter),
            (Names{"upload.download", "upload.create", "login.failed"}));
  filter.offset = 6;
  EXPECT_EQ(Actions(filter), (Names{"login"}));
  filter.offset = 7;
  EXPECT_TRUE(Actions(filter).empty());
  auto other = ListAudit(db(), libraries_[1], AuditFilter{});
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(other->front().at, 2500);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, AuditLogTest);

}  // namespace
}  // namespace schoolbieb::store
