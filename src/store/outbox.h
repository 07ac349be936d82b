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
#include <string_view>
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
  long long retried_as = 0;  // failed and sent again as this message
};

// The states of a row, and what the columns mean in each:
//   pending  waits for next_attempt_at; attempts so far, last_error of the
//            last one.
//   sending  claimed by one worker (claimed_by) until claimed_until. sent_at
//            is NULL until the worker is about to hand the content to the
//            SMTP server: then it is set first, in its own committed write.
//   sent     sent_at is when the server accepted it.
//   failed   given up, or interrupted after the hand-over began; last_error
//            says which. Never retried by itself.
// A claim outlives the SMTP timeout many times over, so a live worker never
// loses its claim; an expired claim means its worker died.

// Writes the message as pending, due now; fills in id and created_at. Runs
// in the caller's transaction when one is open.
Status EnqueueMessage(Database& db, OutboxMessage& message);

// The newest `limit` messages of a library, any state; `state` non-empty
// keeps only that state.
Result<std::vector<OutboxMessage>> ListOutbox(Database& db,
                                              long long library_id,
                                              int limit = 100,
                                              std::string_view state = "");

// Who recovered what from workers that died (claims that expired).
struct ClaimRecovery {
  int requeued = 0;   // died before handing over: safe to send again
  int uncertain = 0;  // died after the hand-over began: now failed
};

// The text an uncertain message gets as last_error.
extern const char* const kUncertainDelivery;

// In one short transaction: first recovers expired claims — a 'sending' row
// whose claim ran out goes back to pending when sent_at is NULL (its worker
// died before any content left) and to failed with kUncertainDelivery
// otherwise (the server may have it: sending it again could deliver it
// twice) — then claims up to `limit` due pending rows for `worker` until
// `claim_until`, counting an attempt. PostgreSQL: FOR UPDATE SKIP LOCKED, so
// concurrent workers take different rows and never wait for each other;
// SQLite: the recovery's write takes the database write lock first, so
// claims serialise. `recovery` may be null.
Result<std::vector<OutboxMessage>> ClaimDueMessages(
    Database& db, std::string_view worker, long long now, long long claim_until,
    int limit, ClaimRecovery* recovery);

// Records that the content is about to go to the server (sets sent_at).
// Returns false, changing nothing, when `worker` no longer holds the claim:
// then the content must not be sent.
Result<bool> MarkHandingOver(Database& db, long long id,
                             std::string_view worker, long long now);

// The outcomes of a claimed message. Each changes the row only while
// `worker` holds its claim (FailedPrecondition otherwise) and ends the
// claim.
Status MarkSent(Database& db, long long id, std::string_view worker,
                long long now);
Status ScheduleRetry(Database& db, long long id, std::string_view worker,
                     long long next_attempt_at, const std::string& error);
Status MarkFailed(Database& db, long long id, std::string_view worker,
                  const std::string& error);

// Puts a copy of a failed message of the library back in the queue as a
// new pending message (the failed one stays, as the record of what
// happened, and says where its copy went). Returns the copy's id; NotFound
// when the library has no such message, FailedPrecondition when it is not
// failed.
Result<long long> RequeueFailedMessage(Database& db, long long library_id,
                                       long long id, long long now);

}  // namespace schoolbieb::store
