package dev.squall.store;

import dev.squall.util.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Applies a {@link Query}'s include/exclude projection to a document; {@code id} is always kept. */
public final class Projection {
  private Projection() {
  }

  /** True when the query asks for anything less than whole documents. */
  public static boolean wanted(Query query) {
    return !query.included().isEmpty() || !query.excluded().isEmpty();
  }

  /** The projected document; {@code doc} is modified or replaced, so pass a private copy. */
  public static JsonObject apply(JsonObject doc, Query query) {
    if (!query.included().isEmpty()) {
      return keepOnly(doc, query.included());
    }
    for (String path : query.excluded()) {
      if (!"id".equals(path)) {
        remove(doc, path);
      }
    }
    return doc;
  }

  private static JsonObject keepOnly(JsonObject doc, List<String> paths) {
    JsonObject out = new JsonObject().put("id", doc.getValue("id"));
    for (String path : paths) {
      Object value = Json.at(doc, path);
      if (value == null && !present(doc, path)) {
        continue;
      }
      JsonObject target = out;
      String[] steps = path.split("\\.");
      for (int i = 0; i < steps.length - 1; i++) {
        Object next = target.getValue(steps[i]);
        if (!(next instanceof JsonObject)) {
          next = new JsonObject();
          target.put(steps[i], next);
        }
        target = (JsonObject) next;
      }
      target.put(steps[steps.length - 1], value);
    }
    return out;
  }

  private static boolean present(JsonObject doc, String path) {
    int dot = path.lastIndexOf('.');
    Object parent = dot < 0 ? doc : Json.at(doc, path.substring(0, dot));
    return parent instanceof JsonObject p && p.containsKey(path.substring(dot + 1));
  }

  private static void remove(JsonObject doc, String path) {
    int dot = path.lastIndexOf('.');
    Object parent = dot < 0 ? doc : Json.at(doc, path.substring(0, dot));
    if (parent instanceof JsonObject p) {
      p.remove(path.substring(dot + 1));
    }
  }
}
