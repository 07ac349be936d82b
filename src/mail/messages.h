// The mails schoolbieb sends, composed from facts that are never a
// student's personal data: names of schools and staff, file names, counts
// and links. Each composer returns an outbox message in the recipient's
// language, ready for store::EnqueueMessage.
#pragma once

#include <string>

#include "core/message.h"
#include "store/outbox.h"

namespace schoolbieb::mail {

// "Upload received": to the school's or the library's notification address.
struct UploadNotice {
  long long library_id = 0;
  std::string recipient;
  std::string library_name;
  std::string school_name;
  std::string uploader;  // the teacher's display name
  std::string file_name;
  long long upload_id = 0;
  long long students = 0;
  long long groups = 0;
  std::string recognised_as;  // "ParnasSys-export", in the mail's language
  std::string link;           // absolute URL of the upload in the back office
};

store::OutboxMessage UploadReceived(const UploadNotice& notice,
                                    Language language);

}  // namespace schoolbieb::mail
