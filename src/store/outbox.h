// The outbox: mails waiting to be sent.
//
// A message is written in the same transaction as the event that causes it
// (an upload, an import, a rejection, a hold), so an event is never without
// its mail and a rolled-back event never mails. Delivery happens afterwards,
// outside any request (mail/); with no SMTP server configured the messages
// simply wait here and the back office shows them. As thread-safe as the
// Database it is given.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct OutboxMessage {
  long long id = 0;
  long long library_id = 0;
  std::string kind;       // "upload_received", "import_applied", …
  std::string recipient;  // one address, checked by the caller
  std::string language = "nl";
  std::string subject;
  std::string body_text;
  std::string body_html;
  std::string state = "pending";  // pending | sending | sent | failed
  int attempts = 0;
  long long next_attempt_at = 0;
  long long created_at = 0;
  long long sent_at = 0;
  std::string last_error;
};

// Writes the message as pending, due now; fills in id and created_at. Runs
// in the caller's transaction when one is open.
Status EnqueueMessage(Database& db, OutboxMessage& message);

// The newest `limit` messages of a library, any state.
Result<std::vector<OutboxMessage>> ListOutbox(Database& db,
                                              long long library_id,
                                              int limit = 100);

}  // namespace schoolbieb::store
