// The mail that goes with store/retention.h's notice: an upload nobody
// imported or rejected will be purged. To the school's notification
// address, else the library's (as the upload's own mail), in Dutch, with
// the dates and a link to the upload in the back office; no mail when
// neither has an address. `serve` and `schoolbieb privacy purge` hand it to
// the retention. Thread-safe.
#pragma once

#include <string>

#include "store/retention.h"

namespace schoolbieb::import {

// `public_url`: where the back office is reached, for the link.
store::PurgeNoticeComposer PurgeNoticeMail(std::string public_url);

}  // namespace schoolbieb::import
