package dev.squall.cluster;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.ManualClock;
import io.vertx.core.Vertx;
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

/** One holder at a time: taken when free or expired, kept by renewing, given up on release. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseTest {
  private static final Duration TTL = Duration.ofSeconds(6);
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T00:00:00Z"));
  private SqliteStore store;
  private LeaseStore leases;

  @BeforeEach
  void open() {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(LeaseStore.SPEC)));
    leases = new LeaseStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
    vertx.close().await();
  }

  private Lease lease(String node) {
    return new Lease(leases, "timers", node, clock, TTL);
  }

  @Test
  void oneHolderAtATimeAndTakeoverOnlyAfterExpiry() {
    Lease a = lease("a");
    Lease b = lease("b");
    assertTrue(await(a.tryHold()), "a free lease is taken");
    assertFalse(await(b.tryHold()), "held by a");
    clock.advance(Duration.ofSeconds(4));
    assertTrue(await(a.tryHold()), "the holder renews");
    clock.advance(Duration.ofSeconds(5));
    assertFalse(await(b.tryHold()), "renewed 5 s ago with a 6 s lease: still a's");
    clock.advance(Duration.ofSeconds(2));
    assertTrue(await(b.tryHold()), "expired: b takes it");
    assertFalse(await(a.tryHold()), "a lost it: a renewal after expiry does not take it back");
    assertTrue(b.held());
    assertFalse(a.held());
  }

  @Test
  void aReleasedLeaseIsTakenAtOnceAndARestartedHolderWaitsLikeAnyOther() {
    Lease a = lease("a");
    assertTrue(await(a.tryHold()));
    await(a.release());
    assertTrue(await(lease("b").tryHold()), "released: taken without waiting");

    Lease c = lease("c");
    assertFalse(await(c.tryHold()));
    Lease bAgain = lease("b"); // b restarted: same name, no token
    assertFalse(await(bAgain.tryHold()), "a restarted node waits for its old lease to expire");
    clock.advance(TTL);
    assertTrue(await(bAgain.tryHold()));
    assertEquals("timers", bAgain.service());
  }
}
