package dev.squall.cluster;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionStore;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.ManualClock;
import dev.squall.triggers.TriggerInstanceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Waiting work with no message left in its queue is sent again once stale; nothing else is. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboxTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T00:01:00Z"));
  private final Map<String, Long> queued = new ConcurrentHashMap<>();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private SqliteStore store;
  private Outbox outbox;
  private TriggerInstanceStore instances;
  private ExecutionStore executions;

  /** A bus that records what is sent and says how much waits in each queue. */
  private final Bus bus = new Bus() {
    @Override
    public void publish(String address, JsonObject event) {
    }

    @Override
    public Future<Void> send(String address, JsonObject work) {
      sent.add(address + " " + work.getString("id"));
      return Future.succeededFuture();
    }

    @Override
    public Registration consume(String address, Function<JsonObject, Future<?>> handler) {
      return Future::succeededFuture;
    }

    @Override
    public Registration subscribe(String address, Consumer<JsonObject> handler) {
      return Future::succeededFuture;
    }

    @Override
    public Future<Long> waiting(String address) {
      return Future.succeededFuture(queued.getOrDefault(address, 0L));
    }
  };

  @BeforeEach
  void open() {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TriggerInstanceStore.SPEC, ExecutionStore.SPEC)));
    instances = new TriggerInstanceStore(store);
    executions = new ExecutionStore(store);
    outbox = new Outbox(instances, executions, bus, clock, Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    await(store.close());
    vertx.close().await();
  }

  private void instance(String id, String status, String at) {
    await(instances.insert(new JsonObject().put("id", id).put("trigger", "core.t").put("status", status)
        .put("occurrence_time", at)));
  }

  private void execution(String id, String status, String at) {
    await(executions.insert(new JsonObject().put("id", id).put("status", status).put("start_timestamp", at)
        .put("action", new JsonObject().put("ref", "core.noop"))));
  }

  @Test
  void staleWaitingWorkIsSentAgainOnlyWhileItsQueueIsEmpty() {
    instance("old-pending", "pending", "2026-12-06T00:00:00.000000Z");
    instance("new-pending", "pending", "2026-12-06T00:00:50.000000Z");
    instance("old-processed", "processed", "2026-12-06T00:00:00.000000Z");
    execution("old-requested", "requested", "2026-12-06T00:00:00.000000Z");
    execution("old-scheduled", "scheduled", "2026-12-06T00:00:00.000000Z");
    execution("old-running", "running", "2026-12-06T00:00:00.000000Z");

    queued.put(Addresses.WORK_TRIGGER_INSTANCE, 5L);
    queued.put(Addresses.WORK_SCHEDULE, 1L);
    queued.put(Addresses.WORK_RUN, 3L);
    assertEquals(0, await(outbox.sweep()), "messages still queued: nothing sent again");

    queued.clear();
    assertEquals(3, await(outbox.sweep()));
    assertEquals(List.of(Addresses.WORK_TRIGGER_INSTANCE + " old-pending", Addresses.WORK_SCHEDULE + " old-requested",
        Addresses.WORK_RUN + " old-scheduled"), sent.stream().sorted((a, b) -> order(a) - order(b)).toList());
  }

  private static int order(String line) {
    return line.startsWith(Addresses.WORK_TRIGGER_INSTANCE) ? 0 : line.startsWith(Addresses.WORK_SCHEDULE) ? 1 : 2;
  }
}
