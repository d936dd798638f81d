package dev.squall.store.sqlite;

import static dev.squall.store.DocumentStoreContract.SPECS;
import static dev.squall.store.DocumentStoreContract.THINGS;
import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.error.Unavailable;
import dev.squall.store.DocumentStoreContract;
import dev.squall.store.Query;
import dev.squall.testkit.SmallDisk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on a disk that fills up: it refuses cleanly, loses nothing, and recovers by itself. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SqliteStoreFaultsTest {
  @TempDir
  Path dir;

  @Test
  void aFullDiskRefusesWritesWithUnavailableAndTheStoreWritesAgainWhenSpaceReturns(Vertx vertx) throws Exception {
    assumeTrue(SmallDisk.canMount(dir), "needs root to mount a small tmpfs");
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 6)) {
      SqliteStore store = new SqliteStore(vertx, disk.dir().resolve("squall.db"));
      await(store.open(SPECS));
      String filler = "x".repeat(20_000);
      Set<String> acknowledged = new HashSet<>();
      int refused = 0;
      int next = 0;
      while (refused < 40 && next < 5_000) {
        List<String> ids = new ArrayList<>();
        List<Future<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String id = "d" + next++;
          ids.add(id);
          writes.add(store.insert(THINGS, DocumentStoreContract.doc(id, "new", 1).put("filler", filler)));
        }
        for (int i = 0; i < writes.size(); i++) {
          Future<Void> write = writes.get(i);
          write.toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(30, TimeUnit.SECONDS);
          if (write.succeeded()) {
            acknowledged.add(ids.get(i));
          } else {
            assertInstanceOf(Unavailable.class, write.cause(), "a full disk is answered as unavailable");
            refused++;
          }
        }
      }
      assertTrue(refused >= 40, "the disk never filled: " + acknowledged.size() + " documents stored");
      assertFalse(store.writable(), "a store whose last write met a full disk is not writable");

      disk.resize(64);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!store.writable() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(store.writable(), "with space again, the store finds out by itself, without a write");
      await(store.insert(THINGS, DocumentStoreContract.doc("after", "new", 1)));
      acknowledged.add("after");

      Set<String> stored = new TreeSet<>(DocumentStoreContract.ids(await(store.find(THINGS,
          Query.all().limit(100_000).include("id")))));
      assertEquals(new TreeSet<>(acknowledged), stored, "exactly the acknowledged writes are stored");
      await(store.close());
      SqliteStore reopened = new SqliteStore(vertx, disk.dir().resolve("squall.db"));
      await(reopened.open(SPECS));
      assertEquals((long) acknowledged.size(), await(reopened.count(THINGS, Query.all())));
      await(reopened.close());
    }
  }
}
