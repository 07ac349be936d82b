#include "web/chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/escape.h"

namespace schoolbieb::web {
namespace {

// Colours with enough contrast on white (WCAG 1.4.11: 3:1 for graphics).
constexpr const char* kBeforeColour = "#6f8fb3";
constexpr const char* kAfterColour = "#1d3f6e";
constexpr const char* kTextColour = "#1a1a1a";
constexpr const char* kAxisColour = "#595959";

int NiceMax(int value) {
  if (value <= 5) return 5;
  int step = 1;
  while (step * 10 < value) step *= 10;
  for (int m : {1, 2, 5, 10}) {
    if (step * m >= value) return step * m;
  }
  return value;
}

std::string Open(int width, int height, const std::string& title,
                 const std::string& desc, const std::string& id) {
  // Drawn at 1.4 times its units, so the 12-unit labels match the page's
  // text; CSS (max-width: 100%) shrinks it on a phone but never stretches
  // it, which would blow the labels up on a wide screen.
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-labelledby=\"{}-t {}-d\" font-family=\"sans-serif\" "
      "font-size=\"12\"><title id=\"{}-t\">{}</title><desc id=\"{}-d\">{}"
      "</desc>",
      width, height, width * 7 / 5, height * 7 / 5, id, id, id,
      EscapeHtml(title), id, EscapeHtml(desc));
}

// An id unique enough within one page: charts differ in title.
std::string ChartId(const std::string& title) {
  size_t hash = std::hash<std::string>{}(title);
  return fmt::format("chart{:x}", hash & 0xffffff);
}

// The base line with 0 at its left end and `max` at the top.
std::string Axis(int left, int top, int plot_height, int width, int max) {
  return fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\">0</text>"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\">{}</text>",
      left, top + plot_height, width - 10, top + plot_height, kAxisColour,
      left - 6, top + plot_height + 4, kTextColour, left - 6, top + 4,
      kTextColour, max);
}

}  // namespace

std::string BeforeAfterChartSvg(const std::vector<BarPair>& bars,
                                const std::string& title,
                                const std::string& before_label,
                                const std::string& after_label) {
  const int left = 40, top = 30, plot_height = 160, bottom = 40;
  const int group_width = 56, bar_width = 20;
  int width = left + std::max<int>(1, bars.size()) * group_width + 20;
  int height = top + plot_height + bottom;
  int max = 0;
  std::string desc;
  for (const BarPair& bar : bars) {
    max = std::max({max, bar.before, bar.after});
    desc += fmt::format("{}: {} {}, {} {}. ", bar.label, before_label,
                        bar.before, after_label, bar.after);
  }
  max = NiceMax(max);
  std::string svg = Open(width, height, title, desc, ChartId(title));
  // Legend.
  svg += fmt::format(
      "<rect x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>"
      "<text x=\"{}\" y=\"16\" fill=\"{}\">{}</text>"
      "<rect x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>"
      "<text x=\"{}\" y=\"16\" fill=\"{}\">{}</text>",
      left, kBeforeColour, left + 16, kTextColour, EscapeHtml(before_label),
      left + 110, kAfterColour, left + 126, kTextColour,
      EscapeHtml(after_label));
  svg += Axis(left, top, plot_height, width, max);
  for (size_t i = 0; i < bars.size(); ++i) {
    const BarPair& bar = bars[i];
    int x = left + 6 + static_cast<int>(i) * group_width;
    int hb = bar.before * plot_height / max;
    int ha = bar.after * plot_height / max;
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
        x, top + plot_height - hb, bar_width, hb, kBeforeColour,
        x + bar_width + 2, top + plot_height - ha, bar_width, ha, kAfterColour,
        x + bar_width + 1, top + plot_height + 16, kTextColour,
        EscapeHtml(bar.label));
  }
  svg += "</svg>";
  return svg;
}

std::string LineChartSvg(const std::vector<Point>& points,
                         const std::string& title) {
  const int left = 48, top = 20, plot_height = 140, bottom = 40, step = 90;
  int width = left + std::max<int>(1, points.size()) * step + 20;
  int height = top + plot_height + bottom;
  int max = 0;
  std::string desc;
  for (const Point& p : points) {
    max = std::max(max, p.value);
    desc += fmt::format("{}: {}. ", p.label, p.value);
  }
  max = NiceMax(max);
  std::string svg = Open(width, height, title, desc, ChartId(title));
  svg += Axis(left, top, plot_height, width, max);
  std::string path;
  for (size_t i = 0; i < points.size(); ++i) {
    int x = left + step / 2 + static_cast<int>(i) * step;
    int y = top + plot_height - points[i].value * plot_height / max;
    path += fmt::format("{}{},{}", i == 0 ? "M" : " L", x, y);
    svg += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
        x, y, kAfterColour, x, y - 8, kTextColour, points[i].value, x,
        top + plot_height + 16, kTextColour, EscapeHtml(points[i].label));
  }
  if (points.size() > 1) {
    svg += fmt::format(
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", path,
        kAfterColour);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace schoolbieb::web
