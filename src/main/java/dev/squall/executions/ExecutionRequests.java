package dev.squall.executions;

import dev.squall.config.SquallConfig;
import dev.squall.error.Unavailable;
import dev.squall.error.Validation;
import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;

import dev.squall.actions.ActionRegistry;
import dev.squall.template.ParameterResolver;
import dev.squall.template.ParameterSchema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Execution requests from the API: validate against the action, store (201 only once durable), announce,
 * hand to the scheduler; and cancel / re-run.
 */
public final class ExecutionRequests {
  private final ParameterResolver resolver = new ParameterResolver();
  private final ExecutionStore executions;
  private final Bus bus;
  private final ActionRegistry registry;
  private final ExecutionTransitions transitions;
  private final SquallConfig config;
  private final java.util.function.Function<String, Map<String, Object>> kvContext;
  private final java.util.function.Function<String, Map<String, Object>> configContext;
  private final ExecutionCounts counts;

  public ExecutionRequests(ExecutionStore executions, Bus bus, ActionRegistry registry,
      ExecutionTransitions transitions, SquallConfig config,
      java.util.function.Function<String, Map<String, Object>> kvContext) {
    this(executions, bus, registry, transitions, config, kvContext, pack -> Map.of());
  }

  /** {@code configContext}: a pack's config, the {@code config_context} of parameter templates. */
  public ExecutionRequests(ExecutionStore executions, Bus bus, ActionRegistry registry,
      ExecutionTransitions transitions, SquallConfig config,
      java.util.function.Function<String, Map<String, Object>> kvContext,
      java.util.function.Function<String, Map<String, Object>> configContext) {
    this.kvContext = kvContext;
    this.configContext = configContext;
    this.executions = executions;
    this.bus = bus;
    this.registry = registry;
    this.transitions = transitions;
    this.config = config;
    this.counts = new ExecutionCounts(!config.cluster().enable());
  }

  /** What a caller asks to run. */
  public record Request(String actionRef, JsonObject parameters, JsonObject context, JsonObject notifySpec, int delayMs,
      String user) {
  }

  public Future<JsonObject> create(Request request) {
    return create(request, null, null);
  }

  /**
   * Creates an execution with a chosen id (rule enforcement pre-allocates it, for idempotency) and extra
   * top-level fields (trigger, trigger_type, trigger_instance, rule snapshots).
   */
  public Future<JsonObject> create(Request request, String id, JsonObject extraFields) {
    JsonObject action = registry.action(request.actionRef());
    if (action == null) {
      return Future.failedFuture(new Validation("Action \"" + request.actionRef() + "\" cannot be found."));
    }
    if (!action.getBoolean("enabled", true)) {
      return Future.failedFuture(new Validation("Unable to execute. Action \"" + request.actionRef() + "\" is disabled."));
    }
    JsonObject runner = registry.runner(action.getString("runner_type"));
    if (runner == null) {
      return Future.failedFuture(new Validation("Runner type \"" + action.getString("runner_type") + "\" of action \""
          + request.actionRef() + "\" is not available."));
    }
    String user = request.user() == null ? config.systemUser().user() : request.user();
    JsonObject context = request.context().copy().put("user", user).put("pack", action.getString("pack"));
    try {
      ParameterSchema schema = ParameterSchema.merge(runner.getJsonObject("runner_parameters", new JsonObject()),
          action.getJsonObject("parameters", new JsonObject()), action.getString("ref"));
      Map<String, Object> renderContext = new java.util.HashMap<>(kvContext.apply(user));
      renderContext.put("action_context", context.getMap());
      renderContext.put("config_context", configContext.apply(action.getString("pack")));
      resolver.resolve(schema, request.parameters(), renderContext);
    } catch (Validation e) {
      return Future.failedFuture(e);
    }
    if (!transitions.backlog().tryAcquire()) {
      return Future.failedFuture(new Unavailable("Too many executions in progress; retry later.", 1));
    }
    JsonObject doc = Executions.requested(action, runner, request.parameters(), context, request.notifySpec(),
        request.delayMs(), null, config.webui().webuiBaseUrl());
    if (id != null) {
      doc.put("id", id).put("web_url", config.webui().webuiBaseUrl() + "/#/history/" + id + "/general");
    }
    if (extraFields != null) {
      extraFields.forEach(e -> doc.put(e.getKey(), e.getValue()));
    }
    return executions.insert(doc)
        .onFailure(e -> transitions.backlog().release())
        .map(v -> {
          counts.added(doc.getValue("parent") != null);
          transitions.publishCreate(doc);
          bus.send(Addresses.WORK_SCHEDULE, doc);
          return doc;
        });
  }

