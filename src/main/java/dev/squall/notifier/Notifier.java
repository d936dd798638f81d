package dev.squall.notifier;

import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.Executions;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerTypes;
import dev.squall.template.Jinja;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Completed executions → {@code core.st2.generic.actiontrigger} (when enabled) and one
 * {@code core.st2.generic.notifytrigger} per route of the action's (or else the execution's) notify section.
 * Neither payload carries a secret parameter value: both hold (or are rendered from) the masked parameters,
 * as StackStorm's action trigger does, so what rules match and what the API and stream show are the same.
 */
public final class Notifier {
  private final TriggerDispatcher dispatcher;
  private final boolean actionTrigger;
  private final Function<String, Map<String, Object>> kvContext;
  private final Jinja jinja = new Jinja();

  public Notifier(TriggerDispatcher dispatcher, boolean actionTrigger, Function<String, Map<String, Object>> kvContext) {
    this.dispatcher = dispatcher;
    this.actionTrigger = actionTrigger;
    this.kvContext = kvContext;
  }

  public Future<Void> handle(JsonObject execution) {
    String status = execution.getString("status");
    if (!ExecutionStatus.isCompleted(status)) {
      return Future.succeededFuture();
    }
    List<JsonObject> instances = new ArrayList<>();
    if (actionTrigger) {
      instances.add(TriggerDispatcher.instance(TriggerTypes.ACTION_TRIGGER, actionTriggerPayload(execution), null));
    }
    for (JsonObject payload : notifyPayloads(execution)) {
      instances.add(TriggerDispatcher.instance(TriggerTypes.NOTIFY_TRIGGER, payload, null));
    }
    return instances.isEmpty() ? Future.succeededFuture() : dispatcher.dispatchAll(instances).mapEmpty();
  }

  static JsonObject actionTriggerPayload(JsonObject execution) {
    JsonObject action = execution.getJsonObject("action", new JsonObject());
    return new JsonObject()
        .put("execution_id", execution.getString("id"))
        .put("status", execution.getString("status"))
        .put("start_timestamp", Times.pythonStr(Times.parse(execution.getString("start_timestamp"))))
        .put("action_name", action.getString("ref"))
        .put("action_ref", action.getString("ref"))
        .put("runner_ref", execution.getJsonObject("runner", new JsonObject()).getString("name"))
        .put("parameters", Executions.maskedParameters(execution))
        .put("result", execution.getValue("result") == null ? new JsonObject() : execution.getValue("result"));
  }

  List<JsonObject> notifyPayloads(JsonObject execution) {
    JsonObject actionNotify = execution.getJsonObject("action", new JsonObject()).getJsonObject("notify");
    JsonObject notify = actionNotify != null && !actionNotify.isEmpty() ? actionNotify
        : execution.getJsonObject("notify", new JsonObject());
    if (notify.isEmpty()) {
      return List.of();
    }
    String status = execution.getString("status");
    List<JsonObject> out = new ArrayList<>();
    section(execution, notify.getJsonObject("on-complete"), "completed", out);
    if (ExecutionStatus.SUCCEEDED.equals(status)) {
      section(execution, notify.getJsonObject("on-success"), "succeeded", out);
    }
    if (ExecutionStatus.FAILED_GROUP.contains(status)) {
      section(execution, notify.getJsonObject("on-failure"), "failed", out);
    }
    return out;
  }

  private void section(JsonObject execution, JsonObject spec, String verb, List<JsonObject> out) {
    if (spec == null) {
      return;
    }
    JsonArray routes = spec.getJsonArray("routes", spec.getJsonArray("channels", new JsonArray()));
    if (routes.isEmpty()) {
      return;
    }
    String ref = execution.getJsonObject("action", new JsonObject()).getString("ref");
    Map<String, Object> context = new HashMap<>(kvContext.apply(
        execution.getJsonObject("context", new JsonObject()).getString("user")));
    // masked: the payload is stored and shown to anyone who may read trigger instances and the stream
    context.put("action_parameters", Executions.maskedParameters(execution).getMap());
    context.put("action_context", execution.getJsonObject("context", new JsonObject()).getMap());
    Object result = execution.getValue("result");
    context.put("action_results", result instanceof JsonObject r ? r.getMap() : result);
    String message;
    Object data;
    try {
      message = spec.getString("message") == null ? "Action " + ref + " " + verb + "."
          : jinja.render(spec.getString("message"), context);
      data = spec.getValue("data") == null ? new JsonObject() : jinja.renderValue(spec.getValue("data"), context);
    } catch (RuntimeException e) {
      message = "Action " + ref + " " + verb + ".";
      data = new JsonObject().put("error", e.getMessage());
    }
    if (data instanceof JsonObject d) {
      d.put("result", result == null ? "{}" : io.vertx.core.json.Json.encode(result));
    }
    for (Object route : routes) {
      out.add(new JsonObject()
          .put("execution_id", execution.getString("id"))
          .put("status", execution.getString("status"))
          .put("start_timestamp", Times.isoOffset(execution.getString("start_timestamp")))
          .put("end_timestamp", Times.isoOffset(execution.getString("end_timestamp")))
          .put("action_ref", ref)
          .put("runner_ref", execution.getJsonObject("runner", new JsonObject()).getString("name"))
          .put("route", String.valueOf(route))
          .put("channel", String.valueOf(route))
          .put("message", message)
          .put("data", data));
    }
  }
}
