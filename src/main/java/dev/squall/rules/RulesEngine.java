package dev.squall.rules;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.Retry;
import dev.squall.error.Conflict;
import dev.squall.error.Unavailable;
import dev.squall.executions.ExecutionRequests;
import dev.squall.executions.ExecutionStore;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.triggers.TriggerRegistry;
import dev.squall.template.Jinja;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trigger instance → matching rules → one enforcement each → an execution each. Idempotent: an
 * enforcement is keyed by rule + trigger instance, and its execution id is chosen before either is
 * written, so a redelivered instance never runs an action twice.
 */
public final class RulesEngine {
  private final TriggerInstanceStore instances;
  private final EnforcementStore enforcements;
  private final ExecutionStore executionStore;
  private final Bus bus;
  private final EnabledRules index;
  private final TriggerRegistry triggers;
  private final ExecutionRequests executions;
  private final TriggerDispatcher dispatcher;
  private final Function<String, Map<String, Object>> kvContext;
  private final String systemUser;
  private final Jinja jinja = new Jinja();
  private final io.vertx.core.Vertx vertx;
  /** Waits for room in the execution backlog as long as it takes (20 ms more per attempt, at most 1 s). */
  private static final Retry CREATE_RETRY = Retry.forever(20, 1000);

  public RulesEngine(io.vertx.core.Vertx vertx, TriggerInstanceStore instances, EnforcementStore enforcements,
      ExecutionStore executionStore, Bus bus, EnabledRules index, TriggerRegistry triggers,
      ExecutionRequests executions, TriggerDispatcher dispatcher, Function<String, Map<String, Object>> kvContext,
      String systemUser) {
    this.vertx = vertx;
    this.instances = instances;
    this.enforcements = enforcements;
    this.executionStore = executionStore;
    this.bus = bus;
    this.index = index;
    this.triggers = triggers;
    this.executions = executions;
    this.dispatcher = dispatcher;
    this.kvContext = kvContext;
    this.systemUser = systemUser;
  }

  /**
   * Handles one trigger instance; completes when it is processed. Fails with {@link Unavailable} when the store
   * refused a write: handling the instance again is safe (enforcements are unique per rule and instance).
   */
  public Future<Void> handle(JsonObject instance) {
    if (!"pending".equals(instance.getString("status"))) {
      return Future.succeededFuture();
    }
    List<EnabledRules.Entry> candidates = index.forTrigger(instance.getString("trigger"));
    JsonObject payload = instance.getJsonObject("payload", new JsonObject());
    Map<String, Object> context = candidates.isEmpty() ? Map.of() : templateContext(payload);
    List<Future<?>> work = new ArrayList<>();
    boolean matched = false;
    for (boolean backstopPass : new boolean[] {false, true}) {
      if (backstopPass && matched) {
        break;
      }
      for (EnabledRules.Entry entry : candidates) {
        if (entry.backstop() != backstopPass) {
          continue;
        }
        RuleMatcher.Result result = entry.criteria().match(payload, context, entry.ref(), instance.getString("id"));
        if (result.matched()) {
          matched = true;
          work.add(enforce(entry.rule(), instance, payload, context));
        }
        if (result.failureReason() != null) {
          work.add(recordEnforcement(entry.rule(), instance, null, result.failureReason()));
        }
      }
    }
    return Future.join(work).transform(done -> {
      // the store refused a write (disk full, say): the instance stays pending and is handled again later
      for (Future<?> one : work) {
        if (one.failed() && one.cause() instanceof Unavailable) {
          return Future.failedFuture(one.cause());
        }
      }
      return finish(instance, done.succeeded());
    });
  }

