package dev.squall.api;

import dev.squall.error.Validation;
import dev.squall.executions.ExecutionRequests;
import dev.squall.packs.PackIndex;
import dev.squall.web.AuthGate;
import dev.squall.web.Bodies;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /packs/install} and {@code /packs/uninstall} (an execution of {@code packs.install} /
 * {@code packs.uninstall} that the {@code st2} CLI follows, answered 202 with its id) and the pack index
 * ({@code /packs/index}, {@code /packs/index/health}, {@code /packs/index/search}).
 */
public final class PackLifecycleEndpoint {
  private final ExecutionRequests requests;
  private final PackIndex index;

  public PackLifecycleEndpoint(ExecutionRequests requests, PackIndex index) {
    this.requests = requests;
    this.index = index;
  }

  void install(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    JsonObject parameters = new JsonObject().put("packs", packs(body))
        .put("force", Boolean.TRUE.equals(body.getValue("force")))
        .put("skip_dependencies", Boolean.TRUE.equals(body.getValue("skip_dependencies")));
    start(ctx, "packs.install", parameters);
  }

  void uninstall(RoutingContext ctx) {
    start(ctx, "packs.uninstall", new JsonObject().put("packs", packs(Bodies.object(ctx))));
  }

  void read(RoutingContext ctx) {
    ctx.vertx().executeBlocking(index::read, false).onSuccess(doc -> Replies.json(ctx, 200, doc)).onFailure(ctx::fail);
  }

  void health(RoutingContext ctx) {
    ctx.vertx().executeBlocking(() -> index.read().getJsonObject("indexes"), false)
        .onSuccess(indexes -> Replies.json(ctx, 200, new JsonObject().put("indexes", indexes)
            .put("packs", new JsonObject())))
        .onFailure(ctx::fail);
  }

  void search(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Object pack = body.getValue("pack");
    Object query = body.getValue("query");
    if (!(pack instanceof String) && !(query instanceof String)) {
      throw new Validation("Give 'query' (text to look for) or 'pack' (a pack name)");
    }
    ctx.vertx().<Object>executeBlocking(() -> {
      if (pack instanceof String name) {
        JsonObject found = index.pack(name);
        return found == null ? new JsonArray() : found;
      }
      return new JsonArray(new ArrayList<>(index.search((String) query)));
    }, false).onSuccess(found -> Replies.json(ctx, 200, found)).onFailure(ctx::fail);
  }

  private void start(RoutingContext ctx, String action, JsonObject parameters) {
    requests.create(new ExecutionRequests.Request(action, parameters, new JsonObject(), null, 0, AuthGate.user(ctx)))
        .onSuccess(doc -> Replies.json(ctx, 202, new JsonObject().put("execution_id", doc.getString("id"))))
        .onFailure(ctx::fail);
  }

  private static JsonArray packs(JsonObject body) {
    Object value = body.getValue("packs");
    if (!(value instanceof JsonArray list) || list.isEmpty()
        || list.stream().anyMatch(p -> !(p instanceof String s) || s.isBlank())) {
      throw new Validation("'packs' must be a non-empty list of pack names, URLs or directories");
    }
    List<Object> copy = new ArrayList<>(list.getList());
    return new JsonArray(copy);
  }
}
