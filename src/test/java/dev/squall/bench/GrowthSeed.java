package dev.squall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk-seeds history into a stopped server's SQLite file: {@code --executions} copies of its latest
 * succeeded {@code core.noop} execution and {@code --trigger-instances} copies of the trigger instance that
 * caused it, with fresh ids and timestamps spread over the 30 days before now. Columns are filled the way the
 * server fills them: every {@code f_<path>} column from that dotted path of the document. Ids keep the
 * server's shape (4 bytes of seconds, 5 fixed bytes, 3 bytes of counter) with a fixed middle no server
 * process draws. Arguments: {@code --db FILE --executions N --trigger-instances N}.
 */
public final class GrowthSeed {
  private static final int BATCH = 20_000;
  private static final String MIDDLE = "be0c5eed00";

  private GrowthSeed() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int executions = options.integer("executions", 1_000_000);
    int instances = options.integer("trigger-instances", executions);
    long started = System.nanoTime();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + options.required("db"))) {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA cache_size=-262144");
      }
      JsonObject execution = template(db,
          "SELECT doc FROM c_executions WHERE \"f_action.ref\" = 'core.noop' AND f_status = 'succeeded'"
              + " AND json_extract(doc, '$.trigger_instance.id') IS NOT NULL ORDER BY f_start_timestamp DESC LIMIT 1");
      String instanceId = execution.getJsonObject("trigger_instance").getString("id");
      JsonObject instance = template(db, "SELECT doc FROM c_trigger_instances WHERE id = '" + instanceId + "'");
      db.setAutoCommit(false);
      seed(db, "c_trigger_instances", instances, (doc, at) -> doc
          .put("occurrence_time", at.toString())
          .put("status", "processed"), instance);
      seed(db, "c_executions", executions, (doc, at) -> {
        String end = at.plusMillis(40).toString();
        doc.getJsonObject("liveaction").put("id", doc.getString("id").substring(0, 8) + "be0c5eed01"
            + doc.getString("id").substring(18));
        doc.put("start_timestamp", at.toString()).put("end_timestamp", end);
        JsonArray log = doc.getJsonArray("log");
        for (int i = 0; i < log.size(); i++) {
          log.getJsonObject(i).put("timestamp", at.plusMillis(i * 10L).toString());
        }
        return doc;
      }, execution);
    }
    System.out.println("RESULT " + WebhookLoad.fields("executions", executions, "trigger_instances", instances,
        "seconds", WebhookLoad.fmt((System.nanoTime() - started) / 1e9)));
  }

  private interface Stamp {
    JsonObject apply(JsonObject doc, Instant at);
  }

  private static JsonObject template(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
      if (!r.next()) {
        throw new IllegalStateException("no template row for: " + sql);
      }
      return new JsonObject(r.getString(1));
    }
  }

  private static void seed(Connection db, String table, int count, Stamp stamp, JsonObject template) throws Exception {
    List<String> fields = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
      while (r.next()) {
        String name = r.getString("name");
        if (name.startsWith("f_")) {
          fields.add(name.substring(2));
        }
      }
    }
    StringBuilder sql = new StringBuilder("INSERT INTO \"" + table + "\" (id, doc");
    fields.forEach(f -> sql.append(", \"f_").append(f).append('"'));
    sql.append(") VALUES (?, ?").append(", ?".repeat(fields.size())).append(')');
    Instant newest = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
    long spanMicros = 30L * 24 * 3600 * 1_000_000;
    try (PreparedStatement insert = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < count; i++) {
        Instant at = newest.minus(spanMicros - spanMicros * i / count, ChronoUnit.MICROS);
        String id = id(at, i);
        JsonObject doc = stamp.apply(template.copy().put("id", id), at);
        insert.setString(1, id);
        insert.setString(2, doc.encode());
        for (int f = 0; f < fields.size(); f++) {
          Object v = path(doc, fields.get(f));
          insert.setObject(f + 3, v instanceof Boolean b ? (b ? 1 : 0) : v instanceof String || v == null ? v : String.valueOf(v));
        }
        insert.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == count) {
          insert.executeBatch();
          db.commit();
        }
      }
    }
  }

  private static Object path(JsonObject doc, String dotted) {
    Object at = doc;
    for (String part : dotted.split("\\.")) {
      if (!(at instanceof JsonObject o)) {
        return null;
      }
      at = o.getValue(part);
    }
    return at instanceof JsonObject || at instanceof JsonArray ? null : at;
  }

  private static String id(Instant at, int counter) {
    return String.format("%08x%s%06x", at.getEpochSecond(), MIDDLE, counter & 0xffffff);
  }
}
