package dev.squall.template;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shapes a template's values take: plain Map/List for Jinja and the Python functions, Vert.x JSON back out. */
final class TemplateValues {
  private TemplateValues() {
  }

  /** Plain Java view of a value: JsonObject/JsonArray (at any depth) become Map/List, datastore lookups their value. */
  static Object plain(Object value) {
    return plain(value, false);
  }

  /** Plain view for binding into a template: datastore lookups stay lazy so templates can step into them. */
  static Object binding(Object value) {
    return plain(value, true);
  }

  private static Object plain(Object value, boolean keepLookups) {
    if (value instanceof KeyValueLookup lookup) {
      return keepLookups ? lookup : lookup.value();
    }
    if (value instanceof JsonObject o) {
      return plain(o.getMap(), keepLookups);
    }
    if (value instanceof JsonArray a) {
      return plain(a.getList(), keepLookups);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v, keepLookups)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(v -> out.add(plain(v, keepLookups)));
      return out;
    }
    if (value instanceof CharSequence s && !(value instanceof String)) {
      return s.toString();
    }
    return value;
  }

  /** Vert.x JSON view of a plain value. */
  static Object json(Object value) {
    if (value instanceof Map<?, ?> m) {
      JsonObject out = new JsonObject();
      m.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      JsonArray out = new JsonArray();
      c.forEach(v -> out.add(json(v)));
      return out;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return json(plain(value));
    }
    if (value instanceof CharSequence s && !(value instanceof String)) {
      return s.toString();
    }
    return value;
  }
}
