package dev.squall.security;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.error.NotFound;
import dev.squall.error.Unauthorized;
import dev.squall.error.Validation;
import dev.squall.store.Query;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.Poll;
import io.vertx.core.Future;
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

/** API keys on the real embedded store, two nodes kept in step over the local bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ApiKeysTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private ApiKeys node;
  private ApiKeys otherNode;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ApiKeyStore.SPEC)));
    Bus bus = new LocalBus(vertx);
    node = new ApiKeys(new ApiKeyStore(store), bus);
    otherNode = new ApiKeys(new ApiKeyStore(store), bus);
    await(node.load());
    await(otherNode.load());
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static boolean accepted(ApiKeys keys, String key) {
    return await(keys.authenticate(key).map(caller -> true).recover(e -> Future.succeededFuture(false)));
  }

  @Test
  void aCreatedKeyIsShownOnceAndStandsForItsUser() {
    JsonObject created = await(node.create("alice", new JsonObject().put("used_by", "ci"), true));
    String key = created.getString("key");
    assertFalse(created.containsKey("key_hash"));
    assertEquals("alice", created.getString("user"));
    Caller caller = await(node.authenticate(key));
    assertEquals("alice", caller.user());
    assertEquals(Caller.API_KEY, caller.method());
    JsonObject stored = await(store.find(ApiKeyStore.SPEC.name(), Query.all())).get(0);
    assertFalse(stored.encode().contains(key), "only the hash is stored");
    assertEquals(ApiKeys.hash(key), stored.getString("key_hash"));
    assertEquals(stored, node.find(key), "found by the clear key");
    assertEquals(stored, node.find(stored.getString("id")), "and by id");
    Poll.until("the other node told over the bus", () -> accepted(otherNode, key));
  }

  @Test
  void unknownAndDisabledKeysAreRefused() {
    Throwable unknown = failure(node.authenticate("no-such-key"));
    assertInstanceOf(Unauthorized.class, unknown);
    assertTrue(unknown.getMessage().startsWith("Unauthorized - ApiKey with key_hash="), unknown.getMessage());
    String key = await(node.create("alice", null, true)).getString("key");
    JsonObject updated = await(node.update(key, new JsonObject().put("enabled", false)
        .put("metadata", new JsonObject().put("why", "rotated"))));
    assertFalse(updated.getBoolean("enabled"));
    assertEquals("Unauthorized - API key is disabled.", failure(node.authenticate(key)).getMessage());
    Poll.until("the other node told over the bus", () -> !accepted(otherNode, key));
    assertEquals(new JsonObject().put("why", "rotated"),
        await(store.find(ApiKeyStore.SPEC.name(), Query.all())).get(0).getJsonObject("metadata"));
  }

  @Test
  void theHashCannotBeChangedButTheMaskMaySentBack() {
    String key = await(node.create("alice", null, true)).getString("key");
    assertInstanceOf(Validation.class, failure(node.update(key, new JsonObject().put("key_hash", "other"))));
    JsonObject moved = await(node.update(key, new JsonObject().put("key_hash", ApiKeys.MASK).put("user", "bob")));
    assertEquals("bob", moved.getString("user"));
    assertEquals("bob", await(node.authenticate(key)).user());
  }

  @Test
  void aDeletedKeyIsGoneOnEveryNode() {
    String key = await(node.create("alice", null, true)).getString("key");
    Poll.until("the other node has the key", () -> accepted(otherNode, key));
    await(node.delete(key));
    assertFalse(accepted(node, key));
    Poll.until("the other node told over the bus", () -> !accepted(otherNode, key));
    NotFound missing = assertThrows(NotFound.class, () -> node.find(key));
    assertEquals("ApiKey with id or key \"********\" not found", missing.getMessage(), "a clear key is never echoed");
    assertEquals(List.of(), await(store.find(ApiKeyStore.SPEC.name(), Query.all())));
  }

  @Test
  void reloadFollowsChangesMadeByAnotherProcess() {
    String key = await(node.create("alice", null, true)).getString("key");
    JsonObject stored = node.find(key);
    await(store.delete(ApiKeyStore.SPEC.name(), stored.getString("id")));
    assertTrue(accepted(node, key), "memory still holds it");
    await(node.reload());
    assertFalse(accepted(node, key));
  }

  @Test
  void theApiViewMasksTheHashUnlessSecretsAreAskedFor() {
    JsonObject created = await(node.create("alice", null, true));
    JsonObject stored = node.find(created.getString("key"));
    JsonObject view = ApiKeys.view(stored, false);
    assertEquals(ApiKeys.MASK, view.getString("key_hash"));
    assertEquals(ApiKeys.MASK, view.getString("uid"));
    assertEquals(stored.getString("key_hash"), ApiKeys.view(stored, true).getString("key_hash"));
    assertEquals(List.of(stored), node.all());
  }
}
