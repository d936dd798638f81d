package dev.squall.keyvalue;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Datastore keys on the real embedded store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class KeyStoreTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private KeyStore keys;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(KeyStore.SPEC)));
    keys = new KeyStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static JsonObject key(String name, String expires) {
    JsonObject doc = new JsonObject().put("id", "k-" + name).put("uid", "key_value_pair:st2kv.system:" + name)
        .put("scope", "st2kv.system").put("name", name).put("value", "v");
    return expires == null ? doc : doc.put("expire_timestamp", expires);
  }

  @Test
  void onlyKeysPastTheirExpiryAreExpired() {
    await(keys.put(key("old", "2026-01-01T00:00:00Z")));
    await(keys.put(key("later", "2026-03-01T00:00:00Z")));
    await(keys.put(key("forever", null)));
    assertEquals(List.of("k-old"), ids(await(keys.expired("2026-02-01T00:00:00Z"))));
    assertEquals(1L, await(keys.deleteExpired("2026-02-01T00:00:00Z")));
    assertEquals(List.of("k-forever", "k-later"), ids(await(keys.all())).stream().sorted().toList());
  }
}