  /** Totals for listings ({@code X-Total-Count}). */
  public ExecutionCounts counts() {
    return counts;
  }

  /** The stored execution, or 404. {@code last} is the newest. */
  public Future<JsonObject> get(String id) {
    return executions.getOrFail(id);
  }

  /**
   * Cancels: waiting executions at once, running ones through {@code canceling} (the runner then kills the
   * process). Completes with the execution, or with a faultstring body when it cannot be canceled.
   */
  public Future<JsonObject> cancel(String id, String user) {
    return get(id).compose(doc -> cancel(doc, user, 0));
  }

  private Future<JsonObject> cancel(JsonObject doc, String user, int attempt) {
    String status = doc.getString("status");
    if (ExecutionStatus.CANCELED.equals(status) || ExecutionStatus.CANCELING.equals(status)) {
      return Future.succeededFuture(doc);
    }
    if (!ExecutionStatus.CANCELABLE.contains(status)) {
      return Future.succeededFuture(new JsonObject()
          .put("faultstring", "Action cannot be canceled. State = " + status + ".")
          .put("__not_cancelable", true));
    }
    boolean waiting = ExecutionStatus.WAITING.contains(status) && doc.getValue("parent") == null;
    String target = waiting ? ExecutionStatus.CANCELED : ExecutionStatus.CANCELING;
    JsonObject cancelResult = new JsonObject().put("message", "Action canceled by user.").put("user", user);
    return transitions.move(doc, target, next -> {
      next.put("context", next.getJsonObject("context", new JsonObject()).copy().put("cancelled_by", user));
      return waiting ? Executions.withResult(next, cancelResult) : next;
    }).compose(moved -> {
      if (moved != null) {
        if (!waiting) {
          bus.publish(Addresses.EXECUTION_CANCEL, new JsonObject().put("id", moved.getString("id")).put("user", user));
        }
        return Future.succeededFuture(moved);
      }
      if (attempt > 5) {
        return get(doc.getString("id"));
      }
      return get(doc.getString("id")).compose(fresh -> cancel(fresh, user, attempt + 1));
    });
  }

  /** A new execution of the same action, old parameters overlaid by new ones. */
  public Future<JsonObject> reRun(String id, JsonObject body, String user) {
    if (!body.getJsonArray("tasks", new io.vertx.core.json.JsonArray()).isEmpty()
        || !body.getJsonArray("reset", new io.vertx.core.json.JsonArray()).isEmpty()) {
      return Future.failedFuture(new Validation("Parameters \"tasks\" and \"reset\" are only supported for Orquesta workflows."));
    }
    return get(id).compose(old -> {
      JsonObject parameters = Executions.restoreMasked(old.getJsonObject("parameters", new JsonObject()).copy()
          .mergeIn(body.getJsonObject("parameters", new JsonObject())), old);
      JsonObject context = new JsonObject().put("re-run", new JsonObject().put("ref", id));
      Object trace = old.getJsonObject("context", new JsonObject()).getValue("trace_context");
      if (trace != null) {
        context.put("trace_context", trace);
      }
      String ref = old.getJsonObject("action").getString("ref");
      int delay = body.getInteger("delay", 0);
      return create(new Request(ref, parameters, context, old.getJsonObject("notify"), delay,
          user == null ? old.getJsonObject("context", new JsonObject()).getString("user") : user));
    });
  }
}
