package dev.squall.web;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code include_attributes} / {@code exclude_attributes}: which fields of a resource an answer carries.
 * Includes may be dotted ({@code action.ref}); {@code id} is always kept.
 */
public final class Projection {
  public static final Projection ALL = new Projection(List.of(), List.of(), Set.of());

  private final List<String> include;
  private final List<String> exclude;
  private final Set<String> alwaysKept;

  private Projection(List<String> include, List<String> exclude, Set<String> alwaysKept) {
    this.include = include;
    this.exclude = exclude;
    this.alwaysKept = alwaysKept;
  }

  /**
   * Parses the query. {@code fields} are the resource's top-level fields; {@code excludable} those that
   * may be excluded (empty = any known field).
   */
  public static Projection parse(RoutingContext ctx, Set<String> fields, Set<String> excludable, Set<String> alwaysKept) {
    List<String> include = QueryParams.list(ctx, "include_attributes");
    List<String> exclude = QueryParams.list(ctx, "exclude_attributes");
    if (!include.isEmpty() && !exclude.isEmpty()) {
      throw new Validation("exclude_attributes and include_attributes arguments are mutually exclusive. "
          + "You need to provide either one or another, but not both.");
    }
    for (String attr : include) {
      if (!fields.contains(top(attr))) {
        throw new Validation("Invalid or unsupported include attribute specified: " + attr);
      }
    }
    for (String attr : exclude) {
      if (!fields.contains(top(attr)) || (!excludable.isEmpty() && !excludable.contains(attr))) {
        throw new Validation("Invalid or unsupported exclude attribute specified: " + attr);
      }
    }
    if (include.isEmpty() && exclude.isEmpty()) {
      return ALL;
    }
    return new Projection(include, exclude, alwaysKept);
  }

  public boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  public JsonObject apply(JsonObject doc) {
    if (isAll()) {
      return doc;
    }
    if (!exclude.isEmpty()) {
      JsonObject out = new JsonObject(new LinkedHashMap<>(doc.getMap()));
      exclude.forEach(out::remove);
      return out;
    }
    JsonObject out = new JsonObject(new LinkedHashMap<>());
    for (String keep : alwaysKept) {
      if (doc.containsKey(keep)) {
        out.put(keep, doc.getValue(keep));
      }
    }
    for (String path : include) {
      copyPath(doc, out, path);
    }
    return out;
  }

  private static void copyPath(JsonObject from, JsonObject to, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      if (from.containsKey(path)) {
        to.put(path, from.getValue(path));
      }
      return;
    }
    String head = path.substring(0, dot);
    if (!(from.getValue(head) instanceof JsonObject child)) {
      return;
    }
    if (to.getValue(head) == child) {
      return; // the whole object is already included
    }
    JsonObject target = to.getValue(head) instanceof JsonObject existing ? existing : new JsonObject();
    copyPath(child, target, path.substring(dot + 1));
    if (!target.isEmpty()) {
      to.put(head, target);
    }
  }

  private static String top(String attr) {
    int dot = attr.indexOf('.');
    return dot < 0 ? attr : attr.substring(0, dot);
  }
}
