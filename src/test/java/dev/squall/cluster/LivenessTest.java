package dev.squall.cluster;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.squall.bus.Backlog;
import dev.squall.bus.LocalBus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The executions a dead node had in hand are closed; a live node's, and work nobody started, are left alone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LivenessTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T00:00:00Z"));
  private SqliteStore store;
  private NodeStore nodes;
  private ExecutionStore executions;
  private Liveness liveness;

  @BeforeEach
  void open() {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(NodeStore.SPEC, ExecutionStore.SPEC)));
    nodes = new NodeStore(store);
    executions = new ExecutionStore(store);
    liveness = new Liveness(nodes, executions, new ExecutionTransitions(executions, new LocalBus(vertx),
        new Backlog(100)), clock, 10_000);
  }

  @AfterEach
  void close() {
    await(store.close());
    vertx.close().await();
  }

  private void beat(String node, long pid) {
    await(nodes.beat(new JsonObject().put("id", Heartbeat.id(node, pid)).put("node", node).put("hostname", "h")
        .put("pid", pid).put("heartbeat_at", clock.millis())));
  }

  private void execution(String id, String status, long pid) {
    await(executions.insert(new JsonObject().put("id", id).put("status", status)
        .put("start_timestamp", "2026-12-06T00:00:00.000000Z").put("action", new JsonObject().put("ref", "core.local"))
        .put("runner", new JsonObject().put("name", "local-shell-cmd"))
        .put("liveaction", new JsonObject().put("runner_info", new JsonObject().put("hostname", "h").put("pid", pid)))));
  }

  private String status(String id) {
    return await(executions.get(id)).getString("status");
  }

  @Test
  void theRunningWorkOfANodeThatStoppedBeatingIsAbandoned() {
    beat("runner-a", 11);
    beat("runner-b", 22);
    execution("on-a", "running", 11);
    execution("canceling-on-a", "canceling", 11);
    execution("on-b", "running", 22);
    execution("not-started", "scheduled", 11);

    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, await(liveness.sweep()), "both beat 5 s ago: alive");

    clock.advance(Duration.ofSeconds(6));
    beat("runner-b", 22); // b keeps beating, a stopped 11 s ago
    assertEquals(2, await(liveness.sweep()));
    assertEquals("abandoned", status("on-a"));
    JsonObject abandoned = await(executions.get("on-a"));
    assertEquals(true, abandoned.getJsonObject("result").getString("error").contains("runner-a"), abandoned.encode());
    assertEquals("canceled", status("canceling-on-a"));
    assertEquals("running", status("on-b"));
    assertEquals("scheduled", status("not-started"), "work never started is RabbitMQ's to hand over");
    assertNull(await(nodes.get(Heartbeat.id("runner-a", 11))), "the dead node is forgotten once its work is closed");
    assertEquals(0, await(liveness.sweep()));
  }
}
