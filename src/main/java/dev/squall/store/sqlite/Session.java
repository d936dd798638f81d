package dev.squall.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** One connection and its prepared statements, cached by SQL text (so per collection and kind of op). */
final class Session implements AutoCloseable {
  private static final int CACHED = 256;
  final Connection connection;
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() > CACHED) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };

  Session(Connection connection) {
    this.connection = connection;
  }

  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs a fixed statement the writer repeats for every batch (BEGIN, COMMIT, savepoints): prepared once. */
  void repeat(String sql) throws SQLException {
    prepare(sql).execute();
  }

  /** Binds values in order: String, Long, Integer, Double or null. */
  static void bind(PreparedStatement statement, int first, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      bindOne(statement, first + i, values[i]);
    }
  }

  static void bindOne(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.NULL);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Integer n) {
      statement.setInt(index, n);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else {
      throw new IllegalArgumentException("unsupported SQL value " + value.getClass());
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing a cached statement cannot fail in a way the caller could act on
    }
  }

  @Override
  public void close() {
    statements.values().forEach(Session::closeQuietly);
    statements.clear();
    closeQuietly(connection);
  }
}
