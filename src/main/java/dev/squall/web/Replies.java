package dev.squall.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Writing JSON answers. */
public final class Replies {
  private Replies() {
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
        : io.vertx.core.json.Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
  }

  /** A list page with StackStorm's {@code X-Total-Count} and {@code X-Limit} headers. */
  public static void page(RoutingContext ctx, List<JsonObject> items, long total, int limit) {
    ctx.response().putHeader("X-Total-Count", String.valueOf(total));
    if (limit > 0) {
      ctx.response().putHeader("X-Limit", String.valueOf(limit));
    }
    json(ctx, 200, new JsonArray(new java.util.ArrayList<>(items)));
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
