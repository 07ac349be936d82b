#include "formats/worksheet_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/xml_stream.h"

namespace schoolbieb::formats {
namespace {

// Both parsers write what they see in one notation, so the tokenizer can be
// held against expat: "<c r=A1>", "</c>", text in quotes (merged runs).
class Events {
 public:
  void Start(std::string_view name,
             const std::vector<std::pair<std::string, std::string>>& attrs) {
    std::string e = "<" + std::string(name);
    for (const auto& [k, v] : attrs) e += " " + k + "=" + v;
    Push(e + ">");
  }
  void End(std::string_view name) { Push("</" + std::string(name) + ">"); }
  void Text(std::string_view text) {
    if (!events_.empty() && events_.back().front() == '"') {
      events_.back().insert(events_.back().size() - 1, text);
    } else {
      Push("\"" + std::string(text) + "\"");
    }
  }
  const std::vector<std::string>& list() const { return events_; }

 private:
  void Push(std::string e) { events_.push_back(std::move(e)); }
  std::vector<std::string> events_;
};

class Recorder : public WorksheetHandler {
 public:
  bool StartElement(std::string_view name,
                    std::span<const XmlAttribute> attributes) override {
    std::vector<std::pair<std::string, std::string>> attrs;
    for (const auto& a : attributes)
      attrs.emplace_back(std::string(a.name), std::string(a.value));
    events.Start(name, attrs);
    return name != stop_at;
  }
  bool EndElement(std::string_view name) override {
    events.End(name);
    return true;
  }
  bool Characters(std::string_view text) override {
    events.Text(text);
    return true;
  }
  Events events;
  std::string stop_at;
};

class ExpatRecorder : public XmlStream {
 public:
  explicit ExpatRecorder(const Limits& limits) : XmlStream("sheet", limits) {}
  Events events;

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    std::vector<std::pair<std::string, std::string>> list;
    for (size_t i = 0; attrs[i]; i += 2)
      list.emplace_back(attrs[i], attrs[i + 1]);
    events.Start(name, list);
  }
  void EndElement(std::string_view name) override { events.End(name); }
  void Characters(std::string_view text) override { events.Text(text); }
};

struct Outcome {
  bool unsupported = false;
  bool finished = false;
  std::vector<std::string> events;
};

// Feeds `xml` in chunks of `chunk` bytes (0: all at once).
Outcome Tokenize(std::string_view xml, size_t chunk = 0,
                 size_t max_depth = 64) {
  Recorder recorder;
  WorksheetTokenizer tokenizer(recorder, max_depth);
  bool going = true;
  if (chunk == 0) chunk = xml.size() + 1;
  for (size_t at = 0; going && at < xml.size(); at += chunk) {
    going = tokenizer.Feed(xml.substr(at, chunk));
  }
  Outcome out;
  out.finished = going && tokenizer.Finish();
  out.unsupported = tokenizer.unsupported();
  out.events = recorder.events.list();
  return out;
}

std::vector<std::string> Expat(std::string_view xml, bool* ok) {
  Limits limits;
  ExpatRecorder recorder(limits);
  *ok = recorder.Feed(xml).ok() && recorder.Finish().ok();
  return recorder.events.list();
}

constexpr std::string_view kSheet =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" "
    "standalone=\"yes\"?>\r\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:x14ac=\"urn:x\">\n"
    "<sheetData><row r=\"1\" spans=\"1:3\" x14ac:dyDescent=\"0.25\">"
    "<c r=\"A1\" t=\"s\"><v>0</v></c><c r='B1' s=\"2\"><v>43319</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">Van </t></r>"
    "<r><t>D&amp;m &lt;&gt; &quot;&apos; "
    "&#65;&#x20AC;&#128512;</t></r></is></c>"
    "</row>\r\n<row r=\"2\" ><c r=\"A2\" t=\"str\"><f>A1&amp;\"x\"</f><v>Zoë "
    "Ærø\r\nr2\rr3</v></c><c r=\"B2\"/></row></sheetData>"
    "<x:ext xmlns:x=\"urn:y\" a=\"1&#10;2\tb\r\nc\"/></worksheet>\n";

TEST(WorksheetTokenizerTest, ReadsWhatExpatReadsAtEverySplit) {
  bool ok = false;
  std::vector<std::string> expected = Expat(kSheet, &ok);
  ASSERT_TRUE(ok);
  Outcome whole = Tokenize(kSheet);
  ASSERT_TRUE(whole.finished) << "unsupported: " << whole.unsupported;
  EXPECT_EQ(whole.events, expected);
  for (size_t chunk = 1; chunk < 40; ++chunk) {
    Outcome out = Tokenize(kSheet, chunk);
    ASSERT_TRUE(out.finished) << "chunk " << chunk;
    EXPECT_EQ(out.events, expected) << "chunk " << chunk;
  }
}

TEST(WorksheetTokenizerTest, DecodesEntitiesAndLineEnds) {
  Outcome out = Tokenize(
      "<a x=\"&lt;&#x9;\t&#13;\r\n.\"><t>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;"
      "&#x20ac;&#128512;\r\n\r]]</t></a>");
  ASSERT_TRUE(out.finished);
  ASSERT_EQ(out.events.size(), 5u);
  EXPECT_EQ(out.events[0], "<a x=<\t \r .>");
  EXPECT_EQ(out.events[2], "\"<>&\"'AB€😀\n\n]]\"");
}

TEST(WorksheetTokenizerTest, LeavesWhatItDoesNotKnowToExpat) {
  const std::vector<std::string> unusual = {
      "<!DOCTYPE a><a/>",
      "<a><![CDATA[x]]></a>",
      "<a><!-- note --></a>",
      "<a><?pi x?></a>",
      "<a>&nbsp;</a>",
      "<a x=\"&foo;\"/>",
      "<a>&#0;</a>",
      "<a>&#xD800;</a>",
      "<a>&#x110000;</a>",
      "<a>\xFF</a>",
      "<a>\xC0\x80</a>",
      "<a>\xEF\xBF\xBE</a>",
      "<a>\xE2\x82</a>",
      "<a>\x01</a>",
      "<a x=\"\x01\"/>",
      "<a></b>",
      "<a>",
      "<a/><b/>",
      "<a/>x",
      "x<a/>",
      "<a x=\"1\" x=\"2\"/>",
      "<a x=1/>",
      "<a x=\"1\"y=\"2\"/>",
      "<a>]]></a>",
      "<a x=\"<\"/>",
      "<\xC3\xA9l/>",
      "<a/ >",
      "<1a/>",
      "<?xml version=\"1.1\"?><a/>",
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
      " <?xml version=\"1.0\"?><a/>",
      "<a><b><c/></b></a>",  // over a depth of 2
  };
  for (const std::string& xml : unusual) {
    Outcome out = Tokenize(xml, 0, 2);
    EXPECT_TRUE(out.unsupported) << xml;
    EXPECT_FALSE(out.finished) << xml;
  }
}

TEST(WorksheetTokenizerTest, HugeTextIsLeftToExpat) {
  std::string xml = "<a><t>" + std::string(3u << 20, 'x') + "</t></a>";
  EXPECT_TRUE(Tokenize(xml, 65536).unsupported);
}

TEST(WorksheetTokenizerTest, HandlerStopsTheParse) {
  Recorder recorder;
  recorder.stop_at = "b";
  WorksheetTokenizer tokenizer(recorder, 64);
  EXPECT_FALSE(tokenizer.Feed("<a><b/><c/></a>"));
  EXPECT_FALSE(tokenizer.unsupported());
  EXPECT_EQ(recorder.events.list().back(), "<b>");
}

// Damage anywhere: whatever the tokenizer reads to the end, expat reads to
// the same events; whatever expat refuses, the tokenizer leaves to it.
TEST(WorksheetTokenizerTest, NeverAcceptsWhatExpatRefuses) {
  const std::string base(kSheet);
  const char replacements[] = {'<', '>', '&', '"',    '\'',   '/',  ' ',
                               ';', '#', 'x', '\x80', '\xC3', '\0', '=',
                               '!', '?', ']', '\x7F', '\r',   ':'};
  for (size_t at = 0; at < base.size(); ++at) {
    for (char replacement : replacements) {
      std::string xml = base;
      xml[at] = replacement;
      bool ok = false;
      std::vector<std::string> expected = Expat(xml, &ok);
      Outcome out = Tokenize(xml, 7);
      if (out.finished) {
        EXPECT_TRUE(ok) << "accepted what expat refuses, at " << at;
        EXPECT_EQ(out.events, expected) << "at " << at;
      }
      EXPECT_TRUE(ok || out.unsupported) << "at " << at;
    }
    std::string cut = base.substr(0, at);
    bool ok = false;
    Expat(cut, &ok);
    Outcome out = Tokenize(cut, 5);
    EXPECT_TRUE(ok || out.unsupported) << "cut at " << at;
  }
}

}  // namespace
}  // namespace schoolbieb::formats
