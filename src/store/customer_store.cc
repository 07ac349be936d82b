#include "store/customer_store.h"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_set>

#include "core/clock.h"
#include "core/names.h"

namespace schoolbieb::store {
namespace {

// The customer table is wide; one list of its columns drives every SELECT,
// INSERT and UPDATE so the three can never disagree.
struct TextColumn {
  const char* name;
  std::string Customer::*member;
  bool null_when_empty;  // stored as NULL rather than '' (unique or date)
  bool derived = false;  // set by the store from other columns (person_key)
};
struct IntColumn {
  const char* name;
  long long Customer::*member;
  bool null_when_zero;  // a reference or an optional time
};
struct BoolColumn {
  const char* name;
  bool Customer::*member;
};

const TextColumn kTextColumns[] = {
    {"kind", &Customer::kind, false},
    {"card_number", &Customer::card_number, true},
    {"card_blocked_reason", &Customer::card_blocked_reason, true},
    {"call_name", &Customer::call_name, false},
    {"first_names", &Customer::first_names, false},
    {"initials", &Customer::initials, false},
    {"name_prefix", &Customer::name_prefix, false},
    {"last_name", &Customer::last_name, false},
    {"birth_date", &Customer::birth_date, true},
    {"sex", &Customer::sex, false},
    {"street", &Customer::street, false},
    {"house_number", &Customer::house_number, false},
    {"house_number_suffix", &Customer::house_number_suffix, false},
    {"postcode", &Customer::postcode, false},
    {"city", &Customer::city, false},
    {"phone", &Customer::phone, false},
    {"mobile", &Customer::mobile, false},
    {"email", &Customer::email, false},
    {"subscription_type", &Customer::subscription_type, false},
    {"subscription_start", &Customer::subscription_start, true},
    {"subscription_end", &Customer::subscription_end, true},
    {"remarks", &Customer::remarks, false},
    {"public_consent", &Customer::public_consent, false},
    {"public_consent_source", &Customer::public_consent_source, true},
    {"external_number", &Customer::external_number, false},
    {"external_number_2", &Customer::external_number_2, false},
    {"year_group", &Customer::year_group, false},
    {"group_key", &Customer::group_key, false},
    {"group_name", &Customer::group_name, false},
    {"classification", &Customer::classification, false},
    {"preferred_language", &Customer::preferred_language, false},
    {"locked_fields", &Customer::locked_fields, false},
    {"person_key", &Customer::person_key, true, true},
};
const IntColumn kIntColumns[] = {
    {"library_id", &Customer::library_id, false},
    {"home_branch_id", &Customer::home_branch_id, true},
    {"school_branch_id", &Customer::school_branch_id, true},
    {"upload_branch_id", &Customer::upload_branch_id, true},
    {"fees_due_cents", &Customer::fees_due_cents, false},
    {"public_consent_at", &Customer::public_consent_at, true},
    {"created_at", &Customer::created_at, false},
    {"updated_at", &Customer::updated_at, false},
};
const BoolColumn kBoolColumns[] = {
    {"card_blocked", &Customer::card_blocked},
    {"print_slips", &Customer::print_slips},
    {"reservation_messages", &Customer::reservation_messages},
};

constexpr size_t kTextCount = std::size(kTextColumns);
constexpr size_t kIntCount = std::size(kIntColumns);
constexpr size_t kBoolCount = std::size(kBoolColumns);

// Storage SOCI binds to; sized once so the addresses stay put.
struct CustomerBuffer {
  long long id = 0;
  std::vector<std::string> text = std::vector<std::string>(kTextCount);
  std::vector<soci::indicator> text_ind =
      std::vector<soci::indicator>(kTextCount, soci::i_ok);
  std::vector<long long> ints = std::vector<long long>(kIntCount);
  std::vector<soci::indicator> int_ind =
      std::vector<soci::indicator>(kIntCount, soci::i_ok);
  std::vector<int> bools = std::vector<int>(kBoolCount);

  void From(const Customer& c) {
    id = c.id;
    for (size_t i = 0; i < kTextCount; ++i) {
      text[i] = c.*(kTextColumns[i].member);
      text_ind[i] = kTextColumns[i].null_when_empty && text[i].empty()
                        ? soci::i_null
                        : soci::i_ok;
    }
    for (size_t i = 0; i < kIntCount; ++i) {
      ints[i] = c.*(kIntColumns[i].member);
      int_ind[i] = kIntColumns[i].null_when_zero && ints[i] == 0 ? soci::i_null
                                                                 : soci::i_ok;
    }
    for (size_t i = 0; i < kBoolCount; ++i)
      bools[i] = c.*(kBoolColumns[i].member) ? 1 : 0;
  }

