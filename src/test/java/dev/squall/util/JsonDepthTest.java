package dev.squall.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JsonDepthTest {

  private static String nested(int depth) {
    return "{\"a\":[".repeat(depth / 2) + (depth % 2 == 1 ? "{}" : "1") + "]}".repeat(depth / 2);
  }

  @Test
  void countsArraysAndObjectsUpToTheLimit() {
    for (int depth : new int[] {1, 2, 63, 64}) {
      String text = nested(depth);
      assertTrue(JsonDepth.within(text, 64), depth + " levels");
      assertTrue(JsonDepth.within(Buffer.buffer(text), 64), depth + " levels as bytes");
    }
    assertFalse(JsonDepth.within(nested(65), 64));
    assertFalse(JsonDepth.within(Buffer.buffer(nested(65)), 64));
    assertFalse(JsonDepth.within(Buffer.buffer("[".repeat(1_000_000)), 64), "unclosed brackets count too");
  }

  @Test
  void siblingsDoNotAddUp() {
    String wide = "[" + "[1],".repeat(10_000) + "[1]]";
    assertTrue(JsonDepth.within(wide, 2));
    assertFalse(JsonDepth.within(wide, 1));
  }

  @Test
  void bracketsInsideStringsAreText() {
    String text = "{\"k\":\"[[[[{{{{\\\"]]]]\",\"brace\\\\\":\"}}}}\"}";
    assertTrue(JsonDepth.within(text, 1), text);
    assertTrue(JsonDepth.within(Buffer.buffer(text), 1), text);
    assertEquals(-1, JsonDepth.exceeds("{\"\\\\\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 2));
    assertEquals(7, JsonDepth.exceeds("{\"\\\\\":[[]]}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 2));
  }

  @Test
  void multiByteTextIsNotMistakenForBrackets() {
    String text = "{\"名前\":\"[ü€😀]\",\"x\":[\"😀\"]}";
    assertTrue(JsonDepth.within(Buffer.buffer(text), 2));
    assertFalse(JsonDepth.within(Buffer.buffer(text), 1));
  }

  @Test
  void emptyOrAbsentTextIsShallow() {
    assertTrue(JsonDepth.within((Buffer) null, 1));
    assertTrue(JsonDepth.within(Buffer.buffer(), 1));
    assertTrue(JsonDepth.within((String) null, 1));
    assertTrue(JsonDepth.within("\"just text\"", 0));
  }
}
