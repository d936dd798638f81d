package dev.squall.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bus inside one JVM, on the Vert.x event bus with local-only consumers. Vert.x delivers a
 * {@code send} to one consumer round-robin (competing consumers) and a {@code publish} to all. JSON
 * objects are passed by reference (no copy): senders must not mutate an object after handing it over.
 */
public final class LocalBus implements Bus {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private final Vertx vertx;
  private final BusMeter meter;
  private final Map<String, LongAdder> published =
      new ConcurrentHashMap<>();
  private final Map<String, LongAdder> sent =
      new ConcurrentHashMap<>();

  public LocalBus(Vertx vertx) {
    this(vertx, BusMeter.NONE);
  }

  /** A bus that counts what it carries in {@code meter}. */
  public LocalBus(Vertx vertx, BusMeter meter) {
    this.vertx = vertx;
    this.meter = meter;
    try {
      vertx.eventBus().registerDefaultCodec(SharedJson.class, new SharedJson.Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second LocalBus on the same Vertx reuses the codec
    }
  }

  @Override
  public void publish(String address, JsonObject event) {
    count(published, address, "publish");
    vertx.eventBus().publish(address, new SharedJson(event), LOCAL);
  }

  @Override
  public Future<Void> send(String address, JsonObject work) {
    count(sent, address, "send");
    vertx.eventBus().send(address, new SharedJson(work), LOCAL);
    return Future.succeededFuture();
  }

  @Override
  public Registration consume(String address, Function<JsonObject, Future<?>> handler) {
    LongAdder handled = meter.handled(address);
    MessageConsumer<SharedJson> consumer = vertx.eventBus().localConsumer(address, msg -> {
      handled.increment();
      try {
        handler.apply(msg.body().json());
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(LocalBus.class).error("work handler on {} failed", address, e);
      }
    });
    return consumer::unregister;
  }

  @Override
  public Registration subscribe(String address, Consumer<JsonObject> handler) {
    LongAdder handled = meter.handled(address);
    MessageConsumer<SharedJson> consumer = vertx.eventBus().localConsumer(address, msg -> {
      handled.increment();
      handler.accept(msg.body().json());
    });
    return consumer::unregister;
  }

  private void count(Map<String, LongAdder> counters, String address,
      String kind) {
    LongAdder counter = counters.get(address);
    if (counter == null) {
      counter = counters.computeIfAbsent(address, a -> meter.put(a, kind));
    }
    counter.increment();
  }
}
