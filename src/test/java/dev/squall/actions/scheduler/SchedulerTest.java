package dev.squall.actions.scheduler;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.bus.Addresses;
import dev.squall.bus.Backlog;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.executions.Executions;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.OnContext;
import dev.squall.testkit.Poll;
import dev.squall.util.Times;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** requested → (delayed →) scheduled → handed to a runner, on the real embedded store and the local bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SchedulerTest {
  @TempDir
  Path dir;
  private Context context;
  private SqliteStore store;
  private ExecutionStore executions;
  private Scheduler scheduler;
  private final List<JsonObject> toRunners = new CopyOnWriteArrayList<>();
  private final List<JsonObject> updates = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open(Vertx vertx) {
    context = vertx.getOrCreateContext();
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC)));
    executions = new ExecutionStore(store);
    Bus bus = new LocalBus(vertx);
    bus.consume(Addresses.WORK_RUN, doc -> {
      toRunners.add(doc);
      return Future.succeededFuture();
    });
    bus.subscribe(Addresses.EXECUTION_UPDATE, updates::add);
    scheduler = new Scheduler(vertx, bus, new ExecutionTransitions(executions, bus, new Backlog(10)));
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private JsonObject stored(int delayMs) {
    JsonObject action = new JsonObject().put("ref", "core.local").put("pack", "core").put("parameters", new JsonObject());
    JsonObject runner = new JsonObject().put("name", "local-shell-cmd").put("runner_parameters", new JsonObject());
    JsonObject doc = Executions.requested(action, runner, new JsonObject(), new JsonObject().put("user", "stanley"),
        null, delayMs, null, "https://ui");
    await(executions.insert(doc));
    return doc;
  }

  private void handle(JsonObject doc) {
    await(OnContext.call(context, () -> scheduler.handle(doc)));
  }

  private String statusOf(JsonObject doc) {
    return await(executions.get(doc.getString("id"))).getString("status");
  }

  @Test
  void aRequestedExecutionIsScheduledAndHandedToARunner() {
    JsonObject doc = stored(0);
    handle(doc);
    assertEquals(ExecutionStatus.SCHEDULED, statusOf(doc));
    Poll.until("the execution handed to a runner", () -> toRunners.size() == 1);
    assertEquals(doc.getString("id"), toRunners.get(0).getString("id"));
    assertEquals(ExecutionStatus.SCHEDULED, toRunners.get(0).getString("status"));
    Poll.until("the update event", () -> updates.size() == 1);
    assertEquals(ExecutionStatus.SCHEDULED, updates.get(0).getString("status"));
  }

  @Test
  void aDelayedExecutionWaitsItsDelayThenIsScheduled() {
    JsonObject doc = stored(1500);
    handle(doc);
    assertEquals(ExecutionStatus.DELAYED, statusOf(doc));
    assertEquals(List.of(), toRunners);
    Poll.until("the delayed execution handed to a runner", () -> toRunners.size() == 1);
    assertEquals(ExecutionStatus.SCHEDULED, statusOf(doc));
    assertEquals(List.of(ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED),
        updates.stream().map(u -> u.getString("status")).toList());
  }

  @Test
  void aDelayThatRanOutWhileNobodyWatchedSchedulesAtOnce() {
    JsonObject doc = stored(60_000);
    JsonObject delayed = Executions.moved(doc, ExecutionStatus.DELAYED)
        .put("start_timestamp", Times.format(Instant.now().minusSeconds(3600)));
    await(executions.put(delayed));
    handle(delayed);
    assertEquals(ExecutionStatus.SCHEDULED, statusOf(doc));
    Poll.until("the execution handed to a runner", () -> toRunners.size() == 1);
  }

  @Test
  void anExecutionMovedOnMeanwhileIsLeftAlone() {
    JsonObject doc = stored(0);
    await(executions.put(Executions.moved(doc, ExecutionStatus.CANCELED)));
    handle(doc);
    assertEquals(ExecutionStatus.CANCELED, statusOf(doc));
    handle(Executions.moved(doc, ExecutionStatus.SUCCEEDED));
    assertEquals(ExecutionStatus.CANCELED, statusOf(doc));
    assertEquals(List.of(), toRunners);
    assertEquals(List.of(), updates);
  }

  @Test
  void aScheduledExecutionFromRecoveryGoesStraightToARunner() {
    JsonObject doc = stored(0);
    JsonObject scheduled = Executions.moved(doc, ExecutionStatus.SCHEDULED);
    await(executions.put(scheduled));
    handle(scheduled);
    Poll.until("the execution handed to a runner", () -> toRunners.size() == 1);
    assertEquals(List.of(), updates, "no status change");
  }
}
