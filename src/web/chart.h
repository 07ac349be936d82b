// Pictures for people who would rather look than read: small SVG charts
// drawn on the server (no script, nothing from elsewhere), placed inline in
// the page. Each chart carries a title and a description for screen readers
// (role="img"), and the page shows the same numbers in a table beside it.
// Every text is escaped. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace schoolbieb::web {

struct BarPair {
  std::string label;  // "groep 3"
  int before = 0;
  int after = 0;
};

// Grouped bars, before (light) and after (dark) per label, with a legend.
std::string BeforeAfterChartSvg(const std::vector<BarPair>& bars,
                                const std::string& title,
                                const std::string& before_label,
                                const std::string& after_label);

struct Point {
  std::string label;  // "2024-09-01"
  int value = 0;
};

// A line with its points labelled, oldest left.
std::string LineChartSvg(const std::vector<Point>& points,
                         const std::string& title);

}  // namespace schoolbieb::web
