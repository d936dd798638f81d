package dev.squall.gc;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.config.GarbageCollectorConfig;
import dev.squall.executions.ExecutionCounts;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.rules.EnforcementStore;
import dev.squall.store.Query;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.util.Times;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TTL purges against the real embedded store: what is past its TTL goes, everything else stays. */
@ExtendWith(VertxExtension.class)
class PurgeTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final String EXECUTIONS = ExecutionStore.SPEC.name();
  private static final String OUTPUT = OutputStore.SPEC.name();
  private static final String TRIGGER_INSTANCES = TriggerInstanceStore.SPEC.name();
  private static final String RULE_ENFORCEMENTS = EnforcementStore.SPEC.name();
  @TempDir
  Path dir;
  private Vertx vertx;
  private SqliteStore store;
  private final ExecutionCounts counts = new ExecutionCounts(true);

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC, OutputStore.SPEC, TriggerInstanceStore.SPEC,
        EnforcementStore.SPEC)));
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  @Test
  void deletesWhatOutlivedItsTtlAndKeepsTheRest() {
    insert(EXECUTIONS, execution("old-done", "succeeded", 40, null));
    insert(EXECUTIONS, execution("old-child", "failed", 40, "old-done"));
    insert(EXECUTIONS, execution("old-running", "running", 40, null));
    insert(EXECUTIONS, execution("new-done", "succeeded", 1, null));
    insert(OUTPUT, output("out-of-old", "old-done", 1));
    insert(OUTPUT, output("old-out", "new-done", 10));
    insert(OUTPUT, output("new-out", "new-done", 1));
    insert(TRIGGER_INSTANCES, new JsonObject().put("id", "ti-old").put("trigger", "core.t")
        .put("status", "processed").put("occurrence_time", ago(31)));
    insert(TRIGGER_INSTANCES, new JsonObject().put("id", "ti-new").put("trigger", "core.t")
        .put("status", "processed").put("occurrence_time", ago(29)));
    insert(RULE_ENFORCEMENTS, new JsonObject().put("id", "re-old").put("enforced_at", ago(31)));
    insert(RULE_ENFORCEMENTS, new JsonObject().put("id", "re-new").put("enforced_at", ago(2)));
    await(counts.load(new ExecutionStore(store)));
    assertEquals(4, counts.total());

    Map<String, Long> deleted = await(purge(30, 7, 30, 30).run(NOW));

    assertEquals(Map.of(EXECUTIONS, 2L, OUTPUT, 1L, TRIGGER_INSTANCES, 1L,
        RULE_ENFORCEMENTS, 1L), deleted);
    assertEquals(Set.of("old-running", "new-done"), ids(EXECUTIONS));
    // the old execution's output went with it; the other old line by the output TTL
    assertEquals(Set.of("new-out"), ids(OUTPUT));
    assertEquals(Set.of("ti-new"), ids(TRIGGER_INSTANCES));
    assertEquals(Set.of("re-new"), ids(RULE_ENFORCEMENTS));
    // the history page's totals follow
    assertEquals(2, counts.total());
    assertEquals(2, counts.topLevel());
  }

  @Test
  void unsetTtlsDeleteNothing() {
    insert(EXECUTIONS, execution("ancient", "succeeded", 3000, null));
    insert(TRIGGER_INSTANCES, new JsonObject().put("id", "ti").put("trigger", "core.t")
        .put("status", "processed").put("occurrence_time", ago(3000)));
    assertEquals(Map.of(), await(purge(null, null, null, null).run(NOW)));
    assertEquals(Set.of("ancient"), ids(EXECUTIONS));
    assertEquals(Set.of("ti"), ids(TRIGGER_INSTANCES));
  }

  @Test
  void deletesInBatchesUntilNothingOldIsLeft() {
    List<JsonObject> old = new ArrayList<>();
    for (int i = 0; i < Purge.BATCH * 2 + 17; i++) {
      old.add(new JsonObject().put("id", String.format("ti-%05d", i)).put("trigger", "core.t")
          .put("status", "processed").put("occurrence_time", ago(40)));
    }
    await(store.insertMany(TRIGGER_INSTANCES, old));
    insert(TRIGGER_INSTANCES, new JsonObject().put("id", "keep").put("trigger", "core.t")
        .put("status", "processed").put("occurrence_time", ago(1)));
    Map<String, Long> deleted = await(purge(null, null, 30, null).run(NOW));
    assertEquals((long) old.size(), deleted.get(TRIGGER_INSTANCES));
    assertEquals(Set.of("keep"), ids(TRIGGER_INSTANCES));
  }

  private Purge purge(Integer executions, Integer output, Integer instances, Integer enforcements) {
    return new Purge(vertx, new ExecutionStore(store), new OutputStore(store), new TriggerInstanceStore(store),
        new EnforcementStore(store), counts, new GarbageCollectorConfig(600, 0, executions, output, instances,
        enforcements, null, null, null, null, false));
  }

  private static String ago(int days) {
    return Times.format(NOW.minus(Duration.ofDays(days)));
  }

  private static JsonObject execution(String id, String status, int daysAgo, String parent) {
    JsonObject doc = new JsonObject().put("id", id).put("status", status).put("start_timestamp", ago(daysAgo))
        .put("action", new JsonObject().put("ref", "core.noop"));
    return parent == null ? doc : doc.put("parent", parent);
  }

  private static JsonObject output(String id, String execution, int daysAgo) {
    return new JsonObject().put("id", id).put("execution_id", execution).put("timestamp", ago(daysAgo))
        .put("output_type", "stdout").put("data", "x\n");
  }

  private void insert(String collection, JsonObject doc) {
    await(store.insert(collection, doc));
  }

  private Set<String> ids(String collection) {
    Set<String> ids = new TreeSet<>();
    await(store.find(collection, Query.all())).forEach(d -> ids.add(d.getString("id")));
    return ids;
  }
}
