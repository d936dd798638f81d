package dev.squall.api;

import dev.squall.error.AccessDenied;
import dev.squall.keyvalue.KeyValueService;
import dev.squall.keyvalue.KeyValues;
import dev.squall.web.AuthGate;
import dev.squall.web.Bodies;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/keys}: the datastore, read from the in-memory cache. */
public final class KeysEndpoint {
  private final KeyValueService keys;
  public KeysEndpoint(KeyValueService keys) {
    this.keys = keys;
  }

  void list(RoutingContext ctx) {
    String scope = KeyValues.listScope(QueryParams.string(ctx, "scope") == null ? KeyValues.SYSTEM
        : QueryParams.string(ctx, "scope"));
    String user = user(ctx);
    boolean decrypt = QueryParams.bool(ctx, "decrypt", false);
    String name = QueryParams.string(ctx, "name");
    String prefix = QueryParams.string(ctx, "prefix");
    QueryParams.Page page = QueryParams.page(ctx, 100);
    List<JsonObject> all = keys.list(scope, null).stream()
        .filter(d -> !KeyValues.USER.equals(d.getString("scope")) || d.getString("name").startsWith(user + ":"))
        .map(d -> KeyValues.view(d, decrypt, keys.crypto()))
        .filter(v -> name == null || name.equals(v.getString("name")))
        .filter(v -> prefix == null || v.getString("name", "").startsWith(prefix))
        .skip(page.offset()).limit(page.limit() < 0 ? Long.MAX_VALUE : page.limit()).toList();
    Replies.json(ctx, 200, new JsonArray(new java.util.ArrayList<>(all)));
  }

  void get(RoutingContext ctx) {
    String scope = KeyValues.scope(QueryParams.string(ctx, "scope") == null ? KeyValues.SYSTEM
        : QueryParams.string(ctx, "scope"));
    String stored = KeyValues.storedName(scope, ctx.pathParam("name"), user(ctx));
    boolean decrypt = QueryParams.bool(ctx, "decrypt", false);
    Replies.json(ctx, 200, KeyValues.view(keys.get(scope, stored), decrypt, keys.crypto()));
  }

  void put(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Object user = body.getValue("user");
    String caller = AuthGate.user(ctx);
    if (user != null && !caller.equals(user)) {
      throw new AccessDenied("\"user\" attribute can only be provided by admins when RBAC is enabled");
    }
    keys.put(ctx.pathParam("name"), body, caller)
        .onSuccess(doc -> Replies.json(ctx, 200, KeyValues.view(doc, false, keys.crypto())))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String scope = KeyValues.scope(QueryParams.string(ctx, "scope") == null ? KeyValues.SYSTEM
        : QueryParams.string(ctx, "scope"));
    String stored = KeyValues.storedName(scope, ctx.pathParam("name"), user(ctx));
    keys.delete(scope, stored).onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail);
  }

  private String user(RoutingContext ctx) {
    String user = QueryParams.string(ctx, "user");
    String caller = AuthGate.user(ctx);
    if (user != null && !user.equals(caller)) {
      throw new AccessDenied("\"user\" attribute can only be provided by admins when RBAC is enabled");
    }
    return user == null ? caller : user;
  }
}
