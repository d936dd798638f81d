package dev.squall.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole configuration, one record per section. Built from the bundled defaults, then the config file,
 * then {@code SQUALL_<SECTION>__<KEY>} environment variables; validated once at start.
 */
public record SquallConfig(
    ApiConfig api,
    AuthConfig auth,
    DatabaseConfig database,
    ActionRunnerConfig actionrunner,
    SchedulerConfig scheduler,
    StreamConfig stream,
    ContentConfig content,
    SystemUserConfig systemUser,
    WebUiConfig webui,
    ActionSensorConfig actionSensor,
    TimersConfig timers,
    KeyValueConfig keyvalue,
    RulesEngineConfig rulesengine,
    GarbageCollectorConfig garbagecollector,
    MetricsConfig metrics,
    ClusterConfig cluster,
    InstancesConfig instances) {

  public static final String BUNDLED = "conf/squall.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Builds the config from a raw tree (file merged with environment). */
  public static SquallConfig from(JsonObject root) {
    return new SquallConfig(
        ApiConfig.from(Section.of(root, "api")),
        AuthConfig.from(Section.of(root, "auth"), Section.of(root, "api")),
        DatabaseConfig.from(Section.of(root, "database")),
        ActionRunnerConfig.from(Section.of(root, "actionrunner")),
        SchedulerConfig.from(Section.of(root, "scheduler")),
        StreamConfig.from(Section.of(root, "stream")),
        ContentConfig.from(Section.of(root, "content")),
        SystemUserConfig.from(Section.of(root, "system_user")),
        WebUiConfig.from(Section.of(root, "webui")),
        ActionSensorConfig.from(Section.of(root, "action_sensor")),
        TimersConfig.from(Section.of(root, "timersengine")),
        KeyValueConfig.from(Section.of(root, "keyvalue")),
        RulesEngineConfig.from(Section.of(root, "rulesengine")),
        GarbageCollectorConfig.from(Section.of(root, "garbagecollector")),
        MetricsConfig.from(Section.of(root, "metrics")),
        ClusterConfig.from(Section.of(root, "cluster"), Section.of(root, "messaging")),
        InstancesConfig.from(Section.of(root, "instances"))).checked();
  }

  /** The same config as one node of a cluster ({@code squall server --cluster}). */
  public SquallConfig asClusterNode() {
    return new SquallConfig(api, auth, database, actionrunner, scheduler, stream, content, systemUser, webui,
        actionSensor, timers, keyvalue, rulesengine, garbagecollector, metrics, cluster.enabled(), instances).checked();
  }

  /** Refuses combinations of sections that cannot work together. */
  SquallConfig checked() {
    if (cluster.enable() && !database.isMongo()) {
      throw new ConfigException("Invalid configuration: a cluster keeps its records in MongoDB; set database.url to "
          + "mongodb://... (the embedded SQLite store serves a single node)");
    }
    return this;
  }

  /** The same config listening on another port. */
  public SquallConfig withPort(int port) {
    return new SquallConfig(api.withPort(port), auth, database, actionrunner, scheduler, stream, content, systemUser,
        webui, actionSensor, timers, keyvalue, rulesengine, garbagecollector, metrics, cluster, instances);
  }

  /**
   * Loads the bundled defaults, overlays {@code file} when given (it must then be readable), then the
   * environment.
   */
  public static SquallConfig load(Path file, Map<String, String> env) {
    JsonObject root = bundled();
    if (file != null) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new ConfigException("Cannot read config file " + file);
      }
      try (InputStream in = Files.newInputStream(file)) {
        merge(root, parse(in, file.toString()));
      } catch (IOException e) {
        throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
      }
    }
    applyEnvironment(root, env);
    return from(root);
  }

  static JsonObject bundled() {
    try (InputStream in = SquallConfig.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      return in == null ? new JsonObject() : parse(in, BUNDLED);
    } catch (IOException e) {
      throw new ConfigException("Cannot read bundled config: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject parse(InputStream in, String name) {
    try {
      Object tree = YAML.readValue(in, Object.class);
      if (tree == null) {
        return new JsonObject();
      }
      if (!(tree instanceof Map)) {
        throw new ConfigException("Config file " + name + " must be a mapping of sections");
      }
      return new JsonObject((Map<String, Object>) tree);
    } catch (IOException e) {
      throw new ConfigException("Config file " + name + " is not valid YAML: " + withoutSnippets(e.getMessage()));
    }
  }

  /** A YAML parser message without the quoted lines of the file (they may hold a password). */
  static String withoutSnippets(String message) {
    if (message == null) {
      return "";
    }
    return String.join("\n", message.lines().filter(l -> !l.isBlank() && !l.startsWith("  ")).toList());
  }

  private static void merge(JsonObject into, JsonObject from) {
    for (String section : from.fieldNames()) {
      Object value = from.getValue(section);
      if (value instanceof JsonObject values && into.getValue(section) instanceof JsonObject existing) {
        existing.mergeIn(values);
      } else {
        into.put(section, value);
      }
    }
  }

  /** {@code SQUALL_API__PORT=9200} sets api.port; values are read as YAML scalars. */
  static void applyEnvironment(JsonObject root, Map<String, String> env) {
    env.forEach((name, value) -> {
      if (!name.startsWith("SQUALL_") || !name.contains("__")) {
        return;
      }
      String rest = name.substring("SQUALL_".length());
      int split = rest.indexOf("__");
      String section = rest.substring(0, split).toLowerCase();
      String key = rest.substring(split + 2).toLowerCase();
      if (section.isEmpty() || key.isEmpty()) {
        return;
      }
      Object scalar;
      try {
        scalar = YAML.readValue(value, Object.class);
      } catch (IOException e) {
        scalar = value;
      }
      JsonObject target = root.getJsonObject(section);
      if (target == null) {
        target = new JsonObject();
        root.put(section, target);
      }
      target.put(key, scalar instanceof Map || scalar instanceof java.util.List ? value : scalar);
    });
  }
}
