package dev.squall.security;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** Stored tokens and revocations on the real embedded store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TokenStoreTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private TokenStore tokens;
  private RevocationStore revocations;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TokenStore.SPEC, RevocationStore.SPEC, ApiKeyStore.SPEC)));
    tokens = new TokenStore(store);
    revocations = new RevocationStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private void token(String id, String user, String hash, String expiry) {
    await(tokens.insert(new JsonObject().put("id", id).put("user", user).put("token_hash", hash)
        .put("expiry", expiry)));
  }

  @Test
  void tokensAreFoundAndDeletedByHashUserAndExpiry() {
    token("t1", "alice", "h1", "2026-01-01T00:00:00Z");
    token("t2", "alice", "h2", "2026-03-01T00:00:00Z");
    token("t3", "bob", "h3", "2026-03-01T00:00:00Z");
    assertEquals("t2", await(tokens.byHash("h2")).getString("id"));
    assertNull(await(tokens.byHash("h9")));
    assertEquals(List.of("alice", "alice", "bob"), await(tokens.holders()).stream().sorted().toList());
    assertEquals(1L, await(tokens.deleteExpired("2026-02-01T00:00:00Z")));
    assertEquals(1L, await(tokens.deleteOfUser("alice")));
    assertEquals(0L, await(tokens.deleteByHash("h2")));
    assertEquals(1L, await(tokens.deleteByHash("h3")));
    assertEquals(List.of(), await(tokens.holders()));
  }

  @Test
  void revocationsAreReadSinceAPollAndPurgedWhenOld() {
    for (String at : List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", "2026-01-01T00:00:09Z")) {
      await(revocations.insert(new JsonObject().put("id", "r" + at.charAt(18)).put("revoked_at", at).put("user", "u")));
    }
    assertEquals(List.of("r5", "r9"), ids(await(revocations.since("2026-01-01T00:00:05Z"))).stream().sorted().toList());
    assertEquals(1L, await(revocations.deleteBefore("2026-01-01T00:00:05Z")));
    assertEquals(2, await(revocations.all()).size());
  }
}
