package dev.squall.rules;

import static dev.squall.store.DocumentStoreContract.await;
import static dev.squall.store.DocumentStoreContract.failure;
import static dev.squall.store.DocumentStoreContract.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.squall.error.NotFound;
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

/** Rules and their enforcements on the real embedded store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RuleStoreTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private RuleStore rules;
  private EnforcementStore enforcements;

  @BeforeEach
  void open(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(RuleStore.SPEC, EnforcementStore.SPEC)));
    rules = new RuleStore(store);
    enforcements = new EnforcementStore(store);
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static JsonObject rule(String id, String pack, String name, boolean enabled) {
    return new JsonObject().put("id", id).put("ref", pack + "." + name).put("pack", pack).put("name", name)
        .put("enabled", enabled).put("trigger", new JsonObject().put("ref", "core.t"))
        .put("action", new JsonObject().put("ref", "core.noop"));
  }

  @Test
  void aRuleIsFoundByRefOrIdOrIsStackStormsNotFound() {
    await(rules.put(rule("r1", "p", "one", true)));
    await(rules.put(rule("r2", "p", "two", false)));
    assertEquals("r1", await(rules.getOrFail("p.one")).getString("id"));
    assertEquals("p.two", await(rules.getOrFail("r2")).getString("ref"));
    assertNull(await(rules.byRef("p.three")));
    for (String missing : List.of("p.three", "r3")) {
      Throwable failure = failure(rules.getOrFail(missing));
      assertInstanceOf(NotFound.class, failure);
      assertEquals("Rule with ref or id \"" + missing + "\" not found", failure.getMessage());
    }
    assertEquals(List.of("r1"), ids(await(rules.enabled())));
    await(rules.delete("r1"));
    assertEquals(List.of(), await(rules.enabled()));
  }

  private static JsonObject enforcement(String id, String instance, String at, String execution) {
    JsonObject doc = new JsonObject().put("id", id).put("rule", new JsonObject().put("ref", "p.one").put("id", "r1"))
        .put("trigger_instance_id", instance).put("enforced_at", at);
    return execution == null ? doc : doc.put("key", "r1:" + instance).put("execution_id", execution);
  }

  @Test
  void enforcementsAreFoundByKeyInstanceAndAge() {
    await(enforcements.insert(enforcement("e1", "i1", "2026-01-01T00:00:01Z", "x1")));
    await(enforcements.insert(enforcement("e2", "i2", "2026-01-01T00:00:03Z", null)));
    await(enforcements.insert(enforcement("e3", "i2", "2026-01-01T00:00:02Z", "x3")));
    assertEquals("e1", await(enforcements.byKey("r1:i1")).getString("id"));
    assertNull(await(enforcements.byKey("r1:i9")));
    assertEquals(List.of("e2", "e3"), ids(await(enforcements.ofTriggerInstance("i2"))).stream().sorted().toList());
    assertEquals(List.of("e3", "e1"), ids(await(enforcements.latest(1, 5))));
    assertEquals(List.of("e1", "e3"), ids(await(enforcements.enforcedBefore("2026-01-01T00:00:03Z", 5))));
    Throwable missing = failure(enforcements.getOrFail("e9"));
    assertInstanceOf(NotFound.class, missing);
    assertEquals("RuleEnforcement with id \"e9\" not found", missing.getMessage());
  }
}
