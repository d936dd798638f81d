package dev.squall.triggers;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory trigger types, triggers and the webhook table ({@code url} → webhook triggers), read on every
 * webhook without touching the store. Kept current by {@code squall.trigger.cud} events from any node.
 */
public final class TriggerRegistry {
  private final Map<String, JsonObject> types = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> triggers = new ConcurrentHashMap<>();
  private final Map<String, List<JsonObject>> webhooks = new ConcurrentHashMap<>();

  public TriggerRegistry listen(Bus bus) {
    bus.subscribe(Addresses.TRIGGER_CUD, this::apply);
    return this;
  }

  /** {@code {"op": "put"|"delete", "kind": "type"|"trigger", "doc": {...}}}. */
  public void apply(JsonObject event) {
    JsonObject doc = event.getJsonObject("doc");
    boolean delete = "delete".equals(event.getString("op"));
    if ("type".equals(event.getString("kind"))) {
      if (delete) {
        types.remove(doc.getString("ref"));
      } else {
        types.put(doc.getString("ref"), doc);
      }
    } else if (delete) {
      removeTrigger(doc);
    } else {
      putTrigger(doc);
    }
  }

  public static JsonObject event(String op, String kind, JsonObject doc) {
    return new JsonObject().put("op", op).put("kind", kind).put("doc", doc);
  }

  public void putType(JsonObject type) {
    types.put(type.getString("ref"), type);
  }

  public void putTrigger(JsonObject trigger) {
    JsonObject previous = triggers.put(trigger.getString("ref"), trigger);
    if (previous != null) {
      unindexWebhook(previous);
    }
    String url = webhookUrl(trigger);
    if (url != null) {
      webhooks.compute(url, (k, list) -> {
        List<JsonObject> next = new java.util.ArrayList<>(list == null ? List.of() : list);
        next.removeIf(t -> t.getString("ref").equals(trigger.getString("ref")));
        next.add(trigger);
        return List.copyOf(next);
      });
    }
  }

  public void removeTrigger(JsonObject trigger) {
    JsonObject previous = triggers.remove(trigger.getString("ref"));
    unindexWebhook(previous == null ? trigger : previous);
  }

  private void unindexWebhook(JsonObject trigger) {
    String url = webhookUrl(trigger);
    if (url != null) {
      webhooks.computeIfPresent(url, (k, list) -> {
        List<JsonObject> next = list.stream().filter(t -> !t.getString("ref").equals(trigger.getString("ref"))).toList();
        return next.isEmpty() ? null : next;
      });
    }
  }

  /** The url a webhook trigger listens on, without leading/trailing slashes; null for other triggers. */
  public static String webhookUrl(JsonObject trigger) {
    if (!TriggerTypes.WEBHOOK.equals(trigger.getString("type"))) {
      return null;
    }
    Object url = trigger.getJsonObject("parameters", new JsonObject()).getValue("url");
    return url == null ? null : normalizeUrl(String.valueOf(url));
  }

  public static String normalizeUrl(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) == '/') {
      start++;
    }
    while (end > start && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(start, end);
  }

  public JsonObject type(String ref) {
    return types.get(ref);
  }

  public JsonObject trigger(String ref) {
    return triggers.get(ref);
  }

  /** The webhook triggers registered for a url (already normalized), or an empty list. */
  public List<JsonObject> webhooks(String url) {
    return webhooks.getOrDefault(url, List.of());
  }

  public Collection<JsonObject> types() {
    return types.values();
  }

  public Collection<JsonObject> triggers() {
    return triggers.values();
  }

  /** The trigger of that type with exactly these parameters, if one exists. */
  public JsonObject find(String typeRef, JsonObject parameters) {
    for (JsonObject t : triggers.values()) {
      if (typeRef.equals(t.getString("type")) && parameters.equals(t.getJsonObject("parameters", new JsonObject()))) {
        return t;
      }
    }
    return null;
  }
}
