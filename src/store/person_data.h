// Everything schoolbieb holds about one person, for a request to see their
// data (AVG article 15, "inzageverzoek"): the customer record with every
// field, memberships, notices, the portal accounts linked to them, each
// import that wrote to their record (with the before and after images), and
// the audit events about their record. Read-only; thread-safe as the
// Database it is given.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

// NotFound when no customer has that id in that library.
Result<nlohmann::json> PersonData(Database& db, long long library_id,
                                  long long customer_id);

// The same as CSV (section;item;field;value, see core/csv_writer.h): one
// line per field, so it opens in a spreadsheet; formula-like text is
// neutralised.
std::string PersonDataCsv(const nlohmann::json& data);

}  // namespace schoolbieb::store
