package dev.squall.actions;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory view of actions, runner types and packs, read on every execution request instead of the
 * store. Filled at start and kept current by {@code squall.action.cud} / {@code squall.pack.cud} events
 * from whichever node changed them. Safe to read from any thread.
 */
public final class ActionRegistry {
  private final Map<String, JsonObject> actionsByRef = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> actionsById = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> runnersByName = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> packsByRef = new ConcurrentHashMap<>();

  /** Subscribes to CUD events on this node's bus. */
  public ActionRegistry listen(Bus bus) {
    bus.subscribe(Addresses.ACTION_CUD, this::apply);
    bus.subscribe(Addresses.PACK_CUD, this::apply);
    return this;
  }

  /** A CUD event: {@code {"op": "put"|"delete", "kind": "action"|"runner"|"pack", "doc": {...}}}. */
  public void apply(JsonObject event) {
    JsonObject doc = event.getJsonObject("doc");
    boolean delete = "delete".equals(event.getString("op"));
    switch (event.getString("kind", "action")) {
      case "runner" -> runnersByName.put(doc.getString("name"), doc);
      case "pack" -> {
        if (delete) {
          packsByRef.remove(doc.getString("ref"));
        } else {
          packsByRef.put(doc.getString("ref"), doc);
        }
      }
      default -> {
        if (delete) {
          removeAction(doc);
        } else {
          putAction(doc);
        }
      }
    }
  }

  public static JsonObject event(String op, String kind, JsonObject doc) {
    return new JsonObject().put("op", op).put("kind", kind).put("doc", doc);
  }

  public void putAction(JsonObject action) {
    JsonObject previous = actionsById.put(action.getString("id"), action);
    if (previous != null && !previous.getString("ref").equals(action.getString("ref"))) {
      actionsByRef.remove(previous.getString("ref"));
    }
    actionsByRef.put(action.getString("ref"), action);
  }

  public void removeAction(JsonObject action) {
    actionsById.remove(action.getString("id"));
    actionsByRef.remove(action.getString("ref"));
  }

  public void putRunner(JsonObject runner) {
    runnersByName.put(runner.getString("name"), runner);
  }

  public void putPack(JsonObject pack) {
    packsByRef.put(pack.getString("ref"), pack);
  }

  public JsonObject action(String ref) {
    return actionsByRef.get(ref);
  }

  /** By ref when the text holds a dot, else by id. */
  public JsonObject actionByRefOrId(String refOrId) {
    return refOrId.indexOf('.') > 0 ? actionsByRef.get(refOrId) : actionsById.get(refOrId);
  }

  public JsonObject runner(String name) {
    return runnersByName.get(name);
  }

  public JsonObject pack(String ref) {
    return packsByRef.get(ref);
  }

  public Collection<JsonObject> actions() {
    return actionsById.values();
  }

  public List<JsonObject> runners() {
    return List.copyOf(runnersByName.values());
  }

  public List<JsonObject> packs() {
    return List.copyOf(packsByRef.values());
  }
}
