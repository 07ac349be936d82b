// Customers (klanten: students, teachers, others) with every field of the
// seven tabs of the customer record, their notices (tab 5) and their
// memberships of the school library and the public library.
//
// Only what the import and the library's work need is kept: never a BSN,
// ethnicity or "gewicht", whatever a file carries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct Customer {
  long long id = 0;
  long long library_id = 0;
  // Tab 1 Klant.
  std::string kind = "student";  // student | teacher | other
  std::string card_number;       // empty: no card yet
  bool card_blocked = false;
  std::string card_blocked_reason;
  long long home_branch_id = 0;
  long long school_branch_id = 0;  // the school of a student or teacher
  // Tab 2 NAW-gegevens.
  std::string call_name;    // roepnaam
  std::string first_names;  // voornamen
  std::string initials;     // voorletters, "Chr.Th."
  std::string name_prefix;  // tussenvoegsel, "van der"
  std::string last_name;    // without prefix
  std::string birth_date;   // ISO, empty when unknown
  std::string sex;          // "", "M", "V", "X"
  std::string street;
  std::string house_number;
  std::string house_number_suffix;
  std::string postcode;  // "1234 AB"
  std::string city;
  std::string phone;
  std::string mobile;
  std::string email;
  // Tab 3 Contributie.
  std::string subscription_type;
  std::string subscription_start;
  std::string subscription_end;
  long long fees_due_cents = 0;
  // Tab 4 Overig.
  std::string remarks;
  // Tab 6 Eigenschappen-1: consent to public-library membership.
  std::string public_consent;  // "", "yes", "no"
  long long public_consent_at = 0;
  std::string public_consent_source;
  // Tab 7 Eigenschappen-2.
  bool print_slips = true;           // Klantbonnen
  bool reservation_messages = true;  // Reserveringsberichten
  std::string external_number;       // Extern nummer (not searchable)
  std::string external_number_2;     // Extern nummer-2: the student number
  std::string year_group;            // jaargroep
  std::string group_key;
  std::string group_name;          // groepnaam
  long long upload_branch_id = 0;  // Mag lenergegevens uploaden voor
  std::string classification;
  std::string preferred_language = "nl_NL";
  // Bookkeeping.
  std::string locked_fields;  // comma-separated fields staff edited by hand
  long long created_at = 0;
  long long updated_at = 0;
  // PersonKey of the names and birth date: how an import finds a person
  // under another number or at another school, by index. Derived: every
  // write sets it from the fields; never in images or exports.
  std::string person_key;
};

// How many customer rows the store has read into Customers since the
// process started, in every thread: what an import reads can be counted
// (tests and benchmarks check it stays the size of the school).
long long CustomersRead();

// MatchKey(prefix + last name) "|" birth date; empty without a last name or
// a birth date (such a customer is found by number or card only).
std::string PersonKey(std::string_view prefix, std::string_view last_name,
                      std::string_view birth_date);

// Adds a customer; fills in id and the timestamps. AlreadyExists when the
// card number is taken in the library.
Status AddCustomer(Database& db, Customer& customer);
// Writes every field of `customer` (by id) and sets updated_at.
Status UpdateCustomer(Database& db, Customer& customer);
Result<Customer> GetCustomer(Database& db, long long id);

// Customers of `library_id` whose Extern nummer-2 is `number` (the student
// number), optionally within one school. The seed makes this searchable;
// Extern nummer is deliberately not.
Result<std::vector<Customer>> FindByExternalNumber2(
    Database& db, long long library_id, std::string_view number,
    long long school_branch_id = 0);

// The library's customers someone at the desk means by `query`: every word
// of it (spaces and commas separate words) within the call name, first
// names, prefix or last name, or the whole query without spaces equal to
// the card number or Extern nummer-2 (the student number). Extern nummer
// is never searched: the seed says it cannot be searched on. Letters A–Z
// match in either case, on both backends alike; other letters as written.
// At most `limit` customers, by last name; an empty query finds nothing.
Result<std::vector<Customer>> SearchCustomers(Database& db,
                                              long long library_id,
                                              std::string_view query,
                                              size_t limit);

// Sets "Mag lenergegevens uploaden voor" on a customer (0 revokes).
Status SetUploadBranch(Database& db, long long customer_id,
                       long long branch_id);

struct Membership {
  long long id = 0;
  long long customer_id = 0;
  std::string scope;  // "school" | "public"
  long long branch_id = 0;
  std::string started_on;  // ISO date
  std::string ended_on;    // empty while current
  std::string end_reason;
  bool consent_based = false;
  long long import_run_id = 0;
};

Status AddMembership(Database& db, Membership& membership);

// Every customer of `kind` ("student", "teacher", "other"; empty: all) in
// the library, in id order: what the import matches against.
Result<std::vector<Customer>> ListCustomers(Database& db, long long library_id,
                                            std::string_view kind);

// Many customers held compactly for reading: a Customer is 32 strings,
// about 1.1 KB even when they are short, and the import holds every student
// of a library; here a customer is its numbers and one run of text, about a
// third of that. Fields are read by member (Text(index,
// &Customer::year_group)) or as a whole Customer (Get). Not thread-safe; a
// plain value.
class CustomerList {
 public:
  size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  void reserve(size_t count, size_t text_bytes);
  void Add(const Customer& customer);

