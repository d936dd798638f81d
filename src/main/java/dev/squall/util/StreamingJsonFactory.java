package dev.squall.util;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Makes Vert.x encode and decode JSON with Jackson's streaming codec even though jackson-databind is on the
 * classpath (for YAML): Squall only moves JSON values, and the streaming codec writes them at a fraction of
 * the cost of databind's serializers, on every store write and every answer.
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
