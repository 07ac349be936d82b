// schoolbieb students --library LIB --school CODE [--all]: the school's
// students as the import left them; --all includes those who left.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/names.h"
#include "store/customer_store.h"

namespace schoolbieb::cli {
namespace {

struct StudentsOptions {
  std::string library;
  std::string school;
  bool all = false;
};

struct MembershipFacts {
  bool school_member = false;
  bool public_member = false;
  bool was_school_member = false;
  std::string left_on;  // the latest end of a school membership here
};

int RunStudents(Context& ctx, const StudentsOptions& opt) {
  auto db = ctx.OpenCurrentDatabase();
  if (!db) return kExitRefused;
  auto school = FindSchool(*db, opt.library, opt.school);
  if (!school.ok()) return ctx.Fail(school.status());
  auto [library_id, branch_id] = *school;
  auto students = store::ListCustomers(*db, library_id, "student");
  if (!students.ok()) return ctx.Fail(students.status());

  std::map<long long, MembershipFacts> facts;
  try {
    long long customer_id = 0, member_branch = 0;
    std::string scope, ended_on;
    soci::indicator ended_ind = soci::i_ok;
    soci::statement st =
        (db->sql().prepare
             << "SELECT m.customer_id, m.scope, m.branch_id, m.ended_on FROM "
                "membership m JOIN customer c ON c.id = m.customer_id WHERE "
                "c.library_id = :lib",
         soci::into(customer_id), soci::into(scope), soci::into(member_branch),
         soci::into(ended_on, ended_ind), soci::use(library_id));
    st.execute(false);
    while (st.fetch()) {
      MembershipFacts& f = facts[customer_id];
      bool current = ended_ind == soci::i_null;
      if (scope == "public") {
        f.public_member = f.public_member || current;
      } else if (member_branch == branch_id) {
        f.was_school_member = true;
        if (current) {
          f.school_member = true;
        } else {
          f.left_on = std::max(f.left_on, ended_on);
        }
      }
    }
  } catch (const std::exception& error) {
    return ctx.Fail(store::FromDatabaseError(
        error, {"De lidmaatschappen", "The memberships"}));
  }

  std::vector<const store::Customer*> listed;
  for (const store::Customer& c : *students) {
    const MembershipFacts& f = facts[c.id];
    if (f.school_member || (opt.all && f.was_school_member)) {
      listed.push_back(&c);
    }
  }
  std::sort(listed.begin(), listed.end(), [](auto* a, auto* b) {
    return SortName(a->name_prefix, a->last_name) + a->external_number_2 <
           SortName(b->name_prefix, b->last_name) + b->external_number_2;
  });

  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::Customer* c : listed) {
      const MembershipFacts& f = facts[c->id];
      nlohmann::json left_on = nullptr;
      if (!f.school_member && !f.left_on.empty()) left_on = f.left_on;
      out.push_back({{"student_number", c->external_number_2},
                     {"card_number", c->card_number},
                     {"call_name", c->call_name},
                     {"first_names", c->first_names},
                     {"initials", c->initials},
                     {"name_prefix", c->name_prefix},
                     {"last_name", c->last_name},
                     {"birth_date", c->birth_date},
                     {"sex", c->sex},
                     {"year_group", c->year_group},
                     {"group_name", c->group_name},
                     {"postcode", c->postcode},
                     {"school_member", f.school_member},
                     {"public_member", f.public_member},
                     {"left_on", left_on}});
    }
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }
  bool en = ctx.language() == Language::kEnglish;
  for (const store::Customer* c : listed) {
    const MembershipFacts& f = facts[c->id];
    ctx.io.out << fmt::format(
        "{:<12} {:<12} {:<32} {:>2} {:<12}{}\n", c->external_number_2,
        c->card_number,
        SortName(c->name_prefix, c->last_name) + ", " +
            (c->call_name.empty() ? c->initials : c->call_name),
        c->year_group, c->group_name,
        f.school_member
            ? ""
            : fmt::format(fmt::runtime(en ? " (left {})" : " (vertrokken {})"),
                          f.left_on));
  }
  return kExitOk;
}

}  // namespace

void SetUpStudents(CLI::App& command, Context& ctx) {
  auto opt = std::make_shared<StudentsOptions>();
  command.add_option("--library", opt->library, "Library code")->required();
  command.add_option("--school", opt->school, "School branch code")->required();
  command.add_flag("--all", opt->all, "Include students who left");
  command.callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunStudents(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
