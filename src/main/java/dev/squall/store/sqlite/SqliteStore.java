package dev.squall.store.sqlite;

import dev.squall.error.Conflict;
import dev.squall.store.CollectionSpec;
import dev.squall.store.CollectionSpec.Field;
import dev.squall.store.DocumentStore;
import dev.squall.store.Projection;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded {@link DocumentStore}: one SQLite file in WAL mode. Writes go to a single writer thread
 * that group-commits many callers' ops per transaction and completes them after the commit; reads run on
 * a few reader threads with their own connections. Documents are stored as JSON text beside one typed,
 * indexed column per declared field. No JDBC call ever runs on the caller's thread.
 */
public final class SqliteStore implements DocumentStore {
  private final Path file;
  private final Writer writer;
  private final Readers readers;
  private final Checkpointer checkpointer;
  private final Map<String, Table> tables = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Future<Void> closing;

  public SqliteStore(Vertx vertx, Path file) {
    this(vertx, file, SqliteStoreOptions.defaults());
  }

  public SqliteStore(Vertx vertx, Path file, SqliteStoreOptions options) {
    this.file = file;
    this.writer = new Writer(file, options);
    this.readers = new Readers(file, options);
    this.checkpointer = new Checkpointer(file, options, writer);
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public Future<Void> open(Collection<CollectionSpec> specs) {
    List<Table> opened;
    try {
      opened = specs.stream().map(Table::new).toList();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return this.<Void>write(session -> {
      for (Table table : opened) {
        for (String ddl : table.ddl(columns(session, table))) {
          session.execute(ddl);
        }
      }
      return null;
    }, 1, true).map(v -> {
      opened.forEach(t -> tables.put(t.spec.name(), t));
      return null;
    });
  }

  @Override
  public Future<Void> insert(String collection, JsonObject doc) {
    return rowWrite(collection, List.of(doc), false);
  }

  @Override
  public Future<Void> insertMany(String collection, List<JsonObject> docs) {
    return docs.isEmpty() ? Future.succeededFuture() : rowWrite(collection, docs, false);
  }

  @Override
  public Future<Void> upsert(String collection, JsonObject doc) {
    return rowWrite(collection, List.of(doc), true);
  }

  private Future<Void> rowWrite(String collection, List<JsonObject> docs, boolean upsert) {
    Table table;
    List<Table.Row> rows = new ArrayList<>(docs.size());
    try {
      table = table(collection);
      docs.forEach(d -> rows.add(table.row(d)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String sql = upsert ? table.upsertSql : table.insertSql;
    return write(session -> {
      PreparedStatement statement = session.prepare(sql);
      if (rows.size() == 1) {
        bindRow(statement, rows.get(0));
        try {
          statement.executeUpdate();
        } catch (SQLException e) {
          throw conflictOr(session, table, rows.get(0), e);
        }
        return null;
      }
      // JDBC batches cost far less per row with sqlite-jdbc than one executeUpdate per row
      for (Table.Row row : rows) {
        bindRow(statement, row);
        statement.addBatch();
      }
      session.repeat("SAVEPOINT batch");
      try {
        statement.executeBatch();
        session.repeat("RELEASE batch");
      } catch (SQLException e) {
        statement.clearBatch();
        session.repeat("ROLLBACK TO batch");
        session.repeat("RELEASE batch");
        throw culprit(session, table, sql, rows, e);
      }
      return null;
    }, rows.size(), rows.size() > 1);
  }

  private static void bindRow(PreparedStatement statement, Table.Row row) throws SQLException {
    statement.setString(1, row.id());
    statement.setString(2, row.json());
    Session.bind(statement, 3, row.values());
  }

  /** Replays a failed batch row by row under a savepoint to name the row that failed, then undoes it. */
  private static Exception culprit(Session session, Table table, String sql, List<Table.Row> rows,
      SQLException batchFailure) throws SQLException {
    PreparedStatement statement = session.prepare(sql);
    session.repeat("SAVEPOINT probe");
    try {
      for (Table.Row row : rows) {
        bindRow(statement, row);
        try {
          statement.executeUpdate();
        } catch (SQLException e) {
          return conflictOr(session, table, row, e);
        }
      }
      return batchFailure;
    } finally {
      session.repeat("ROLLBACK TO probe");
      session.repeat("RELEASE probe");
    }
  }

  @Override
  public Future<Boolean> replaceIf(String collection, JsonObject doc, String field, Collection<?> expected) {
    Table table;
    Table.Row row;
    List<Object> values = new ArrayList<>();
    boolean orNull = false;
    String sql;
    try {
      table = table(collection);
      row = table.row(doc);
      Field declared = table.spec.queryable(field);
      orNull = expectedValues(declared, expected, values);
      sql = table.replaceIfSql(field, values.size(), orNull);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(session -> {
      PreparedStatement statement = session.prepare(sql);
      statement.setString(1, row.json());
      int next = 2;
      int column = table.fieldIndex(field);
      if (column >= 0) {
        Session.bind(statement, 2, new Object[] {row.values()[column]});
        next = 3;
      }
      statement.setString(next, row.id());
      Session.bind(statement, next + 1, values.toArray());
      try {
        return statement.executeUpdate() > 0;
      } catch (SQLException e) {
        throw conflictOr(session, table, row, e);
      }
    }, 1, false);
  }

  @Override
  public Future<Boolean> patchIf(String collection, String id, JsonObject patch, String field,
      Collection<?> expected) {
    Table table;
    Object fieldValue;
    boolean setsField;
    List<Object> values = new ArrayList<>();
    boolean orNull = false;
    String sql;
    String patchJson;
    try {
      table = table(collection);
      Field declared = table.spec.queryable(field);
      orNull = expectedValues(declared, expected, values);
      setsField = !"id".equals(field) && patch.containsKey(field) && field.indexOf('.') < 0;
      fieldValue = setsField ? Table.sqlValue(declared, patch.getValue(field)) : null;
      sql = table.patchIfSql(field, setsField, values.size(), orNull);
      patchJson = patch.encode();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(session -> {
      PreparedStatement statement = session.prepare(sql);
      statement.setString(1, patchJson);
      int next = 2;
      if (setsField) {
        Session.bind(statement, next, new Object[] {fieldValue});
        next++;
      }
      statement.setString(next, id);
      Session.bind(statement, next + 1, values.toArray());
      return statement.executeUpdate() > 0;
    }, 1, false);
  }

  /** The SQL values a compare-and-set accepts; true when null (an absent field) is accepted too. */
  private static boolean expectedValues(Field declared, Collection<?> expected, List<Object> into) {
    boolean orNull = false;
    for (Object v : expected) {
      Object value = Table.sqlValue(declared, v);
      if (v == null) {
        orNull = true;
      } else if (value != null) {
        into.add(value);
      }
    }
    return orNull;
  }

  @Override
  public Future<JsonObject> get(String collection, String id) {
    Table table;
    try {
      table = table(collection);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return readers.submit(session -> {
      PreparedStatement statement = session.prepare(table.getSql);
      statement.setString(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new JsonObject(rs.getString(1)) : null;
      }
    });
  }

  @Override
  public Future<List<JsonObject>> find(String collection, Query query) {
    SqlQuery sql;
    try {
      sql = SqlQuery.select(table(collection), query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    boolean project = Projection.wanted(query);
    return readers.submit(session -> {
      PreparedStatement statement = session.prepare(sql.sql());
      Session.bind(statement, 1, sql.params().toArray());
      List<JsonObject> docs = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          JsonObject doc = new JsonObject(rs.getString(1));
          docs.add(project ? Projection.apply(doc, query) : doc);
        }
      }
      return docs;
    });
  }

  @Override
  public Future<Long> count(String collection, Query query) {
    SqlQuery sql;
    try {
      sql = SqlQuery.count(table(collection), query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return readers.submit(session -> {
      PreparedStatement statement = session.prepare(sql.sql());
      Session.bind(statement, 1, sql.params().toArray());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public Future<Boolean> delete(String collection, String id) {
    Table table;
    try {
      table = table(collection);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(session -> {
      PreparedStatement statement = session.prepare(table.deleteSql);
      statement.setString(1, id);
      return statement.executeUpdate() > 0;
    }, 1, false);
  }

  @Override
  public Future<Long> deleteMany(String collection, Query query) {
    SqlQuery sql;
    try {
      sql = SqlQuery.delete(table(collection), query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(session -> {
      PreparedStatement statement = session.prepare(sql.sql());
      Session.bind(statement, 1, sql.params().toArray());
      return (long) statement.executeUpdate();
    }, 1, false);
  }

  @Override
  public boolean writable() {
    return writer.writable();
  }

  @Override
  public dev.squall.store.WriterStats writerStats() {
    return writer;
  }

  @Override
  public Future<Void> close() {
    if (closed.compareAndSet(false, true)) {
      Delivery<Void> done = new Delivery<>();
      closing = done.future();
      checkpointer.stop();
      writer.stop(() -> {
        readers.shutdown();
        done.succeed(null);
      });
    }
    return closing;
  }

  private <T> Future<T> write(WriteOp.Work<T> work, int size, boolean atomic) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("store is closed"));
    }
    WriteOp<T> op = new WriteOp<>(work, size, atomic);
    writer.submit(op);
    return op.delivery.future();
  }

  private Table table(String collection) {
    Table table = tables.get(collection);
    if (table == null) {
      throw new IllegalArgumentException("collection '" + collection + "' is not open");
    }
    return table;
  }

  private static List<String> columns(Session session, Table table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (var statement = session.connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table.name + ")")) {
      while (rs.next()) {
        names.add(rs.getString("name"));
      }
    }
    return names;
  }

  /** A duplicate id or unique value becomes a Conflict naming the document already holding it. */
  private static Exception conflictOr(Session session, Table table, Table.Row row, SQLException e) {
    if (!(e instanceof SQLiteException sqlite) || !isUniqueViolation(sqlite)) {
      return e;
    }
    try {
      for (int i = 0; i < table.fields.size(); i++) {
        Field field = table.fields.get(i);
        if (field.unique() && row.values()[i] != null) {
          String holder = holder(session, table, field, row);
          if (holder != null) {
            return new Conflict("'" + field.path() + "' value already used by '" + holder + "' in "
                + table.spec.name(), holder);
          }
        }
      }
    } catch (SQLException lookup) {
      e.addSuppressed(lookup);
    }
    return new Conflict("id '" + row.id() + "' already exists in " + table.spec.name(), row.id());
  }

  private static boolean isUniqueViolation(SQLiteException e) {
    SQLiteErrorCode code = e.getResultCode();
    return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        || (code == SQLiteErrorCode.SQLITE_CONSTRAINT && String.valueOf(e.getMessage()).contains("UNIQUE"));
  }

  private static String holder(Session session, Table table, Field field, Table.Row row) throws SQLException {
    PreparedStatement statement = session.prepare("SELECT id FROM " + table.name + " WHERE "
        + table.column(field.path()) + " = ? AND id <> ?");
    Session.bindOne(statement, 1, row.values()[table.fields.indexOf(field)]);
    statement.setString(2, row.id());
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
