package dev.squall.packs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into Vert.x JSON values (maps become JsonObject, lists JsonArray). */
final class YamlFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlFiles() {
  }

  /**
   * The file's top-level mapping.
   *
   * @throws IOException when the file cannot be read or parsed
   * @throws IllegalArgumentException when it is empty or not a mapping
   */
  static JsonObject readObject(Path file) throws IOException {
    Object value;
    try (var in = Files.newInputStream(file)) {
      value = YAML.readValue(in, Object.class);
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      value = null; // Jackson reports an empty document this way
    }
    if (value == null) {
      throw new IllegalArgumentException("file is empty");
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("top level must be a mapping, not " + describe(value));
    }
    return (JsonObject) toJson(value);
  }

  /** A mapping as YAML text. */
  static String write(JsonObject value) throws IOException {
    // through JSON text: nested Vert.x values become plain maps and lists Jackson writes as YAML
    return YAML.writeValueAsString(new ObjectMapper().readValue(value.encode(), Object.class));
  }

  private static Object toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      // YAML allows non-string keys (numbers, booleans); JSON does not, so they become their text
      map.forEach((k, v) -> object.put(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    return value;
  }

  static String describe(Object value) {
    if (value instanceof Map<?, ?> || value instanceof JsonObject) {
      return "a mapping";
    }
    if (value instanceof List<?> || value instanceof JsonArray) {
      return "a list";
    }
    return value == null ? "null" : value.getClass().getSimpleName().toLowerCase() + " " + value;
  }
}
