package dev.squall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundled defaults, then the file, then SQUALL_<SECTION>__<KEY>; bad values name their key. */
class SquallConfigTest {
  @TempDir
  Path dir;

  @Test
  void bundledDefaultsMatchStackStorm() {
    SquallConfig config = SquallConfig.load(null, Map.of());
    assertEquals(9101, config.api().port());
    assertEquals("127.0.0.1", config.api().host());
    assertEquals("stanley", config.systemUser().user());
    assertTrue(config.auth().enable());
    assertEquals(86400, config.auth().tokenTtl());
    assertEquals(25, config.stream().heartbeat());
    assertTrue(config.actionSensor().enable());
    assertEquals("", config.database().url());
  }

  @Test
  void httpLimitsHaveDefaultsAndBounds() {
    ApiConfig api = SquallConfig.load(null, Map.of()).api();
    assertEquals(16384, api.maxHeaderSize());
    assertEquals(16384, api.maxInitialLineLength());
    assertEquals(64, api.maxJsonDepth());
    ApiConfig tuned = SquallConfig.load(null, Map.of("SQUALL_API__MAX_HEADER_SIZE", "32768",
        "SQUALL_API__MAX_JSON_DEPTH", "100")).api();
    assertEquals(32768, tuned.maxHeaderSize());
    assertEquals(100, tuned.maxJsonDepth());
    ConfigException tooDeep = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_API__MAX_JSON_DEPTH", "100000")));
    assertTrue(tooDeep.getMessage().contains("api.max_json_depth"), tooDeep.getMessage());
  }

  @Test
  void garbageCollectorTtlsAreDaysUnsetOrAtLeastOne() {
    GarbageCollectorConfig gc = SquallConfig.load(null, Map.of()).garbagecollector();
    assertEquals(600, gc.collectionInterval());
    assertEquals(2, gc.sleepDelay());
    assertEquals(7, gc.actionExecutionsOutputTtl());
    assertEquals(null, gc.actionExecutionsTtl());
    assertEquals(null, gc.triggerInstancesTtl());
    GarbageCollectorConfig set = SquallConfig.load(null, Map.of("SQUALL_GARBAGECOLLECTOR__ACTION_EXECUTIONS_TTL", "30",
        "SQUALL_GARBAGECOLLECTOR__ACTION_EXECUTIONS_OUTPUT_TTL", "")).garbagecollector();
    assertEquals(30, set.actionExecutionsTtl());
    assertEquals(null, set.actionExecutionsOutputTtl());
    ConfigException zero = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_GARBAGECOLLECTOR__TRIGGER_INSTANCES_TTL", "0")));
    assertTrue(zero.getMessage().contains("garbagecollector.trigger_instances_ttl"), zero.getMessage());
  }

  @Test
  void aTreeWithoutTheBundledDefaultsStillGivesEveryDefault() {
    GarbageCollectorConfig gc = SquallConfig.from(new JsonObject()).garbagecollector();
    assertEquals(null, gc.actionExecutionsTtl());
    assertEquals(7, gc.actionExecutionsOutputTtl());
  }

  @Test
  void fileThenEnvironmentOverride() throws Exception {
    Path file = Files.writeString(dir.resolve("squall.yaml"), "api:\n  port: 9200\nsystem_user:\n  user: bob\n");
    SquallConfig config = SquallConfig.load(file, Map.of("SQUALL_API__PORT", "9300",
        "SQUALL_ACTIONRUNNER__ACTIONS_POOL_SIZE", "7", "SQUALL_STREAM__HEARTBEAT", "5", "OTHER", "x"));
    assertEquals(9300, config.api().port());
    assertEquals("bob", config.systemUser().user());
    assertEquals(7, config.actionrunner().actionsPoolSize());
    assertEquals(5, config.stream().heartbeat());
  }

  @Test
  void badValuesFailNamingTheKey() throws Exception {
    ConfigException port = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_API__PORT", "lots")));
    assertTrue(port.getMessage().contains("api.port"), port.getMessage());
    ConfigException db = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_DATABASE__URL", "postgres://x")));
    assertTrue(db.getMessage().contains("database.url"), db.getMessage());
    ConfigException credentials = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_DATABASE__URL", "mongo://admin:hunter22@db:27017/st2")));
    assertFalse(credentials.getMessage().contains("hunter22"), credentials.getMessage());
    assertTrue(credentials.getMessage().contains("mongo://***@db:27017/st2"), credentials.getMessage());
    ConfigException zone = assertThrows(ConfigException.class,
        () -> SquallConfig.load(null, Map.of("SQUALL_TIMERSENGINE__LOCAL_TIMEZONE", "Mars/Olympus")));
    assertTrue(zone.getMessage().contains("timersengine.local_timezone"), zone.getMessage());
    Path missing = dir.resolve("nope.yaml");
    assertThrows(ConfigException.class, () -> SquallConfig.load(missing, Map.of()));
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "api: [unclosed");
    assertThrows(ConfigException.class, () -> SquallConfig.load(broken, Map.of()));
    Path quoted = Files.writeString(dir.resolve("quoted.yaml"), "database:\n  url: \"mongodb://u:hunter22@db\n");
    ConfigException snippet = assertThrows(ConfigException.class, () -> SquallConfig.load(quoted, Map.of()));
    assertFalse(snippet.getMessage().contains("hunter22"), snippet.getMessage());
    assertTrue(snippet.getMessage().contains("line 2, column 8"), snippet.getMessage());
  }

  @Test
  void aClusterNeedsMongoDbAndAnAmqpBroker() {
    SquallConfig standalone = SquallConfig.load(null, Map.of());
    assertEquals(false, standalone.cluster().enable());
    assertEquals("amqp://guest:guest@127.0.0.1:5672", standalone.cluster().messagingUrl());
    ConfigException onSqlite = assertThrows(ConfigException.class, standalone::asClusterNode);
    assertTrue(onSqlite.getMessage().contains("database.url"), onSqlite.getMessage());
    assertThrows(ConfigException.class, () -> SquallConfig.load(null, Map.of("SQUALL_CLUSTER__ENABLE", "true")));

    SquallConfig node = SquallConfig.load(null, Map.of("SQUALL_DATABASE__URL", "mongodb://db:27017/squall",
        "SQUALL_CLUSTER__ENABLE", "true", "SQUALL_CLUSTER__NODE", "runner-1", "SQUALL_MESSAGING__PREFETCH", "8"));
    assertEquals(true, node.cluster().enable());
    assertEquals("runner-1", node.cluster().nodeName());
    assertEquals(8, node.cluster().prefetch());
    assertTrue(SquallConfig.load(null, Map.of("SQUALL_DATABASE__URL", "mongodb://db/s")).asClusterNode().cluster()
        .nodeName().endsWith("-" + ProcessHandle.current().pid()), "default node name: host and pid");

    ConfigException badBroker = assertThrows(ConfigException.class, () -> SquallConfig.load(null,
        Map.of("SQUALL_MESSAGING__URL", "http://user:pw@rabbit:5672")));
    assertTrue(badBroker.getMessage().contains("messaging.url"), badBroker.getMessage());
    assertTrue(!badBroker.getMessage().contains("pw"), "no password in the message: " + badBroker.getMessage());
  }
}
