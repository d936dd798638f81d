package dev.squall.api;

import dev.squall.security.ApiKeys;
import dev.squall.web.AuthGate;
import dev.squall.web.Bodies;
import dev.squall.web.ContractRoutes;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/apikeys}: the clear key only in the creation reply; hashes masked unless asked for. */
public final class ApiKeysEndpoint {
  private final ApiKeys keys;
  private final ContractRoutes contract;

  public ApiKeysEndpoint(ApiKeys keys, ContractRoutes contract) {
    this.keys = keys;
    this.contract = contract;
  }

  void list(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 50);
    boolean show = QueryParams.bool(ctx, "show_secrets", false);
    List<JsonObject> all = keys.all();
    List<JsonObject> slice = all.stream().skip(page.offset()).limit(page.limit() < 0 ? Long.MAX_VALUE : page.limit())
        .map(d -> ApiKeys.view(d, show)).toList();
    Replies.page(ctx, slice, all.size(), page.limit());
  }

  void get(RoutingContext ctx) {
    Replies.json(ctx, 200, ApiKeys.view(keys.find(ctx.pathParam("id_or_key")),
        QueryParams.bool(ctx, "show_secrets", false)));
  }

  void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("apiKeyCreate", body);
    String user = body.getString("user", AuthGate.user(ctx));
    keys.create(user, body.getJsonObject("metadata"), body.getBoolean("enabled", true))
        .onSuccess(created -> Replies.json(ctx, 201, created))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("apiKeyUpdate", body);
    keys.update(ctx.pathParam("id_or_key"), body)
        .onSuccess(doc -> Replies.json(ctx, 200, ApiKeys.view(doc, false)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    keys.delete(ctx.pathParam("id_or_key")).onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail);
  }
}
