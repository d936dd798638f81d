package dev.squall.security;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.error.Unauthorized;
import dev.squall.store.Query;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.ManualClock;
import dev.squall.testkit.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tokens on the real embedded store, two nodes sharing it over the local bus, with a clock the test moves. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TokensTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private Bus bus;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T10:00:00Z"));
  private Tokens node;
  private Tokens otherNode;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TokenStore.SPEC, RevocationStore.SPEC)));
    bus = new LocalBus(vertx);
    node = tokens(bus).listen();
    otherNode = tokens(bus).listen();
  }

  private Tokens tokens(Bus bus) {
    return new Tokens(new TokenStore(store), new RevocationStore(store), bus, clock);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private String issue(String user, long ttl) {
    return await(node.issue(user, ttl, false, null)).getString("token");
  }

  private static boolean refused(Tokens tokens, String token) {
    return await(tokens.authenticate(token).map(caller -> false)
        .recover(e -> Future.succeededFuture(e instanceof Unauthorized)));
  }

  @Test
  void anIssuedTokenStandsForItsUserAndOnlyItsHashIsStored() {
    JsonObject reply = await(node.issue("alice", 3600, false, new JsonObject().put("via", "cli")));
    String token = reply.getString("token");
    assertTrue(token.matches("[0-9a-f]{32}"), token);
    assertEquals("alice", reply.getString("user"));
    assertEquals("2026-05-01T11:00:00.000000Z", reply.getString("expiry"));
    assertEquals(new JsonObject().put("via", "cli"), reply.getJsonObject("metadata"));
    Caller caller = await(node.authenticate(token));
    assertEquals("alice", caller.user());
    assertEquals(Caller.TOKEN, caller.method());
    String stored = await(store.find(TokenStore.SPEC.name(), Query.all())).get(0).encode();
    assertFalse(stored.contains(token), stored);
    assertTrue(stored.contains(Digests.sha256Hex(token)), stored);
  }

  @Test
  void aTokenIssuedOnAnotherNodeIsFoundInTheStore() {
    String token = issue("alice", 3600);
    assertEquals("alice", await(otherNode.authenticate(token)).user());
  }

  @Test
  void unknownAndExpiredTokensAreRefused() {
    Throwable unknown = failure(node.authenticate("0123456789abcdef0123456789abcdef"));
    assertInstanceOf(Unauthorized.class, unknown);
    assertEquals("Unauthorized", unknown.getMessage());
    String token = issue("alice", 60);
    clock.advance(Duration.ofSeconds(60));
    Throwable expired = failure(node.authenticate(token));
    assertEquals("Unauthorized - Token has expired.", expired.getMessage());
    assertInstanceOf(Unauthorized.class, failure(otherNode.authenticate(token)));
  }

  @Test
  void aRevokedTokenIsRefusedOnEveryNode() {
    String token = issue("alice", 3600);
    String kept = issue("alice", 3600);
    assertEquals("alice", await(otherNode.authenticate(token)).user()); // now held in the other node's memory
    assertTrue(await(node.revoke(token)));
    assertTrue(refused(node, token));
    Poll.until("the other node told over the bus", () -> refused(otherNode, token));
    assertEquals("alice", await(otherNode.authenticate(kept)).user());
    assertFalse(await(node.revoke(token)), "already gone");
  }

  @Test
  void revokingAUserRefusesTheTokensIssuedUntilThen() {
    String a1 = issue("alice", 3600);
    String a2 = issue("alice", 3600);
    String bob = issue("bob", 3600);
    assertEquals(2L, await(node.revokeUser("alice")));
    assertTrue(refused(node, a1));
    assertTrue(refused(node, a2));
    Poll.until("the other node told over the bus", () -> refused(otherNode, a1));
    assertEquals("bob", await(node.authenticate(bob)).user());
    clock.advance(Duration.ofSeconds(1));
    String later = issue("alice", 3600);
    assertEquals("alice", await(otherNode.authenticate(later)).user(), "a later login works again");
  }

  @Test
  void revocationsWrittenWithoutTheBusArriveByPolling() {
    String token = issue("alice", 3600);
    assertEquals("alice", await(otherNode.authenticate(token)).user());
    Tokens commandLine = tokens(null); // the `token revoke` command: store only
    assertTrue(await(commandLine.revoke(token)));
    assertEquals("alice", await(otherNode.authenticate(token)).user(), "still in memory until the poll");
    assertEquals(1, await(otherNode.pollRevocations()));
    assertTrue(refused(otherNode, token));
    assertEquals(0, await(otherNode.pollRevocations()), "each revocation is applied once");
  }

  @Test
  void expiredTokensAndOldRevocationsArePurged() {
    issue("alice", 60);
    String live = issue("bob", 7200);
    await(node.revoke(issue("carol", 3600)));
    clock.advance(Duration.ofHours(1));
    await(node.purgeExpired(Duration.ofMinutes(30)));
    assertEquals(List.of("bob"), await(node.holders()));
    assertEquals(List.of(), await(store.find(RevocationStore.SPEC.name(), Query.all())));
    assertEquals("bob", await(otherNode.authenticate(live)).user());
  }
}
