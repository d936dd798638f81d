package dev.squall.bench;

import dev.squall.bus.RabbitBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages through Squall's RabbitMQ bridge between two JVMs. One process receives ({@code --role receive}): it
 * consumes a work address (each message acknowledged after its handler, as services do) and subscribes to an event
 * address, and reports how fast each arrived, from its first message to its last. The other sends
 * ({@code --role send}): work with publisher confirms, at most {@code --window} unconfirmed at once, reporting how
 * fast they were confirmed; then as many events.
 *
 * <p>{@code --uri amqp://... --address NAME --count N [--window W]}; prints {@code READY} (receiver) and one
 * {@code RESULT key=value...} line.
 */
public final class BridgeLoad {
  private BridgeLoad() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String role = options.required("role");
    String uri = options.required("uri");
    String address = options.required("address");
    int count = options.integer("count", 100_000);
    Vertx vertx = Vertx.vertx();
    RabbitBus bus = new RabbitBus(vertx, new RabbitBus.Settings(uri, "bench-" + role + "-" + ProcessHandle.current().pid(),
        64, 5));
    bus.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      if ("receive".equals(role)) {
        receive(bus, address, count, options.integer("seconds", 300));
      } else {
        send(bus, address, count, options.integer("window", 2000));
      }
    } finally {
      bus.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.close();
    }
  }

  /** Counts arrivals, timing the first and the last. */
  private static final class Arrivals {
    final CountDownLatch all;
    final AtomicLong first = new AtomicLong();
    final AtomicLong last = new AtomicLong();

    Arrivals(int count) {
      all = new CountDownLatch(count);
    }

    void arrived() {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      last.set(now);
      all.countDown();
    }

    String rate(int count) {
      long received = count - all.getCount();
      double seconds = Math.max(1, last.get() - first.get()) / 1e9;
      return String.format("%.0f", received > 1 ? (received - 1) / seconds : 0.0);
    }
  }

  private static void receive(RabbitBus bus, String address, int count, int seconds) throws Exception {
    Arrivals work = new Arrivals(count);
    Arrivals events = new Arrivals(count);
    bus.consume(address + ".work", message -> {
      work.arrived();
      return Future.succeededFuture();
    });
    bus.subscribe(address + ".event", event -> events.arrived()).ready().await(30, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    work.all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    events.all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    System.out.printf("RESULT work_received=%d work_per_s=%s events_received=%d events_per_s=%s%n",
        count - work.all.getCount(), work.rate(count), count - events.all.getCount(), events.rate(count));
  }

  private static void send(RabbitBus bus, String address, int count, int window) throws InterruptedException {
    Semaphore inFlight = new Semaphore(window);
    CountDownLatch confirmed = new CountDownLatch(count);
    AtomicLong refused = new AtomicLong();
    long t0 = System.nanoTime();
    for (int n = 0; n < count; n++) {
      inFlight.acquire();
      bus.send(address + ".work", new JsonObject().put("n", n).put("sent_at", System.nanoTime()))
          .onComplete(done -> {
            if (done.failed()) {
              refused.incrementAndGet();
            }
            inFlight.release();
            confirmed.countDown();
          });
    }
    confirmed.await(300, TimeUnit.SECONDS);
    double workSeconds = (System.nanoTime() - t0) / 1e9;
    for (int n = 0; n < count; n++) {
      bus.publish(address + ".event", new JsonObject().put("n", n));
    }
    // the publisher handles messages in order: once this one is confirmed, every event before it is out
    try {
      bus.send(address + ".work", new JsonObject().put("n", "last")).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the last message was not confirmed", e);
    }
    System.out.printf("RESULT sent=%d refused=%d confirmed_per_s=%.0f%n", count, refused.get(), count / workSeconds);
  }
}
