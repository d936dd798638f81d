package dev.squall.api;

import dev.squall.error.NotFound;
import dev.squall.actions.ActionRegistry;
import dev.squall.packs.PackFiles;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;

/** {@code /packs/views/files} and {@code /packs/views/file}: a pack's files as st2web shows them. */
public final class PackViewsEndpoint {
  private final ActionRegistry registry;

  public PackViewsEndpoint(ActionRegistry registry) {
    this.registry = registry;
  }

  void files(RoutingContext ctx) {
    JsonObject pack = find(param(ctx, "ref_or_id"));
    ctx.vertx().executeBlocking(() -> PackFiles.contents(pack), false)
        .onSuccess(files -> Replies.json(ctx, 200, new JsonArray(new ArrayList<>(files))))
        .onFailure(ctx::fail);
  }

  void file(RoutingContext ctx) {
    JsonObject pack = find(param(ctx, "ref_or_id"));
    String filePath = param(ctx, "file_path");
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    String ifModifiedSince = ctx.request().getHeader("If-Modified-Since");
    ctx.vertx().executeBlocking(() -> PackFiles.read(pack, filePath), false)
        .onSuccess(view -> {
          String etag = "\"" + view.modifiedMillis() + "\"";
          var response = ctx.response()
              .putHeader("ETag", etag)
              .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  Instant.ofEpochMilli(view.modifiedMillis()).atZone(ZoneOffset.UTC)));
          if (notModified(etag, ifNoneMatch, ifModifiedSince, view.modifiedMillis())) {
            response.setStatusCode(304).end();
          } else {
            response.putHeader("Content-Type", view.contentType()).end(io.vertx.core.buffer.Buffer.buffer(view.content()));
          }
        })
        .onFailure(ctx::fail);
  }

  private static boolean notModified(String etag, String ifNoneMatch, String ifModifiedSince, long modifiedMillis) {
    if (ifNoneMatch != null) {
      return ifNoneMatch.replace("W/", "").contains(etag) || ifNoneMatch.trim().equals(etag.replace("\"", ""));
    }
    if (ifModifiedSince != null) {
      try {
        long since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
            .toEpochMilli();
        return modifiedMillis / 1000 <= since / 1000;
      } catch (RuntimeException e) {
        return false; // an unreadable date is ignored, as HTTP says
      }
    }
    return false;
  }

  /** A path parameter; greedy routes name their regex groups without underscores. */
  private static String param(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    return value != null ? value : ctx.pathParam(name.replace("_", ""));
  }

  private JsonObject find(String refOrId) {
    return registry.packs().stream()
        .filter(p -> refOrId.equals(p.getString("ref")) || refOrId.equals(p.getString("id"))).findFirst()
        .orElseThrow(() -> new NotFound("Resource with a reference or id \"" + refOrId + "\" not found"));
  }
}
