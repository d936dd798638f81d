package dev.squall.store.sqlite;

import dev.squall.store.CollectionSpec.Field;
import dev.squall.store.Query;
import java.util.ArrayList;
import java.util.List;

/** A {@link Query} rendered as SQL text and positional parameters over a {@link Table}. */
record SqlQuery(String sql, List<Object> params) {

  static SqlQuery select(Table table, Query query) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT doc FROM ").append(table.name);
    where(table, query, sql, params);
    if (!query.sorts().isEmpty()) {
      sql.append(" ORDER BY ");
      for (int i = 0; i < query.sorts().size(); i++) {
        Query.Sort sort = query.sorts().get(i);
        table.spec.queryable(sort.field());
        sql.append(i > 0 ? ", " : "").append(table.column(sort.field())).append(sort.ascending() ? " ASC" : " DESC");
      }
    }
    if (query.limit() >= 0 || query.offset() > 0) {
      sql.append(" LIMIT ? OFFSET ?");
      params.add(query.limit() >= 0 ? query.limit() : -1);
      params.add(Math.max(0, query.offset()));
    }
    return new SqlQuery(sql.toString(), params);
  }

  static SqlQuery count(Table table, Query query) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(table.name);
    where(table, query, sql, params);
    return new SqlQuery(sql.toString(), params);
  }

  static SqlQuery delete(Table table, Query query) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.name);
    where(table, query, sql, params);
    return new SqlQuery(sql.toString(), params);
  }

  private static void where(Table table, Query query, StringBuilder sql, List<Object> params) {
    String glue = " WHERE ";
    for (Query.Filter filter : query.filters()) {
      Field field = table.spec.queryable(filter.field());
      String col = table.column(filter.field());
      sql.append(glue);
      glue = " AND ";
      if (filter instanceof Query.Eq eq) {
        if (eq.value() == null) {
          sql.append(col).append(" IS NULL");
        } else {
          comparison(sql, params, col, " = ", Table.sqlValue(field, eq.value()));
        }
      } else if (filter instanceof Query.In in) {
        List<Object> values = new ArrayList<>();
        boolean orNull = false;
        for (Object v : in.values()) {
          Object value = Table.sqlValue(field, v);
          if (v == null) {
            orNull = true;
          } else if (value != null) {
            values.add(value);
          }
        }
        sql.append('(');
        if (!values.isEmpty()) {
          sql.append(col).append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
          params.addAll(values);
        }
        if (orNull) {
          sql.append(values.isEmpty() ? "" : " OR ").append(col).append(" IS NULL");
        }
        sql.append(values.isEmpty() && !orNull ? "0)" : ")");
      } else if (filter instanceof Query.Range range) {
        sql.append('(');
        String inner = "";
        if (range.from() != null) {
          comparison(sql, params, col, range.inclusive() ? " >= " : " > ", Table.sqlValue(field, range.from()));
          inner = " AND ";
        }
        if (range.to() != null) {
          sql.append(inner);
          comparison(sql, params, col, range.inclusive() ? " <= " : " < ", Table.sqlValue(field, range.to()));
        }
        if (range.from() == null && range.to() == null) {
          sql.append("1");
        }
        sql.append(')');
      } else if (filter instanceof Query.IsNull) {
        sql.append(col).append(" IS NULL");
      } else {
        sql.append(col).append(" IS NOT NULL");
      }
    }
  }

  // A value of the wrong type can never equal a typed column: match nothing rather than compare to NULL.
  private static void comparison(StringBuilder sql, List<Object> params, String col, String op, Object value) {
    if (value == null) {
      sql.append('0');
    } else {
      sql.append(col).append(op).append('?');
      params.add(value);
    }
  }
}
