package dev.squall.packs;

import dev.squall.error.Validation;
import dev.squall.template.SchemaValues;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Pack configs as actions receive them: {@code <configs dir>/<pack>.yaml} over the defaults of the pack's
 * {@code config.schema.yaml} (nested object properties included). Files are read again when they change, so an
 * edited config takes effect on the next run without a restart.
 */
public final class PackConfigs {
  /** The schema file inside a pack. */
  public static final String SCHEMA_FILE = "config.schema.yaml";

  private final Path configsDir;
  private final Function<String, JsonObject> packs;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** {@code packs}: a pack's registered document by ref (its {@code path} locates the schema), or null. */
  public PackConfigs(Path configsDir, Function<String, JsonObject> packs) {
    this.configsDir = configsDir;
    this.packs = packs;
  }

  /** Where {@code <pack>.yaml} files live. */
  public Path directory() {
    return configsDir;
  }

  /**
   * The pack's config (blocking: call off the event loop); an empty object when the pack has neither a config nor
   * schema defaults.
   *
   * @throws Validation when the config file cannot be read or is not a mapping
   */
  public JsonObject load(String pack) {
    Path config = configsDir.resolve(pack + ".yaml");
    Path schema = schemaFile(pack);
    long configStamp = stamp(config);
    long schemaStamp = schema == null ? -1 : stamp(schema);
    Cached known = cache.get(pack);
    if (known != null && known.configStamp == configStamp && known.schemaStamp == schemaStamp
        && java.util.Objects.equals(known.schema, schema)) {
      return known.value.copy();
    }
    JsonObject values = configStamp < 0 ? new JsonObject() : read(config, "config");
    JsonObject properties = schemaStamp < 0 ? new JsonObject() : read(schema, "config schema");
    JsonObject merged = withDefaults(values, properties);
    cache.put(pack, new Cached(configStamp, schemaStamp, schema, merged));
    return merged.copy();
  }

  /**
   * The pack's config as the Jinja variable {@code config_context} of action parameters, read only when a
   * template uses it. Templates render on event loops: the cached value is used as it is (the runners' and the
   * API's reads keep it fresh); only a pack never read before is read here.
   */
  public Map<String, Object> context(String pack) {
    return new java.util.AbstractMap<>() {
      private Map<String, Object> values;

      @Override
      public Set<Entry<String, Object>> entrySet() {
        if (values == null) {
          Cached known = cache.get(pack);
          values = (known != null ? known.value.copy() : load(pack)).getMap();
        }
        return values.entrySet();
      }

      @Override
      public Object get(Object key) {
        entrySet();
        return values.get(key);
      }
    };
  }

  /**
   * What is wrong with the pack's config file against the schema in {@code packDir} (blocking): null when it is
   * fine or there is no config file.
   */
  public String problem(String pack, Path packDir) {
    Path config = configsDir.resolve(pack + ".yaml");
    if (stamp(config) < 0) {
      return null;
    }
    try {
      JsonObject values = read(config, "config");
      Path schema = packDir.resolve(SCHEMA_FILE);
      if (stamp(schema) >= 0) {
        SchemaValues.checked(read(schema, "config schema"), values);
      }
      return null;
    } catch (Validation e) {
      return e.getMessage();
    }
  }

  /** Whether the pack has a config file (blocking). */
  public boolean exists(String pack) {
    return stamp(configsDir.resolve(pack + ".yaml")) >= 0;
  }

  /** The pack's {@code config.schema.yaml} properties (blocking), or null when it has none. */
  public JsonObject schema(String pack) {
    Path schema = schemaFile(pack);
    return schema == null || stamp(schema) < 0 ? null : read(schema, "config schema");
  }

  /** The values in {@code <pack>.yaml} as written (blocking), or null when there is no such file. */
  public JsonObject stored(String pack) {
    Path config = configsDir.resolve(pack + ".yaml");
    return stamp(config) < 0 ? null : read(config, "config");
  }

  /**
   * Checks {@code values} against the pack's schema and writes them as {@code <pack>.yaml} (blocking; replaced
   * atomically, readable by its owner only: configs hold secrets). Returns the values as stored.
   *
   * @throws Validation when a value does not fit the schema
   */
  public JsonObject save(String pack, JsonObject values) {
    JsonObject properties = schema(pack);
    JsonObject checked = properties == null ? values.copy() : SchemaValues.checked(properties, values);
    Path target = configsDir.resolve(pack + ".yaml");
    try {
      Files.createDirectories(configsDir);
      Path staging = Files.createTempFile(configsDir, "." + pack, ".yaml");
      Files.writeString(staging, YamlFiles.write(checked));
      Files.move(staging, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot write " + target, e);
    }
    cache.remove(pack);
    return checked;
  }

  private Path schemaFile(String pack) {
    JsonObject packDoc = packs.apply(pack);
    return packDoc == null || packDoc.getString("path") == null ? null
        : Path.of(packDoc.getString("path")).resolve(SCHEMA_FILE);
  }

  /** {@code values} completed with the schema's defaults, recursively for object properties. */
  static JsonObject withDefaults(JsonObject values, JsonObject properties) {
    JsonObject merged = values.copy();
    for (Map.Entry<String, Object> property : properties) {
      if (!(property.getValue() instanceof JsonObject spec)) {
        continue;
      }
      Object current = merged.getValue(property.getKey());
      JsonObject nested = spec.getJsonObject("properties");
      if (current == null && spec.containsKey("default")) {
        merged.put(property.getKey(), copyOf(spec.getValue("default")));
      } else if (current == null && nested != null && "object".equals(spec.getValue("type"))) {
        JsonObject defaults = withDefaults(new JsonObject(), nested);
        if (!defaults.isEmpty()) {
          merged.put(property.getKey(), defaults);
        }
      } else if (current instanceof JsonObject object && nested != null) {
        merged.put(property.getKey(), withDefaults(object, nested));
      }
    }
    return merged;
  }

  private static Object copyOf(Object value) {
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      return array.copy();
    }
    return value;
  }

  private static JsonObject read(Path file, String what) {
    try {
      return YamlFiles.readObject(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new Validation("The " + what + " " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static long stamp(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      return -2;
    }
  }

  private record Cached(long configStamp, long schemaStamp, Path schema, JsonObject value) {
  }
}
