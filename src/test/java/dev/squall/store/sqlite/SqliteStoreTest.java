package dev.squall.store.sqlite;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.squall.error.Conflict;
import dev.squall.store.CollectionSpec;
import dev.squall.store.DocumentStore;
import dev.squall.store.DocumentStoreContract;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
@Timeout(value = 3, unit = TimeUnit.MINUTES)
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
   * with every frame checkpointed), again and again, and nothing is lost. A restart shows in the WAL's header:
   * its checkpoint sequence number and first salt change. How soon depends on the disk (a checkpoint ends with
   * a sync), so the test writes until it has seen three restarts, within a generous bound of time and bytes.
   */
  @Test
  void walStartsOverWhileWritesNeverPause() throws Exception {
    Path wal = dir.resolve("data/squall.db-wal");
    String filler = "x".repeat(2000);
    ArrayDeque<Future<Void>> inFlight = new ArrayDeque<>();
    long written = 0;
    int docs = 0;
    int restarts = 0;
    long header = walHeader(wal);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (restarts < 3 && System.nanoTime() < deadline && written < (3L << 30)) {
      List<JsonObject> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(DocumentStoreContract.doc("w" + docs++, "new", docs).put("filler", filler));
      }
      written += 20L * filler.length();
      inFlight.add(store.insertMany(THINGS, batch));
      if (inFlight.size() > 8) {
        await(inFlight.poll());
        long now = walHeader(wal);
        if (now != header && header != 0) {
          restarts++;
        }
        header = now;
      }
    }
    inFlight.forEach(DocumentStoreContract::await);
    assertEquals(3, restarts, "WAL restarts seen while " + written + " bytes were written (WAL now "
        + Files.size(wal) + " bytes)");
    assertEquals((long) docs, await(store.count(THINGS, Query.all())));
  }

  // the WAL header's checkpoint sequence number and first salt (bytes 12 to 19); 0 before the WAL exists
  private static long walHeader(Path wal) throws IOException {
    try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
      ByteBuffer bytes = ByteBuffer.allocate(8);
      channel.read(bytes, 12);
      return bytes.flip().remaining() == 8 ? bytes.getLong() : 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  @Test
  void failedInsertManyLeavesNothingBehind() {
    await(store.insert(THINGS, DocumentStoreContract.doc("dup", "new", 1)));
    DocumentStoreContract.failure(store.insertMany(THINGS, List.of(
        DocumentStoreContract.doc("fresh", "new", 1), DocumentStoreContract.doc("dup", "new", 2))));
    assertEquals(1L, await(store.count(THINGS, Query.all())));
  }
}
