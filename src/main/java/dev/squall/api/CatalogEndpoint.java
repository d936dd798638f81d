package dev.squall.api;

import dev.squall.util.Times;
import dev.squall.web.AuthGate;
import dev.squall.security.Caller;
import dev.squall.error.NotFound;
import dev.squall.actions.ActionRegistry;
import dev.squall.packs.PackRegistration;
import dev.squall.web.Bodies;
import dev.squall.web.ContractRoutes;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;

/** Runner types, packs, the API root and the caller: small read-mostly resources. */
public final class CatalogEndpoint {
  static final String VERSION = "3.10dev";

  private final ActionRegistry registry;
  private final PackRegistration registrar;
  private final ContractRoutes contract;

  public CatalogEndpoint(ActionRegistry registry, PackRegistration registrar, ContractRoutes contract) {
    this.registry = registry;
    this.registrar = registrar;
    this.contract = contract;
  }

  void root(RoutingContext ctx) {
    Replies.json(ctx, 200, new JsonObject().put("version", VERSION).put("docs_url", "https://docs.stackstorm.com/"));
  }

  void user(RoutingContext ctx) {
    Caller caller = AuthGate.caller(ctx);
    JsonObject authentication = new JsonObject().put("method", caller.method());
    if (caller.location() != null) {
      authentication.put("location", caller.location());
    }
    if (caller.expiry() != null) {
      authentication.put("token_expire", Times.format(caller.expiry()).substring(0, 19) + "Z");
    }
    Replies.json(ctx, 200, new JsonObject()
        .put("username", caller.user())
        .put("authentication", authentication)
        .put("rbac", new JsonObject().put("enabled", false).put("roles", new JsonArray().add("admin"))
            .put("is_admin", true)));
  }

  void runnerTypes(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 100);
    String name = QueryParams.string(ctx, "name");
    List<JsonObject> matching = registry.runners().stream()
        .filter(r -> name == null || name.equals(r.getString("name")))
        .sorted(Comparator.comparing(r -> r.getString("name"))).toList();
    Replies.page(ctx, slice(matching, page), matching.size(), page.limit());
  }

  void runnerType(RoutingContext ctx) {
    String key = ctx.pathParam("name_or_id");
    JsonObject runner = registry.runners().stream()
        .filter(r -> key.equals(r.getString("name")) || key.equals(r.getString("id"))).findFirst()
        .orElseThrow(() -> new NotFound("Resource with a name or id \"" + key + "\" not found"));
    Replies.json(ctx, 200, runner);
  }

  void packs(RoutingContext ctx) {
    QueryParams.Page page = QueryParams.page(ctx, 100);
    String name = QueryParams.string(ctx, "name");
    String ref = QueryParams.string(ctx, "ref");
    List<JsonObject> matching = registry.packs().stream()
        .filter(p -> name == null || name.equals(p.getString("name")))
        .filter(p -> ref == null || ref.equals(p.getString("ref")))
        .sorted(Comparator.comparing(p -> p.getString("ref"))).toList();
    Replies.page(ctx, slice(matching, page), matching.size(), page.limit());
  }

  void pack(RoutingContext ctx) {
    String key = ctx.pathParam("ref_or_id");
    JsonObject pack = registry.packs().stream()
        .filter(p -> key.equals(p.getString("ref")) || key.equals(p.getString("id"))).findFirst()
        .orElseThrow(() -> new NotFound("Resource with a reference or id \"" + key + "\" not found"));
    Replies.json(ctx, 200, pack);
  }

  void registerPacks(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("packsRegister", body);
    List<String> packs = body.getJsonArray("packs", new JsonArray()).stream().map(String::valueOf).toList();
    boolean failOnFailure = body.getBoolean("fail_on_failure", true);
    registrar.register(packs, failOnFailure)
        .onSuccess(counts -> Replies.json(ctx, 200, counts))
        .onFailure(ctx::fail);
  }

  private static List<JsonObject> slice(List<JsonObject> all, QueryParams.Page page) {
    return all.stream().skip(page.offset()).limit(page.limit() < 0 ? Long.MAX_VALUE : page.limit()).toList();
  }
}
