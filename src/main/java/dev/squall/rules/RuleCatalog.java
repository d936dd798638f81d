package dev.squall.rules;

import dev.squall.triggers.TriggerCatalog;
import dev.squall.util.Refs;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.Conflict;
import dev.squall.error.Validation;
import dev.squall.actions.ActionRegistry;
import dev.squall.template.Jinja;
import dev.squall.util.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Rules: validated (trigger type and parameters, action, criteria operators, Jinja), stored, and announced
 * so every rules engine's index follows. Each rule holds one use of its trigger.
 */
public final class RuleCatalog {
  private static final Set<String> FIELDS = Set.of("id", "ref", "uid", "name", "pack", "description", "enabled", "type",
      "trigger", "criteria", "action", "context", "tags", "metadata_file");
  private static final Pattern NAME = Pattern.compile("^[\\w.-]+$");

  private final RuleStore store;
  private final Bus bus;
  private final TriggerCatalog triggers;
  private final ActionRegistry actions;
  private final Consumer<JsonObject> criteriaCheck;
  private final EnabledRules index;

  /**
   * @param criteriaCheck validates a rule's {@code criteria} (operators, patterns); throws Validation
   */
  public RuleCatalog(RuleStore store, Bus bus, TriggerCatalog triggers, ActionRegistry actions,
      Consumer<JsonObject> criteriaCheck, EnabledRules index) {
    this.index = index;
    this.store = store;
    this.bus = bus;
    this.triggers = triggers;
    this.actions = actions;
    this.criteriaCheck = criteriaCheck;
  }

  public Future<JsonObject> get(String refOrId) {
    return store.getOrFail(refOrId);
  }

  /** Validates and normalises an API or pack document into the stored shape (without trigger ref and id). */
  public JsonObject normalize(JsonObject body, String user) {
    return normalize(body, user, true);
  }

