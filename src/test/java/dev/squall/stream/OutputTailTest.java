package dev.squall.stream;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.Executions;
import dev.squall.executions.OutputStore;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An execution's output over real HTTP: stored lines, then live ones, then EOF once it completes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OutputTailTest {
  @TempDir
  Path dir;
  private SqliteStore store;
  private ExecutionStore executions;
  private OutputStore output;
  private Bus bus;
  private HttpServer server;
  private String url;
  private final AtomicInteger started = new AtomicInteger();

  @BeforeEach
  void serve(Vertx vertx) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC, OutputStore.SPEC)));
    executions = new ExecutionStore(store);
    output = new OutputStore(store);
    bus = new LocalBus(vertx);
    server = await(vertx.createHttpServer().requestHandler(request -> executions.get(request.getParam("id"))
        .compose(doc -> new OutputTail(bus, output, request.response(), doc.getString("id"),
            request.getParam("type")).start(doc))
        .onSuccess(v -> started.incrementAndGet())).listen(0, "127.0.0.1"));
    url = "http://127.0.0.1:" + server.actualPort() + "/?id=";
  }

  @AfterEach
  void close() {
    await(server.close());
    await(store.close());
  }

  private JsonObject stored(String status) {
    JsonObject doc = Executions.moved(StreamEndpointTest.execution("p.a"), status);
    await(executions.insert(doc));
    return doc;
  }

  private static JsonObject line(String id, JsonObject execution, String type, String data) {
    return new JsonObject().put("id", id).put("execution_id", execution.getString("id")).put("output_type", type)
        .put("data", data).put("timestamp", "2026-01-01T00:00:00." + id.substring(1) + "00000Z");
  }

  private static List<String> data(SseStream stream) {
    return stream.frames().stream().map(f -> f.event().equals("EOF") ? "EOF" : f.json().getString("data")).toList();
  }

  @Test
  void storedLinesThenLiveLinesThenEofWhenTheExecutionCompletes() throws Exception {
    JsonObject running = stored(ExecutionStatus.RUNNING);
    await(output.insert(line("o1", running, "stdout", "one\n")));
    try (SseStream stream = SseStream.open(url + running.getString("id"))) {
      Poll.until("the tail started", () -> started.get() == 1);
      bus.publish(Addresses.EXECUTION_OUTPUT_CREATE, line("o2", running, "stdout", "two\n"));
      bus.publish(Addresses.EXECUTION_OUTPUT_CREATE, line("o3", stored(ExecutionStatus.RUNNING), "stdout", "other\n"));
      bus.publish(Addresses.EXECUTION_UPDATE, Executions.moved(running, ExecutionStatus.SUCCEEDED));
      bus.publish(Addresses.EXECUTION_OUTPUT_CREATE, line("o4", running, "stdout", "late\n"));
      stream.awaitEnd();
      assertEquals(List.of("one\n", "two\n", "EOF"), data(stream));
    }
  }

  @Test
  void aCompletedExecutionGivesItsStoredLinesOfTheAskedTypeThenEof() throws Exception {
    JsonObject done = stored(ExecutionStatus.SUCCEEDED);
    await(output.insert(line("o1", done, "stdout", "out\n")));
    await(output.insert(line("o2", done, "stderr", "err\n")));
    try (SseStream all = SseStream.open(url + done.getString("id"));
        SseStream errors = SseStream.open(url + done.getString("id") + "&type=stderr")) {
      all.awaitEnd();
      errors.awaitEnd();
      assertEquals(List.of("out\n", "err\n", "EOF"), data(all));
      assertEquals(List.of("err\n", "EOF"), data(errors));
    }
  }
}