  Customer To() const {
    Customer c;
    c.id = id;
    for (size_t i = 0; i < kTextCount; ++i) {
      c.*(kTextColumns[i].member) = text_ind[i] == soci::i_null ? "" : text[i];
    }
    for (size_t i = 0; i < kIntCount; ++i) {
      c.*(kIntColumns[i].member) = int_ind[i] == soci::i_null ? 0 : ints[i];
    }
    for (size_t i = 0; i < kBoolCount; ++i)
      c.*(kBoolColumns[i].member) = bools[i] != 0;
    return c;
  }
};

std::atomic<long long> customers_read{0};

// A row read into a Customer, counted (CustomersRead).
Customer Counted(const CustomerBuffer& buf) {
  customers_read.fetch_add(1, std::memory_order_relaxed);
  return buf.To();
}

std::string ColumnList() {
  std::string out = "id";
  for (const auto& col : kTextColumns) out += std::string(", ") + col.name;
  for (const auto& col : kIntColumns) out += std::string(", ") + col.name;
  for (const auto& col : kBoolColumns) out += std::string(", ") + col.name;
  return out;
}

void BindInto(soci::statement& st, CustomerBuffer& buf) {
  st.exchange(soci::into(buf.id));
  for (size_t i = 0; i < kTextCount; ++i)
    st.exchange(soci::into(buf.text[i], buf.text_ind[i]));
  for (size_t i = 0; i < kIntCount; ++i)
    st.exchange(soci::into(buf.ints[i], buf.int_ind[i]));
  for (size_t i = 0; i < kBoolCount; ++i) st.exchange(soci::into(buf.bools[i]));
}

void BindUse(soci::statement& st, CustomerBuffer& buf) {
  for (size_t i = 0; i < kTextCount; ++i)
    st.exchange(soci::use(buf.text[i], buf.text_ind[i]));
  for (size_t i = 0; i < kIntCount; ++i)
    st.exchange(soci::use(buf.ints[i], buf.int_ind[i]));
  for (size_t i = 0; i < kBoolCount; ++i) st.exchange(soci::use(buf.bools[i]));
}

// Customers WHERE `where`, in id order. Never ORDER BY a name: SQLite would
// then walk the index on (library_id, last_name) — the whole library —
// rather than sort the few rows an index on the condition finds.
template <typename... Keys>
std::vector<Customer> QueryCustomers(Database& db, const std::string& where,
                                     Keys... keys) {
  std::vector<Customer> out;
  CustomerBuffer buf;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM customer WHERE {} ORDER BY id",
                         ColumnList(), where));
  BindInto(st, buf);
  (st.exchange(soci::use(keys)), ...);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(Counted(buf));
  return out;
}

Status CheckCustomer(const Customer& c) {
  if (c.last_name.empty()) {
    return Status::InvalidArgument("Een klant heeft een achternaam nodig.",
                                   "A customer needs a last name.");
  }
  if (c.library_id == 0) {
    return Status::InvalidArgument("Een klant hoort bij een bibliotheek.",
                                   "A customer belongs to a library.");
  }
  return Status::Ok();
}

const Message kCustomerWhat{"Dit pasnummer", "This card number"};

// Sets the columns the store derives from others.
void Derive(Customer& customer) {
  customer.person_key =
      PersonKey(customer.name_prefix, customer.last_name, customer.birth_date);
}

// Thrown by CustomerWriter::Update for an id that is not there.
struct CustomerNotFound : std::runtime_error {
  CustomerNotFound() : std::runtime_error("customer not found") {}
};
const Message kMembershipWhat{"Dit lidmaatschap", "This membership"};
const Message kNoticeWhat{"Deze melding", "This notice"};

}  // namespace

long long CustomersRead() {
  return customers_read.load(std::memory_order_relaxed);
}

std::string PersonKey(std::string_view prefix, std::string_view last_name,
                      std::string_view birth_date) {
  if (last_name.empty() || birth_date.empty()) return std::string();
  std::string surname(prefix);
  surname += last_name;
  std::string key;
  AppendMatchKey(surname, &key);
  key += '|';
  key += birth_date;
  return key;
}

