package dev.squall.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream fan-out: {@code --subscribers} SSE connections on {@code st2.execution__update} while
 * {@code POST /api/v1/executions core.noop} runs at {@code --rate}/s (open loop) for {@code --seconds}.
 * Every subscriber must see the {@code succeeded} event of every created execution and as many events as
 * the busiest subscriber. Lag is an event's arrival (wall clock, same host) minus the server's timestamp of
 * the transition it announces (its {@code log} entry). Prints one line {@code RESULT key=value ...}.
 */
public final class FanOut {
  /** What one subscriber saw; touched only on its connection's event loop until the run ends. */
  private static final class Seen {
    final Set<String> succeeded = ConcurrentHashMap.newKeySet();
    volatile long events;
    long eventsAfterWarmup;
    long unreadable;
    long maxLagMicros;
    final Latencies lags = new Latencies();
  }

  private FanOut() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    URI base = URI.create(options.required("base"));
    int subscribers = options.integer("subscribers", 100);
    double rate = options.decimal("rate", 200);
    double seconds = options.decimal("seconds", 30);
    double settleSeconds = options.decimal("settle-seconds", 30);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      HttpClient streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(subscribers + 1));
      HttpClient posts = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(16));
      List<Seen> seen = new ArrayList<>();
      List<Future<Void>> opened = new ArrayList<>();
      for (int s = 0; s < subscribers; s++) {
        Seen mine = new Seen();
        seen.add(mine);
        opened.add(StreamSubscriber.open(streams, base.getHost(), base.getPort(), "st2.execution__update",
            data -> record(mine, data)));
      }
      Future.all(opened).await();

      Set<String> created = ConcurrentHashMap.newKeySet();
      AtomicLong rejected = new AtomicLong();
      // one execution first: once every subscriber has its succeeded event, all are registered
      created.add(createExecution(vertx, posts, base).await());
      if (!awaitAll(seen, created, settleSeconds)) {
        throw new IllegalStateException("subscribers did not all receive the first execution's events");
      }
      for (Seen s : seen) {
        s.eventsAfterWarmup = s.events;
      }

      int total = (int) Math.round(rate * seconds);
      long start = System.nanoTime();
      // an open-loop schedule driven by a 1 ms timer on a client event loop, as in WebhookLoad
      Promise<Void> allAnswered = Promise.promise();
      AtomicLong answered = new AtomicLong();
      long[] issued = {0, 0};
      vertx.getOrCreateContext().runOnContext(v -> vertx.setPeriodic(1, timer -> {
        long now = System.nanoTime();
        while (issued[0] < total && start + (long) (issued[0] * 1e9 / rate) <= now) {
          issued[0]++;
          createExecution(vertx, posts, base)
              .onSuccess(created::add)
              .onFailure(e -> rejected.incrementAndGet())
              .onComplete(r -> {
                if (answered.incrementAndGet() == total) {
                  allAnswered.complete();
                }
              });
        }
        if (issued[0] == total) {
          issued[1] = now;
          vertx.cancelTimer(timer);
        }
      }));
      allAnswered.future().await();
      double offered = total / ((issued[1] - start) / 1e9);
      boolean complete = awaitAll(seen, created, settleSeconds);
      // reads after the settle wait; late increments only make the reported figures conservative
      long maxEvents = seen.stream().mapToLong(x -> x.events - x.eventsAfterWarmup).max().orElse(0);
      long minEvents = seen.stream().mapToLong(x -> x.events - x.eventsAfterWarmup).min().orElse(0);
      long missing = 0;
      long maxLag = 0;
      long unreadable = 0;
      for (Seen s : seen) {
        missing += created.stream().filter(id -> !s.succeeded.contains(id)).count()
            + (maxEvents - (s.events - s.eventsAfterWarmup));
        maxLag = Math.max(maxLag, s.maxLagMicros);
        unreadable += s.unreadable;
      }
      double p99 = percentileOfLags(seen, 99);
      System.out.println("RESULT " + WebhookLoad.fields(
          "subscribers", subscribers, "offered_per_s", WebhookLoad.fmt(offered),
          "executions", created.size(), "rejected", rejected.get(),
          "events_min", minEvents, "events_max", maxEvents, "missing", missing, "unreadable", unreadable,
          "complete", complete && missing == 0,
          "p50_lag_ms", WebhookLoad.fmt(percentileOfLags(seen, 50)), "p99_lag_ms", WebhookLoad.fmt(p99),
          "max_lag_ms", WebhookLoad.fmt(maxLag / 1000.0)));
    } finally {
      vertx.close().await();
    }
  }

  private static void record(Seen seen, String data) {
    long nowMicros = nowMicros();
    seen.events++;
    String id = ExecutionEvents.id(data);
    String status = ExecutionEvents.status(data);
    long at = status == null ? -1 : ExecutionEvents.transitionMicros(data, status);
    if (id == null || at < 0) {
      seen.unreadable++;
      return;
    }
    long lag = Math.max(0, nowMicros - at);
    seen.maxLagMicros = Math.max(seen.maxLagMicros, lag);
    seen.lags.add(lag * 1000);
    if ("succeeded".equals(status)) {
      seen.succeeded.add(id);
    }
  }

  private static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private static Future<String> createExecution(Vertx vertx, HttpClient client, URI base) {
    RequestOptions request = Credentials.api(new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost())
        .setPort(base.getPort()).setURI("/api/v1/executions").putHeader("Content-Type", "application/json"));
    return client.request(request)
        .compose(req -> req.send(Buffer.buffer("{\"action\":\"core.noop\"}")))
        .compose(resp -> resp.body().compose(body -> resp.statusCode() == 201
            ? Future.succeededFuture(ExecutionEvents.id(body.toString()))
            : Future.failedFuture("HTTP " + resp.statusCode())));
  }

  /** Waits until every subscriber has the succeeded event of every created execution. */
  private static boolean awaitAll(List<Seen> seen, Set<String> created, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      if (seen.stream().allMatch(s -> s.succeeded.size() >= created.size())) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  private static double percentileOfLags(List<Seen> seen, double p) {
    Latencies merged = new Latencies();
    for (Seen s : seen) {
      for (long v : s.lags.values()) {
        merged.add(v);
      }
    }
    return merged.percentileMillis(p);
  }
}
