// Status and Result<T>: how expected failures travel as values.
//
// A Status is either OK or a code plus a Message (Dutch and English) meant
// for the person who caused or can fix the failure. Exceptions are reserved
// for bugs and aborted requests; user input never throws. Both types are
// plain values: copy them freely, they are as thread-safe as a std::string.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/message.h"

namespace schoolbieb {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,     // the input is wrong; the message says how to fix it
    kNotFound,            // a named thing does not exist
    kAlreadyExists,       // a unique name or number is taken
    kFailedPrecondition,  // the state does not allow it now (e.g. a later
                          // import)
    kPermissionDenied,    // the actor may not do this
    kResourceExhausted,   // a limit was reached (size, rows, time)
    kUnavailable,         // a service (database, mail) cannot be reached now
    kIOError,             // the disk or a file failed
    kInternal,            // a bug or an unexpected database answer
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string nl, std::string en) {
    return Status(Code::kInvalidArgument, std::move(nl), std::move(en));
  }
  static Status NotFound(std::string nl, std::string en) {
    return Status(Code::kNotFound, std::move(nl), std::move(en));
  }
  static Status AlreadyExists(std::string nl, std::string en) {
    return Status(Code::kAlreadyExists, std::move(nl), std::move(en));
  }
  static Status FailedPrecondition(std::string nl, std::string en) {
    return Status(Code::kFailedPrecondition, std::move(nl), std::move(en));
  }
  static Status PermissionDenied(std::string nl, std::string en) {
    return Status(Code::kPermissionDenied, std::move(nl), std::move(en));
  }
  static Status ResourceExhausted(std::string nl, std::string en) {
    return Status(Code::kResourceExhausted, std::move(nl), std::move(en));
  }
  static Status Unavailable(std::string nl, std::string en) {
    return Status(Code::kUnavailable, std::move(nl), std::move(en));
  }
  static Status IOError(std::string nl, std::string en) {
    return Status(Code::kIOError, std::move(nl), std::move(en));
  }
  static Status Internal(std::string nl, std::string en) {
    return Status(Code::kInternal, std::move(nl), std::move(en));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const Message& message() const { return message_; }
  const std::string& message(Language language) const {
    return message_.In(language);
  }
  // Short English name of the code, for logs and JSON ("not_found").
  std::string_view code_name() const;
  // "not_found: <English message>", for logs and test failure output.
  std::string ToString() const;

 private:
  Status(Code code, std::string nl, std::string en)
      : code_(code), message_{std::move(nl), std::move(en)} {}

  Code code_ = Code::kOk;
  Message message_;
};

// A value or the Status that explains why there is none. A Result built from
// an OK Status is a bug.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace schoolbieb

// Returns early from the enclosing function when `expr` is not OK.
#define SB_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::schoolbieb::Status sb_status_ = (expr); \
    if (!sb_status_.ok()) return sb_status_;  \
  } while (false)
