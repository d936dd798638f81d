package dev.squall.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end load: webhooks {@code {"n": i}} posted to a rule that runs {@code core.noop}.
 * <ul>
 * <li>{@code --mode flat}: {@code --connections} requests in flight for {@code --warmup + --seconds}; the
 * completion rate is the growth of the succeeded-execution count ({@code X-Total-Count}) over the last
 * {@code --seconds}; then waits until every accepted webhook has a succeeded execution.</li>
 * <li>{@code --mode rate}: an open-loop schedule of {@code --rate} webhooks/s while one SSE subscriber on
 * {@code st2.execution__update} matches each {@code succeeded} event to its webhook through the {@code n} the
 * execution's trigger instance carries; latency runs from the scheduled send time (so a stalled server
 * cannot hide queueing) to the event's arrival.</li>
 * </ul>
 * All state lives on the client's single event loop. Prints one line {@code RESULT key=value ...}.
 */
public final class WebhookLoad {
  private final Options options;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Context context = vertx.getOrCreateContext();
  private final String host;
  private final int port;
  private final String path;
  private final Api api;
  private final String countQuery;
  private final long firstN;
  private HttpClient client;
  private long sent;
  private long accepted;
  private long rejected;
  private long failed;
  private String firstFailure;

  private WebhookLoad(Options options) {
    this.options = options;
    URI base = URI.create(options.required("base"));
    host = base.getHost();
    port = base.getPort();
    path = options.text("path", "/api/v1/webhooks/e2e");
    api = new Api(options.required("base"));
    countQuery = options.text("count", "/api/v1/executions?action=core.noop&status=succeeded");
    firstN = options.integer("first-n", 0);
  }

  public static void main(String[] args) throws Exception {
    WebhookLoad load = new WebhookLoad(new Options(args));
    try {
      String result = "rate".equals(load.options.text("mode", "flat")) ? load.rate() : load.flat();
      System.out.println("RESULT " + result);
    } finally {
      load.vertx.close().await();
    }
  }

  private HttpClient client(int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Posts webhook n; completes with the status (0 for a transport failure). */
  private Future<Integer> post(long n) {
    sent++;
    RequestOptions request = Credentials.webhook(new RequestOptions().setMethod(HttpMethod.POST).setHost(host)
        .setPort(port).setURI(path).putHeader("Content-Type", "application/json"));
    return client.request(request)
        .compose(req -> req.send(Buffer.buffer("{\"n\":" + n + "}")))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .otherwise(e -> {
          if (firstFailure == null) {
            firstFailure = String.valueOf(e.getMessage());
          }
          return 0;
        })
        .onSuccess(status -> {
          if (status == 202) {
            accepted++;
          } else if (status == 0) {
            failed++;
          } else {
            rejected++;
            if (firstFailure == null) {
              firstFailure = "HTTP " + status;
            }
          }
        });
  }

  private String flat() throws Exception {
    int connections = options.integer("connections", 64);
    double warmup = options.decimal("warmup", 2);
    double seconds = options.decimal("seconds", 10);
    double drainSeconds = options.decimal("drain-seconds", 120);
    client = client(connections);
    long before = api.count(countQuery);
    long start = System.nanoTime();
    long end = start + (long) ((warmup + seconds) * 1e9);
    Promise<Void> done = Promise.promise();
    long[] next = {firstN};
    int[] running = {connections};
    context.runOnContext(v -> {
      for (int c = 0; c < connections; c++) {
        loop(next, end, running, done);
      }
    });
    sleepUntil(start + (long) (warmup * 1e9));
    long windowStart = System.nanoTime();
    long countStart = api.count(countQuery);
    sleepUntil(end);
    long windowEnd = System.nanoTime();
    long countEnd = api.count(countQuery);
    done.future().await();
    long loadEnd = System.nanoTime();
    long acceptedTotal = onContext(() -> accepted);
    long completed = drain(before, acceptedTotal, drainSeconds);
    long drained = System.nanoTime();
    double windowSeconds = (windowEnd - windowStart) / 1e9;
    return fields(
        "mode", "flat",
        "sent", onContext(() -> sent), "accepted", acceptedTotal, "rejected", onContext(() -> rejected),
        "failed", onContext(() -> failed),
        "ingest_per_s", fmt(acceptedTotal / ((loadEnd - start) / 1e9)),
        "completed_per_s", fmt((countEnd - countStart) / windowSeconds),
        "completed", completed,
        "overall_per_s", fmt(completed / ((drained - start) / 1e9)),
        "drain_s", fmt((drained - loadEnd) / 1e9),
        "drained", completed >= acceptedTotal,
        "first_failure", firstFailure == null ? "-" : firstFailure.replace(' ', '_'));
  }

  private void loop(long[] next, long end, int[] running, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (--running[0] == 0) {
        done.complete();
      }
      return;
    }
    post(next[0]++).onComplete(r -> loop(next, end, running, done));
  }

