package dev.squall.store;

import java.util.List;
import java.util.Optional;

/**
 * A collection and the fields it is queried and sorted by. A field is a dotted path into the document
 * ({@code action.ref}); backends index each field (SQLite: a typed column plus an index; MongoDB: an
 * index). {@code ttlField}, when set, names a timestamp field after which documents may be purged.
 */
public record CollectionSpec(String name, List<Field> fields, List<List<String>> compoundIndexes) {

  /** A declared field. {@code unique} adds a unique index (null values are not constrained). */
  public record Field(String path, FieldType type, boolean unique) {
    public static Field text(String path) {
      return new Field(path, FieldType.TEXT, false);
    }

    public static Field number(String path) {
      return new Field(path, FieldType.NUMBER, false);
    }

    public static Field bool(String path) {
      return new Field(path, FieldType.BOOLEAN, false);
    }

    public static Field uniqueText(String path) {
      return new Field(path, FieldType.TEXT, true);
    }
  }

  /** Value kinds of declared fields. Timestamps are TEXT in API format (they sort as text). */
  public enum FieldType { TEXT, NUMBER, BOOLEAN }

  public static CollectionSpec of(String name, Field... fields) {
    return new CollectionSpec(name, List.of(fields), List.of());
  }

  /** Adds a compound index over declared fields, in order (e.g. a filter field then the sort field). */
  public CollectionSpec withIndex(String... paths) {
    var all = new java.util.ArrayList<>(compoundIndexes);
    all.add(List.of(paths));
    return new CollectionSpec(name, fields, List.copyOf(all));
  }

  public Optional<Field> field(String path) {
    return fields.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** The document key every collection has; always filterable and sortable. */
  public static final Field ID = new Field("id", FieldType.TEXT, true);

  /**
   * The declared field (or {@link #ID}) a query may filter or sort on.
   *
   * @throws IllegalArgumentException when the field is not declared: backends only query indexed fields
   */
  public Field queryable(String path) {
    if (ID.path().equals(path)) {
      return ID;
    }
    return field(path).orElseThrow(() -> new IllegalArgumentException(
        "field '" + path + "' is not declared for collection '" + name + "'"));
  }

  /** Checks every filter and sort field of the query (see {@link #queryable}). */
  public void check(Query query) {
    query.filters().forEach(f -> queryable(f.field()));
    query.sorts().forEach(s -> queryable(s.field()));
  }
}
