package dev.squall.stream;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.Executions;
import dev.squall.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bus events rendered once and fanned out to the open streams that want them (real HTTP, local bus). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StreamHubTest {
  private final StreamHub hub = new StreamHub();
  private Bus bus;
  private HttpServer server;
  private String url;

  /** Serves one stream per request, its events given by the query string. */
  @BeforeEach
  void serve(Vertx vertx) {
    bus = new LocalBus(vertx);
    hub.listen(bus);
    server = await(vertx.createHttpServer().requestHandler(request -> {
      Subscriber s = new Subscriber(vertx.getOrCreateContext(), request.response(),
          new EventFilter(List.of(request.getParam("events").split(",")), List.of(), List.of()),
          (name, body) -> false, 25_000, 100);
      s.open(() -> hub.remove(s));
      hub.add(s);
    }).listen(0, "127.0.0.1"));
    url = "http://127.0.0.1:" + server.actualPort() + "/?events=";
  }

  @AfterEach
  void close() {
    hub.close();
    await(server.close());
  }

  private SseStream open(String events) throws Exception {
    int before = hub.size();
    SseStream stream = SseStream.open(url + events);
    Poll.until("the stream in the hub", () -> hub.size() == before + 1);
    return stream;
  }

  @Test
  void executionEventsAreShownAsTheApiAndLiveActionViewsWithSecretsMasked() throws Exception {
    try (SseStream executions = open("st2.execution__update");
        SseStream liveActions = open("st2.liveaction__update")) {
      JsonObject doc = Executions.moved(StreamEndpointTest.execution("p.a"), ExecutionStatus.RUNNING);
      bus.publish(Addresses.EXECUTION_UPDATE, doc);
      JsonObject api = executions.await("the execution", f -> true).json();
      JsonObject live = liveActions.await("the live action", f -> true).json();
      assertEquals(Executions.apiView(doc), api);
      assertEquals("********", api.getJsonObject("parameters").getString("password"));
      assertEquals(Executions.liveActionView(doc), live);
      assertEquals(Addresses.LIVEACTION_UPDATE, liveActions.frames().get(0).event());
      assertFalse(liveActions.frames().get(0).data().contains("pw-1"));
    }
  }

  @Test
  void eachStreamGetsOnlyTheEventsItNamed() throws Exception {
    try (SseStream instances = open("st2.trigger_instance__create");
        SseStream enforcements = open("st2.rule_enforcement__create")) {
      bus.publish(Addresses.TRIGGER_INSTANCE_CREATE, new JsonObject().put("id", "ti1"));
      bus.publish(Addresses.RULE_ENFORCEMENT_CREATE, new JsonObject().put("id", "re1"));
      bus.publish(Addresses.TRIGGER_INSTANCE_CREATE, new JsonObject().put("id", "ti2"));
      instances.await("the second instance", f -> f.json().getString("id").equals("ti2"));
      enforcements.await("the enforcement", f -> true);
      assertEquals(List.of("ti1", "ti2"), instances.frames().stream().map(f -> f.json().getString("id")).toList());
      assertEquals(List.of("re1"), enforcements.frames().stream().map(f -> f.json().getString("id")).toList());
    }
  }

  @Test
  void aStreamOpenedAfterAllOthersClosedStillGetsEvents() throws Exception {
    SseStream first = open("st2.trigger_instance__create");
    first.close();
    Poll.until("the hub empty", () -> hub.size() == 0);
    try (SseStream second = open("st2.trigger_instance__create")) {
      bus.publish(Addresses.TRIGGER_INSTANCE_CREATE, new JsonObject().put("id", "ti1"));
      assertEquals("ti1", second.await("the instance", f -> true).json().getString("id"));
    }
  }
}
