package dev.squall.model;

import dev.squall.util.Ids;
import dev.squall.util.Json;
import dev.squall.util.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Pure functions over execution documents (StackStorm's ActionExecution, with its LiveAction folded in as
 * the {@code liveaction} field). Documents handed over the bus are shared, so every change here returns a
 * new top-level object and never mutates a nested value in place.
 */
public final class Executions {
  public static final String MASK = "********";

  private Executions() {
  }

  /** A new execution in {@code requested}, holding snapshots of the action and the runner type. */
  public static JsonObject requested(JsonObject action, JsonObject runner, JsonObject parameters, JsonObject context,
      JsonObject notify, int delayMs, String parent, String webuiBaseUrl) {
    String id = Ids.next();
    String now = Times.now();
    JsonObject liveaction = new JsonObject()
        .put("id", Ids.next())
        .put("action", action.getString("ref"))
        .put("action_is_workflow", false)
        .put("parameters", parameters)
        .put("callback", new JsonObject())
        .put("runner_info", new JsonObject());
    if (notify != null && !notify.isEmpty()) {
      liveaction.put("notify", notify);
    }
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("action", action)
        .put("runner", runner)
        .put("liveaction", liveaction)
        .put("status", ExecutionStatus.REQUESTED)
        .put("start_timestamp", now)
        .put("parameters", parameters)
        .put("context", context)
        .put("children", new JsonArray())
        .put("log", new JsonArray().add(logEntry(ExecutionStatus.REQUESTED, now)))
        .put("web_url", webuiBaseUrl + "/#/history/" + id + "/general");
    if (delayMs > 0) {
      doc.put("delay", delayMs);
    }
    if (parent != null) {
      doc.put("parent", parent);
    }
    if (notify != null && !notify.isEmpty()) {
      doc.put("notify", notify);
    }
    return doc;
  }

  /** A copy moved to {@code status}, with a log entry; completed statuses also get end time and elapsed. */
  public static JsonObject moved(JsonObject doc, String status) {
    String now = Times.now();
    JsonObject next = shallowCopy(doc);
    next.put("status", status);
    JsonArray log = doc.getJsonArray("log", new JsonArray()).copy().add(logEntry(status, now));
    next.put("log", log);
    if (ExecutionStatus.isCompleted(status)) {
      next.put("end_timestamp", now);
      next.put("elapsed_seconds", Times.elapsedSeconds(doc.getString("start_timestamp"), now));
    }
    return next;
  }

  /** A copy with its final result (and {@code result_size} in bytes of its JSON). */
  public static JsonObject withResult(JsonObject doc, JsonObject result) {
    JsonObject next = shallowCopy(doc);
    next.put("result", result);
    next.put("result_size", result.toBuffer().length());
    return next;
  }

  public static JsonObject shallowCopy(JsonObject doc) {
    return new JsonObject(new LinkedHashMap<>(doc.getMap()));
  }

  private static JsonObject logEntry(String status, String timestamp) {
    return new JsonObject().put("timestamp", timestamp).put("status", status);
  }

  /** Names of the parameters declared secret by the runner or the action. */
  public static Set<String> secretNames(JsonObject doc) {
    Set<String> names = new java.util.HashSet<>();
    collectSecrets(Json.at(doc, "runner.runner_parameters"), names);
    collectSecrets(Json.at(doc, "action.parameters"), names);
    return names;
  }

  private static void collectSecrets(Object schema, Set<String> into) {
    if (schema instanceof JsonObject params) {
      params.forEach(e -> {
        if (e.getValue() instanceof JsonObject p && Boolean.TRUE.equals(p.getValue("secret"))) {
          into.add(e.getKey());
        }
      });
    }
  }

  /**
   * The document as the API shows it: secrets masked, every falsy field dropped (StackStorm drops empty
   * result, parameters, children... from executions).
   */
  public static JsonObject apiView(JsonObject doc) {
    JsonObject view = new JsonObject(new LinkedHashMap<>());
    Set<String> secrets = secretNames(doc);
    for (var e : doc) {
      Object value = e.getValue();
      if (!Json.truthy(value)) {
        continue;
      }
      if (!secrets.isEmpty() && "parameters".equals(e.getKey()) && value instanceof JsonObject params) {
        value = masked(params, secrets);
      } else if (!secrets.isEmpty() && "liveaction".equals(e.getKey()) && value instanceof JsonObject live) {
        value = shallowCopy(live).put("parameters", masked(live.getJsonObject("parameters", new JsonObject()), secrets));
      }
      view.put(e.getKey(), value);
    }
    return view;
  }

  /** StackStorm's LiveAction shape, for {@code st2.liveaction__*} events. */
  public static JsonObject liveActionView(JsonObject doc) {
    JsonObject live = doc.getJsonObject("liveaction", new JsonObject());
    JsonObject view = new JsonObject()
        .put("id", live.getString("id"))
        .put("action", live.getString("action"))
        .put("action_is_workflow", false)
        .put("status", doc.getString("status"))
        .put("start_timestamp", doc.getString("start_timestamp"))
        .put("parameters", masked(doc.getJsonObject("parameters", new JsonObject()), secretNames(doc)))
        .put("context", doc.getJsonObject("context"))
        .put("callback", live.getJsonObject("callback"))
        .put("runner_info", live.getJsonObject("runner_info"));
    putIfPresent(view, "end_timestamp", doc.getValue("end_timestamp"));
    putIfPresent(view, "result", doc.getValue("result"));
    putIfPresent(view, "notify", doc.getValue("notify"));
    putIfPresent(view, "delay", doc.getValue("delay"));
    return view;
  }

  public static JsonObject masked(JsonObject params, Set<String> secrets) {
    if (secrets.isEmpty()) {
      return params;
    }
    JsonObject copy = shallowCopy(params);
    for (String name : secrets) {
      if (copy.containsKey(name)) {
        copy.put(name, MASK);
      }
    }
    return copy;
  }

  private static void putIfPresent(JsonObject into, String key, Object value) {
    if (value != null) {
      into.put(key, value);
    }
  }
}
