package dev.squall.stream;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.config.StreamConfig;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.Executions;
import dev.squall.executions.OutputStore;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.Poll;
import dev.squall.web.HttpFront;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The two SSE routes over real HTTP, events from the local bus, executions and output in the real store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StreamEndpointTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private ExecutionStore executions;
  private OutputStore output;
  private Bus bus;
  private final StreamHub hub = new StreamHub();
  private HttpServer server;
  private String base;

  @BeforeEach
  void serve(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC, OutputStore.SPEC)));
    executions = new ExecutionStore(store);
    output = new OutputStore(store);
    bus = new LocalBus(vertx);
    hub.listen(bus);
    StreamEndpoint endpoint = new StreamEndpoint(vertx, bus, hub, executions, output, new StreamConfig(25, 1000));
    Router router = new HttpFront(vertx, 65536).router();
    router.get("/stream/v1/stream").handler(endpoint::events);
    router.get("/stream/v1/executions/:id/output").handler(endpoint::output);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort() + "/stream/v1";
  }

  @AfterEach
  void close() {
    hub.close();
    await(server.close());
    await(store.close());
  }

  static JsonObject execution(String actionRef) {
    JsonObject action = new JsonObject().put("ref", actionRef).put("pack", "p").put("parameters", new JsonObject()
        .put("password", new JsonObject().put("type", "string").put("secret", true)));
    JsonObject runner = new JsonObject().put("name", "local-shell-cmd").put("runner_parameters", new JsonObject());
    return Executions.requested(action, runner, new JsonObject().put("password", "pw-1"),
        new JsonObject().put("user", "stanley"), null, 0, null, "https://ui");
  }

  private SseStream open(String query) throws Exception {
    int before = hub.size();
    SseStream stream = SseStream.open(base + "/stream" + query);
    assertEquals(200, stream.status());
    assertEquals("text/event-stream; charset=UTF-8", stream.header("Content-Type"));
    Poll.until("the subscriber in the hub", () -> hub.size() == before + 1);
    return stream;
  }

  @Test
  void aStreamGetsTheEventsItAskedForOnly() throws Exception {
    try (SseStream stream = open("?events=st2.execution__create,st2.trigger_instance__create&action_refs=p.a")) {
      JsonObject other = execution("p.b");
      JsonObject mine = execution("p.a");
      bus.publish(Addresses.EXECUTION_CREATE, other);
      bus.publish(Addresses.EXECUTION_UPDATE, Executions.moved(mine, ExecutionStatus.SCHEDULED));
      bus.publish(Addresses.EXECUTION_CREATE, mine);
      bus.publish(Addresses.TRIGGER_INSTANCE_CREATE, new JsonObject().put("id", "ti1").put("trigger", "p.t"));
      stream.await("the trigger instance", f -> f.event().equals(Addresses.TRIGGER_INSTANCE_CREATE));
      List<SseStream.Frame> frames = stream.frames();
      assertEquals(List.of(Addresses.EXECUTION_CREATE, Addresses.TRIGGER_INSTANCE_CREATE),
          frames.stream().map(SseStream.Frame::event).toList());
      assertEquals(mine.getString("id"), frames.get(0).json().getString("id"));
      assertEquals("********", frames.get(0).json().getJsonObject("parameters").getString("password"));
    }
  }

  @Test
  void aStreamEndsWhenTheExecutionItWaitsForCompletes() throws Exception {
    JsonObject doc = execution("p.a");
    try (SseStream stream = open("?events=st2.execution__update&end_event=st2.execution__update&end_execution_id="
        + doc.getString("id"))) {
      JsonObject running = Executions.moved(doc, ExecutionStatus.RUNNING);
      bus.publish(Addresses.EXECUTION_UPDATE, running);
      bus.publish(Addresses.EXECUTION_UPDATE, Executions.moved(execution("p.a"), ExecutionStatus.SUCCEEDED));
      bus.publish(Addresses.EXECUTION_UPDATE, Executions.moved(running, ExecutionStatus.SUCCEEDED));
      stream.awaitEnd();
      assertEquals(List.of("running", "succeeded", "succeeded"),
          stream.frames().stream().map(f -> f.json().getString("status")).toList());
      assertEquals(doc.getString("id"), stream.frames().get(2).json().getString("id"));
      Poll.until("the subscriber gone from the hub", () -> hub.size() == 0);
    }
  }

  @Test
  void aClientThatLeavesIsForgotten() throws Exception {
    SseStream stream = open("");
    stream.close();
    Poll.until("the subscriber gone from the hub", () -> hub.size() == 0);
  }

  @Test
  void outputOfAnUnknownExecutionIs404() throws Exception {
    SseStream stream = SseStream.open(base + "/executions/000000000000000000000000/output");
    assertEquals(404, stream.status());
    assertEquals("Resource with a primary key or name of \"000000000000000000000000\" not found",
        new JsonObject(stream.body()).getString("faultstring"));
  }

  @Test
  void outputOfOneTypeOfACompletedExecutionThenEof() throws Exception {
    JsonObject doc = Executions.moved(execution("p.a"), ExecutionStatus.FAILED);
    await(executions.insert(doc));
    for (String[] line : new String[][] {{"o1", "stdout", "out\n"}, {"o2", "stderr", "err\n"}}) {
      await(output.insert(new JsonObject().put("id", line[0]).put("execution_id", doc.getString("id"))
          .put("timestamp", "2026-01-01T00:00:0" + line[0].charAt(1) + ".000000Z").put("output_type", line[1])
          .put("data", line[2])));
    }
    try (SseStream stream = SseStream.open(base + "/executions/" + doc.getString("id") + "/output?output_type=stderr")) {
      assertEquals(200, stream.status());
      stream.awaitEnd();
      assertEquals(List.of(Addresses.EXECUTION_OUTPUT_CREATE, "EOF"),
          stream.frames().stream().map(SseStream.Frame::event).toList());
      assertEquals("err\n", stream.frames().get(0).json().getString("data"));
    }
  }
}
