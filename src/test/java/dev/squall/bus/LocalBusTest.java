package dev.squall.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the bus carries is counted by address: put (publish, send) and handled (by every consumer). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalBusTest {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Integer> asked = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private final BusMeter meter = new BusMeter() {
    @Override
    public LongAdder put(String address, String kind) {
      return counter(kind + " " + address);
    }

    @Override
    public LongAdder handled(String address) {
      return counter("handled " + address);
    }
  };

  private LongAdder counter(String key) {
    asked.merge(key, 1, Integer::sum);
    return counters.computeIfAbsent(key, k -> new LongAdder());
  }

  private long count(String key) {
    LongAdder counter = counters.get(key);
    return counter == null ? 0 : counter.sum();
  }

  @Test
  void messagesAreCountedByAddressAndKind() throws Exception {
    LocalBus bus = new LocalBus(vertx, meter);
    CountDownLatch events = new CountDownLatch(6);
    CountDownLatch work = new CountDownLatch(4);
    bus.subscribe("events", e -> events.countDown());
    bus.subscribe("events", e -> events.countDown());
    bus.consume("work", w -> {
      work.countDown();
      return Future.succeededFuture();
    });
    for (int i = 0; i < 3; i++) {
      bus.publish("events", new JsonObject().put("n", i));
    }
    for (int i = 0; i < 4; i++) {
      bus.send("work", new JsonObject().put("n", i));
    }
    bus.publish("nobody", new JsonObject());
    assertEquals(true, events.await(10, TimeUnit.SECONDS));
    assertEquals(true, work.await(10, TimeUnit.SECONDS));

    assertEquals(3, count("publish events"));
    assertEquals(4, count("send work"));
    assertEquals(1, count("publish nobody"));
    // two subscribers each handled the three events
    assertEquals(6, count("handled events"));
    assertEquals(4, count("handled work"));
    assertEquals(0, count("handled nobody"));
    // asked once per address (the bus keeps the counter), once per registration for handled
    assertEquals(1, asked.get("publish events"));
    assertEquals(1, asked.get("send work"));
    assertEquals(2, asked.get("handled events"));
  }
}
