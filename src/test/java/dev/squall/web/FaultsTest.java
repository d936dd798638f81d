package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultsTest {

  @Test
  void parserMessagesAreCutToOneShortLine() {
    String body = "{\"a\": " + "x".repeat(100_000) + "}";
    String message;
    try {
      Json.decodeValue(body);
      throw new AssertionError("decoded");
    } catch (DecodeException e) {
      message = e.getMessage();
    }
    String brief = Faults.brief(message);
    assertTrue(brief.length() <= Faults.MAX_DETAIL + 3, brief);
    assertFalse(brief.contains("\n"), brief);
    assertEquals("short", Faults.brief("short\nsecond line"));
    assertEquals("", Faults.brief(null));
  }

  @Test
  void percentEncodingMustBeComplete() {
    assertTrue(HttpFront.decodable("/api/v1/packs/views/file/core/a%20b%2Fc"));
    assertTrue(HttpFront.decodable(null));
    assertTrue(HttpFront.decodable("limit=1&name=%E2%80%AE"));
    assertFalse(HttpFront.decodable("/api/v1/actions/%"));
    assertFalse(HttpFront.decodable("/api/v1/actions/%2"));
    assertFalse(HttpFront.decodable("/api/v1/actions/%zz"));
    assertFalse(HttpFront.decodable("limit=1&x=%g0"));
  }

  @Test
  void mediaTypeOfAnyContentTypeHeader() {
    assertEquals("application/json", Bodies.mime("Application/JSON; charset=utf-8"));
    assertEquals("", Bodies.mime(";;;"));
    assertEquals("", Bodies.mime(""));
    assertEquals("text/plain", Bodies.mime(" text/plain "));
  }
}
