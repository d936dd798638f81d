package dev.squall.executions;

import dev.squall.template.Secrets;
import dev.squall.util.Ids;
import dev.squall.util.Json;
import dev.squall.util.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Pure functions over execution documents (StackStorm's ActionExecution, with its LiveAction folded in as
 * the {@code liveaction} field). Documents handed over the bus are shared, so every change here returns a
 * new top-level object and never mutates a nested value in place.
 */
public final class Executions {
  /** Where an execution carries secret values, masked in its API view (see {@link #masked}). */
  public static final List<String> SECRET_PATHS = List.of("parameters", "liveaction.parameters", "action.parameters",
      "runner.runner_parameters", "rule.action.parameters");
  /** What masking reads: the parameter schemas of the action and runner snapshots. */
  public static final List<String> SECRET_SCHEMAS = List.of("action.parameters", "runner.runner_parameters");

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

  /**
   * The document as the API shows it: secret parameter values masked, every falsy field dropped (StackStorm
   * drops empty result, parameters, children... from executions).
   */
  public static JsonObject apiView(JsonObject doc) {
    return apiView(doc, false);
  }

  /** Like {@link #apiView(JsonObject)}; {@code showSecrets} leaves secret values in clear (admins only). */
  public static JsonObject apiView(JsonObject doc, boolean showSecrets) {
    JsonObject view = new JsonObject(new LinkedHashMap<>());
    for (var e : doc) {
      if (Json.truthy(e.getValue())) {
        view.put(e.getKey(), e.getValue());
      }
    }
    return showSecrets ? view : masked(view);
  }

  /** StackStorm's LiveAction shape, for {@code st2.liveaction__*} events; secret values masked. */
  public static JsonObject liveActionView(JsonObject doc) {
    JsonObject live = doc.getJsonObject("liveaction", new JsonObject());
    JsonObject view = new JsonObject()
        .put("id", live.getString("id"))
        .put("action", live.getString("action"))
        .put("action_is_workflow", false)
        .put("status", doc.getString("status"))
        .put("start_timestamp", doc.getString("start_timestamp"))
        .put("parameters", maskedParameters(doc))
        .put("context", doc.getJsonObject("context"))
        .put("callback", live.getJsonObject("callback"))
        .put("runner_info", live.getJsonObject("runner_info"));
    putIfPresent(view, "end_timestamp", doc.getValue("end_timestamp"));
    putIfPresent(view, "result", doc.getValue("result"));
    putIfPresent(view, "notify", doc.getValue("notify"));
    putIfPresent(view, "delay", doc.getValue("delay"));
    return view;
  }

  /** The execution's {@code parameters} with the values its runner type or action declares secret masked. */
  public static JsonObject maskedParameters(JsonObject doc) {
    return Secrets.mask(doc.getJsonObject("parameters", new JsonObject()), runnerParameters(doc),
        actionParameters(doc));
  }

  /**
   * Parameters a client sends for a new run of {@code previous} (a re-run), where a secret it only ever saw
   * masked comes back as the mask: those keep the previous execution's value.
   */
  public static JsonObject restoreMasked(JsonObject parameters, JsonObject previous) {
    return Secrets.restore(parameters, previous.getJsonObject("parameters"), runnerParameters(previous),
        actionParameters(previous));
  }

  /**
   * A copy of an execution document with secret values masked wherever it carries them: {@code parameters},
   * {@code liveaction.parameters}, the defaults in the {@code action} and {@code runner} snapshots, and the
   * action parameters of the {@code rule} snapshot. The document itself when nothing is declared secret.
   */
  public static JsonObject masked(JsonObject doc) {
    JsonObject runnerParams = runnerParameters(doc);
    JsonObject actionParams = actionParameters(doc);
    if (!anySecret(runnerParams) && !anySecret(actionParams)) {
      return doc;
    }
    JsonObject out = shallowCopy(doc);
    if (doc.getValue("parameters") instanceof JsonObject params) {
      out.put("parameters", Secrets.mask(params, runnerParams, actionParams));
    }
    if (doc.getValue("liveaction") instanceof JsonObject live && live.getValue("parameters") instanceof JsonObject p) {
      out.put("liveaction", shallowCopy(live).put("parameters", Secrets.mask(p, runnerParams, actionParams)));
    }
    if (actionParams != null) {
      out.put("action", shallowCopy(doc.getJsonObject("action")).put("parameters", Secrets.maskDefaults(actionParams)));
    }
    if (runnerParams != null) {
      out.put("runner", shallowCopy(doc.getJsonObject("runner"))
          .put("runner_parameters", Secrets.maskDefaults(runnerParams)));
    }
    if (doc.getValue("rule") instanceof JsonObject rule && rule.getValue("action") instanceof JsonObject ruleAction
        && ruleAction.getValue("parameters") instanceof JsonObject p) {
      out.put("rule", shallowCopy(rule).put("action", shallowCopy(ruleAction)
          .put("parameters", Secrets.mask(p, runnerParams, actionParams))));
    }
    return out;
  }

  private static boolean anySecret(JsonObject params) {
    if (params != null) {
      for (var e : params) {
        if (Secrets.declaresSecret(e.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonObject runnerParameters(JsonObject doc) {
    return Json.at(doc, "runner.runner_parameters") instanceof JsonObject p ? p : null;
  }

  private static JsonObject actionParameters(JsonObject doc) {
    return Json.at(doc, "action.parameters") instanceof JsonObject p ? p : null;
  }

  private static void putIfPresent(JsonObject into, String key, Object value) {
    if (value != null) {
      into.put(key, value);
    }
  }
}