  Customer Get(size_t index) const;
  long long id(size_t index) const { return ids_[index]; }
  std::string_view Text(size_t index, std::string Customer::*member) const;
  long long Int(size_t index, long long Customer::*member) const;
  bool Bool(size_t index, bool Customer::*member) const;

 private:
  friend struct CustomerListBuilder;
  std::vector<long long> ids_;
  std::vector<long long> ints_;       // per customer, kIntColumns' order
  std::vector<unsigned char> bools_;  // per customer, a bit per column
  std::vector<uint32_t> text_ends_;   // per customer, each text's end
  std::string text_;                  // every customer's texts in a row
};

// The lookups an import matches by. Each reads by an index only what it
// asks for, never the whole library, so an import costs what its school
// holds.
// The school's students, current and former (school_branch_id).
Result<std::vector<Customer>> ListSchoolStudents(Database& db,
                                                 long long library_id,
                                                 long long school_branch_id);
// The ids of the school's current members (an open school membership).
Result<std::vector<long long>> ListSchoolMemberIds(Database& db,
                                                   long long school_branch_id);
// The library's customers with one of these ids, card numbers or person
// keys (PersonKey); in id order. `except_school` (not 0) leaves out that
// school's customers, already read with ListSchoolStudents.
Result<std::vector<Customer>> FindCustomersById(
    Database& db, long long library_id, const std::vector<long long>& ids);
Result<std::vector<Customer>> FindCustomersByCard(
    Database& db, long long library_id, const std::vector<std::string>& cards,
    long long except_school = 0);
Result<std::vector<Customer>> FindCustomersByPersonKey(
    Database& db, long long library_id, const std::vector<std::string>& keys,
    long long except_school = 0);
// The school's teachers, and the library's teachers with one of `emails`
// (compared in lower case).
Result<std::vector<Customer>> FindTeachers(
    Database& db, long long library_id, long long school_branch_id,
    const std::vector<std::string>& emails);
// The memberships that have not ended of these customers.
Result<std::vector<Membership>> ListCurrentMembershipsOf(
    Database& db, const std::vector<long long>& customer_ids);

// The student numbers (Extern nummer-2) of the school's students, current
// and former, by customer id: what a change of the school's number rule
// would rewrite.
Result<std::vector<std::pair<long long, std::string>>> ListSchoolStudentNumbers(
    Database& db, long long school_branch_id);

// A customer as a compact JSON object (the before- and after-images of an
// import), and back: the id and every stored column whose value differs from
// a default Customer's, so that CustomerFromJson — which leaves fields
// missing in the JSON at their defaults — restores the customer exactly.
// Equal customers give equal text. Throws std::runtime_error for text that
// is not UTF-8 (a JSON document could not carry it).
std::string CustomerJson(const Customer& customer);

// Every stored field of `customer` by its column name, as text (numbers in
// decimal, yes/no as 1/0), in the order of the table: what a person asking
// to see their data is shown.
std::vector<std::pair<std::string, std::string>> CustomerFields(
    const Customer& customer);
// The id and the stored columns in which `after` differs from `before`.
std::string CustomerChangesJson(const Customer& before, const Customer& after);

// Undoes one recorded update of `current` column by column: every column
// named in `changes_json` (a CustomerChangesJson) whose value is still the
// one written there gets its value from `before_json` (a CustomerJson) back;
// every other column, and updated_at, stays. The names of the columns that
// were written to since (their value is no longer the recorded one) go to
// `*moved`, and those columns stay as they are.
Result<Customer> RevertCustomerChanges(const Customer& current,
                                       std::string_view before_json,
                                       std::string_view changes_json,
                                       std::vector<std::string>* moved);
Result<Customer> CustomerFromJson(std::string_view json);

// Inserts and updates many customers with as few statements as the backend
// allows (store::BulkInsert, BulkUpdate): the import writes thousands per
// run. Use within one transaction; not thread-safe. Inserts with an id and
// Update(before, after) are held back until Flush(): call it before the
// transaction commits and before writing rows that refer to these
// customers. Throws soci::soci_error like the session does (a held
// update of a missing id throws at Flush()); callers turn it into a Status
// with FromDatabaseError.
class CustomerWriter {
 public:
  explicit CustomerWriter(Database& db);
  ~CustomerWriter();
  CustomerWriter(const CustomerWriter&) = delete;
  CustomerWriter& operator=(const CustomerWriter&) = delete;

  // Inserts under customer.id when it is set (an id from an IdSource; held
  // until Flush()), else at once and fills it in; keeps
  // created_at/updated_at when set, else now.
  void Insert(Customer& customer);
  // Writes every column by id, at once; sets updated_at to now.
  void Update(Customer& customer);
  // Writes, by id, updated_at (set to now) and only the columns in which
  // `after` differs from `before`, the stored row: an UPDATE that names an
  // indexed column rewrites that index's entry even when the value stays.
  // Held until Flush().
  void Update(const Customer& before, Customer& after);

  // Writes everything held back.
  void Flush();
  // Bytes held back for Flush().
  size_t pending_bytes() const;

 private:
  struct Statements;
  std::unique_ptr<Statements> statements_;
};
Result<std::vector<Membership>> ListMemberships(Database& db,
                                                long long customer_id);

struct Notice {
  long long id = 0;
  long long customer_id = 0;
  std::string body;
  long long author_account_id = 0;
  long long created_at = 0;
};

Status AddNotice(Database& db, Notice& notice);
Result<std::vector<Notice>> ListNotices(Database& db, long long customer_id);

}  // namespace schoolbieb::store
