package dev.squall.web;

import dev.squall.error.Validation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request bodies the way StackStorm does: JSON assumed, empty means {@code {}}. */
public final class Bodies {
  private Bodies() {
  }

  /** The media type of a Content-Type header, lower case, without parameters ({@code ";;"} gives ""). */
  public static String mime(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The body as a JSON object; 400 with StackStorm's wording otherwise. */
  public static JsonObject object(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.isBlank()) {
      String mime = mime(type);
      if (!mime.equals("application/json") && !mime.endsWith("+json") && !mime.equals("text/json")) {
        throw new Validation("Failed to parse request body: Unsupported Content-Type: \"" + Faults.brief(type) + "\"");
      }
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0 || body.toString().isBlank()) {
      return new JsonObject();
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new Validation("Failed to parse request body: " + Faults.brief(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      throw new Validation("Failed to parse request body: expected a JSON object, got "
          + (value == null ? "null" : value instanceof io.vertx.core.json.JsonArray ? "array" : value.getClass().getSimpleName().toLowerCase()));
    }
    return object;
  }
}
