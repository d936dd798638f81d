package dev.squall.bus;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The message bus services talk over: {@link LocalBus} (the Vert.x event bus of one JVM) in a standalone node,
 * {@link RabbitBus} (the same addresses bridged to RabbitMQ: work → durable queues with confirms and manual
 * acks, events → a topic exchange) for a cluster, so services never see which one they run on. (The cluster
 * mode that deploys {@code RabbitBus} is being built: issue 13.)
 */
public interface Bus {

  /** Broadcasts an event to every subscriber on every node. */
  void publish(String address, JsonObject event);

  /** Hands a unit of work to one consumer of the address; completes once the bus has accepted it. */
  Future<Void> send(String address, JsonObject work);

  /**
   * Consumes work. The handler's future acknowledges the message: success = done; failure = redeliver
   * (cluster) or rely on the store-backed recovery pass (standalone).
   */
  Registration consume(String address, Function<JsonObject, Future<?>> handler);

  /** Subscribes to an event address on this node. */
  Registration subscribe(String address, java.util.function.Consumer<JsonObject> handler);

  /**
   * How many messages wait in the queue of a work address, not yet handed to a consumer; -1 when this bus cannot
   * tell (the local bus keeps no queue of its own).
   */
  default Future<Long> waiting(String address) {
    return Future.succeededFuture(-1L);
  }

  /** A live consumer or subscription. */
  interface Registration {
    Future<Void> unregister();

    /** Completes once the subscription also receives what other nodes publish (at once on a local bus). */
    default Future<Void> ready() {
      return Future.succeededFuture();
    }
  }
}
