// A safe, streaming XML parser over expat for the spreadsheet readers.
//
// Safety is not optional here: any DOCTYPE is refused (OOXML and ODF never
// need one, and it is where entity expansion and external entities live), no
// external entity is ever loaded, and the element depth is bounded. Element
// names are reported without their namespace prefix resolution: callers get
// the qualified name as written ("table:table-cell", "c"), which is stable for
// the files these readers accept and avoids a lookup per element.
//
// Subclass, override the handlers, Feed() chunks, then Finish(). A handler
// stops the parse by returning a non-OK Status from Check() or calling Stop().
#pragma once

#include <expat.h>

#include <string>
#include <string_view>

#include "core/status.h"
#include "formats/limits.h"

namespace schoolbieb::formats {

class XmlStream {
 public:
  // `part` names the document in messages ("xl/worksheets/sheet1.xml").
  XmlStream(std::string part, const Limits& limits);
  virtual ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Parses the next chunk. Returns the first failure: malformed XML (with its
  // line), a refused DOCTYPE, too deep nesting, or a handler's Stop().
  Status Feed(std::string_view chunk);
  Status Finish();

 protected:
  // `attrs` is expat's NULL-terminated name/value array.
  virtual void StartElement(std::string_view name, const char** attrs) = 0;
  virtual void EndElement(std::string_view name) = 0;
  virtual void Characters(std::string_view text) = 0;

  // Ends the parse with `status` (kept; later calls do not overwrite it).
  void Stop(Status status);
  int line() const;
  // The value of attribute `name` in `attrs`, or nullptr.
  static const char* Attr(const char** attrs, std::string_view name);

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** attrs);
  static void OnEnd(void* self, const XML_Char* name);
  static void OnText(void* self, const XML_Char* text, int length);
  static void OnDoctype(void* self, const XML_Char*, const XML_Char*,
                        const XML_Char*, int);
  static void OnEntity(void* self, const XML_Char*, int, const XML_Char*, int,
                       const XML_Char*, const XML_Char*, const XML_Char*,
                       const XML_Char*);
  Status Result(enum XML_Status status);

  std::string part_;
  Limits limits_;
  XML_Parser parser_;
  size_t depth_ = 0;
  Status stopped_;
};

}  // namespace schoolbieb::formats
