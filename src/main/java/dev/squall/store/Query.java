package dev.squall.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Filters (all must hold), sort keys, offset and limit over declared fields; {@code id} is always
 * filterable and sortable. Built fluently: {@code Query.where().eq("status", "running").sortDesc("start_timestamp").limit(50)}.
 */
public final class Query {

  /** One condition on a field. */
  public sealed interface Filter permits Eq, In, Range, IsNull, NotNull {
    String field();
  }

  public record Eq(String field, Object value) implements Filter {
  }

  public record In(String field, List<?> values) implements Filter {
  }

  /** Bounds may be null (open); {@code inclusive} applies to both bounds present. */
  public record Range(String field, Object from, Object to, boolean inclusive) implements Filter {
  }

  public record IsNull(String field) implements Filter {
  }

  public record NotNull(String field) implements Filter {
  }

  public record Sort(String field, boolean ascending) {
  }

  private final List<Filter> filters = new ArrayList<>();
  private final List<Sort> sorts = new ArrayList<>();
  private final List<String> include = new ArrayList<>();
  private final List<String> exclude = new ArrayList<>();
  private int offset;
  private int limit = -1;

  public static Query where() {
    return new Query();
  }

  public static Query all() {
    return new Query();
  }

  public Query eq(String field, Object value) {
    filters.add(new Eq(field, value));
    return this;
  }

  public Query in(String field, Collection<?> values) {
    filters.add(new In(field, List.copyOf(values)));
    return this;
  }

  /** from &lt; field &lt; to, either bound may be null. */
  public Query between(String field, Object from, Object to) {
    filters.add(new Range(field, from, to, false));
    return this;
  }

  /** from &lt;= field &lt;= to, either bound may be null. */
  public Query within(String field, Object from, Object to) {
    filters.add(new Range(field, from, to, true));
    return this;
  }

  public Query isNull(String field) {
    filters.add(new IsNull(field));
    return this;
  }

  public Query notNull(String field) {
    filters.add(new NotNull(field));
    return this;
  }

  public Query sortAsc(String field) {
    sorts.add(new Sort(field, true));
    return this;
  }

  public Query sortDesc(String field) {
    sorts.add(new Sort(field, false));
    return this;
  }

  public Query offset(int offset) {
    this.offset = offset;
    return this;
  }

  /** Negative means no limit. */
  public Query limit(int limit) {
    this.limit = limit;
    return this;
  }

  /**
   * Projection: return only these (dotted) paths, plus {@code id}. Applies to {@code find}; any path may be
   * named, declared or not. When both are given, {@link #include} wins.
   */
  public Query include(String... paths) {
    include.addAll(List.of(paths));
    return this;
  }

  /** Projection: return documents without these (dotted) paths; {@code id} is always kept. */
  public Query exclude(String... paths) {
    exclude.addAll(List.of(paths));
    return this;
  }

  public List<String> included() {
    return include;
  }

  public List<String> excluded() {
    return exclude;
  }

  public List<Filter> filters() {
    return filters;
  }

  public List<Sort> sorts() {
    return sorts;
  }

  public int offset() {
    return offset;
  }

  public int limit() {
    return limit;
  }
}
