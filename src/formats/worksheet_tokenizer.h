// WorksheetTokenizer: a small, strict XML tokenizer for the worksheet parts
// of an XLSX file (xl/worksheets/sheetN.xml), the only parts that grow with
// the rows. Expat spent about half of a 100,000-row read on them; a
// worksheet needs little of XML (elements, attributes, character data, the
// five predefined entities and character references), and knowing only that
// much is what makes this faster.
//
// Strict rather than clever: everything it reads is checked as expat would
// (UTF-8 and XML characters, names, quoting, matching end tags, one root,
// entities), and anything outside its subset or anything malformed makes it
// stop with unsupported(): a DOCTYPE, CDATA, comments, processing
// instructions other than the XML declaration, non-ASCII names, literal
// whitespace inside attribute values, nesting deeper than the limit, text
// longer than a megabyte. The caller then reads the part again with
// XmlStream (expat), which reads it or refuses it with its own message. So
// what comes out never depends on which of the two read a part; the subset
// only decides how fast.
//
// Feed() the part in chunks of any size, then Finish(). Not thread-safe;
// one instance per part.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace schoolbieb::formats {

struct XmlAttribute {
  std::string_view name;
  std::string_view value;  // entities decoded
};

// Receives the tokens. Names are qualified as written ("c", "x:c"); views
// are valid only during the call. Returning false ends the parse (the
// handler keeps its own reason, e.g. a limit).
class WorksheetHandler {
 public:
  virtual ~WorksheetHandler() = default;
  virtual bool StartElement(std::string_view name,
                            std::span<const XmlAttribute> attributes) = 0;
  virtual bool EndElement(std::string_view name) = 0;
  // Character data with entities decoded and line ends normalised to "\n";
  // one run of text may arrive in several calls.
  virtual bool Characters(std::string_view text) = 0;
};

class WorksheetTokenizer {
 public:
  WorksheetTokenizer(WorksheetHandler& handler, size_t max_depth);

  // Each returns false once the parse has ended early: the handler
  // returned false, or unsupported() is true.
  bool Feed(std::string_view chunk);
  bool Finish();

  // The part needs expat: outside the subset above, or malformed.
  bool unsupported() const { return state_ == State::kUnsupported; }

 private:
  enum class State { kGo, kStopped, kUnsupported };
  // Parses the complete tokens at the start of `buffer`; returns how many
  // bytes they took. Stops early (at the returned offset) when the state
  // leaves kGo.
  size_t Parse(std::string_view buffer);
  // Each parses the token at *pos. False: the token is cut off at the end of
  // `buffer` (*pos unchanged). True: it was read and *pos moved past it, or
  // the state left kGo.
  bool ParseText(std::string_view buffer, size_t* pos);
  bool ParseStartTag(std::string_view buffer, size_t* pos);
  bool ParseEndTag(std::string_view buffer, size_t* pos);
  bool ParseDeclaration(std::string_view buffer, size_t* pos);
  // Checks and decodes `raw` (text or an attribute value) into `out`;
  // false when it is not valid XML here.
  bool Decode(std::string_view raw, bool attribute, std::string* out);
  // Set the state and return true (the token is dealt with).
  bool Fail();
  bool Stop();

  WorksheetHandler& handler_;
  const size_t max_depth_;
  State state_ = State::kGo;
  bool at_start_ = true;    // before anything but a byte order mark
  bool finishing_ = false;  // no more input will come
  bool root_closed_ = false;
  // The open elements' names, back to back, with where each starts.
  std::string open_names_;
  std::vector<size_t> open_starts_;
  std::vector<XmlAttribute> attributes_;
  std::string text_scratch_;
  std::string attribute_scratch_;
  // The start of a token that the previous chunk cut off.
  std::string carry_;
};

}  // namespace schoolbieb::formats
