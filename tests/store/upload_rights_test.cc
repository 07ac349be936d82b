#include "store/upload_rights.h"

#include <gtest/gtest.h>

#include "store/library_store.h"
#include "store_fixture.h"

namespace schoolbieb::store {
namespace {

class UploadRightsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Library library;
    library.code = "bieb";
    library.name = "Bibliotheek";
    ASSERT_TRUE(AddLibrary(db(), library).ok());
    library_id_ = library.id;
    for (const char* code : {"kievit", "palet"}) {
      Branch school;
      school.library_id = library.id;
      school.code = code;
      school.name = code;
      ASSERT_TRUE(AddBranch(db(), school).ok());
      schools_.push_back(school.id);
    }
    teacher_.library_id = library.id;
    teacher_.kind = "teacher";
    teacher_.last_name = "Proef";
    teacher_.call_name = "Anna";
    teacher_.card_number = "29990000017";
    teacher_.school_branch_id = schools_[0];
    ASSERT_TRUE(AddCustomer(db(), teacher_).ok());
  }

  bool May(long long branch) {
    auto customer = GetCustomer(db(), teacher_.id);
    EXPECT_TRUE(customer.ok());
    auto may = MayUploadFor(db(), *customer, branch);
    EXPECT_TRUE(may.ok());
    return *may;
  }

  long long library_id_ = 0;
  std::vector<long long> schools_;
  Customer teacher_;
};

TEST_P(UploadRightsTest, GrantIsIdempotentAndRevokable) {
  EXPECT_FALSE(May(schools_[0]));
  auto dry = GrantUploadRights(db(), library_id_, true, "test");
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->size(), 1u);
  EXPECT_FALSE(May(schools_[0])) << "a dry run changed something";
  auto first = GrantUploadRights(db(), library_id_, false, "test");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->front().name, "Anna Proef");
  EXPECT_TRUE(May(schools_[0]));
  EXPECT_FALSE(May(schools_[1]));
  auto second = GrantUploadRights(db(), library_id_, false, "test");
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->empty());
  ASSERT_TRUE(RevokeUploadRight(db(), library_id_, "29990000017", "test").ok());
  EXPECT_FALSE(May(schools_[0]));
  EXPECT_EQ(RevokeUploadRight(db(), library_id_, "0", "test").code(),
            Status::Code::kNotFound);
}

TEST_P(UploadRightsTest, TheStandingRuleCoversTeachersOfTheirOwnSchoolOnly) {
  ASSERT_TRUE(SetTeacherUploadRule(db(), library_id_, true, "test").ok());
  EXPECT_TRUE(*TeacherUploadRule(db(), library_id_));
  EXPECT_TRUE(May(schools_[0]));
  EXPECT_FALSE(May(schools_[1]));
  Customer student = teacher_;
  student.id = 0;
  student.kind = "student";
  student.card_number = "29990000025";
  ASSERT_TRUE(AddCustomer(db(), student).ok());
  EXPECT_FALSE(*MayUploadFor(db(), student, schools_[0]));
  ASSERT_TRUE(SetTeacherUploadRule(db(), library_id_, false, "test").ok());
  EXPECT_FALSE(May(schools_[0]));
}

TEST_P(UploadRightsTest, HoldersAreListedAndRevokedByCustomerIdInTheirLibrary) {
  auto none = ListUploadRights(db(), library_id_);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  Customer cardless = teacher_;
  cardless.id = 0;
  cardless.card_number = "";
  cardless.call_name = "Karel";
  cardless.name_prefix = "van der";
  cardless.last_name = "Start";
  cardless.school_branch_id = schools_[1];
  ASSERT_TRUE(AddCustomer(db(), cardless).ok());
  ASSERT_TRUE(GrantUploadRights(db(), library_id_, false, "test").ok());

  auto holders = ListUploadRights(db(), library_id_);
  ASSERT_TRUE(holders.ok()) << holders.status().ToString();
  ASSERT_EQ(holders->size(), 2u);
  EXPECT_EQ((*holders)[0].name, "Anna Proef");
  EXPECT_EQ((*holders)[0].branch_code, "kievit");
  EXPECT_EQ((*holders)[0].card_number, "29990000017");
  EXPECT_EQ((*holders)[1].name, "Karel van der Start");
  EXPECT_EQ((*holders)[1].branch_id, schools_[1]);
  EXPECT_EQ((*holders)[1].card_number, "");

  Library other;
  other.code = "elders";
  other.name = "Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());
  EXPECT_EQ(RevokeUploadRightOf(db(), other.id, cardless.id, "test").code(),
            Status::Code::kNotFound);
  EXPECT_EQ(ListUploadRights(db(), library_id_)->size(), 2u);
  EXPECT_TRUE(ListUploadRights(db(), other.id)->empty());

  ASSERT_TRUE(
      RevokeUploadRightOf(db(), library_id_, cardless.id, "medewerker").ok());
  holders = ListUploadRights(db(), library_id_);
  ASSERT_EQ(holders->size(), 1u);
  EXPECT_EQ(holders->front().customer_id, teacher_.id);
  long long events = 0;
  db().sql() << "SELECT COUNT(*) FROM audit_event WHERE action = "
                "'upload_right.revoke' AND object_id = :id AND actor = "
                "'medewerker'",
      soci::into(events), soci::use(cardless.id);
  EXPECT_EQ(events, 1);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, UploadRightsTest);

}  // namespace
}  // namespace schoolbieb::store
