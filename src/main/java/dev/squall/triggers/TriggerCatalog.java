package dev.squall.triggers;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.Validation;
import dev.squall.py.PyJsonText;
import dev.squall.util.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Trigger types and triggers: stored, mirrored into every node's {@link TriggerRegistry} through CUD
 * events. Types without a parameters schema get a "shadow" trigger with the type's ref; parameterised
 * triggers ({@code core.<uuid>}) are shared by rules with the same type and parameters.
 */
public final class TriggerCatalog {
  private final TriggerTypeStore types;
  private final TriggerStore triggers;
  private final Bus bus;
  private final TriggerRegistry registry;

  public TriggerCatalog(TriggerTypeStore types, TriggerStore triggers, Bus bus, TriggerRegistry registry) {
    this.types = types;
    this.triggers = triggers;
    this.bus = bus;
    this.registry = registry;
  }

  public TriggerRegistry registry() {
    return registry;
  }

  /** Loads stored types and triggers into the registry (start-up). */
  public Future<Void> load() {
    return Future.all(types.all(), triggers.all())
        .map(all -> {
          all.<List<JsonObject>>resultAt(0).forEach(registry::putType);
          all.<List<JsonObject>>resultAt(1).forEach(registry::putTrigger);
          return null;
        });
  }

  /** Registers types (kept ids), each parameterless one with its shadow trigger. */
  public Future<Void> registerTypes(List<JsonObject> types) {
    List<Future<?>> writes = new ArrayList<>();
    for (JsonObject type : types) {
      writes.add(putType(type));
    }
    return Future.all(writes).mapEmpty();
  }

  public Future<JsonObject> putType(JsonObject type) {
    JsonObject existing = registry.type(type.getString("ref"));
    JsonObject doc = type.copy().put("id", existing != null ? existing.getString("id") : type.getString("id", Ids.next()));
    return types.put(doc).compose(v -> {
      registry.putType(doc);
      bus.publish(Addresses.TRIGGER_CUD, TriggerRegistry.event("put", "type", doc));
      if (doc.getJsonObject("parameters_schema", new JsonObject()).isEmpty() && registry.trigger(doc.getString("ref")) == null) {
        JsonObject shadow = new JsonObject()
            .put("id", Ids.next())
            .put("ref", doc.getString("ref"))
            .put("uid", "trigger:" + doc.getString("pack") + ":" + doc.getString("name") + ":" + Ids.md5Hex("{}"))
            .put("name", doc.getString("name"))
            .put("pack", doc.getString("pack"))
            .put("type", doc.getString("ref"))
            .put("parameters", new JsonObject());
        return putTrigger(shadow).map(doc);
      }
      return Future.succeededFuture(doc);
    });
  }

  /** Deletes the trigger types a pack registered; completes with how many. */
  public Future<Integer> deletePackTypes(String pack) {
    List<JsonObject> ours = registry.types().stream().filter(t -> pack.equals(t.getString("pack"))).toList();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject type : ours) {
      chain = chain.compose(v -> deleteType(type));
    }
    return chain.map(v -> ours.size());
  }

  public Future<Void> deleteType(JsonObject type) {
    return types.delete(type.getString("id")).compose(v -> {
      registry.apply(TriggerRegistry.event("delete", "type", type));
      bus.publish(Addresses.TRIGGER_CUD, TriggerRegistry.event("delete", "type", type));
      JsonObject shadow = registry.trigger(type.getString("ref"));
      return shadow == null ? Future.succeededFuture() : deleteTrigger(shadow);
    });
  }

  public Future<JsonObject> putTrigger(JsonObject trigger) {
    return triggers.put(trigger).map(v -> {
      registry.putTrigger(trigger);
      bus.publish(Addresses.TRIGGER_CUD, TriggerRegistry.event("put", "trigger", trigger));
      return trigger;
    });
  }

  public Future<Void> deleteTrigger(JsonObject trigger) {
    return triggers.delete(trigger.getString("id")).map(v -> {
      registry.removeTrigger(trigger);
      bus.publish(Addresses.TRIGGER_CUD, TriggerRegistry.event("delete", "trigger", trigger));
      return null;
    });
  }

  /** Whether the trigger type is registered. */
  public boolean typeExists(String typeRef) {
    return registry.type(typeRef) != null;
  }

  /**
   * The trigger a rule with {@code {type, parameters}} fires on, created if needed. Parameters are checked
   * against the type's parameters schema.
   */
  public Future<JsonObject> acquire(String typeRef, JsonObject parameters) {
    JsonObject type = registry.type(typeRef);
    JsonObject params = parameters == null ? new JsonObject() : parameters;
    JsonObject schema = type == null ? null : type.getJsonObject("parameters_schema");
    boolean parameterless = schema == null || schema.isEmpty();
    if (type == null || parameterless && !params.isEmpty() && registry.trigger(typeRef) == null) {
      return Future.failedFuture(new Validation("Trigger \"" + typeRef + "\" defined in the rule does not exist in system "
          + "or it's missing required \"parameters\" attribute"));
    }
    if (parameterless) {
      JsonObject shadow = registry.trigger(typeRef);
      return shadow != null ? Future.succeededFuture(shadow) : putType(type).map(t -> registry.trigger(typeRef));
    }
    try {
      SchemaCheck.check(schema, params, "Failed to validate parameters of trigger \"" + typeRef + "\"");
    } catch (Validation e) {
      return Future.failedFuture(e);
    }
    JsonObject existing = registry.find(typeRef, params);
    if (existing != null) {
      JsonObject counted = existing.copy().put("ref_count", existing.getInteger("ref_count", 0) + 1);
      return putTrigger(counted);
    }
    String name = UUID.randomUUID().toString();
    String pack = type.getString("pack");
    JsonObject trigger = new JsonObject()
        .put("id", Ids.next())
        .put("ref", pack + "." + name)
        .put("uid", "trigger:" + pack + ":" + name + ":" + Ids.md5Hex(PyJsonText.dumpsForUid(params)))
        .put("name", name)
        .put("pack", pack)
        .put("type", typeRef)
        .put("parameters", params)
        .put("ref_count", 1);
    return putTrigger(trigger);
  }

  /** A rule stopped using a trigger: parameterised triggers go away with their last rule. */
  public Future<Void> release(String triggerRef) {
    JsonObject trigger = triggerRef == null ? null : registry.trigger(triggerRef);
    if (trigger == null || trigger.getJsonObject("parameters", new JsonObject()).isEmpty()) {
      return Future.succeededFuture();
    }
    int count = trigger.getInteger("ref_count", 1) - 1;
    return count <= 0 ? deleteTrigger(trigger) : putTrigger(trigger.copy().put("ref_count", count)).mapEmpty();
  }

  /** A trigger as the API shows it (internal counters removed). */
  public static JsonObject view(JsonObject trigger) {
    JsonObject v = trigger.copy();
    v.remove("ref_count");
    return v;
  }
}
