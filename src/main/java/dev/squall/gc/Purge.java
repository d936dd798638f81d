package dev.squall.gc;

import dev.squall.config.GarbageCollectorConfig;
import dev.squall.store.Collections;
import dev.squall.executions.ExecutionCounts;
import dev.squall.executions.ExecutionStatus;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final DocumentStore store;
  private final ExecutionCounts counts;
  private final GarbageCollectorConfig config;

  public Purge(Vertx vertx, DocumentStore store, ExecutionCounts counts, GarbageCollectorConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.counts = counts;
    this.config = config;
  }

  /** Runs every enabled purge; completes with the number deleted per collection. */
  Future<Map<String, Long>> run(Instant now) {
    Map<String, Long> deleted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    if (config.actionExecutionsTtl() != null) {
      String cutoff = cutoff(now, config.actionExecutionsTtl());
      chain = step(chain, deleted, Collections.EXECUTIONS, () -> Query.where()
          .in("status", ExecutionStatus.COMPLETED).between("start_timestamp", null, cutoff)
          .sortAsc("start_timestamp"));
    }
    if (config.actionExecutionsOutputTtl() != null) {
      String cutoff = cutoff(now, config.actionExecutionsOutputTtl());
      chain = step(chain, deleted, Collections.OUTPUT, () -> Query.where().between("timestamp", null, cutoff)
          .sortAsc("timestamp"));
    }
    if (config.triggerInstancesTtl() != null) {
      String cutoff = cutoff(now, config.triggerInstancesTtl());
      chain = step(chain, deleted, Collections.TRIGGER_INSTANCES, () -> Query.where()
          .between("occurrence_time", null, cutoff).sortAsc("occurrence_time"));
    }
    if (config.ruleEnforcementsTtl() != null) {
      String cutoff = cutoff(now, config.ruleEnforcementsTtl());
      chain = step(chain, deleted, Collections.RULE_ENFORCEMENTS, () -> Query.where()
          .between("enforced_at", null, cutoff).sortAsc("enforced_at"));
    }
    return chain.map(v -> deleted);
  }

  private static String cutoff(Instant now, int days) {
    return Times.format(now.minus(Duration.ofDays(days)));
  }

  private Future<Void> step(Future<Void> previous, Map<String, Long> deleted, String collection,
      Supplier<Query> filter) {
    return previous
        .compose(v -> deleted.isEmpty() ? Future.succeededFuture() : pause())
        .compose(v -> purge(collection, filter, 0))
        .map(n -> {
          deleted.put(collection, n);
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

  private Future<Long> purge(String collection, Supplier<Query> filter, long sofar) {
    return store.find(collection, filter.get().limit(BATCH)).compose(docs -> {
      if (docs.isEmpty()) {
        return Future.succeededFuture(sofar);
      }
      List<String> ids = docs.stream().map(d -> d.getString("id")).toList();
      boolean executions = Collections.EXECUTIONS.equals(collection);
      // an execution's output goes with it
      Future<?> first = executions
          ? store.deleteMany(Collections.OUTPUT, Query.where().in("execution_id", ids))
          : Future.succeededFuture();
      return first
          .compose(v -> store.deleteMany(collection, Query.where().in("id", ids)))
          .compose(n -> {
            if (executions) {
              counts.removed(n, docs.stream().filter(d -> d.getValue("parent") == null).count());
            }
            boolean more = docs.size() == BATCH && n > 0;
            return more ? purge(collection, filter, sofar + n) : Future.succeededFuture(sofar + n);
          });
    });
  }
}
