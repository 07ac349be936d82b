#include "store/person_data.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/csv_writer.h"
#include "store/customer_store.h"

namespace schoolbieb::store {
namespace {

const Message kPersonWhat{"De gegevens van deze persoon", "This person's data"};

nlohmann::json Parsed(const std::string& text) {
  if (text.empty()) return nullptr;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  return doc.is_discarded() ? nlohmann::json(text) : doc;
}

nlohmann::json Changes(Database& db, long long customer_id) {
  nlohmann::json changes = nlohmann::json::array();
  long long run_id = 0, at = 0;
  std::string kind, before, after;
  soci::indicator before_ind = soci::i_ok, after_ind = soci::i_ok;
  soci::statement st =
      (db.sql().prepare
           << "SELECT c.import_run_id, r.created_at, c.kind, c.before_json, "
              "c.after_json FROM import_change c JOIN import_run r ON r.id = "
              "c.import_run_id WHERE c.customer_id = :c ORDER BY c.id",
       soci::into(run_id), soci::into(at), soci::into(kind),
       soci::into(before, before_ind), soci::into(after, after_ind),
       soci::use(customer_id));
  st.execute(false);
  while (st.fetch()) {
    changes.push_back(
        {{"import", run_id},
         {"at", FormatUtc(at)},
         {"kind", kind},
         {"before", before_ind == soci::i_ok ? Parsed(before) : nullptr},
         {"after", after_ind == soci::i_ok ? Parsed(after) : nullptr}});
  }
  return changes;
}

nlohmann::json Events(Database& db, long long library_id,
                      long long customer_id) {
  nlohmann::json events = nlohmann::json::array();
  long long at = 0;
  std::string actor, action, details;
  soci::statement st =
      (db.sql().prepare << "SELECT at, actor, action, details_json FROM "
                           "audit_event WHERE library_id = :lib AND "
                           "object_kind = 'customer' AND object_id = :c "
                           "ORDER BY id",
       soci::into(at), soci::into(actor), soci::into(action),
       soci::into(details), soci::use(library_id), soci::use(customer_id));
  st.execute(false);
  while (st.fetch()) {
    events.push_back({{"at", FormatUtc(at)},
                      {"actor", actor},
                      {"action", action},
                      {"details", Parsed(details)}});
  }
  return events;
}

nlohmann::json Accounts(Database& db, long long customer_id) {
  nlohmann::json accounts = nlohmann::json::array();
  std::string login, role, name, email;
  long long created_at = 0;
  soci::statement st =
      (db.sql().prepare << "SELECT login, role, display_name, email, "
                           "created_at FROM account WHERE customer_id = :c "
                           "ORDER BY id",
       soci::into(login), soci::into(role), soci::into(name), soci::into(email),
       soci::into(created_at), soci::use(customer_id));
  st.execute(false);
  while (st.fetch()) {
    accounts.push_back({{"login", login},
                        {"role", role},
                        {"display_name", name},
                        {"email", email},
                        {"created_at", FormatUtc(created_at)}});
  }
  return accounts;
}

// A JSON value as one CSV cell: text as it is, anything else as JSON.
std::string Text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace

Result<nlohmann::json> PersonData(Database& db, long long library_id,
                                  long long customer_id) {
  auto customer = GetCustomer(db, customer_id);
  if (!customer.ok() || customer->library_id != library_id) {
    return Status::NotFound(
        fmt::format("Klant {} bestaat niet in deze bibliotheek.", customer_id),
        fmt::format("Customer {} does not exist in this library.",
                    customer_id));
  }
  nlohmann::json data;
  data["exported_at"] = FormatUtc(SystemClock::Get().Now());
  nlohmann::json fields = nlohmann::json::object();
  for (auto& [name, value] : CustomerFields(*customer)) fields[name] = value;
  data["customer"] = fields;
  auto memberships = ListMemberships(db, customer_id);
  if (!memberships.ok()) return memberships.status();
  data["memberships"] = nlohmann::json::array();
  for (const Membership& m : *memberships) {
    data["memberships"].push_back({{"scope", m.scope},
                                   {"branch_id", m.branch_id},
                                   {"started_on", m.started_on},
                                   {"ended_on", m.ended_on},
                                   {"end_reason", m.end_reason},
                                   {"consent_based", m.consent_based},
                                   {"import", m.import_run_id}});
  }
  auto notices = ListNotices(db, customer_id);
  if (!notices.ok()) return notices.status();
  data["notices"] = nlohmann::json::array();
  for (const Notice& n : *notices) {
    data["notices"].push_back({{"at", FormatUtc(n.created_at)},
                               {"author_account_id", n.author_account_id},
                               {"body", n.body}});
  }
  try {
    data["accounts"] = Accounts(db, customer_id);
    data["imports"] = Changes(db, customer_id);
    data["audit"] = Events(db, library_id, customer_id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kPersonWhat);
  }
  return data;
}

std::string PersonDataCsv(const nlohmann::json& data) {
  std::string csv(kCsvBom);
  csv += CsvLine({"onderdeel", "nr", "veld", "waarde"});
  for (auto& [field, value] : data["customer"].items()) {
    csv += CsvLine({"customer", "1", field, Text(value)});
  }
  for (const char* section :
       {"memberships", "notices", "accounts", "imports", "audit"}) {
    int number = 0;
    for (const nlohmann::json& item : data[section]) {
      ++number;
      for (auto& [field, value] : item.items()) {
        csv += CsvLine({section, std::to_string(number), field, Text(value)});
      }
    }
  }
  return csv;
}

}  // namespace schoolbieb::store
