package dev.squall.triggers;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.failure;
import static dev.squall.store.DocumentStoreContract.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

/** Trigger instances on the real embedded store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TriggerInstanceStoreTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private TriggerInstanceStore instances;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TriggerInstanceStore.SPEC)));
    instances = new TriggerInstanceStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static JsonObject instance(String id, String status, String at, String tag) {
    return new JsonObject().put("id", id).put("trigger", "core.t").put("payload", new JsonObject().put("n", id))
        .put("occurrence_time", at).put("status", status).put("trace_tag", tag);
  }

  @Test
  void aMissingInstanceIsStackStormsNotFound() {
    Throwable missing = failure(instances.getOrFail("nope"));
    assertInstanceOf(NotFound.class, missing);
    assertEquals("TriggerInstance with id \"nope\" not found", missing.getMessage());
  }

  @Test
  void onlyAnUnfinishedInstanceIsFinished() {
    await(instances.insertMany(List.of(instance("a", "pending", "2026-01-01T00:00:02Z", "t"),
        instance("b", "processing", "2026-01-01T00:00:01Z", "t"),
        instance("c", "processed", "2026-01-01T00:00:00Z", "t"))));
    assertEquals(List.of("b", "a"), ids(await(instances.unprocessed())));
    assertTrue(await(instances.finish("a", "processed")));
    assertFalse(await(instances.finish("a", "processing_failed")), "already finished");
    assertFalse(await(instances.finish("c", "processing_failed")));
    assertEquals("processed", await(instances.getOrFail("a")).getString("status"));
    assertEquals("n", await(instances.get("a")).getJsonObject("payload").fieldNames().iterator().next(),
        "a status change leaves the rest of the document");
    assertEquals(List.of("b"), ids(await(instances.unprocessed())));
  }

  @Test
  void aPageCountsEverythingItsFiltersSelect() {
    for (int i = 0; i < 5; i++) {
      await(instances.insert(instance("i" + i, "processed", "2026-01-01T00:00:0" + i + "Z", i < 3 ? "x" : "y")));
    }
    Listing page = await(instances.page(Query.where().eq("trace_tag", "x").sortDesc("occurrence_time").offset(1)
        .limit(1).include("status")));
    assertEquals(List.of(new JsonObject().put("id", "i1").put("status", "processed")), page.docs());
    assertEquals(3, page.total());
    assertEquals(List.of("i0", "i1"), ids(await(instances.occurredBefore("2026-01-01T00:00:02Z", 10))));
    assertEquals(2L, await(instances.deleteAll(List.of("i0", "i1", "nope"))));
  }
}
