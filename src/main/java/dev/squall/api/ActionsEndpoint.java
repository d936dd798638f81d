package dev.squall.api;

import dev.squall.error.NotFound;
import dev.squall.error.Validation;
import dev.squall.util.Refs;
import dev.squall.actions.ActionRegistry;
import dev.squall.packs.ContentRegistrar;
import dev.squall.template.ParameterSchema;
import dev.squall.web.Bodies;
import dev.squall.web.ContractRoutes;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/v1/actions}: served from the in-memory registry; writes go through the registrar. */
public final class ActionsEndpoint {
  static final Set<String> FIELDS = Set.of("id", "ref", "uid", "name", "pack", "description", "enabled", "runner_type",
      "entry_point", "parameters", "output_schema", "notify", "tags", "metadata_file");
  private static final Set<String> SYSTEM_PACKS = Set.of("core");
  private static final Pattern NAME = Pattern.compile("^[\\w.-]+$");

  private final ActionRegistry registry;
  private final ContentRegistrar registrar;
  private final ContractRoutes contract;

  public ActionsEndpoint(ActionRegistry registry, ContentRegistrar registrar, ContractRoutes contract) {
    this.registry = registry;
    this.registrar = registrar;
    this.contract = contract;
  }

  void list(RoutingContext ctx) {
    AttributeSelection projection = AttributeSelection.parse(ctx, FIELDS, Set.of("parameters", "notify"),
        Set.of("id", "ref"));
    QueryParams.Page page = QueryParams.page(ctx, -1);
    String name = QueryParams.string(ctx, "name");
    String pack = QueryParams.string(ctx, "pack");
    List<String> ids = QueryParams.list(ctx, "id");
    List<JsonObject> matching = registry.actions().stream()
        .filter(a -> name == null || name.equals(a.getString("name")))
        .filter(a -> pack == null || pack.equals(a.getString("pack")))
        .filter(a -> ids.isEmpty() || ids.contains(a.getString("id")))
        .sorted(Comparator.comparing((JsonObject a) -> a.getString("pack")).thenComparing(a -> a.getString("name")))
        .toList();
    List<JsonObject> slice = matching.stream().skip(page.offset())
        .limit(page.limit() < 0 ? Long.MAX_VALUE : page.limit()).map(projection::apply).toList();
    Replies.page(ctx, slice, matching.size(), page.limit());
  }

  void get(RoutingContext ctx) {
    Replies.json(ctx, 200, find(ctx.pathParam("ref_or_id")));
  }

  void parametersView(RoutingContext ctx) {
    JsonObject action = find(ctx.pathParam("ref_or_id"));
    Replies.json(ctx, 200, new JsonObject().put("parameters", merged(action)));
  }

  void overview(RoutingContext ctx) {
    JsonObject action = find(ctx.pathParam("ref_or_id"));
    Replies.json(ctx, 200, action.copy().put("parameters", merged(action)));
  }

  void overviewList(RoutingContext ctx) {
    List<JsonObject> all = registry.actions().stream()
        .sorted(Comparator.comparing((JsonObject a) -> a.getString("pack")).thenComparing(a -> a.getString("name")))
        .map(a -> a.copy().put("parameters", merged(a))).toList();
    Replies.page(ctx, all, all.size(), -1);
  }

  private JsonObject merged(JsonObject action) {
    JsonObject runner = registry.runner(action.getString("runner_type"));
    JsonObject runnerParams = runner == null ? new JsonObject() : runner.getJsonObject("runner_parameters", new JsonObject());
    return ParameterSchema.merge(runnerParams, action.getJsonObject("parameters", new JsonObject()),
        action.getString("ref")).merged();
  }

  /** The action's entry point file, as st2web shows it. */
  void entryPoint(RoutingContext ctx) {
    JsonObject action = find(ctx.pathParam("ref_or_id"));
    String entry = action.getString("entry_point", "");
    JsonObject pack = registry.pack(action.getString("pack"));
    if (entry.isEmpty() || pack == null || pack.getString("path") == null) {
      throw new NotFound("Action \"" + action.getString("ref") + "\" has no entry point file");
    }
    java.nio.file.Path base = java.nio.file.Path.of(pack.getString("path"), "actions").normalize();
    java.nio.file.Path file = base.resolve(entry).normalize();
    if (!file.startsWith(base)) {
      throw new NotFound("Action \"" + action.getString("ref") + "\" has no entry point file");
    }
    String type = entry.endsWith(".py") ? "application/x-python"
        : entry.endsWith(".yaml") || entry.endsWith(".yml") ? "application/x-yaml" : "text/plain";
    ctx.vertx().fileSystem().readFile(file.toString())
        .onSuccess(content -> ctx.response().putHeader("Content-Type", type).end(content))
        .onFailure(e -> ctx.fail(new NotFound("Entry point of action \"" + action.getString("ref")
            + "\" cannot be read")));
  }

  void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("actionCreate", body);
    JsonObject action = normalize(body, null);
    registrar.createAction(action)
        .onSuccess(doc -> Replies.json(ctx, 201, doc))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    JsonObject existing = find(ctx.pathParam("ref_or_id"));
    guardSystemPack(existing.getString("pack"));
    JsonObject body = Bodies.object(ctx);
    contract.validateBody("actionUpdate", body);
    if (!body.containsKey("pack")) {
      body.put("pack", existing.getString("pack"));
    }
    JsonObject action = normalize(body, existing);
    registrar.validateAction(action);
    registrar.putAction(action.put("id", existing.getString("id")))
        .onSuccess(doc -> Replies.json(ctx, 200, doc))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    JsonObject existing = find(ctx.pathParam("ref_or_id"));
    guardSystemPack(existing.getString("pack"));
    registrar.deleteAction(existing)
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private JsonObject normalize(JsonObject body, JsonObject existing) {
    Object name = body.getValue("name");
    if (!(name instanceof String n) || n.isBlank()) {
      throw new Validation("'name' is a required property");
    }
    if (!NAME.matcher(n).matches()) {
      throw new Validation("Invalid action name \"" + n + "\"");
    }
    if (!(body.getValue("runner_type") instanceof String)) {
      throw new Validation("'runner_type' is a required property");
    }
    String pack = body.getString("pack", "default");
    guardSystemPack(pack);
    JsonObject action = new JsonObject()
        .put("name", n)
        .put("pack", pack)
        .put("ref", Refs.ref(pack, n))
        .put("uid", "action:" + pack + ":" + n)
        .put("description", body.getString("description", ""))
        .put("enabled", body.getBoolean("enabled", true))
        .put("runner_type", body.getString("runner_type"))
        .put("entry_point", body.getString("entry_point", ""))
        .put("parameters", body.getJsonObject("parameters", new JsonObject()));
    for (String optional : List.of("output_schema", "notify", "tags", "metadata_file")) {
      if (body.getValue(optional) != null) {
        action.put(optional, body.getValue(optional));
      } else if (existing != null && existing.getValue(optional) != null) {
        action.put(optional, existing.getValue(optional));
      }
    }
    return action;
  }

  private static void guardSystemPack(String pack) {
    if (SYSTEM_PACKS.contains(pack)) {
      throw new Validation("Resources belonging to system level packs can't be manipulated");
    }
  }

  private JsonObject find(String refOrId) {
    JsonObject action = registry.actionByRefOrId(refOrId);
    if (action == null) {
      throw new NotFound("Resource with a reference or id \"" + refOrId + "\" not found");
    }
    return action;
  }
}
