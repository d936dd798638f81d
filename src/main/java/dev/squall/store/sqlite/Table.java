package dev.squall.store.sqlite;

import dev.squall.store.CollectionSpec;
import dev.squall.store.CollectionSpec.Field;
import dev.squall.util.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL shape of one collection: table {@code "c_<name>"} with {@code id}, {@code doc} and one typed
 * column {@code "f_<path>"} per declared field. Identifiers are always quoted, so any name is safe.
 */
final class Table {
  final CollectionSpec spec;
  final String name;
  final List<Field> fields;
  final String insertSql;
  final String upsertSql;
  final String getSql;
  final String deleteSql;

  Table(CollectionSpec spec) {
    this.spec = spec;
    this.name = quote("c_" + spec.name());
    this.fields = List.copyOf(spec.fields());
    String cols = fields.stream().map(f -> ", " + column(f.path())).collect(Collectors.joining());
    String marks = ", ?".repeat(fields.size());
    this.insertSql = "INSERT INTO " + name + " (id, doc" + cols + ") VALUES (?, ?" + marks + ")";
    this.upsertSql = insertSql + " ON CONFLICT(id) DO UPDATE SET doc = excluded.doc"
        + fields.stream().map(f -> ", " + column(f.path()) + " = excluded." + column(f.path()))
            .collect(Collectors.joining());
    this.getSql = "SELECT doc FROM " + name + " WHERE id = ?";
    this.deleteSql = "DELETE FROM " + name + " WHERE id = ?";
  }

  static String quote(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("NUL in SQL identifier");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The quoted column of a declared path, or {@code id}. */
  String column(String path) {
    return CollectionSpec.ID.path().equals(path) ? "id" : quote("f_" + path);
  }

  /** SQL for {@code UPDATE ... WHERE id = ? AND field IN (n values)} (plus {@code OR IS NULL}). */
  /** Position of a declared field among the row's values, or -1 for {@code id}. */
  int fieldIndex(String path) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).path().equals(path)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code json_patch} (RFC 7396 merge patch) of the stored document, plus the compared column. */
  String patchIfSql(String field, boolean setsField, int values, boolean orNull) {
    String key = "patch:" + field + ":" + setsField + ":" + values + ":" + orNull;
    return sqlCache.computeIfAbsent(key, k -> {
      String col = column(field);
      StringBuilder sql = new StringBuilder("UPDATE ").append(name).append(" SET doc = json_patch(doc, ?)");
      if (setsField) {
        sql.append(", ").append(col).append(" = ?");
      }
      sql.append(" WHERE id = ? AND (");
      appendExpected(sql, col, values, orNull);
      return sql.append(')').toString();
    });
  }

  private static void appendExpected(StringBuilder sql, String col, int values, boolean orNull) {
    if (values > 0) {
      sql.append(col).append(" IN (").append("?, ".repeat(values - 1)).append("?)");
    }
    if (orNull) {
      sql.append(values > 0 ? " OR " : "").append(col).append(" IS NULL");
    }
    if (values == 0 && !orNull) {
      sql.append("0");
    }
  }

  private final java.util.Map<String, String> sqlCache = new java.util.concurrent.ConcurrentHashMap<>();

  String replaceIfSql(String field, int values, boolean orNull) {
    return sqlCache.computeIfAbsent("replace:" + field + ":" + values + ":" + orNull,
        k -> buildReplaceIfSql(field, values, orNull));
  }

  private String buildReplaceIfSql(String field, int values, boolean orNull) {
    // only the document and the compared column are written: an UPDATE naming every column would rewrite
    // every index of the row, and a compare-and-set moves a status, nothing else that is indexed
    String col = column(field);
    StringBuilder sql = new StringBuilder("UPDATE ").append(name).append(" SET doc = ?");
    if (!"id".equals(field)) {
      sql.append(", ").append(col).append(" = ?");
    }
    sql.append(" WHERE id = ? AND (");
    appendExpected(sql, col, values, orNull);
    return sql.append(')').toString();
  }

  /** Statements that create the table, its missing columns and its indexes (idempotent). */
  List<String> ddl(List<String> existingColumns) {
    List<String> sql = new ArrayList<>();
    if (existingColumns.isEmpty()) {
      sql.add("CREATE TABLE IF NOT EXISTS " + name + " (id TEXT PRIMARY KEY, doc TEXT NOT NULL"
          + fields.stream().map(f -> ", " + column(f.path()) + " " + sqlType(f)).collect(Collectors.joining())
          + ")");
    } else {
      for (Field f : fields) {
        if (!existingColumns.contains("f_" + f.path())) {
          sql.add("ALTER TABLE " + name + " ADD COLUMN " + column(f.path()) + " " + sqlType(f));
        }
      }
    }
    for (Field f : fields) {
      if (!f.unique() && leadsCompoundIndex(f.path())) {
        continue; // the compound index serves lookups on its first column too
      }
      sql.add("CREATE " + (f.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS "
          + quote("ix_" + spec.name() + "_" + f.path()) + " ON " + name + " (" + column(f.path()) + ")");
    }
    for (List<String> paths : spec.compoundIndexes()) {
      paths.forEach(spec::queryable);
      sql.add("CREATE INDEX IF NOT EXISTS " + quote("ix_" + spec.name() + "_" + String.join(",", paths))
          + " ON " + name + " (" + paths.stream().map(this::column).collect(Collectors.joining(", ")) + ")");
    }
    return sql;
  }

  private boolean leadsCompoundIndex(String path) {
    return spec.compoundIndexes().stream().anyMatch(paths -> !paths.isEmpty() && paths.get(0).equals(path));
  }

  private static String sqlType(Field f) {
    return switch (f.type()) {
      case TEXT -> "TEXT";
      case NUMBER -> "NUMERIC";
      case BOOLEAN -> "INTEGER";
    };
  }

  /** A document ready for the writer: encoded now, so later changes by the caller do not leak in. */
  Row row(JsonObject doc) {
    if (!(doc.getValue("id") instanceof String id)) {
      throw new IllegalArgumentException("document without a string id for collection '" + spec.name() + "'");
    }
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = sqlValue(fields.get(i), Json.at(doc, fields.get(i).path()));
    }
    return new Row(id, doc.encode(), values);
  }

  /** The column value for a JSON value: null unless it has the field's type; booleans as 0/1. */
  static Object sqlValue(Field field, Object value) {
    return switch (field.type()) {
      case TEXT -> value instanceof String ? value : null;
      case BOOLEAN -> value instanceof Boolean b ? (b ? 1 : 0) : null;
      case NUMBER -> {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
          yield ((Number) value).longValue();
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
          yield ((Number) value).doubleValue();
        } else if (value instanceof Number n) {
          yield n.doubleValue();
        }
        yield null;
      }
    };
  }

  /** One encoded document. */
  record Row(String id, String json, Object[] values) {
  }
}
