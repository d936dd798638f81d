package dev.squall.store.sqlite;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Conflict;
import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentStore;
import dev.squall.store.DocumentStoreContract;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SqliteStoreTest implements DocumentStoreContract {
  @TempDir
  Path dir;
  private Vertx vertx;
  private SqliteStore store;

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    store = new SqliteStore(vertx, dir.resolve("data/squall.db"));
    await(store.open(SPECS));
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  @Override
  public DocumentStore store() {
    return store;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Test
  void dataSurvivesReopeningTheFile() {
    JsonObject doc = DocumentStoreContract.execution("r1", "succeeded", 1, "core.local", null);
    await(store.insert(THINGS, doc).compose(v -> store.close()));
    store = new SqliteStore(vertx, dir.resolve("data/squall.db"));
    await(store.open(SPECS));
    assertEquals(doc, await(store.get(THINGS, "r1")));
    assertEquals(1L, await(store.count(THINGS, Query.where().isNull("parent").eq("action.ref", "core.local"))));
  }

  @Test
  void reopeningWithNewFieldsAddsColumnsAndIndexes() {
    await(store.insert(THINGS, DocumentStoreContract.doc("a", "new", 1)).compose(v -> store.close()));
    CollectionSpec wider = new CollectionSpec(THINGS, List.of(
        CollectionSpec.Field.text("status"), CollectionSpec.Field.uniqueText("ref")), List.of())
        .withIndex("status", "ref");
    store = new SqliteStore(vertx, dir.resolve("data/squall.db"));
    await(store.open(List.of(wider)));
    await(store.insert(THINGS, DocumentStoreContract.doc("b", "new", 2).put("ref", "r")));
    assertEquals(List.of("b"), DocumentStoreContract.ids(await(store.find(THINGS, Query.where().eq("ref", "r")))));
    // not backfilled: "a" existed before the column did
    assertEquals(2L, await(store.count(THINGS, Query.where().eq("status", "new"))));
    assertInstanceOf(Conflict.class, DocumentStoreContract.failure(
        store.insert(THINGS, DocumentStoreContract.doc("c", "new", 3).put("ref", "r"))));
  }

  @Test
  void writesAfterCloseFail() {
    await(store.close());
    assertInstanceOf(IllegalStateException.class,
        DocumentStoreContract.failure(store.insert(THINGS, DocumentStoreContract.doc("late", "new", 1))));
    store = new SqliteStore(vertx, dir.resolve("data/squall.db"));
    await(store.open(SPECS));
  }

  /**
   * Under writes that never pause, the WAL must still start over (SQLite only restarts it when a write begins
   * with every frame checkpointed): its size stays a fraction of what was written, and nothing is lost.
   */
  @Test
  void walStartsOverWhileWritesNeverPause() throws Exception {
    String filler = "x".repeat(2000);
    ArrayDeque<Future<Void>> inFlight = new ArrayDeque<>();
    long written = 0;
    int docs = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    while (System.nanoTime() < end) {
      List<JsonObject> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(DocumentStoreContract.doc("w" + docs++, "new", docs).put("filler", filler));
      }
      written += 20L * filler.length();
      inFlight.add(store.insertMany(THINGS, batch));
      if (inFlight.size() > 8) {
        await(inFlight.poll());
      }
    }
    inFlight.forEach(DocumentStoreContract::await);
    long wal = Files.size(dir.resolve("data/squall.db-wal"));
    assertTrue(wal < written / 2, "WAL of " + wal + " bytes after " + written + " bytes written");
    assertEquals((long) docs, await(store.count(THINGS, Query.all())));
  }

  @Test
  void failedInsertManyLeavesNothingBehind() {
    await(store.insert(THINGS, DocumentStoreContract.doc("dup", "new", 1)));
    DocumentStoreContract.failure(store.insertMany(THINGS, List.of(
        DocumentStoreContract.doc("fresh", "new", 1), DocumentStoreContract.doc("dup", "new", 2))));
    assertEquals(1L, await(store.count(THINGS, Query.all())));
  }
}