  /** Polls the succeeded count until it covers every accepted webhook, stalls for 30 s, or the deadline. */
  private long drain(long before, long expected, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long last = -1;
    long lastProgress = System.nanoTime();
    while (true) {
      long done = api.count(countQuery) - before;
      if (done >= expected || System.nanoTime() > deadline) {
        return done;
      }
      if (done != last) {
        last = done;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > 30e9) {
        return done;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  private String rate() throws Exception {
    double rate = options.decimal("rate", 1000);
    double seconds = options.decimal("seconds", 10);
    double warmup = options.decimal("warmup", 0);
    double drainSeconds = options.decimal("drain-seconds", 60);
    int total = (int) Math.round(rate * (warmup + seconds));
    // webhooks of the warm-up (this JVM's and the server's JIT) are checked like the rest but not timed
    int timedFrom = (int) Math.round(rate * warmup);
    client = client(options.integer("connections", 32));
    long[] scheduled = new long[total];
    BitSet acceptedSet = new BitSet(total);
    BitSet seen = new BitSet(total);
    Latencies latencies = new Latencies();
    Latencies acks = new Latencies();
    long[] issueEnd = {0};
    long[] odd = new long[2]; // [duplicates, events for webhooks not in this run]
    HttpClient streamClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    onContextAsync(() -> StreamSubscriber.open(streamClient, host, port, "st2.execution__update", data -> {
      long arrival = System.nanoTime();
      if (!"succeeded".equals(ExecutionEvents.status(data))) {
        return;
      }
      long n = ExecutionEvents.webhookN(data) - firstN;
      if (n < 0 || n >= total) {
        odd[1]++;
      } else if (seen.get((int) n)) {
        odd[0]++;
      } else {
        seen.set((int) n);
        if (n >= timedFrom) {
          latencies.add(arrival - scheduled[(int) n]);
        }
      }
    }));
    long start = System.nanoTime() + 20_000_000L;
    long startWallMs = System.currentTimeMillis() + 20;
    java.util.Map<Integer, long[]> slowBySecond = new java.util.TreeMap<>(); // second -> [slow acks, max ms]
    double interval = 1e9 / rate;
    for (int i = 0; i < total; i++) {
      scheduled[i] = start + (long) (i * interval);
    }
    Promise<Void> allAnswered = Promise.promise();
    int[] issued = {0};
    int[] answered = {0};
    context.runOnContext(v -> vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (issued[0] < total && scheduled[issued[0]] <= now) {
        int i = issued[0]++;
        post(firstN + i).onSuccess(status -> {
          if (i >= timedFrom) {
            long ack = System.nanoTime() - scheduled[i];
            acks.add(ack);
            if (ack > 200_000_000L) {
              long[] slot = slowBySecond.computeIfAbsent((int) ((scheduled[i] - start) / 1_000_000_000L), k -> new long[2]);
              slot[0]++;
              slot[1] = Math.max(slot[1], ack / 1_000_000);
            }
          }
          if (status == 202) {
            acceptedSet.set(i);
          }
          if (++answered[0] == total) {
            allAnswered.complete();
          }
        });
      }
      if (issued[0] == total) {
        issueEnd[0] = now;
        vertx.cancelTimer(id);
      }
    }));
    allAnswered.future().await();
    long sendEnd = System.nanoTime();
    long deadline = sendEnd + (long) (drainSeconds * 1e9);
    while (System.nanoTime() < deadline && onContext(() -> {
      BitSet missing = (BitSet) acceptedSet.clone();
      missing.andNot(seen);
      return missing.cardinality();
    }) > 0) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return onContext(() -> {
      BitSet missing = (BitSet) acceptedSet.clone();
      missing.andNot(seen);
      return fields(
          "mode", "rate",
          "offered_per_s", fmt(total / ((issueEnd[0] - start) / 1e9)), "timed", total - timedFrom,
          "sent", sent, "accepted", accepted, "rejected", rejected, "failed", failed,
          "succeeded_seen", seen.cardinality(), "missing", missing.cardinality(),
          "duplicates", odd[0], "foreign", odd[1],
          "p50_ms", fmt(latencies.percentileMillis(50)), "p99_ms", fmt(latencies.percentileMillis(99)),
          "max_ms", fmt(latencies.maxMillis()),
          "ack_p50_ms", fmt(acks.percentileMillis(50)), "ack_p99_ms", fmt(acks.percentileMillis(99)),
          "first_failure", firstFailure == null ? "-" : firstFailure.replace(' ', '_'),
          "slow_acks", slowBySecond.isEmpty() ? "-" : slowBySecond.entrySet().stream()
              .map(e -> "t+" + e.getKey() + "s@" + java.time.Instant.ofEpochMilli(startWallMs + e.getKey() * 1000L)
                  .toString().substring(11, 19) + ":" + e.getValue()[0] + "x<=" + e.getValue()[1] + "ms")
              .collect(java.util.stream.Collectors.joining(",")));
    });
  }

  /** Runs a read of loop-confined state on the client's event loop and waits for it. */
  private <T> T onContext(java.util.concurrent.Callable<T> read) throws Exception {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        p.complete(read.call());
      } catch (Exception e) {
        p.fail(e);
      }
    });
    return p.future().await();
  }

  /** Starts asynchronous work on the client's event loop and waits for its result. */
  private <T> T onContextAsync(java.util.function.Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future().await();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String fields(Object... kv) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      out.append(i == 0 ? "" : " ").append(kv[i]).append('=').append(kv[i + 1]);
    }
    return out.toString();
  }
}
