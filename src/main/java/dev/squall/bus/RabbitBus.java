package dev.squall.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.squall.error.Unavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of a cluster node: the same addresses as {@link LocalBus}, bridged to RabbitMQ.
 * <ul>
 * <li>Work: one durable queue per address (its name is the address), persistent messages, competing consumers.
 * {@link #send} completes once the broker confirmed the message; confirms are pipelined, many messages in
 * flight on the one publishing channel. A consumer acknowledges a message only once its handler's future
 * succeeded; a failed handler has the message put back at the end of its queue with an attempt count, and after
 * {@code maxAttempts} moved to {@code <address>.dead} with the reason in its headers, where it stays visible
 * and can be moved back.</li>
 * <li>Events: published to the topic exchange {@value #EVENTS} (routing key = address) and to this node's local
 * bus at once; each node has one exclusive queue bound to every event, whose messages from other nodes it
 * re-publishes on its local bus, where subscribers are. Events keep their order: one thread publishes.</li>
 * <li>A lost connection is re-made every second by the client's recovery (queues, bindings and consumers
 * included); messages sent but not confirmed when it broke are sent again (at-least-once: handlers are
 * idempotent), and work sent meanwhile waits in memory (up to {@value #MAX_WAITING} messages, then it is refused)
 * and goes out once the connection is back; its {@link #send} completes then.</li>
 * </ul>
 */
public final class RabbitBus implements Bus {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitBus.class);
  /** The topic exchange of events. */
  public static final String EVENTS = "squall.events";
  /** Suffix of the queue where work that kept failing ends. */
  public static final String DEAD = ".dead";
  /** Header: how many times a work message was handled and failed. */
  static final String ATTEMPTS = "x-squall-attempts";
  /** Header: why a dead message failed. */
  static final String REASON = "x-squall-reason";
  /** Header: the node that published an event. */
  static final String ORIGIN = "x-squall-origin";

  /** How a node connects: broker URI, its name, per-consumer prefetch, attempts before a message is dead. */
  public record Settings(String uri, String node, int prefetch, int maxAttempts) {
  }

  private final Vertx vertx;
  private final Settings settings;
  private final LocalBus local;
  private final String origin = UUID.randomUUID().toString();
  /** Every publish happens on this one thread: order kept, and sequence numbers match their messages. */
  private final ExecutorService publisher;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  /** Event addresses this node's event queue is bound to: only those it has subscribers for come to it. */
  private final Set<String> bound = ConcurrentHashMap.newKeySet();
  private volatile String eventQueue;
  private volatile boolean closed;
  /** Sent and not yet confirmed, by publish sequence number of the current channel. */
  private final NavigableMap<Long, Outgoing> unconfirmed = new ConcurrentSkipListMap<>();
  /** Sent while the connection was down (publisher thread only), at most {@value #MAX_WAITING}. */
  private final java.util.ArrayDeque<Outgoing> waiting = new java.util.ArrayDeque<>();
  private static final int MAX_WAITING = 100_000;
  private Connection connection;
  /** Set on the publisher thread when an event could not be published, cleared once the connection is back. */
  private boolean eventsLost;
  private Channel publishing;

  /** A work message on its way to the broker. */
  private record Outgoing(String queue, AMQP.BasicProperties properties, byte[] body, Promise<Void> confirmed) {
  }

  public RabbitBus(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.local = new LocalBus(vertx);
    this.publisher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "squall-bus-publisher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects, declares the events exchange and this node's event queue, and starts relaying events. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      ConnectionFactory factory = new ConnectionFactory();
      try {
        factory.setUri(settings.uri());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        factory.setConnectionTimeout(10_000);
        connection = factory.newConnection("squall " + settings.node());
      } catch (Exception e) {
        throw new IllegalStateException("cannot reach RabbitMQ at " + redacted(settings.uri()) + ": " + e.getMessage(), e);
      }
      publishing = connection.createChannel();
      publishing.confirmSelect();
      publishing.addConfirmListener((tag, multiple) -> confirmed(tag, multiple, true),
          (tag, multiple) -> confirmed(tag, multiple, false));
      ((Recoverable) publishing).addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recovered) {
          publisher.execute(RabbitBus.this::resendUnconfirmed);
        }

        @Override
        public void handleRecoveryStarted(Recoverable recovering) {
          LOG.warn("bus: connection to RabbitMQ lost; reconnecting");
        }
      });
      publishing.exchangeDeclare(EVENTS, "topic", true);
      relayEvents();
      return null;
    }, false);
  }

  public Future<Void> close() {
    closed = true;
    return vertx.executeBlocking(() -> {
      publisher.shutdown();
      if (connection != null && connection.isOpen()) {
        connection.close(5_000);
      }
      return null;
    }, false);
  }

  @Override
  public void publish(String address, JsonObject event) {
    local.publish(address, event);
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
        .type(address).headers(Map.of(ORIGIN, origin)).build();
    byte[] body = event.toBuffer().getBytes();
    publisher.execute(() -> {
      try {
        publishing.basicPublish(EVENTS, address, properties, body);
      } catch (IOException | RuntimeException e) {
        // once per outage: events are not kept (they announce state the store holds), work is
        if (!eventsLost) {
          eventsLost = true;
          LOG.warn("bus: events are not reaching other nodes while RabbitMQ is unreachable ({}); first: {}",
              e.getMessage(), address);
        }
      }
    });
  }

  @Override
  public Future<Void> send(String address, JsonObject work) {
    return send(address, work, 0, null);
  }

  private Future<Void> send(String queue, JsonObject work, int attempts, String reason) {
    Map<String, Object> headers = new HashMap<>();
    headers.put(ATTEMPTS, attempts);
    if (reason != null) {
      headers.put(REASON, reason);
    }
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
        .deliveryMode(2).messageId(UUID.randomUUID().toString()).timestamp(new Date()).type(queue)
        .headers(headers).build();
    Promise<Void> confirmed = Promise.promise();
    Outgoing message = new Outgoing(queue, properties, work.toBuffer().getBytes(), confirmed);
    publisher.execute(() -> publishWork(message));
    return confirmed.future();
  }

  // on the publisher thread
  private void publishWork(Outgoing message) {
    publishWork(message, true);
  }

  private void publishWork(Outgoing message, boolean mayRetry) {
    try {
      declare(publishing, message.queue());
      long seq = publishing.getNextPublishSeqNo();
      unconfirmed.put(seq, message);
      try {
        publishing.basicPublish("", message.queue(), message.properties(), message.body());
      } catch (IOException | RuntimeException e) {
        unconfirmed.remove(seq);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      if (!publishing.isOpen() && waiting.size() < MAX_WAITING) {
        // the connection is being made again: sent once it is back, the caller's future still open
        waiting.add(message);
      } else if (mayRetry) {
        // the channel failed under us and was made again already (recovery swaps it on another thread): once more
        publishWork(message, false);
      } else {
        // the caller learns it (a 503 where it answers a request); nothing half-sent stays behind
        message.confirmed().tryFail(new Unavailable("The message bus is not reachable; retry later.", 1));
      }
    }
  }

  // on the publisher thread, once the channel is back: what it had not confirmed, then what waited, in order
  private void resendUnconfirmed() {
    eventsLost = false;
    List<Outgoing> again = new ArrayList<>(unconfirmed.values());
    unconfirmed.clear();
    again.addAll(waiting);
    waiting.clear();
    LOG.info("bus: reconnected to RabbitMQ; sending {} unconfirmed or waiting messages", again.size());
    again.forEach(this::publishWork);
  }

  private void confirmed(long tag, boolean multiple, boolean ack) {
    Map<Long, Outgoing> done = multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
    for (Outgoing message : List.copyOf(done.values())) {
      if (ack) {
        message.confirmed().tryComplete();
      } else {
        message.confirmed().tryFail(new Unavailable("The message bus refused the message; retry later.", 1));
      }
    }
    done.clear();
  }

  /** A work queue and its dead queue, declared once per channel use (declaring is idempotent). */
  private void declare(Channel channel, String queue) throws IOException {
    String address = queue.endsWith(DEAD) ? queue.substring(0, queue.length() - DEAD.length()) : queue;
    if (!declared.contains(address)) {
      channel.queueDeclare(address, true, false, false, null);
      channel.queueDeclare(address + DEAD, true, false, false, null);
      declared.add(address); // only once it worked: a failed declare is tried again with the next message
    }
  }

  @Override
  public Future<Long> waiting(String address) {
    return vertx.executeBlocking(() -> {
      try (Channel channel = connection.createChannel()) {
        return channel.messageCount(address);
      } catch (IOException noSuchQueue) {
        return 0L; // never declared: nothing waits in it
      }
    }, false);
  }

  /** A consumer: its channel and tag. */
  private record Subscription(Channel channel, String tag) {
  }

  @Override
  public Registration consume(String address, Function<JsonObject, Future<?>> handler) {
    WorkConsumer consumer = new WorkConsumer(address, handler, vertx.getOrCreateContext());
    Future<Void> started = vertx.executeBlocking(() -> {
      consumer.start();
      return null;
    }, false);
    started.onFailure(e -> LOG.error("bus: cannot consume {}", address, e));
    return () -> started.compose(v -> vertx.executeBlocking(() -> {
      consumer.stop();
      return null;
    }, false)).mapEmpty();
  }

  /**
   * One consumer of a work queue, on a channel of its own. When the broker ends it without the connection failing
   * (the queue deleted, a channel error such as a message held unacknowledged too long), it consumes again a
   * second later: connection failures are the client's automatic recovery's, the rest is this.
   */
  private final class WorkConsumer {
    private final String address;
    private final Function<JsonObject, Future<?>> handler;
    private final Context context;
    private volatile Subscription current;
    private volatile boolean stopped;

    WorkConsumer(String address, Function<JsonObject, Future<?>> handler, Context context) {
      this.address = address;
      this.handler = handler;
      this.context = context;
    }

    // blocking
    void start() throws IOException {
      Channel channel = connection.createChannel();
      channel.queueDeclare(address, true, false, false, null);
      channel.queueDeclare(address + DEAD, true, false, false, null);
      channel.basicQos(settings.prefetch());
      String tag = channel.basicConsume(address, false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
            byte[] body) {
          context.runOnContext(v -> handle(channel, address, envelope.getDeliveryTag(), properties, body, handler));
        }

        @Override
        public void handleCancel(String consumerTag) {
          again(channel, "the broker cancelled it");
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
          if (!signal.isHardError() && !signal.isInitiatedByApplication()) {
            again(channel, signal.getMessage());
          }
        }
      });
      current = new Subscription(channel, tag);
    }

    // blocking
    void stop() throws IOException, java.util.concurrent.TimeoutException {
      stopped = true;
      Subscription subscription = current;
      if (subscription != null && subscription.channel().isOpen()) {
        subscription.channel().basicCancel(subscription.tag());
        subscription.channel().close();
      }
    }

    private void again(Channel ended, String why) {
      if (closed || stopped || !connection.isOpen()) {
        return;
      }
      LOG.warn("bus: consumer of {} ended ({}); consuming again", address, why);
      vertx.setTimer(1000, t -> vertx.executeBlocking(() -> {
        if (!closed && !stopped) {
          if (ended.isOpen()) {
            ended.close();
          }
          start();
        }
        return null;
      }, false).onFailure(e -> LOG.error("bus: cannot consume {} again", address, e)));
    }
  }

  private void handle(Channel channel, String address, long tag, AMQP.BasicProperties properties, byte[] body,
      Function<JsonObject, Future<?>> handler) {
    Future<?> handled;
    try {
      handled = handler.apply(new JsonObject(io.vertx.core.buffer.Buffer.buffer(body)));
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    handled.onComplete(ar -> {
      if (ar.succeeded()) {
        ack(channel, tag);
        return;
      }
      int attempts = attemptsOf(properties) + 1;
      boolean dead = attempts >= settings.maxAttempts();
      String reason = String.valueOf(ar.cause());
      if (dead) {
        LOG.warn("bus: work on {} failed {} times, moved to {}{}: {}", address, attempts, address, DEAD, reason);
      }
      JsonObject again;
      try {
        again = new JsonObject(io.vertx.core.buffer.Buffer.buffer(body));
      } catch (RuntimeException notJson) {
        again = new JsonObject().put("raw", new String(body, java.nio.charset.StandardCharsets.UTF_8));
      }
      // the copy is on the broker before the original goes: at worst handled once more, never lost
      send(dead ? address + DEAD : address, again, attempts, reason)
          .onSuccess(v -> ack(channel, tag))
          .onFailure(e -> nack(channel, tag));
    });
  }

  // acks write to the broker's socket: on the publisher thread, never on an event loop
  private void ack(Channel channel, long tag) {
    onPublisher(() -> {
      try {
        channel.basicAck(tag, false);
      } catch (IOException | RuntimeException e) {
        LOG.debug("bus: ack lost ({}); the message will be delivered again", e.getMessage());
      }
    });
  }

  private void nack(Channel channel, long tag) {
    onPublisher(() -> {
      try {
        channel.basicNack(tag, false, true);
      } catch (IOException | RuntimeException e) {
        LOG.debug("bus: nack lost ({}); the message will be delivered again", e.getMessage());
      }
    });
  }

  private void onPublisher(Runnable task) {
    try {
      publisher.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the bus is closed: an unacknowledged message is delivered again to another consumer
    }
  }

  private static int attemptsOf(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    Object attempts = headers == null ? null : headers.get(ATTEMPTS);
    return attempts instanceof Number n ? n.intValue() : 0;
  }

  @Override
  public Registration subscribe(String address, Consumer<JsonObject> handler) {
    Registration local = this.local.subscribe(address, handler);
    Promise<Void> following = Promise.promise();
    publisher.execute(() -> bind(address, following));
    return new Registration() {
      @Override
      public Future<Void> unregister() {
        return local.unregister();
      }

      @Override
      public Future<Void> ready() {
        return following.future();
      }
    };
  }

  // on the publisher thread; the binding is recorded by the connection and made again after a reconnect
  private void bind(String address, Promise<Void> following) {
    if (bound.contains(address)) {
      following.tryComplete();
      return;
    }
    try {
      publishing.queueBind(eventQueue, EVENTS, address);
      bound.add(address);
      following.tryComplete();
    } catch (IOException | RuntimeException e) {
      LOG.warn("bus: cannot follow other nodes' events on {} ({}); tried again with the next subscriber", address,
          e.getMessage());
      following.tryFail(e);
    }
  }

  /**
   * This node's exclusive queue of events, bound to each address the node subscribes to; other nodes' events are
   * re-published on the local bus.
   */
  private void relayEvents() throws IOException {
    Channel channel = connection.createChannel();
    String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, deleted with the connection
    eventQueue = queue;
    // a reconnect declares the server-named queue again, under a new name
    ((com.rabbitmq.client.impl.recovery.AutorecoveringConnection) connection).addQueueRecoveryListener(
        (before, after) -> {
          if (before.equals(eventQueue)) {
            eventQueue = after;
          }
        });
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
          byte[] body) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers != null && origin.equals(String.valueOf(headers.get(ORIGIN)))) {
          return; // this node's own event: its subscribers had it when it was published
        }
        try {
          local.publish(envelope.getRoutingKey(), new JsonObject(io.vertx.core.buffer.Buffer.buffer(body)));
        } catch (RuntimeException e) {
          LOG.warn("bus: an event on {} is not a JSON object, dropped", envelope.getRoutingKey());
        }
      }
    });
  }

  /** The broker URI without its password, for messages. */
  public static String redacted(String uri) {
    return uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
  }
}