  private JsonObject normalize(JsonObject body, String user, boolean actionMustExist) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new Validation("Additional properties are not allowed ('" + field + "' was unexpected)");
      }
    }
    Object name = body.getValue("name");
    if (!(name instanceof String n) || n.isBlank()) {
      throw new Validation("'name' is a required property");
    }
    if (!NAME.matcher(n).matches()) {
      throw new Validation("Invalid rule name \"" + n + "\"");
    }
    String pack = body.getString("pack", "default");
    JsonObject trigger = object(body, "trigger");
    if (!(trigger.getValue("type") instanceof String triggerType)) {
      throw new Validation("'trigger.type' is a required property");
    }
    JsonObject action = object(body, "action");
    if (!(action.getValue("ref") instanceof String actionRef)) {
      throw new Validation("'action.ref' is a required property");
    }
    if (actionMustExist && actions.action(actionRef) == null) {
      throw new Validation("Action \"" + actionRef + "\" in rule \"" + pack + "." + n + "\" does not exist.");
    }
    JsonObject actionParams = action.getValue("parameters") == null ? new JsonObject() : object(action, "parameters");
    Jinja.checkSyntaxDeep(actionParams);
    JsonObject criteria = body.getValue("criteria") == null ? new JsonObject() : object(body, "criteria");
    criteriaCheck.accept(criteria);
    JsonObject type = body.getValue("type") == null ? new JsonObject().put("ref", "standard")
        : object(body, "type");
    String typeRef = type.getString("ref", "standard");
    if (!Set.of("standard", "backstop").contains(typeRef)) {
      throw new Validation("Rule type \"" + typeRef + "\" is not one of standard, backstop");
    }
    Object enabled = body.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw new Validation("'enabled' must be a boolean");
    }
    JsonObject rule = new JsonObject()
        .put("name", n)
        .put("pack", pack)
        .put("ref", Refs.ref(pack, n))
        .put("uid", "rule:" + pack + ":" + n)
        .put("description", body.getString("description", ""))
        .put("enabled", Boolean.TRUE.equals(enabled))
        .put("type", new JsonObject().put("ref", typeRef).put("parameters", type.getJsonObject("parameters", new JsonObject())))
        .put("trigger", new JsonObject().put("type", triggerType)
            .put("parameters", trigger.getValue("parameters") == null ? new JsonObject() : object(trigger, "parameters")))
        .put("criteria", criteria)
        .put("action", new JsonObject().put("ref", actionRef).put("parameters", actionParams))
        .put("tags", body.getValue("tags") instanceof JsonArray tags ? tags : new JsonArray())
        .put("context", new JsonObject().put("user", user));
    if (body.getValue("metadata_file") instanceof String file) {
      rule.put("metadata_file", file);
    }
    return rule;
  }

  /** Creates a rule (409 when the ref exists). */
  public Future<JsonObject> create(JsonObject body, String user) {
    JsonObject rule;
    try {
      rule = normalize(body, user);
    } catch (Validation e) {
      return Future.failedFuture(e);
    }
    return store.byRef(rule.getString("ref")).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(new Conflict("Tried to save duplicate unique keys (pack, name) for rule \""
            + rule.getString("ref") + "\"", existing.getString("id")));
      }
      return save(rule.put("id", Ids.next()), null);
    });
  }

  /** Replaces a rule (keeps its id), moving it to a new trigger when its trigger changed. */
  public Future<JsonObject> update(JsonObject existing, JsonObject body, String user) {
    JsonObject rule;
    try {
      JsonObject merged = body.copy();
      if (!merged.containsKey("pack")) {
        merged.put("pack", existing.getString("pack"));
      }
      merged.remove("id");
      merged.remove("ref");
      merged.remove("uid");
      rule = normalize(merged, user);
    } catch (Validation e) {
      return Future.failedFuture(e);
    }
    return save(rule.put("id", existing.getString("id")), existing);
  }

  /**
   * Registers a rule from a pack: create or replace by ref. As in StackStorm, its action and trigger type may come
   * later: a rule whose trigger type is not registered yet is stored without a trigger and fires once the type
   * arrives ({@link #adoptWaiting}); one whose action is missing fails at enforcement.
   */
  public Future<JsonObject> register(JsonObject body, String user) {
    JsonObject rule;
    try {
      rule = normalize(body, user, false);
    } catch (Validation e) {
      return Future.failedFuture(e);
    }
    return store.byRef(rule.getString("ref")).compose(existing ->
        save(rule.put("id", existing == null ? Ids.next() : existing.getString("id")), existing, true));
  }

  /** Gives the stored rules that wait for a trigger type that is registered now their trigger. */
  public Future<Integer> adoptWaiting() {
    return store.all().compose(all -> {
      List<JsonObject> waiting = all.stream().filter(r -> r.getJsonObject("trigger", new JsonObject())
          .getString("ref") == null && triggers.typeExists(r.getJsonObject("trigger").getString("type"))).toList();
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject rule : waiting) {
        chain = chain.compose(v -> save(rule, null).<Void>mapEmpty().recover(e -> Future.succeededFuture()));
      }
      return chain.map(v -> waiting.size());
    });
  }

  private Future<JsonObject> save(JsonObject rule, JsonObject previous) {
    return save(rule, previous, false);
  }

  /** {@code typeMayWait}: a trigger type that is not registered leaves the rule without a trigger, not refused. */
  private Future<JsonObject> save(JsonObject rule, JsonObject previous, boolean typeMayWait) {
    JsonObject trigger = rule.getJsonObject("trigger");
    Future<JsonObject> acquired = !typeMayWait || triggers.typeExists(trigger.getString("type"))
        ? triggers.acquire(trigger.getString("type"), trigger.getJsonObject("parameters"))
        : Future.succeededFuture(null);
    return acquired
        .compose(t -> {
          if (t == null) {
            trigger.remove("ref"); // its type is not registered yet
          } else {
            trigger.put("ref", t.getString("ref"));
          }
          return store.put(rule);
        })
        .compose(v -> previous == null ? Future.succeededFuture()
            : triggers.release(previous.getJsonObject("trigger", new JsonObject()).getString("ref")))
        .map(v -> {
          index.put(rule);
          bus.publish(Addresses.RULE_CUD, new JsonObject().put("op", "put").put("doc", rule));
          return rule;
        });
  }

  public Future<Void> delete(JsonObject rule) {
    return store.delete(rule.getString("id"))
        .compose(v -> triggers.release(rule.getJsonObject("trigger", new JsonObject()).getString("ref")))
        .map(v -> {
          index.remove(rule);
          bus.publish(Addresses.RULE_CUD, new JsonObject().put("op", "delete").put("doc", rule));
          return null;
        });
  }

  /** Deletes every rule of the pack; completes with how many there were. */
  public Future<Integer> deletePack(String pack) {
    return store.all().compose(all -> {
      List<JsonObject> ours = all.stream().filter(r -> pack.equals(r.getString("pack"))).toList();
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject rule : ours) {
        chain = chain.compose(v -> delete(rule));
      }
      return chain.map(v -> ours.size());
    });
  }

  private static JsonObject object(JsonObject body, String name) {
    Object v = body.getValue(name);
    if (!(v instanceof JsonObject o)) {
      throw new Validation(v == null ? "'" + name + "' is a required property" : "'" + name + "' must be an object");
    }
    return o;
  }
}
