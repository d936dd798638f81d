package dev.squall.store;

import dev.squall.store.sqlite.SqliteStore;
import dev.squall.store.sqlite.SqliteStoreOptions;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Measures the SQLite store with execution-shaped documents: batched insert throughput, then the latency
 * of the listing and count queries the API serves. Not a test; run through {@code bench/store-bench}.
 * Arguments: [documents] [insertMany size] [runs] [group commit cap]; or the environment variables
 * STORE_BENCH_DOCS / STORE_BENCH_BATCH / STORE_BENCH_RUNS / STORE_BENCH_MAX_BATCH.
 */
public final class StoreBench {
  private static final String EXECUTIONS = "executions";
  private static final int REFS = 200;
  private static final int IN_FLIGHT = 4;

  public static void main(String[] args) throws Exception {
    int docs = intArg(args, 0, "STORE_BENCH_DOCS", 1_000_000);
    int batch = intArg(args, 1, "STORE_BENCH_BATCH", 1000);
    int runs = intArg(args, 2, "STORE_BENCH_RUNS", 200);
    int maxBatch = intArg(args, 3, "STORE_BENCH_MAX_BATCH", SqliteStoreOptions.DEFAULT_MAX_BATCH_DOCS);
    Path dir = Files.createTempDirectory("squall-store-bench");
    Path file = dir.resolve("bench.db");
    Vertx vertx = Vertx.vertx();
    SqliteStore store = new SqliteStore(vertx, file, new SqliteStoreOptions(maxBatch,
        SqliteStoreOptions.DEFAULT_READER_THREADS, SqliteStoreOptions.DEFAULT_BUSY_TIMEOUT_MS));
    try {
      await(store.open(List.of(new CollectionSpec(EXECUTIONS, List.of(
          CollectionSpec.Field.text("status"),
          CollectionSpec.Field.text("action.ref"),
          CollectionSpec.Field.text("parent"),
          CollectionSpec.Field.text("start_timestamp"),
          CollectionSpec.Field.text("context.user")), List.of())
          .withIndex("parent", "start_timestamp")
          .withIndex("action.ref", "start_timestamp"))));

      System.out.printf("inserting %,d execution documents via insertMany(%,d docs), %d calls in flight,"
        + " group commit cap %,d docs, into %s%n", docs, batch, IN_FLIGHT, maxBatch, file);
      long started = System.nanoTime();
      long bytes = insert(store, docs, batch);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("insertMany: %,d docs (avg %d bytes) in %.1f s = %,.0f docs/s; file %,d MB%n%n",
          docs, bytes / Math.max(1, docs), seconds, docs / seconds, fileSize(dir) / (1024 * 1024));

      Random random = new Random(7);
      System.out.printf("%-52s %10s %10s %10s%n", "query (" + runs + " runs)", "median ms", "p99 ms", "rows");
      time("page of 50: parent null, start_timestamp desc", runs, () -> store.find(EXECUTIONS,
          Query.where().isNull("parent").sortDesc("start_timestamp").limit(50)).map(l -> (long) l.size()));
      time("page of 50: action.ref eq, start_timestamp desc", runs, () -> store.find(EXECUTIONS,
          Query.where().eq("action.ref", ref(random.nextInt(REFS))).sortDesc("start_timestamp").limit(50))
          .map(l -> (long) l.size()));
      time("page of 50, offset 1000: parent null, desc", runs, () -> store.find(EXECUTIONS,
          Query.where().isNull("parent").sortDesc("start_timestamp").offset(1000).limit(50)).map(l -> (long) l.size()));
      time("get by id", runs, () -> store.get(EXECUTIONS, "bench-" + random.nextInt(docs)).map(d -> d == null ? 0L : 1L));
      time("count: status = failed (10%)", runs, () -> store.count(EXECUTIONS, Query.where().eq("status", "failed")));
      time("count: status = succeeded (80%)", runs, () -> store.count(EXECUTIONS, Query.where().eq("status", "succeeded")));
      time("count: parent null (90%)", runs, () -> store.count(EXECUTIONS, Query.where().isNull("parent")));
    } finally {
      await(store.close());
      await(vertx.close());
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  // Keeps a few insertMany calls in flight, as concurrent API requests would, so group commits overlap.
  private static long insert(SqliteStore store, int docs, int batch) throws InterruptedException {
    Semaphore window = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    Random random = new Random(42);
    long bytes = 0;
    for (int from = 0; from < docs && failure.get() == null; from += batch) {
      List<JsonObject> chunk = new ArrayList<>(batch);
      for (int i = from; i < Math.min(docs, from + batch); i++) {
        JsonObject doc = execution(i, start, random);
        if (i < 1000) {
          bytes += doc.encode().length();
        }
        chunk.add(doc);
      }
      window.acquire();
      store.insertMany(EXECUTIONS, chunk).onComplete(ar -> {
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
        }
        window.release();
      });
    }
    window.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("insert failed", failure.get());
    }
    return bytes * docs / Math.max(1, Math.min(docs, 1000)); // extrapolated from the first thousand
  }

  private static JsonObject execution(int i, Instant start, Random random) {
    String ref = ref(random.nextInt(REFS));
    int roll = random.nextInt(100);
    String status = roll < 80 ? "succeeded" : roll < 90 ? "failed" : roll < 95 ? "running" : "scheduled";
    String started = Times.format(start.plusMillis(i * 37L));
    JsonObject doc = new JsonObject()
        .put("id", "bench-" + i)
        .put("status", status)
        .put("action", new JsonObject().put("ref", ref).put("uid", "action:" + ref.replace('.', ':'))
            .put("runner_type", "local-shell-cmd"))
        .put("runner", new JsonObject().put("name", "local-shell-cmd"))
        .put("parameters", new JsonObject().put("cmd", "echo run " + i).put("timeout", 60))
        .put("start_timestamp", started)
        .put("end_timestamp", Times.format(start.plusMillis(i * 37L + 250)))
        .put("elapsed_seconds", 0.25)
        .put("context", new JsonObject().put("user", "user" + random.nextInt(20))
            .put("trace_context", new JsonObject().put("id_", Ids.next()).put("trace_tag", "bench")))
        .put("liveaction", new JsonObject().put("id", Ids.next()).put("action_is_workflow", false))
        .put("result", new JsonObject().put("failed", "failed".equals(status)).put("succeeded", "succeeded".equals(status))
            .put("return_code", "failed".equals(status) ? 1 : 0).put("stdout", "run " + i + " done").put("stderr", ""))
        .put("log", List.of(new JsonObject().put("status", "requested").put("timestamp", started)));
    if (random.nextInt(10) == 0) {
      doc.put("parent", "bench-" + random.nextInt(Math.max(1, i)));
    }
    return doc;
  }

  private static String ref(int n) {
    return "pack" + (n % 20) + ".action" + n;
  }

  private static void time(String name, int runs, Supplier<Future<Long>> query) {
    for (int i = 0; i < Math.min(20, runs); i++) {
      await(query.get());
    }
    double[] millis = new double[runs];
    long rows = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      rows = await(query.get());
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(millis);
    System.out.printf("%-52s %10.3f %10.3f %10d%n", name, millis[runs / 2],
        millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)], rows);
  }

  private static long fileSize(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static int intArg(String[] args, int index, String env, int fallback) {
    String text = args.length > index ? args[index] : System.getenv(env);
    return text == null || text.isBlank() ? fallback : Integer.parseInt(text.replace("_", "").trim());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private StoreBench() {
  }
}