Status AddCustomer(Database& db, Customer& customer) {
  SB_RETURN_IF_ERROR(CheckCustomer(customer));
  customer.created_at = customer.updated_at = 0;
  try {
    CustomerWriter writer(db);
    writer.Insert(customer);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
  return Status::Ok();
}

Status UpdateCustomer(Database& db, Customer& customer) {
  SB_RETURN_IF_ERROR(CheckCustomer(customer));
  try {
    CustomerWriter writer(db);
    writer.Update(customer);
  } catch (const CustomerNotFound&) {
    return Status::NotFound(
        fmt::format("Klant {} bestaat niet.", customer.id),
        fmt::format("Customer {} does not exist.", customer.id));
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
  return Status::Ok();
}

struct CustomerWriter::Statements {
  explicit Statements(Database& db)
      : db(db), insert(db.sql()), update(db.sql()) {}
  Database& db;
  CustomerBuffer buffer;
  long long new_id = 0;
  soci::statement insert;
  soci::statement update;
  // Inserts with an id, made on first use.
  std::unique_ptr<BulkInsert> insert_with_id;
  // UPDATEs of some columns, one per set of columns (an import changes few
  // distinct sets: the year group and group, an address).
  std::map<std::vector<bool>, std::unique_ptr<BulkUpdate>> partial;
  // Ids updated since the last Flush(): UPDATE … FROM applies one row per
  // id, so a second update of an id flushes first.
  std::unordered_set<long long> updated;
};

CustomerWriter::CustomerWriter(Database& db)
    : statements_(std::make_unique<Statements>(db)) {
  Statements& s = *statements_;
  std::string columns = ColumnList().substr(4);  // without "id, "
  std::string params;
  std::string sets;
  size_t param = 0;
  auto add = [&](const char* name) {
    params += fmt::format("{}:p{}", param ? ", " : "", param);
    sets += fmt::format("{}{} = :p{}", param ? ", " : "", name, param);
    ++param;
  };
  for (const auto& col : kTextColumns) add(col.name);
  for (const auto& col : kIntColumns) add(col.name);
  for (const auto& col : kBoolColumns) add(col.name);
  s.insert.alloc();
  s.insert.prepare(fmt::format(
      "INSERT INTO customer ({}) VALUES ({}) RETURNING id", columns, params));
  BindUse(s.insert, s.buffer);
  s.insert.exchange(soci::into(s.new_id));
  s.insert.define_and_bind();
  s.update.alloc();
  s.update.prepare(fmt::format("UPDATE customer SET {} WHERE id = :id", sets));
  BindUse(s.update, s.buffer);
  s.update.exchange(soci::use(s.buffer.id));
  s.update.define_and_bind();
}

CustomerWriter::~CustomerWriter() = default;

void CustomerWriter::Insert(Customer& customer) {
  Derive(customer);
  long long now = SystemClock::Get().Now();
  if (customer.created_at == 0) customer.created_at = now;
  if (customer.updated_at == 0) customer.updated_at = customer.created_at;
  Statements& s = *statements_;
  if (customer.id == 0) {
    s.buffer.From(customer);
    s.insert.execute(true);
    customer.id = s.new_id;
    return;
  }
  if (!s.insert_with_id) {
    std::vector<std::string> columns;
    for (const auto& col : kTextColumns) columns.push_back(col.name);
    for (const auto& col : kIntColumns) columns.push_back(col.name);
    for (const auto& col : kBoolColumns) columns.push_back(col.name);
    columns.push_back("id");
    s.insert_with_id =
        std::make_unique<BulkInsert>(s.db, "customer", std::move(columns));
  }
  BulkInsert& row = *s.insert_with_id;
  for (const auto& col : kTextColumns) {
    const std::string& value = customer.*(col.member);
    row.TextOrNull(value, col.null_when_empty && value.empty());
  }
  for (const auto& col : kIntColumns) {
    long long value = customer.*(col.member);
    row.IntOrNull(value, col.null_when_zero && value == 0);
  }
  for (const auto& col : kBoolColumns) row.Int(customer.*(col.member) ? 1 : 0);
  row.Int(customer.id);
  row.EndRow();
}

void CustomerWriter::Update(Customer& customer) {
  Derive(customer);
  customer.updated_at = SystemClock::Get().Now();
  statements_->buffer.From(customer);
  statements_->update.execute(true);
  if (statements_->update.get_affected_rows() == 0) throw CustomerNotFound();
}

void CustomerWriter::Update(const Customer& before, Customer& after) {
  Derive(after);
  after.updated_at = SystemClock::Get().Now();
  Statements& s = *statements_;
  if (!s.updated.insert(after.id).second) {
    Flush();
    s.updated.insert(after.id);
  }
  // Which of the text, int and bool columns (in that order) to write.
  std::vector<bool> columns;
  columns.reserve(kTextCount + kIntCount + kBoolCount);
  for (const auto& col : kTextColumns)
    columns.push_back(before.*(col.member) != after.*(col.member));
  for (const auto& col : kIntColumns) {
    columns.push_back(col.member == &Customer::updated_at ||
                      before.*(col.member) != after.*(col.member));
  }
  for (const auto& col : kBoolColumns)
    columns.push_back(before.*(col.member) != after.*(col.member));
  auto found = s.partial.find(columns);
  if (found == s.partial.end()) {
    std::vector<BulkUpdate::Column> names;
    size_t column = 0;
    for (const auto& col : kTextColumns) {
      if (columns[column++]) names.push_back({col.name});
    }
    for (const auto& col : kIntColumns) {
      if (columns[column++])
        names.push_back({col.name, BulkUpdate::Type::kInt});
    }
    for (const auto& col : kBoolColumns) {
      if (columns[column++])
        names.push_back({col.name, BulkUpdate::Type::kInt});
    }
    found = s.partial
                .emplace(columns, std::make_unique<BulkUpdate>(
                                      s.db, "customer", std::move(names)))
                .first;
  }
  BulkUpdate& row = *found->second;
  row.Id(after.id);
  size_t column = 0;
  for (const auto& col : kTextColumns) {
    if (!columns[column++]) continue;
    const std::string& value = after.*(col.member);
    row.TextOrNull(value, col.null_when_empty && value.empty());
  }
  for (const auto& col : kIntColumns) {
    if (!columns[column++]) continue;
    long long value = after.*(col.member);
    row.IntOrNull(value, col.null_when_zero && value == 0);
  }
  for (const auto& col : kBoolColumns) {
    if (columns[column++]) row.Int(after.*(col.member) ? 1 : 0);
  }
  row.EndRow();
}

void CustomerWriter::Flush() {
  Statements& s = *statements_;
  if (s.insert_with_id) s.insert_with_id->Flush();
  for (auto& [columns, update] : s.partial) update->Flush();
  s.updated.clear();
}

size_t CustomerWriter::pending_bytes() const {
  const Statements& s = *statements_;
  size_t bytes = s.insert_with_id ? s.insert_with_id->pending_bytes() : 0;
  for (const auto& [columns, update] : s.partial)
    bytes += update->pending_bytes();
  return bytes;
}

Result<Customer> GetCustomer(Database& db, long long id) {
  try {
    auto rows = QueryCustomers(db, "id = :id", id);
    if (rows.empty()) {
      return Status::NotFound(fmt::format("Klant {} bestaat niet.", id),
                              fmt::format("Customer {} does not exist.", id));
    }
    return rows.front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

namespace {

// IN lists are cut into pieces of this many values.
constexpr size_t kInChunk = 400;

// ":v0, :v1, …" for `count` values.
std::string Placeholders(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i) out += ", ";
    out += ":v" + std::to_string(i);
  }
  return out;
}

// Customers WHERE library_id = `library_id` AND `where_before` (may be
// empty) AND `column` IN values, a piece at a time; in id order.
template <typename T>
std::vector<Customer> QueryCustomersIn(Database& db, long long library_id,
                                       std::string_view where_before,
                                       std::string_view column,
                                       const std::vector<T>& values) {
  std::vector<Customer> out;
  for (size_t at = 0; at < values.size(); at += kInChunk) {
    size_t count = std::min(kInChunk, values.size() - at);
    CustomerBuffer buf;
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(fmt::format(
        "SELECT {} FROM customer WHERE library_id = :lib {}{} AND {} IN ({}) "
        "ORDER BY id",
        ColumnList(), where_before.empty() ? "" : "AND ", where_before, column,
        Placeholders(count)));
    BindInto(st, buf);
    st.exchange(soci::use(library_id));
    for (size_t i = 0; i < count; ++i) st.exchange(soci::use(values[at + i]));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(Counted(buf));
  }
  std::sort(out.begin(), out.end(),
            [](const Customer& a, const Customer& b) { return a.id < b.id; });
  return out;
}

// The condition "not a customer of school `school`" (none for 0).
std::string NotOfSchool(long long school) {
  if (school == 0) return "";
  return fmt::format("(school_branch_id IS NULL OR school_branch_id <> {})",
                     school);
}

}  // namespace

Result<std::vector<Customer>> ListSchoolStudents(Database& db,
                                                 long long library_id,
                                                 long long school_branch_id) {
  try {
    std::string kind = "student";
    return QueryCustomers(
        db, "library_id = :lib AND school_branch_id = :school AND kind = :kind",
        library_id, school_branch_id, kind);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Result<std::vector<long long>> ListSchoolMemberIds(Database& db,
                                                   long long school_branch_id) {
  try {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st =
        (db.sql().prepare << "SELECT customer_id FROM membership WHERE "
                             "branch_id = :b AND scope = 'school' AND "
                             "ended_on IS NULL ORDER BY customer_id",
         soci::into(id), soci::use(school_branch_id));
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
    return ids;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kMembershipWhat);
  }
}

Result<std::vector<Customer>> FindCustomersById(
    Database& db, long long library_id, const std::vector<long long>& ids) {
  try {
    return QueryCustomersIn(db, library_id, "", "id", ids);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Result<std::vector<Customer>> FindCustomersByCard(
    Database& db, long long library_id, const std::vector<std::string>& cards,
    long long except_school) {
  try {
    return QueryCustomersIn(db, library_id, NotOfSchool(except_school),
                            "card_number", cards);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Result<std::vector<Customer>> FindCustomersByPersonKey(
    Database& db, long long library_id, const std::vector<std::string>& keys,
    long long except_school) {
  try {
    return QueryCustomersIn(db, library_id, NotOfSchool(except_school),
                            "person_key", keys);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Result<std::vector<Customer>> FindTeachers(
    Database& db, long long library_id, long long school_branch_id,
    const std::vector<std::string>& emails) {
  try {
    std::string kind = "teacher";
    std::vector<Customer> out = QueryCustomers(
        db, "library_id = :lib AND school_branch_id = :school AND kind = :kind",
        library_id, school_branch_id, kind);
    std::vector<std::string> lower;
    for (const std::string& email : emails) {
      std::string one = email;
      for (char& c : one) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      if (!one.empty()) lower.push_back(std::move(one));
    }
    // The partial index customer_teacher_email serves this.
    for (Customer& c : QueryCustomersIn(db, library_id, "kind = 'teacher'",
                                        "LOWER(email)", lower)) {
      if (c.school_branch_id != school_branch_id) out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(),
              [](const Customer& a, const Customer& b) { return a.id < b.id; });
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Result<std::vector<Membership>> ListCurrentMembershipsOf(
    Database& db, const std::vector<long long>& customer_ids) {
  try {
    std::vector<Membership> out;
    for (size_t at = 0; at < customer_ids.size(); at += kInChunk) {
      size_t count = std::min(kInChunk, customer_ids.size() - at);
      Membership m;
      int consent = 0;
      soci::statement st(db.sql());
      st.alloc();
      st.prepare(fmt::format(
          "SELECT id, customer_id, scope, branch_id, started_on, "
          "consent_based, COALESCE(import_run_id, 0) FROM membership WHERE "
          "ended_on IS NULL AND customer_id IN ({}) ORDER BY id",
          Placeholders(count)));
      for (auto* into : {&m.id, &m.customer_id}) st.exchange(soci::into(*into));
      st.exchange(soci::into(m.scope));
      st.exchange(soci::into(m.branch_id));
      st.exchange(soci::into(m.started_on));
      st.exchange(soci::into(consent));
      st.exchange(soci::into(m.import_run_id));
      for (size_t i = 0; i < count; ++i) {
        st.exchange(soci::use(customer_ids[at + i]));
      }
      st.define_and_bind();
      st.execute(false);
      while (st.fetch()) {
        m.consent_based = consent != 0;
        out.push_back(m);
      }
    }
    std::sort(
        out.begin(), out.end(),
        [](const Membership& a, const Membership& b) { return a.id < b.id; });
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kMembershipWhat);
  }
}

Result<std::vector<std::pair<long long, std::string>>> ListSchoolStudentNumbers(
    Database& db, long long school_branch_id) {
  try {
    std::vector<std::pair<long long, std::string>> out;
    long long id = 0;
    std::string number;
    soci::statement st =
        (db.sql().prepare << "SELECT id, external_number_2 FROM customer WHERE "
                             "school_branch_id = :b AND kind = 'student' AND "
                             "external_number_2 <> '' ORDER BY id",
         soci::into(id), soci::into(number), soci::use(school_branch_id));
    st.execute(false);
    while (st.fetch()) out.emplace_back(id, number);
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error,
                             {"De leerlingnummers", "The student numbers"});
  }
}

Result<std::vector<Customer>> FindByExternalNumber2(
    Database& db, long long library_id, std::string_view number,
    long long school_branch_id) {
  try {
    std::string key(number);
    if (school_branch_id != 0) {
      return QueryCustomers(db,
                            "library_id = :lib AND external_number_2 = :nr AND "
                            "school_branch_id = :school",
                            library_id, key, school_branch_id);
    }
    return QueryCustomers(db, "library_id = :lib AND external_number_2 = :nr",
                          library_id, key);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

namespace {

// `text` with A–Z in lower case and LIKE's wildcards (and the escape
// character) escaped by a backslash.
std::string LikeWord(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<std::vector<Customer>> SearchCustomers(Database& db,
                                              long long library_id,
                                              std::string_view query,
                                              size_t limit) {
  std::vector<std::string> words;
  std::string compact;
  for (size_t start = 0; start < query.size();) {
    size_t end = query.find_first_of(" ,\t", start);
    if (end == std::string_view::npos) end = query.size();
    if (end > start) {
      words.emplace_back(query.substr(start, end - start));
      compact += words.back();
    }
    start = end + 1;
  }
  if (words.empty() || limit == 0) return std::vector<Customer>();
  // A handful of words is a name; more only makes the statement longer.
  if (words.size() > 6) words.resize(6);
  // SQLite's LOWER folds A–Z only; PostgreSQL's folds every letter, so it
  // gets TRANSLATE of A–Z to behave the same.
  const char* fold = db.backend() == Backend::kPostgresql
                         ? "TRANSLATE({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                           "'abcdefghijklmnopqrstuvwxyz')"
                         : "LOWER({})";
  std::string names = fmt::format(
      fmt::runtime(fold),
      "call_name || ' ' || first_names || ' ' || name_prefix || ' ' || "
      "last_name");
  std::vector<std::string> values = {compact, compact};
  std::string all_words;
  for (size_t index = 0; index < words.size(); ++index) {
    all_words += fmt::format("{}{} LIKE :w{} ESCAPE '\\'", index ? " AND " : "",
                             names, index);
    values.push_back("%" + LikeWord(words[index]) + "%");
  }
  try {
    std::vector<Customer> out;
    CustomerBuffer buf;
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(fmt::format(
        "SELECT {} FROM customer WHERE library_id = :lib AND (card_number = "
        ":card OR external_number_2 = :nr OR ({})) ORDER BY last_name, "
        "name_prefix, call_name, id LIMIT {}",
        ColumnList(), all_words, limit));
    BindInto(st, buf);
    st.exchange(soci::use(library_id));
    for (std::string& value : values) st.exchange(soci::use(value));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(Counted(buf));
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

Status SetUploadBranch(Database& db, long long customer_id,
                       long long branch_id) {
  try {
    long long now = SystemClock::Get().Now();
    soci::indicator ind = branch_id ? soci::i_ok : soci::i_null;
    soci::statement st =
        (db.sql().prepare << "UPDATE customer SET upload_branch_id = "
                             ":branch, updated_at = :at WHERE id = :id",
         soci::use(branch_id, ind), soci::use(now), soci::use(customer_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound(
          fmt::format("Klant {} bestaat niet.", customer_id),
          fmt::format("Customer {} does not exist.", customer_id));
    }
  } catch (const std::exception& error) {
    return FromDatabaseError(error, {"Deze vestiging", "This branch"});
  }
  return Status::Ok();
}

Status AddMembership(Database& db, Membership& m) {
  if (m.scope != "school" && m.scope != "public") {
    return Status::InvalidArgument("Een lidmaatschap is 'school' of 'public'.",
                                   "A membership is 'school' or 'public'.");
  }
  try {
    long long now = SystemClock::Get().Now();
    int consent = m.consent_based ? 1 : 0;
    soci::indicator ended_ind = m.ended_on.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reason_ind =
        m.end_reason.empty() ? soci::i_null : soci::i_ok;
    soci::indicator run_ind = m.import_run_id ? soci::i_ok : soci::i_null;
    db.sql()
        << "INSERT INTO membership (customer_id, scope, branch_id, started_on, "
           "ended_on, end_reason, consent_based, import_run_id, created_at) "
           "VALUES "
           "(:c, :s, :b, :start, :end, :reason, :consent, :run, :at) RETURNING "
           "id",
        soci::use(m.customer_id), soci::use(m.scope), soci::use(m.branch_id),
        soci::use(m.started_on), soci::use(m.ended_on, ended_ind),
        soci::use(m.end_reason, reason_ind), soci::use(consent),
        soci::use(m.import_run_id, run_ind), soci::use(now), soci::into(m.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kMembershipWhat);
  }
  return Status::Ok();
}

Result<std::vector<Membership>> ListMemberships(Database& db,
                                                long long customer_id) {
  try {
    std::vector<Membership> out;
    Membership m;
    int consent = 0;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, customer_id, scope, branch_id, started_on, "
                "COALESCE(ended_on, ''), COALESCE(end_reason, ''), "
                "consent_based, COALESCE(import_run_id, 0) FROM membership "
                "WHERE customer_id = :c ORDER BY started_on, id",
         soci::into(m.id), soci::into(m.customer_id), soci::into(m.scope),
         soci::into(m.branch_id), soci::into(m.started_on),
         soci::into(m.ended_on), soci::into(m.end_reason), soci::into(consent),
         soci::into(m.import_run_id), soci::use(customer_id));
    st.execute(false);
    while (st.fetch()) {
      m.consent_based = consent != 0;
      out.push_back(m);
    }
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kMembershipWhat);
  }
}

Status AddNotice(Database& db, Notice& notice) {
  if (notice.body.empty()) {
    return Status::InvalidArgument("Een melding mag niet leeg zijn.",
                                   "A notice cannot be empty.");
  }
  try {
    notice.created_at = SystemClock::Get().Now();
    soci::indicator author_ind =
        notice.author_account_id ? soci::i_ok : soci::i_null;
    db.sql()
        << "INSERT INTO customer_notice (customer_id, body, author_account_id, "
           "created_at) VALUES (:c, :b, :a, :at) RETURNING id",
        soci::use(notice.customer_id), soci::use(notice.body),
        soci::use(notice.author_account_id, author_ind),
        soci::use(notice.created_at), soci::into(notice.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kNoticeWhat);
  }
  return Status::Ok();
}

Result<std::vector<Notice>> ListNotices(Database& db, long long customer_id) {
  try {
    std::vector<Notice> out;
    Notice n;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, customer_id, body, COALESCE(author_account_id, "
                "0), created_at FROM customer_notice WHERE customer_id = :c "
                "ORDER BY created_at, id",
         soci::into(n.id), soci::into(n.customer_id), soci::into(n.body),
         soci::into(n.author_account_id), soci::into(n.created_at),
         soci::use(customer_id));
    st.execute(false);
    while (st.fetch()) out.push_back(n);
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kNoticeWhat);
  }
}

Result<std::vector<Customer>> ListCustomers(Database& db, long long library_id,
                                            std::string_view kind) {
  try {
    std::vector<Customer> out;
    CustomerBuffer buf;
    std::string kind_text(kind);
    // Sized up front: a library's customers are the import's largest
    // allocation, and growing the vector would hold the old and the new
    // buffer at once (1.5 times the customers at the peak).
    long long count = 0;
    db.sql() << "SELECT COUNT(*) FROM customer WHERE library_id = :lib AND "
                "(:kind = '' OR kind = :kind2)",
        soci::use(library_id), soci::use(kind_text), soci::use(kind_text),
        soci::into(count);
    out.reserve(static_cast<size_t>(count));
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(fmt::format(
        "SELECT {} FROM customer WHERE library_id = :lib AND (:kind = '' OR "
        "kind = :kind2) ORDER BY id",
        ColumnList()));
    BindInto(st, buf);
    st.exchange(soci::use(library_id));
    st.exchange(soci::use(kind_text));
    st.exchange(soci::use(kind_text));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(Counted(buf));
    return out;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kCustomerWhat);
  }
}

// Fills a CustomerList from a buffer.
struct CustomerListBuilder {
  static void Add(const CustomerBuffer& buf, CustomerList& list) {
    list.ids_.push_back(buf.id);
    for (size_t i = 0; i < kIntCount; ++i) {
      list.ints_.push_back(buf.int_ind[i] == soci::i_null ? 0 : buf.ints[i]);
    }
    unsigned char bits = 0;
    for (size_t i = 0; i < kBoolCount; ++i) {
      if (buf.bools[i] != 0) bits |= static_cast<unsigned char>(1u << i);
    }
    list.bools_.push_back(bits);
    for (size_t i = 0; i < kTextCount; ++i) {
      if (buf.text_ind[i] != soci::i_null) list.text_ += buf.text[i];
      list.text_ends_.push_back(static_cast<uint32_t>(list.text_.size()));
    }
  }
};

void CustomerList::reserve(size_t count, size_t text_bytes) {
  ids_.reserve(count);
  ints_.reserve(count * kIntCount);
  bools_.reserve(count);
  text_ends_.reserve(count * kTextCount);
  text_.reserve(text_bytes);
}

void CustomerList::Add(const Customer& customer) {
  CustomerBuffer buf;
  buf.From(customer);
  // From() marks empty unique and date columns null; the list keeps them
  // empty, as To() reads them back.
  CustomerListBuilder::Add(buf, *this);
}

Customer CustomerList::Get(size_t index) const {
  Customer c;
  c.id = ids_[index];
  for (size_t i = 0; i < kIntCount; ++i) {
    c.*(kIntColumns[i].member) = ints_[index * kIntCount + i];
  }
  for (size_t i = 0; i < kBoolCount; ++i) {
    c.*(kBoolColumns[i].member) = (bools_[index] >> i) & 1;
  }
  for (size_t i = 0; i < kTextCount; ++i) {
    c.*(kTextColumns[i].member) = Text(index, kTextColumns[i].member);
  }
  return c;
}

std::string_view CustomerList::Text(size_t index,
                                    std::string Customer::*member) const {
  for (size_t i = 0; i < kTextCount; ++i) {
    if (kTextColumns[i].member != member) continue;
    size_t flat = index * kTextCount + i;
    size_t start = flat == 0 ? 0 : text_ends_[flat - 1];
    return std::string_view(text_).substr(start, text_ends_[flat] - start);
  }
  throw std::logic_error("CustomerList::Text: not a stored text column");
}

long long CustomerList::Int(size_t index, long long Customer::*member) const {
  for (size_t i = 0; i < kIntCount; ++i) {
    if (kIntColumns[i].member == member) return ints_[index * kIntCount + i];
  }
  throw std::logic_error("CustomerList::Int: not a stored integer column");
}

bool CustomerList::Bool(size_t index, bool Customer::*member) const {
  for (size_t i = 0; i < kBoolCount; ++i) {
    if (kBoolColumns[i].member == member) return (bools_[index] >> i) & 1;
  }
  throw std::logic_error("CustomerList::Bool: not a stored boolean column");
}

namespace {

// Appends `text` as a JSON string. Hand-written because the images are
// written for every row an import touches, and building an nlohmann object
// per image cost more than the insert that stores it.
void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  size_t index = 0;
  while (index < text.size()) {
    // Most text needs no escape: append it a run at a time.
    size_t plain = index;
    while (plain < text.size()) {
      unsigned char p = static_cast<unsigned char>(text[plain]);
      if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
      ++plain;
    }
    if (plain > index) {
      out.append(text.data() + index, plain - index);
      index = plain;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[index]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        switch (c) {
          case '\n':
            out += "\\n";
            break;
          case '\r':
            out += "\\r";
            break;
          case '\t':
            out += "\\t";
            break;
          case '\b':
            out += "\\b";
            break;
          case '\f':
            out += "\\f";
            break;
          default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
      } else {
        out += static_cast<char>(c);
      }
      ++index;
      continue;
    }
    // A multi-byte UTF-8 sequence is copied as it is once it is known to be
    // well-formed (no overlong forms, no surrogates, at most U+10FFFF).
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    bool valid = c >= 0xC2 && c <= 0xF4 && index + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[index + k]) & 0xC0) == 0x80;
    }
    if (valid && length >= 3) {
      unsigned char next = static_cast<unsigned char>(text[index + 1]);
      if (c == 0xE0) valid = next >= 0xA0;
      if (c == 0xED) valid = next < 0xA0;
      if (c == 0xF0) valid = next >= 0x90;
      if (c == 0xF4) valid = next < 0x90;
    }
    if (!valid) throw std::runtime_error("a customer field is not UTF-8");
    out.append(text.substr(index, length));
    index += length;
  }
  out += '"';
}

void AppendKey(const char* name, std::string& out) {
  out += ",\"";
  out += name;
  out += "\":";
}

// The columns in which `a` and `b` differ, as `,"name":value` of b's value.
void AppendDifferences(const Customer& a, const Customer& b, std::string& out) {
  for (const auto& col : kTextColumns) {
    if (col.derived || a.*(col.member) == b.*(col.member)) continue;
    AppendKey(col.name, out);
    AppendJsonString(b.*(col.member), out);
  }
  for (const auto& col : kIntColumns) {
    if (a.*(col.member) == b.*(col.member)) continue;
    AppendKey(col.name, out);
    out += std::to_string(b.*(col.member));
  }
  for (const auto& col : kBoolColumns) {
    if (a.*(col.member) == b.*(col.member)) continue;
    AppendKey(col.name, out);
    out += b.*(col.member) ? "true" : "false";
  }
}

}  // namespace

std::string CustomerJson(const Customer& customer) {
  static const Customer kDefault;
  std::string out = "{\"id\":" + std::to_string(customer.id);
  AppendDifferences(kDefault, customer, out);
  out += '}';
  return out;
}

std::vector<std::pair<std::string, std::string>> CustomerFields(
    const Customer& customer) {
  std::vector<std::pair<std::string, std::string>> fields;
  fields.emplace_back("id", std::to_string(customer.id));
  for (const auto& col : kTextColumns) {
    if (!col.derived) fields.emplace_back(col.name, customer.*(col.member));
  }
  for (const auto& col : kIntColumns) {
    fields.emplace_back(col.name, std::to_string(customer.*(col.member)));
  }
  for (const auto& col : kBoolColumns) {
    fields.emplace_back(col.name, customer.*(col.member) ? "1" : "0");
  }
  return fields;
}

std::string CustomerChangesJson(const Customer& before, const Customer& after) {
  std::string out = "{\"id\":" + std::to_string(after.id);
  AppendDifferences(before, after, out);
  out += '}';
  return out;
}

Result<Customer> RevertCustomerChanges(const Customer& current,
                                       std::string_view before_json,
                                       std::string_view changes_json,
                                       std::vector<std::string>* moved) {
  auto before = CustomerFromJson(before_json);
  if (!before.ok()) return before.status();
  nlohmann::json changes = nlohmann::json::parse(changes_json, nullptr, false);
  nlohmann::json now = nlohmann::json::parse(CustomerJson(current));
  nlohmann::json was = nlohmann::json::parse(CustomerJson(*before));
  if (!changes.is_object()) {
    return Status::Internal("Een opgeslagen klantbeeld is beschadigd.",
                            "A stored customer image is damaged.");
  }
  // CustomerJson leaves out what equals a default customer: a column
  // missing there holds its default.
  static const nlohmann::json kDefault =
      nlohmann::json::parse(CustomerJson(Customer()));
  auto value = [](const nlohmann::json& image, const std::string& name) {
    if (image.contains(name)) return image[name];
    return kDefault.contains(name) ? kDefault[name] : nlohmann::json();
  };
  nlohmann::json out = now;
  for (const auto& [name, written] : changes.items()) {
    if (name == "id" || name == "updated_at") continue;
    nlohmann::json held = value(now, name);
    bool same = held == written || (held.is_null() && written == "") ||
                (held.is_null() && written == 0) ||
                (held.is_null() && written == false);
    if (!same) {
      moved->push_back(name);
      continue;
    }
    nlohmann::json restored = value(was, name);
    if (restored.is_null()) {
      out.erase(name);
    } else {
      out[name] = restored;
    }
  }
  return CustomerFromJson(out.dump());
}

Result<Customer> CustomerFromJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Internal("Een opgeslagen klantbeeld is beschadigd.",
                            "A stored customer image is damaged.");
  }
  Customer customer;
  try {
    customer.id = doc.value("id", 0LL);
    for (const auto& col : kTextColumns) {
      if (doc.contains(col.name)) {
        customer.*(col.member) = doc[col.name].get<std::string>();
      }
    }
    for (const auto& col : kIntColumns) {
      if (doc.contains(col.name)) {
        customer.*(col.member) = doc[col.name].get<long long>();
      }
    }
    for (const auto& col : kBoolColumns) {
      if (doc.contains(col.name))
        customer.*(col.member) = doc[col.name].get<bool>();
    }
  } catch (const nlohmann::json::exception&) {
    return Status::Internal("Een opgeslagen klantbeeld is beschadigd.",
                            "A stored customer image is damaged.");
  }
  return customer;
}

}  // namespace schoolbieb::store
