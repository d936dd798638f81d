package dev.squall.executions;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.failure;
import static dev.squall.store.DocumentStoreContract.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.NotFound;
import dev.squall.store.Listing;
import dev.squall.store.Query;
import dev.squall.store.sqlite.SqliteStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The executions and their output on the real embedded store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ExecutionStoreTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private ExecutionStore executions;
  private OutputStore output;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC, OutputStore.SPEC)));
    executions = new ExecutionStore(store);
    output = new OutputStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static JsonObject execution(String id, String status, String started, String parent) {
    JsonObject doc = new JsonObject().put("id", id).put("status", status).put("start_timestamp", started)
        .put("action", new JsonObject().put("ref", "core.noop")).put("result", new JsonObject().put("big", "x"));
    return parent == null ? doc : doc.put("parent", parent);
  }

  private void insert(JsonObject... docs) {
    for (JsonObject doc : docs) {
      await(executions.insert(doc));
    }
  }

  @Test
  void aMissingExecutionIsStackStormsNotFound() {
    Throwable missing = failure(executions.getOrFail("nope"));
    assertInstanceOf(NotFound.class, missing);
    assertEquals("Resource with a primary key or name of \"nope\" not found", missing.getMessage());
    Throwable noLast = failure(executions.getOrFail("last"));
    assertInstanceOf(NotFound.class, noLast);
    assertEquals("Resource with a primary key or name of \"last\" not found", noLast.getMessage());
    assertNull(await(executions.get("nope")));
  }

  @Test
  void lastIsTheNewest() {
    insert(execution("a", "succeeded", "2026-01-01T00:00:02Z", null),
        execution("b", "running", "2026-01-01T00:00:03Z", null),
        execution("c", "failed", "2026-01-01T00:00:01Z", null));
    assertEquals("b", await(executions.getOrFail("last")).getString("id"));
    assertEquals("c", await(executions.getOrFail("c")).getString("id"));
  }

  @Test
  void statusChangesAreCompareAndSet() {
    insert(execution("a", "requested", "2026-01-01T00:00:00Z", null));
    JsonObject scheduled = execution("a", "scheduled", "2026-01-01T00:00:00Z", null);
    assertTrue(await(executions.replaceIf(scheduled, "requested")));
    assertFalse(await(executions.replaceIf(execution("a", "canceled", "2026-01-01T00:00:00Z", null), "requested")),
        "someone else moved it first");
    assertEquals("scheduled", await(executions.get("a")).getString("status"));
    assertFalse(await(executions.replaceIf(execution("gone", "running", "2026-01-01T00:00:00Z", null), "scheduled")));
  }

  @Test
  void theHistoryTotalComesFromTheCountsUnlessOtherFiltersApply() {
    insert(execution("a", "succeeded", "2026-01-01T00:00:01Z", null),
        execution("b", "succeeded", "2026-01-01T00:00:02Z", "a"),
        execution("c", "running", "2026-01-01T00:00:03Z", null));
    ExecutionCounts counts = new ExecutionCounts(true);
    await(counts.load(executions));
    assertEquals(3, counts.total());
    assertEquals(2, counts.topLevel());
    counts.added(false); // the counts are what the total says, not a count of the index

    Listing all = await(executions.page(Query.where().sortDesc("start_timestamp").limit(1), counts));
    assertEquals(List.of("c"), ids(all.docs()));
    assertEquals(4, all.total());
    Listing topLevel = await(executions.page(Query.where().isNull("parent").sortAsc("start_timestamp").offset(1),
        counts));
    assertEquals(List.of("c"), ids(topLevel.docs()));
    assertEquals(3, topLevel.total());
    Listing succeeded = await(executions.page(Query.where().eq("status", "succeeded").limit(1), counts));
    assertEquals(1, succeeded.docs().size());
    assertEquals(2, succeeded.total(), "counted by the store");
  }

  @Test
  void inAClusterTheHistoryTotalIsCountedByTheStoreForOtherNodesCreateExecutionsToo() {
    insert(execution("a", "succeeded", "2026-01-01T00:00:01Z", null),
        execution("b", "succeeded", "2026-01-01T00:00:02Z", "a"));
    ExecutionCounts counts = new ExecutionCounts(false);
    await(counts.load(executions));
    insert(execution("c", "running", "2026-01-01T00:00:03Z", null)); // stored by another node

    assertEquals(3, await(executions.page(Query.where().limit(1), counts)).total());
    assertEquals(2, await(executions.page(Query.where().isNull("parent").limit(1), counts)).total());
  }

  @Test
  void childrenUnfinishedAndPurgeableAreFoundOldestFirst() {
    insert(execution("p", "succeeded", "2026-01-01T00:00:01Z", null),
        execution("c2", "running", "2026-01-01T00:00:04Z", "p"),
        execution("c1", "scheduled", "2026-01-01T00:00:03Z", "p"),
        execution("old", "failed", "2026-01-01T00:00:02Z", null),
        execution("new", "succeeded", "2026-03-01T00:00:00Z", null));
    assertEquals(List.of("c1", "c2"), ids(await(executions.children("p"))));
    assertEquals(List.of("c1", "c2"), ids(await(executions.unfinished())));
    List<JsonObject> purgeable = await(executions.completedBefore("2026-02-01T00:00:00Z", 10));
    assertEquals(List.of(new JsonObject().put("id", "p"), new JsonObject().put("id", "old")), purgeable,
        "only what a purge needs: the id, and the parent when there is one");
    assertEquals(List.of("p"), ids(await(executions.completedBefore("2026-02-01T00:00:00Z", 1))));
    assertEquals(2L, await(executions.deleteAll(List.of("p", "old"))));
    assertEquals(3L, await(executions.count()));
    assertEquals(1L, await(executions.countTopLevel()));
  }

  @Test
  void outputComesInTheOrderItWasWrittenByType() {
    await(output.insert(chunk("o2", "e1", "2026-01-01T00:00:02Z", "stderr")));
    await(output.insert(chunk("o1", "e1", "2026-01-01T00:00:01Z", "stdout")));
    await(output.insert(chunk("o3", "e1", "2026-01-01T00:00:02Z", "stdout")));
    await(output.insert(chunk("x1", "e2", "2026-01-01T00:00:00Z", "stdout")));
    assertEquals(List.of("o1", "o2", "o3"), ids(await(output.of("e1", null))));
    assertEquals(List.of("o1", "o3"), ids(await(output.of("e1", "stdout"))));
    assertEquals(List.of("x1", "o1"), ids(await(output.writtenBefore("2026-01-01T00:00:02Z", 10))));
    assertEquals(3L, await(output.deleteOf(List.of("e1"))));
    assertEquals(List.of("x1"), ids(await(output.all())));
  }

  private static JsonObject chunk(String id, String execution, String at, String type) {
    return new JsonObject().put("id", id).put("execution_id", execution).put("timestamp", at).put("output_type", type)
        .put("data", id + "\n");
  }
}
