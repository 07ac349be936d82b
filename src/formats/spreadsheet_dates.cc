#include "formats/spreadsheet_dates.h"

#include <fmt/format.h>

#include <cmath>

namespace schoolbieb::formats {
namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

}  // namespace

std::string SerialToIso(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return "";
  double whole = std::floor(serial);
  long long seconds = std::llround((serial - whole) * 86400.0);
  long long day = static_cast<long long>(whole);
  if (seconds >= 86400) {
    ++day;
    seconds -= 86400;
  }
  std::string date;
  if (!date1904 && day == 60) {
    date = "1900-02-29";
  } else {
    // 1900 system: serial 1 is 1900-01-01, with the fictitious leap day 60
    // in between; day 25569 is 1970-01-01. 1904 system: day 0 is 1904-01-01.
    long long unix_days;
    if (date1904) {
      unix_days = day - 24107;
    } else {
      unix_days = (day < 60 ? day + 1 : day) - 25569;
    }
    int y;
    unsigned m, d;
    CivilFromDays(unix_days, y, m, d);
    if (y > 9999) {
      date = fmt::format("{:04}-{:02}-{:02}", y, m, d);  // 1904 system's end
    } else {
      // By hand rather than with fmt: every date cell of a large sheet comes
      // here. The year is at least 1899 by the range checked above.
      char text[10] = {static_cast<char>('0' + y / 1000),
                       static_cast<char>('0' + y / 100 % 10),
                       static_cast<char>('0' + y / 10 % 10),
                       static_cast<char>('0' + y % 10),
                       '-',
                       static_cast<char>('0' + m / 10),
                       static_cast<char>('0' + m % 10),
                       '-',
                       static_cast<char>('0' + d / 10),
                       static_cast<char>('0' + d % 10)};
      date.assign(text, sizeof text);
    }
  }
  if (seconds == 0) return date;
  return fmt::format("{}T{:02}:{:02}:{:02}", date, seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
}

std::string NormaliseIsoDateTime(std::string_view text) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > text.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
  };
  if (!(digits(0, 4) && text.size() >= 10 && text[4] == '-' && digits(5, 2) &&
        text[7] == '-' && digits(8, 2))) {
    return std::string(text);
  }
  std::string date(text.substr(0, 10));
  if (text.size() == 10) return date;
  if (text[10] != 'T' || !digits(11, 2) || text.size() < 19 ||
      text[13] != ':' || !digits(14, 2) || text[16] != ':' || !digits(17, 2)) {
    return std::string(text);
  }
  std::string time(text.substr(11, 8));
  return time == "00:00:00" ? date : date + "T" + time;
}

namespace {

bool IsBuiltInDate(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
         (id >= 50 && id <= 58);
}

// [h], [hh], [mm], [ss]: one letter repeated. [Magenta], [Red], [Color10]
// and [$-413] are colours and locales.
bool IsElapsedBracket(std::string_view inner) {
  if (inner.empty()) return false;
  char first = static_cast<char>(inner[0] | 0x20);
  if (first != 'h' && first != 'm' && first != 's') return false;
  for (char c : inner) {
    if (static_cast<char>(c | 0x20) != first) return false;
  }
  return true;
}

}  // namespace

DateFormatKind ClassifyDateFormat(int id, std::string_view code) {
  if (IsBuiltInDate(id)) return DateFormatKind::kDate;
  if ((id >= 18 && id <= 21) || id == 45 || id == 47)
    return DateFormatKind::kTime;
  if (id == 46) return DateFormatKind::kElapsed;
  if (code.empty()) return DateFormatKind::kNone;
  bool day_or_year = false, hour_or_second = false, month_or_minute = false;
  bool elapsed = false, in_quote = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (in_quote) {
      if (c == '"') in_quote = false;
      continue;
    }
    switch (c) {
      case '"':
        in_quote = true;
        break;
      case '\\':
      case '_':
      case '*':
        ++i;
        break;  // escaped, padding, fill
      case '[': {
        size_t end = code.find(']', i);
        if (end == std::string_view::npos) return DateFormatKind::kNone;
        elapsed = elapsed || IsElapsedBracket(code.substr(i + 1, end - i - 1));
        i = end;
        break;
      }
      case 'd':
      case 'D':
      case 'y':
      case 'Y':
        day_or_year = true;
        break;
      case 'h':
      case 'H':
      case 's':
      case 'S':
        hour_or_second = true;
        break;
      case 'm':
      case 'M':
        month_or_minute = true;
        break;
      default:
        break;
    }
  }
  if (elapsed) return DateFormatKind::kElapsed;
  if (day_or_year) return DateFormatKind::kDate;
  if (hour_or_second) return DateFormatKind::kTime;
  if (month_or_minute) return DateFormatKind::kDate;  // "mmmm": a month
  return DateFormatKind::kNone;
}

bool IsDateFormat(int id, std::string_view code) {
  return ClassifyDateFormat(id, code) != DateFormatKind::kNone;
}

std::string SerialToTimeText(double serial, DateFormatKind kind) {
  if (!std::isfinite(serial)) return "";
  if (kind == DateFormatKind::kTime || kind == DateFormatKind::kDate) {
    // Day 0 is no date: a serial below 1 is a time of day whatever the
    // format says, as xlrd and openpyxl read it too.
    if (serial < 0 || serial >= 1) return "";
  } else if (kind != DateFormatKind::kElapsed || std::fabs(serial) > 1e9) {
    return "";
  }
  long long seconds = std::llround(std::fabs(serial) * 86400.0);
  if (kind != DateFormatKind::kElapsed && seconds >= 86400) seconds = 0;
  return fmt::format("{}{:02}:{:02}:{:02}", serial < 0 ? "-" : "",
                     seconds / 3600, seconds / 60 % 60, seconds % 60);
}

}  // namespace schoolbieb::formats
