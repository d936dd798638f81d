package dev.squall.gc;

import dev.squall.config.GarbageCollectorConfig;
import dev.squall.executions.ExecutionCounts;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.rules.EnforcementStore;
import dev.squall.store.DocumentCollection;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One garbage collection by TTL, as StackStorm's {@code garbagecollector} does it: completed executions (with
 * their output), execution output, trigger instances and rule enforcements older than their TTL, one kind
 * after another ({@code sleep_delay} apart). Each kind is deleted oldest first in batches of {@link #BATCH},
 * so that the store's single writer serves other writes between two batches.
 */
public final class Purge {
  static final int BATCH = 500;

  private final Vertx vertx;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final TriggerInstanceStore instances;
  private final EnforcementStore enforcements;
  private final ExecutionCounts counts;
  private final GarbageCollectorConfig config;

  public Purge(Vertx vertx, ExecutionStore executions, OutputStore output, TriggerInstanceStore instances,
      EnforcementStore enforcements, ExecutionCounts counts, GarbageCollectorConfig config) {
    this.vertx = vertx;
    this.executions = executions;
    this.output = output;
    this.instances = instances;
    this.enforcements = enforcements;
    this.counts = counts;
    this.config = config;
  }

  /** Runs every enabled purge; completes with the number deleted per collection. */
  Future<Map<String, Long>> run(Instant now) {
    Map<String, Long> deleted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    if (config.actionExecutionsTtl() != null) {
      String cutoff = cutoff(now, config.actionExecutionsTtl());
      chain = step(chain, deleted, executions, () -> executions.completedBefore(cutoff, BATCH), this::deleteExecutions);
    }
    if (config.actionExecutionsOutputTtl() != null) {
      String cutoff = cutoff(now, config.actionExecutionsOutputTtl());
      chain = step(chain, deleted, output, () -> output.writtenBefore(cutoff, BATCH),
          docs -> output.deleteAll(ids(docs)));
    }
    if (config.triggerInstancesTtl() != null) {
      String cutoff = cutoff(now, config.triggerInstancesTtl());
      chain = step(chain, deleted, instances, () -> instances.occurredBefore(cutoff, BATCH),
          docs -> instances.deleteAll(ids(docs)));
    }
    if (config.ruleEnforcementsTtl() != null) {
      String cutoff = cutoff(now, config.ruleEnforcementsTtl());
      chain = step(chain, deleted, enforcements, () -> enforcements.enforcedBefore(cutoff, BATCH),
          docs -> enforcements.deleteAll(ids(docs)));
    }
    return chain.map(v -> deleted);
  }

  private static String cutoff(Instant now, int days) {
    return Times.format(now.minus(Duration.ofDays(days)));
  }

  /** An execution's output goes with it, and the history page's totals follow. */
  private Future<Long> deleteExecutions(List<JsonObject> docs) {
    List<String> ids = ids(docs);
    return output.deleteOf(ids)
        .compose(v -> executions.deleteAll(ids))
        .map(n -> {
          counts.removed(n, docs.stream().filter(d -> d.getValue("parent") == null).count());
          return n;
        });
  }

  private Future<Void> step(Future<Void> previous, Map<String, Long> deleted, DocumentCollection collection,
      Supplier<Future<List<JsonObject>>> batch, Function<List<JsonObject>, Future<Long>> delete) {
    return previous
        .compose(v -> deleted.isEmpty() ? Future.succeededFuture() : pause())
        .compose(v -> purge(batch, delete, 0))
        .map(n -> {
          deleted.put(collection.name(), n);
          return null;
        });
  }

  private Future<Void> pause() {
    if (config.sleepDelay() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(config.sleepDelay() * 1000L, t -> later.complete());
    return later.future();
  }

  /** Deletes batch after batch (oldest first) until a batch comes back short or nothing more goes. */
  private Future<Long> purge(Supplier<Future<List<JsonObject>>> batch, Function<List<JsonObject>, Future<Long>> delete,
      long sofar) {
    return batch.get().compose(docs -> {
      if (docs.isEmpty()) {
        return Future.succeededFuture(sofar);
      }
      return delete.apply(docs).compose(n -> {
        boolean more = docs.size() == BATCH && n > 0;
        return more ? purge(batch, delete, sofar + n) : Future.succeededFuture(sofar + n);
      });
    });
  }

  private static List<String> ids(List<JsonObject> docs) {
    return docs.stream().map(d -> d.getString("id")).toList();
  }
}
