// Spreadsheet dates: serial numbers (Excel's 1900 and 1904 systems) to ISO
// text, and whether a number format shows a date. Shared by the XLSX and XLS
// readers so both turn the same cell into the same text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace schoolbieb::formats {

// "2018-08-07", or "2018-08-07T13:45:00" when the serial has a time of day.
// Excel's fictitious 1900-02-29 (serial 60) becomes "1900-02-29" as Excel
// shows it. Returns "" for serials outside 0..2958465 (year 9999).
std::string SerialToIso(double serial, bool date1904);

// An xsd:dateTime as ODS and XLSX t="d" cells write it ("2018-08-07",
// "2018-08-07T00:00:00", "2018-08-07T10:30:00.000Z") in the canonical text:
// the date alone at midnight, else "YYYY-MM-DDTHH:MM:SS". Text that is not
// such a value comes back unchanged.
std::string NormaliseIsoDateTime(std::string_view text);

// What a number format shows of a serial: nothing of a date (kNone), a
// date (with or without a time of day), a time of day only (h:mm, h:mm:ss
// AM/PM, mm:ss), or elapsed time ([h]:mm, [mm]:ss).
enum class DateFormatKind : uint8_t { kNone, kDate, kTime, kElapsed };

// The kind of number format `id` (built-in) or `code` (custom; `id` -1):
// ids 14–17 and 22, 27–36, 50–58 are dates, 18–21 and 45, 47 times, 46
// elapsed; a code is a date with d or y, or m not next to h or s, a time
// with h or s, elapsed with [h], [m] or [s], all outside quotes, escapes and
// [colour]/[$-locale] brackets.
DateFormatKind ClassifyDateFormat(int id, std::string_view code);

// True when the format shows a date or a time (ClassifyDateFormat is not
// kNone).
bool IsDateFormat(int id, std::string_view code);

// A time-of-day or elapsed-time cell as text: "13:45:00" for a serial in
// [0, 1) of a kTime or kDate format (day 0 is no date), "36:00:00" (hours
// counted on) for kElapsed. "" for kNone and for a serial outside [0, 1)
// of the other kinds, which SerialToIso shows with its date.
std::string SerialToTimeText(double serial, DateFormatKind kind);

}  // namespace schoolbieb::formats
