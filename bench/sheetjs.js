// sheetjs.js FILE: reads FILE with SheetJS (npm "xlsx", pinned in
// bench/package-lock.json) and prints the number of rows.
const XLSX = require("xlsx");
const book = XLSX.readFile(process.argv[2], { dense: true });
let rows = 0;
for (const name of book.SheetNames) {
  rows += XLSX.utils.sheet_to_json(book.Sheets[name], { header: 1 }).length;
}
console.log(rows);