  /**
   * Whether no enabled rule can match the instance: every candidate rule evaluates to a clean "no" (no
   * failure to record either). The intake asks this on its own thread, so that an event nothing matches is
   * stored once, already processed, instead of stored, handed over and updated. Thread-safe: index entries
   * are immutable and compiled criteria shareable.
   */
  boolean certainlyUnmatched(JsonObject instance) {
    List<EnabledRules.Entry> candidates = index.forTrigger(instance.getString("trigger"));
    if (candidates.isEmpty()) {
      return true;
    }
    JsonObject payload = instance.getJsonObject("payload", new JsonObject());
    Map<String, Object> context = templateContext(payload);
    for (EnabledRules.Entry entry : candidates) {
      RuleMatcher.Result result;
      try {
        result = entry.criteria().match(payload, context, entry.ref(), instance.getString("id"));
      } catch (RuntimeException e) {
        return false; // let the engine evaluate it again and record what went wrong
      }
      if (result.matched() || result.failureReason() != null) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> templateContext(JsonObject payload) {
    Map<String, Object> context = new HashMap<>(kvContext.apply(systemUser));
    context.put("trigger", payload.getMap());
    return context;
  }

  private Future<Void> finish(JsonObject instance, boolean ok) {
    String status = ok ? "processed" : "processing_failed";
    JsonObject processed = dev.squall.executions.Executions.shallowCopy(instance).put("status", status);
    return instances.finish(instance.getString("id"), status)
        .map(replaced -> {
          dispatcher.backlog().release();
          if (replaced) {
            bus.publish(Addresses.TRIGGER_INSTANCE_UPDATE, processed);
          }
          return null;
        });
  }

  private Future<Void> enforce(JsonObject rule, JsonObject instance, JsonObject payload, Map<String, Object> context) {
    String executionId = Ids.next();
    JsonObject enforcement = enforcementDoc(rule, instance, executionId, null);
    return enforcements.insert(enforcement)
        .compose(v -> {
          bus.publish(Addresses.RULE_ENFORCEMENT_CREATE, enforcement);
          return execute(rule, instance, payload, context, enforcement);
        }, e -> e instanceof Conflict ? resume(rule, instance, payload, context) : Future.failedFuture(e));
  }

  /** A redelivered instance: the enforcement exists; create its execution only if that never happened. */
  private Future<Void> resume(JsonObject rule, JsonObject instance, JsonObject payload, Map<String, Object> context) {
    String key = key(rule, instance);
    return enforcements.byKey(key)
        .compose(enforcement -> {
          if (enforcement == null || enforcement.getString("execution_id") == null) {
            return Future.succeededFuture();
          }
          return executionStore.get(enforcement.getString("execution_id"))
              .compose(existing -> existing != null ? Future.succeededFuture()
                  : execute(rule, instance, payload, context, enforcement));
        });
  }

  private Future<Void> execute(JsonObject rule, JsonObject instance, JsonObject payload, Map<String, Object> context,
      JsonObject enforcement) {
    JsonObject action = rule.getJsonObject("action");
    JsonObject parameters;
    try {
      parameters = (JsonObject) jinja.renderValue(action.getJsonObject("parameters", new JsonObject()), context);
    } catch (RuntimeException e) {
      return failEnforcement(enforcement, "Failed to render parameters of action \"" + action.getString("ref")
          + "\" for rule \"" + rule.getString("ref") + "\": " + e.getMessage());
    }
    JsonObject trigger = triggers.trigger(instance.getString("trigger"));
    JsonObject executionContext = new JsonObject()
        .put("trigger_instance", new JsonObject().put("id", instance.getString("id")))
        .put("rule", new JsonObject().put("id", rule.getString("id")).put("name", rule.getString("name")))
        .put("trace_context", new JsonObject().put("id_", instance.getString("id"))
            .put("trace_tag", instance.getString("trace_tag")));
    JsonObject extra = new JsonObject()
        .put("rule", rule)
        .put("trigger_instance", view(instance));
    if (trigger != null) {
      extra.put("trigger", trigger);
      JsonObject type = triggers.type(trigger.getString("type"));
      if (type != null) {
        extra.put("trigger_type", type);
      }
    }
    var request = new ExecutionRequests.Request(action.getString("ref"), parameters, executionContext, null, 0,
        systemUser);
    return create(request, enforcement, extra);
  }

  /**
   * Creates the enforcement's execution. A full execution backlog is back-pressure, not a failure: the
   * instance stays pending and the creation is retried, so intake fills up and answers 503 instead. A
   * conflict on the chosen id means another delivery of the instance created it meanwhile: done.
   */
  private Future<Void> create(ExecutionRequests.Request request, JsonObject enforcement, JsonObject extra) {
    return CREATE_RETRY.run(vertx, () -> executions.create(request, enforcement.getString("execution_id"), extra))
        .<Void>mapEmpty()
        .recover(e -> e instanceof Conflict ? Future.succeededFuture() : failEnforcement(enforcement, e.getMessage()));
  }

  private Future<Void> failEnforcement(JsonObject enforcement, String reason) {
    JsonObject failed = enforcement.copy().put("status", "failed").put("failure_reason", reason);
    failed.remove("execution_id");
    return enforcements.put(failed);
  }

  private Future<Void> recordEnforcement(JsonObject rule, JsonObject instance, String executionId, String failure) {
    JsonObject doc = enforcementDoc(rule, instance, executionId, failure);
    return enforcements.insert(doc)
        .onSuccess(v -> bus.publish(Addresses.RULE_ENFORCEMENT_CREATE, doc))
        .recover(e -> e instanceof Conflict ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private JsonObject enforcementDoc(JsonObject rule, JsonObject instance, String executionId, String failure) {
    JsonObject doc = new JsonObject()
        .put("id", Ids.next())
        .put("rule", new JsonObject().put("ref", rule.getString("ref")).put("id", rule.getString("id"))
            .put("uid", rule.getString("uid")))
        .put("trigger_instance_id", instance.getString("id"))
        .put("enforced_at", Times.now())
        .put("status", failure == null ? "succeeded" : "failed");
    if (executionId != null) {
      // only enforcements that start an execution are unique per rule and instance (idempotent redelivery)
      doc.put("key", key(rule, instance)).put("execution_id", executionId);
    }
    if (failure != null) {
      doc.put("failure_reason", failure);
    }
    return doc;
  }

  private static String key(JsonObject rule, JsonObject instance) {
    return rule.getString("id") + ":" + instance.getString("id");
  }

  /** A trigger instance as the API shows it. */
  static JsonObject view(JsonObject instance) {
    JsonObject v = instance.copy();
    v.remove("trace_tag");
    return v;
  }
}
