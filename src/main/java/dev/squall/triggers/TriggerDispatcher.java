package dev.squall.triggers;

import dev.squall.bus.Backlog;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.Unavailable;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns an event into durable trigger instances ({@code pending}) and hands them to the rules engine.
 * Completes once stored: a webhook's 202 means the event survives a kill -9. Intake is bounded: past
 * {@code backlog}'s limit callers get 503 instead of unbounded memory.
 */
public final class TriggerDispatcher {
  private final TriggerInstanceStore store;
  private final Bus bus;
  private final Backlog backlog;
  private final Predicate<String> watched;
  private volatile Predicate<JsonObject> nothingMatches = instance -> false;
  private final java.util.concurrent.atomic.LongAdder storedTotal = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

  /** {@code watched}: whether some enabled rule uses a trigger (events of other triggers skip the rules engine). */
  public TriggerDispatcher(TriggerInstanceStore store, Bus bus, Backlog backlog, Predicate<String> watched) {
    this.store = store;
    this.bus = bus;
    this.backlog = backlog;
    this.watched = watched;
  }

  /**
   * Lets a rules engine in this JVM say at intake that no rule matches an instance; such instances are
   * stored processed at once (one write, no hand-over). {@code null} turns it off.
   */
  public void matchAtIntake(Predicate<JsonObject> noRuleMatches) {
    this.nothingMatches = noRuleMatches == null ? instance -> false : noRuleMatches;
  }

  public Backlog backlog() {
    return backlog;
  }

  /** Instances stored since start (metrics). */
  public long storedCount() {
    return storedTotal.sum();
  }

  /** Instances refused since start, the backlog full or the store unable to write (metrics). */
  public long refusedCount() {
    return refused.sum();
  }

  /** A new pending instance of a trigger (not yet stored). {@code traceTag} may be null. */
  public static JsonObject instance(String triggerRef, JsonObject payload, String traceTag) {
    String id = Ids.next();
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("trigger", triggerRef)
        .put("payload", payload == null ? new JsonObject() : payload)
        .put("occurrence_time", Times.now())
        .put("status", "pending");
    doc.put("trace_tag", traceTag == null ? "trigger_instance-" + id : traceTag);
    return doc;
  }

  /** Stores and dispatches one instance. */
  public Future<JsonObject> dispatch(String triggerRef, JsonObject payload, String traceTag) {
    return dispatchAll(List.of(instance(triggerRef, payload, traceTag))).map(list -> list.get(0));
  }

  /**
   * Stores several instances in one write, then dispatches them. On SQLite the write is one transaction (all
   * or none); MongoDB's insertMany is not atomic, so a failed batch may leave some instances stored as
   * {@code pending}, which the recovery pass on start dispatches. Fails with 503 when the backlog is full.
   */
  public Future<List<JsonObject>> dispatchAll(List<JsonObject> instances) {
    List<JsonObject> unwatched = new ArrayList<>();
    for (JsonObject instance : instances) {
      if (!watched.test(instance.getString("trigger")) || nothingMatches.test(instance)) {
        // no enabled rule uses this trigger, or none matches: nothing for the rules engine to do
        instance.put("status", "processed");
        unwatched.add(instance);
      }
    }
    int watched = instances.size() - unwatched.size();
    for (int i = 0; i < watched; i++) {
      if (!backlog.tryAcquire()) {
        for (int j = 0; j < i; j++) {
          backlog.release();
        }
        refused.add(instances.size());
        return Future.failedFuture(new Unavailable("Too many events waiting for the rules engine; retry later.", 1));
      }
    }
    Future<Void> stored = instances.size() == 1
        ? store.insert(instances.get(0))
        : store.insertMany(new ArrayList<>(instances));
    return stored
        .onFailure(e -> {
          refused.add(instances.size());
          for (int i = 0; i < watched; i++) {
            backlog.release();
          }
        })
        .map(v -> {
          storedTotal.add(instances.size());
          for (JsonObject instance : instances) {
            bus.publish(Addresses.TRIGGER_INSTANCE_CREATE, instance);
            if ("pending".equals(instance.getString("status"))) {
              bus.send(Addresses.WORK_TRIGGER_INSTANCE, instance);
            }
          }
          return instances;
        });
  }

  /** Re-sends a stored, unprocessed instance (recovery); it already holds a backlog slot. */
  public void redispatch(JsonObject instance) {
    backlog.acquire();
    bus.send(Addresses.WORK_TRIGGER_INSTANCE, instance);
  }
}
