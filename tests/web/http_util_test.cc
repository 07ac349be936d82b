// The small HTTP rules every handler relies on: which address is the
// client's, which redirect targets stay on this site, and cookie parsing.
#include "web/http_util.h"

#include <gtest/gtest.h>

namespace schoolbieb::web {
namespace {

httplib::Request RequestFrom(const std::string& peer) {
  httplib::Request req;
  req.remote_addr = peer;
  return req;
}

TEST(ClientAddressTest, WithoutATrustedProxyNoHeaderIsBelieved) {
  httplib::Request req = RequestFrom("192.0.2.10");
  req.set_header("X-Forwarded-For", "203.0.113.9");
  req.set_header("REMOTE_ADDR", "203.0.113.9");
  EXPECT_EQ(ClientAddress(req, ""), "192.0.2.10");
  // A proxy is only believed when the peer is that proxy.
  EXPECT_EQ(ClientAddress(req, "127.0.0.1"), "192.0.2.10");
}

TEST(ClientAddressTest, BehindTheProxyTheLastForwardedAddressCounts) {
  httplib::Request req = RequestFrom("127.0.0.1");
  // The client wrote the first entry; nginx appended the real peer.
  req.set_header("X-Forwarded-For", "10.9.8.7, 198.51.100.4");
  EXPECT_EQ(ClientAddress(req, "127.0.0.1"), "198.51.100.4");
  httplib::Request bare = RequestFrom("127.0.0.1");
  EXPECT_EQ(ClientAddress(bare, "127.0.0.1"), "127.0.0.1");
}

TEST(IsLocalPathTest, OnlyPathsOfThisSite) {
  EXPECT_TRUE(IsLocalPath("/"));
  EXPECT_TRUE(IsLocalPath("/uploads/3?received=1"));
  EXPECT_FALSE(IsLocalPath("//evil.example/"));
  EXPECT_FALSE(IsLocalPath("/\\evil.example"));
  EXPECT_FALSE(IsLocalPath("https://evil.example/"));
  EXPECT_FALSE(IsLocalPath("uploads"));
  EXPECT_FALSE(IsLocalPath("/x\r\nSet-Cookie: a=b"));
}

TEST(GetCookieTest, FindsTheNamedCookieAmongOthers) {
  httplib::Request req;
  req.set_header("Cookie", "a=1; sb_session=abc; sb_lang=en");
  EXPECT_EQ(GetCookie(req, "sb_session"), "abc");
  EXPECT_EQ(GetCookie(req, "sb_lang"), "en");
  EXPECT_EQ(GetCookie(req, "session"), "");
}

TEST(CookieHeaderTest, SecureOnlyUnderTls) {
  EXPECT_EQ(CookieHeader("sb_session", "t", false),
            "sb_session=t; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(CookieHeader("sb_session", "", true, "Lax", 0),
            "sb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

TEST(AttachmentDispositionTest, NamesAreSafeInTheHeaderAndExactInUtf8) {
  EXPECT_EQ(AttachmentDisposition("leerlingen groep \xC3\xB6.csv"),
            "attachment; filename=\"leerlingen groep __.csv\"; "
            "filename*=UTF-8''leerlingen%20groep%20%C3%B6.csv");
  // Quotes, backslashes and line breaks never reach the header as such.
  std::string hostile = AttachmentDisposition("a\"b\\c\r\nX-Evil: 1;.csv");
  EXPECT_EQ(hostile.find('\r'), std::string::npos);
  EXPECT_EQ(hostile.find('\n'), std::string::npos);
  EXPECT_EQ(hostile,
            "attachment; filename=\"a_b_c__X-Evil: 1_.csv\"; "
            "filename*=UTF-8''a%22b%5Cc%0D%0AX-Evil%3A%201%3B.csv");
  EXPECT_EQ(AttachmentDisposition(""),
            "attachment; filename=\"leerlingbestand\"; filename*=UTF-8''");
}

}  // namespace
}  // namespace schoolbieb::web
