package dev.squall.web;

import dev.squall.error.Validation;
import dev.squall.store.Query;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code include_attributes} / {@code exclude_attributes}: which fields of a resource an answer carries.
 * Includes may be dotted ({@code action.ref}); {@code id} is always kept. Answers read from the store ask
 * it for the selection ({@link #select}); answers built in memory are cut here ({@link #apply}).
 */
public final class AttributeSelection {
  public static final AttributeSelection ALL = new AttributeSelection(List.of(), List.of(), Set.of());

  private final List<String> include;
  private final List<String> exclude;
  private final Set<String> alwaysKept;

  private AttributeSelection(List<String> include, List<String> exclude, Set<String> alwaysKept) {
    this.include = include;
    this.exclude = exclude;
    this.alwaysKept = alwaysKept;
  }

  /**
   * Parses the query. {@code fields} are the resource's top-level fields; {@code excludable} those that
   * may be excluded (empty = any known field).
   */
  public static AttributeSelection parse(RoutingContext ctx, Set<String> fields, Set<String> excludable,
      Set<String> alwaysKept) {
    return of(QueryParams.list(ctx, "include_attributes"), QueryParams.list(ctx, "exclude_attributes"), fields,
        excludable, alwaysKept);
  }

  /** Like {@link #parse}, from the attribute lists themselves. */
  public static AttributeSelection of(List<String> include, List<String> exclude, Set<String> fields, Set<String> excludable,
      Set<String> alwaysKept) {
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
    return new AttributeSelection(include, exclude, alwaysKept);
  }

  public boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  /**
   * Asks the store for the selected attributes instead of whole documents. {@code needed} are attributes the
   * answer's view reads besides the selected ones (they are fetched too). Returns true when the documents
   * will carry more than the answer shows, which {@link #apply} must then cut: an attribute only
   * {@code needed}, or an excluded {@code id} (the store always keeps it).
   */
  public boolean select(Query query, List<String> needed) {
    if (!include.isEmpty()) {
      List<String> paths = new ArrayList<>();
      for (String keep : alwaysKept) {
        if (!"id".equals(keep)) {
          add(paths, keep);
        }
      }
      include.forEach(path -> add(paths, path));
      boolean widened = false;
      for (String path : needed) {
        if (!covered(paths, path)) {
          paths.add(path);
          widened = true;
        }
      }
      query.include(paths.toArray(String[]::new));
      return widened;
    }
    // only top-level names are excluded from answers (see apply)
    String[] topLevel = exclude.stream().filter(a -> a.indexOf('.') < 0 && !"id".equals(a)).toArray(String[]::new);
    if (topLevel.length > 0) {
      query.exclude(topLevel);
    }
    return exclude.contains("id");
  }

  /** True when an included attribute is one of {@code paths}, lies within one or holds one. */
  public boolean touches(List<String> paths) {
    for (String attr : include) {
      for (String path : paths) {
        if (attr.equals(path) || within(attr, path) || within(path, attr)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds a path unless an added one holds it; one that holds added paths takes the place of the first of them
   * (where {@link #apply} would put it), so the store never gets overlapping paths.
   */
  private static void add(List<String> paths, String path) {
    if (covered(paths, path)) {
      return;
    }
    int at = -1;
    for (int i = paths.size() - 1; i >= 0; i--) {
      if (within(paths.get(i), path)) {
        paths.remove(i);
        at = i;
      }
    }
    if (at < 0) {
      paths.add(path);
    } else {
      paths.add(at, path);
    }
  }

  private static boolean covered(List<String> paths, String path) {
    for (String p : paths) {
      if (p.equals(path) || within(path, p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} lies inside {@code ancestor} ({@code action.ref} inside {@code action}). */
  private static boolean within(String path, String ancestor) {
    return path.length() > ancestor.length() && path.startsWith(ancestor) && path.charAt(ancestor.length()) == '.';
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
