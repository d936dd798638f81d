package dev.squall.api;

import dev.squall.error.NotFound;
import dev.squall.rules.RuleCatalog;
import dev.squall.rules.RuleStore;
import dev.squall.triggers.TriggerRegistry;
import dev.squall.actions.ActionRegistry;
import dev.squall.web.AuthGate;
import dev.squall.template.Secrets;
import dev.squall.web.Bodies;
import dev.squall.web.AttributeSelection;
import dev.squall.web.QueryParams;
import dev.squall.web.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/rules}, {@code /ruletypes}. */
public final class RulesEndpoint {
  static final Set<String> FIELDS = Set.of("id", "ref", "uid", "name", "pack", "description", "enabled", "type",
      "trigger", "criteria", "action", "context", "tags", "metadata_file");
  /** Where a rule carries secret values (see {@link #shown}). */
  private static final List<String> SECRET_PATHS = List.of("action.parameters");
  private static final List<JsonObject> RULE_TYPES = List.of(
      new JsonObject().put("id", "000000000000000000000001").put("name", "standard")
          .put("description", "Matches when its criteria pass.").put("enabled", true).put("parameters", new JsonObject()),
      new JsonObject().put("id", "000000000000000000000002").put("name", "backstop")
          .put("description", "Matches only when no standard rule matched.").put("enabled", true)
          .put("parameters", new JsonObject()));

  private final RuleStore store;
  private final RuleCatalog rules;
  private final ActionRegistry actions;
  private final TriggerRegistry triggers;

  public RulesEndpoint(RuleStore store, RuleCatalog rules, ActionRegistry actions, TriggerRegistry triggers) {
    this.store = store;
    this.rules = rules;
    this.actions = actions;
    this.triggers = triggers;
  }

  void list(RoutingContext ctx) {
    AttributeSelection attributes = AttributeSelection.parse(ctx, FIELDS, Set.of(), Set.of("id", "ref"));
    Boolean enabled = QueryParams.bool(ctx, "enabled");
    boolean showSecrets = ShowSecrets.requested(ctx);
    // masking the action's secret parameters looks the action up by its ref
    List<String> viewReads = !showSecrets && attributes.touches(SECRET_PATHS) ? List.of("action.ref") : List.of();
    StoreLists.page(ctx, store, -1, q -> {
      StoreLists.eq(ctx, q, "pack", "pack");
      StoreLists.eq(ctx, q, "name", "name");
      StoreLists.eq(ctx, q, "action", "action.ref");
      StoreLists.eq(ctx, q, "trigger", "trigger.ref");
      StoreLists.eq(ctx, q, "ref", "ref");
      if (enabled != null) {
        q.eq("enabled", enabled);
      }
      List<String> ids = QueryParams.list(ctx, "id");
      if (!ids.isEmpty()) {
        q.in("id", ids);
      }
    }, q -> q.sortAsc("pack").sortAsc("name"), r -> shown(r, showSecrets), attributes, viewReads);
  }

  void get(RoutingContext ctx) {
    boolean showSecrets = ShowSecrets.requested(ctx);
    rules.get(ctx.pathParam("ref_or_id")).onSuccess(r -> Replies.json(ctx, 200, shown(r, showSecrets)))
        .onFailure(ctx::fail);
  }

  void view(RoutingContext ctx) {
    boolean showSecrets = ShowSecrets.requested(ctx);
    rules.get(ctx.pathParam("ref_or_id"))
        .onSuccess(r -> Replies.json(ctx, 200, withDescriptions(shown(r, showSecrets))))
        .onFailure(ctx::fail);
  }

  void views(RoutingContext ctx) {
    boolean showSecrets = ShowSecrets.requested(ctx);
    StoreLists.page(ctx, store, -1, q -> {
      StoreLists.eq(ctx, q, "pack", "pack");
    }, q -> q.sortAsc("pack").sortAsc("name"), r -> withDescriptions(shown(r, showSecrets)), AttributeSelection.ALL,
        List.of());
  }

  /**
   * The rule as answered: the values its action declares secret (action or runner type parameters) masked
   * in {@code action.parameters}, unless {@code showSecrets}.
   */
  private JsonObject shown(JsonObject rule, boolean showSecrets) {
    if (showSecrets || !(rule.getValue("action") instanceof JsonObject ruleAction)
        || !(ruleAction.getValue("parameters") instanceof JsonObject params)) {
      return rule;
    }
    JsonObject[] schemas = schemasOf(ruleAction.getString("ref"));
    JsonObject masked = Secrets.mask(params, schemas);
    return masked == params ? rule : rule.copy().put("action", ruleAction.copy().put("parameters", masked));
  }

  /** An update built from a masked answer: secret values sent back as the mask keep their stored value. */
  private JsonObject restored(JsonObject body, JsonObject existing) {
    if (!(body.getValue("action") instanceof JsonObject ruleAction)
        || !(ruleAction.getValue("parameters") instanceof JsonObject params)
        || !(existing.getValue("action") instanceof JsonObject before)
        || !java.util.Objects.equals(ruleAction.getString("ref"), before.getString("ref"))) {
      return body;
    }
    JsonObject restored = Secrets.restore(params, before.getJsonObject("parameters"),
        schemasOf(ruleAction.getString("ref")));
    return restored == params ? body : body.copy().put("action", ruleAction.copy().put("parameters", restored));
  }

  /** The parameter schemas of an action: its runner type's, then its own (none when it is unknown). */
  private JsonObject[] schemasOf(String actionRef) {
    JsonObject action = actionRef == null ? null : actions.action(actionRef);
    if (action == null) {
      return new JsonObject[0];
    }
    JsonObject runner = actions.runner(action.getString("runner_type"));
    return new JsonObject[] {runner == null ? null : runner.getJsonObject("runner_parameters"),
        action.getJsonObject("parameters")};
  }

  private JsonObject withDescriptions(JsonObject rule) {
    JsonObject out = rule.copy();
    JsonObject action = actions.action(rule.getJsonObject("action").getString("ref"));
    out.getJsonObject("action").put("description", action == null ? "" : action.getString("description", ""));
    JsonObject type = triggers.type(rule.getJsonObject("trigger").getString("type"));
    out.getJsonObject("trigger").put("description", type == null ? "" : type.getString("description", ""));
    return out;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    rules.create(body, AuthGate.user(ctx)).onSuccess(r -> Replies.json(ctx, 201, shown(r, false))).onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    rules.get(ctx.pathParam("ref_or_id"))
        .compose(existing -> rules.update(existing, restored(body, existing), AuthGate.user(ctx)))
        .onSuccess(r -> Replies.json(ctx, 200, shown(r, false)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    rules.get(ctx.pathParam("ref_or_id"))
        .compose(rules::delete)
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  void ruleTypes(RoutingContext ctx) {
    Replies.page(ctx, RULE_TYPES, RULE_TYPES.size(), -1);
  }

  void ruleType(RoutingContext ctx) {
    String key = ctx.pathParam("id");
    JsonObject type = RULE_TYPES.stream().filter(t -> key.equals(t.getString("id")) || key.equals(t.getString("name")))
        .findFirst().orElseThrow(() -> new NotFound("RuleType with id \"" + key + "\" not found"));
    Replies.json(ctx, 200, type);
  }
}
