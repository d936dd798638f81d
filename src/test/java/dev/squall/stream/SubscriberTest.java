package dev.squall.stream;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.bus.Addresses;
import dev.squall.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** One SSE response over real HTTP: filtered frames, heart-beats, the end, the client leaving. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SubscriberTest {
  private final List<Subscriber> opened = new CopyOnWriteArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();
  private HttpServer server;
  private String url;

  @BeforeEach
  void serve(Vertx vertx) {
    server = await(vertx.createHttpServer().requestHandler(request -> {
      Subscriber s = new Subscriber(vertx.getOrCreateContext(), request.response(),
          new EventFilter(List.of("st2.execution__update"), List.of(), List.of()),
          (name, body) -> "end".equals(body.getString("status")), 50, 100);
      s.open(closed::incrementAndGet);
      opened.add(s);
    }).listen(0, "127.0.0.1"));
    url = "http://127.0.0.1:" + server.actualPort() + "/";
  }

  @AfterEach
  void close() {
    await(server.close());
  }

  private Subscriber subscriber() {
    return Poll.until("the subscriber opened", () -> opened.isEmpty() ? null : opened.get(0), s -> s != null);
  }

  private static void offer(Subscriber s, String status) {
    JsonObject body = new JsonObject().put("status", status);
    s.offer(Addresses.EXECUTION_UPDATE, body, Subscriber.frame(Addresses.EXECUTION_UPDATE, body));
  }

  @Test
  void wantedFramesArriveInOrderAndTheEndingOneEndsTheStream() throws Exception {
    try (SseStream stream = SseStream.open(url)) {
      Subscriber s = subscriber();
      offer(s, "running");
      JsonObject created = new JsonObject().put("status", "x");
      s.offer(Addresses.EXECUTION_CREATE, created, Subscriber.frame(Addresses.EXECUTION_CREATE, created));
      offer(s, "end");
      offer(s, "after");
      stream.awaitEnd();
      assertEquals(List.of("running", "end"), stream.frames().stream().map(f -> f.json().getString("status")).toList());
      assertTrue(s.closed());
      assertEquals(1, closed.get(), "the stream's owner is told once");
    }
  }

  @Test
  void anIdleStreamGetsHeartbeats() throws Exception {
    try (SseStream stream = SseStream.open(url)) {
      assertEquals("no-cache", stream.header("Cache-Control"));
      Poll.until("the opening line and two heart-beats", () -> stream.blankLines() >= 3);
      assertEquals(List.of(), stream.frames());
    }
  }

  @Test
  void aClientThatLeavesClosesItsSubscriber() throws Exception {
    SseStream stream = SseStream.open(url);
    Subscriber s = subscriber();
    stream.close();
    Poll.until("the subscriber closed", s::closed);
    Poll.until("the owner told", () -> closed.get() == 1);
  }
}
