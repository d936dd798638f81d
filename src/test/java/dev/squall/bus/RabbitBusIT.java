package dev.squall.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RabbitMQ bridge against the real broker on 127.0.0.1:5672: two nodes (each its own Vert.x), work shared by
 * competing consumers and acknowledged only after its handler succeeded, events to every node, failing work
 * dead-lettered with its reason.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RabbitBusIT {
  private static final String URI = "amqp://guest:guest@127.0.0.1:5672";
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String work = "squall.test.work." + run;
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<RabbitBus> buses = new ArrayList<>();

  private RabbitBus node(String name, int maxAttempts) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RabbitBus bus = new RabbitBus(vertx, new RabbitBus.Settings(URI, name, 10, maxAttempts));
    bus.start().await(20, TimeUnit.SECONDS);
    buses.add(bus);
    return bus;
  }

  @AfterEach
  void close() throws Exception {
    for (RabbitBus bus : buses) {
      bus.close().await(10, TimeUnit.SECONDS);
    }
    Vertx vertx = Vertx.vertx();
    RabbitMQClient admin = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(URI));
    admin.start().await(10, TimeUnit.SECONDS);
    admin.queueDelete(work).await(10, TimeUnit.SECONDS);
    admin.queueDelete(work + RabbitBus.DEAD).await(10, TimeUnit.SECONDS);
    admin.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    for (Vertx v : vertxes) {
      v.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void aConsumerTheBrokerCancelsConsumesAgain() throws Exception {
    RabbitBus a = node("a", 5);
    List<Integer> got = new CopyOnWriteArrayList<>();
    a.consume(work, msg -> {
      got.add(msg.getInteger("n"));
      return Future.succeededFuture();
    });
    a.send(work, new JsonObject().put("n", 1)).await(10, TimeUnit.SECONDS);
    awaitTrue(() -> got.contains(1), "the first message");

    // an operator deletes the queue: the broker cancels its consumer, which declares the queue and consumes again
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RabbitMQClient admin = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(URI));
    admin.start().await(10, TimeUnit.SECONDS);
    admin.queueDelete(work).await(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean back = false;
    while (!back && System.nanoTime() < deadline) {
      Thread.sleep(200);
      back = admin.messageCount(work).transform(ar -> Future.succeededFuture(ar.succeeded()))
          .await(10, TimeUnit.SECONDS);
    }
    assertTrue(back, "the queue is declared again");
    admin.stop().await(10, TimeUnit.SECONDS);
    a.send(work, new JsonObject().put("n", 2)).await(10, TimeUnit.SECONDS);
    awaitTrue(() -> got.contains(2), "a message sent after the queue came back");
  }

  @Test
  void workGoesToExactlyOneOfTheCompetingConsumers() throws Exception {
    RabbitBus a = node("a", 5);
    RabbitBus b = node("b", 5);
    Map<Integer, String> handledBy = new ConcurrentHashMap<>();
    AtomicInteger twice = new AtomicInteger();
    for (var entry : Map.of("a", a, "b", b).entrySet()) {
      entry.getValue().consume(work, msg -> {
        if (handledBy.put(msg.getInteger("n"), entry.getKey()) != null) {
          twice.incrementAndGet();
        }
        return Future.succeededFuture();
      });
    }
    List<Future<Void>> sent = new ArrayList<>();
    for (int n = 0; n < 500; n++) {
      sent.add(a.send(work, new JsonObject().put("n", n)));
    }
    // every send completes once the broker confirmed it
    Future.all(sent).await(30, TimeUnit.SECONDS);
    awaitTrue(() -> handledBy.size() == 500, "500 handled, got " + handledBy.size());
    Thread.sleep(300);
    assertEquals(0, twice.get(), "handled twice");
    assertTrue(handledBy.containsValue("a") && handledBy.containsValue("b"), "both nodes took work: " + handledBy.values()
        .stream().distinct().toList());
  }

  @Test
  void eventsReachEveryNodeInOrderAndTheirOwnNodeOnce() throws Exception {
    RabbitBus a = node("a", 5);
    RabbitBus b = node("b", 5);
    String address = "squall.test.event." + run;
    List<Integer> onA = new CopyOnWriteArrayList<>();
    List<Integer> onB = new CopyOnWriteArrayList<>();
    a.subscribe(address, e -> onA.add(e.getInteger("n")));
    b.subscribe(address, e -> onB.add(e.getInteger("n"))).ready().await(10, TimeUnit.SECONDS);
    for (int n = 0; n < 200; n++) {
      a.publish(address, new JsonObject().put("n", n));
    }
    List<Integer> expected = java.util.stream.IntStream.range(0, 200).boxed().toList();
    awaitTrue(() -> onB.size() >= 200, "events on b: " + onB.size());
    Thread.sleep(300);
    assertEquals(expected, onB, "every event on the other node, in order, once");
    assertEquals(expected, onA, "the publishing node's own subscribers, once each");
  }

  @Test
  void workIsAcknowledgedOnlyOnceHandledSoANodeThatDiesHandsItOver() throws Exception {
    RabbitBus a = node("a", 5);
    Set<Integer> started = ConcurrentHashMap.newKeySet();
    a.consume(work, msg -> {
      started.add(msg.getInteger("n"));
      return Promise.promise().future(); // never finishes: the node dies with the work in hand
    });
    for (int n = 0; n < 5; n++) {
      a.send(work, new JsonObject().put("n", n)).await(10, TimeUnit.SECONDS);
    }
    awaitTrue(() -> started.size() == 5, "a started the work");
    a.close().await(10, TimeUnit.SECONDS);

    RabbitBus b = node("b", 5);
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    b.consume(work, msg -> {
      done.add(msg.getInteger("n"));
      return Future.succeededFuture();
    });
    awaitTrue(() -> done.size() == 5, "b got every unacknowledged message: " + done);
  }

  @Test
  void workThatKeepsFailingEndsInTheDeadQueueWithItsReason() throws Exception {
    RabbitBus a = node("a", 3);
    AtomicInteger tries = new AtomicInteger();
    a.consume(work, msg -> {
      tries.incrementAndGet();
      return msg.getBoolean("poison", false) ? Future.failedFuture(new IllegalStateException("cannot do this one"))
          : Future.succeededFuture();
    });
    a.send(work, new JsonObject().put("poison", true).put("id", "x1")).await(10, TimeUnit.SECONDS);
    a.send(work, new JsonObject().put("poison", false)).await(10, TimeUnit.SECONDS);
    awaitTrue(() -> tries.get() >= 4, "three tries of the poison and one of the good message");

    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RabbitMQClient admin = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(URI));
    admin.start().await(10, TimeUnit.SECONDS);
    RabbitMQMessage dead = null;
    for (int i = 0; i < 100 && dead == null; i++) {
      dead = admin.basicGet(work + RabbitBus.DEAD, true).await(10, TimeUnit.SECONDS);
      if (dead == null) {
        Thread.sleep(50);
      }
    }
    assertNotNull(dead, "the poison message is in " + work + RabbitBus.DEAD);
    assertEquals("x1", new JsonObject(dead.body()).getString("id"));
    assertEquals(3, ((Number) dead.properties().getHeaders().get(RabbitBus.ATTEMPTS)).intValue());
    assertTrue(String.valueOf(dead.properties().getHeaders().get(RabbitBus.REASON)).contains("cannot do this one"));
    assertEquals(3, tries.get() - 1, "tried maxAttempts times, then left alone");
    assertEquals(0L, admin.messageCount(work).await(10, TimeUnit.SECONDS), "nothing left in the work queue");
    admin.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionClosedByTheBrokerIsMadeAgainAndNothingConfirmedIsLost() throws Exception {
    RabbitBus a = node("a", 5);
    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    a.consume(work, msg -> {
      handled.add(msg.getInteger("n"));
      return Future.succeededFuture();
    });
    Map<Integer, Future<Void>> sent = new ConcurrentHashMap<>();
    Thread closer = null;
    for (int n = 0; n < 3000; n++) {
      sent.put(n, a.send(work, new JsonObject().put("n", n)));
      if (n == 500) {
        closer = new Thread(() -> {
          try {
            new ProcessBuilder("rabbitmqctl", "close_all_connections", "squall test: connection lost")
                .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        closer.start();
      }
      Thread.sleep(2);
    }
    closer.join(60_000);
    Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
    int refused = 0;
    for (var entry : sent.entrySet()) {
      Throwable failure = entry.getValue().transform(ar -> Future.succeededFuture(ar.cause())).await(60, TimeUnit.SECONDS);
      if (failure == null) {
        confirmed.add(entry.getKey());
      } else {
        refused++;
      }
    }
    assertEquals(0, refused, "work sent while the connection was down waits for it and goes out once it is back");
    awaitTrue(() -> handled.containsAll(confirmed), "every confirmed message handled: "
        + confirmed.stream().filter(n -> !handled.contains(n)).limit(20).toList());
    // reconnected by itself: work sent now goes through
    a.send(work, new JsonObject().put("n", -1)).await(30, TimeUnit.SECONDS);
    awaitTrue(() -> handled.contains(-1), "work after the reconnect");
    System.out.printf("connection closed by the broker: %d confirmed, %d refused, %d handled%n", confirmed.size(),
        refused, handled.size());
  }

  @Test
  void anUnreachableBrokerIsNamedWithoutItsPassword() throws Exception {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RabbitBus bus = new RabbitBus(vertx, new RabbitBus.Settings("amqp://guest:secret@127.0.0.1:1", "x", 10, 5));
    Throwable failure = bus.start().transform(ar -> Future.succeededFuture(ar.cause())).await(60, TimeUnit.SECONDS);
    assertNotNull(failure);
    assertTrue(failure.getMessage().contains("amqp://guest:***@127.0.0.1:1"), failure.getMessage());
    assertFalse(failure.getMessage().contains("secret"), failure.getMessage());
    bus.close();
  }
}
