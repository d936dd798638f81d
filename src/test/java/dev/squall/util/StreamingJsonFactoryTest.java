package dev.squall.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import org.junit.jupiter.api.Test;

class StreamingJsonFactoryTest {
  @Test
  void vertxUsesTheStreamingCodecAndItRoundTripsNestedValues() {
    assertEquals(JacksonCodec.class, io.vertx.core.json.Json.CODEC.getClass());
    JsonObject doc = new JsonObject().put("a", new JsonObject().put("b", new JsonArray().add(1).add("x").addNull()))
        .put("c", java.util.Map.of("d", java.util.List.of(true)));
    assertEquals("{\"a\":{\"b\":[1,\"x\",null]},\"c\":{\"d\":[true]}}", doc.encode());
    assertEquals(doc.getJsonObject("a"), new JsonObject(doc.encode()).getJsonObject("a"));
  }
}
