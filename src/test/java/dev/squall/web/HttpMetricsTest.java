package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Answers counted by operation, method and status, as Vert.x's HTTP server metrics, on a real router and server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;
  private HttpServer server;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyAnswerIsCountedUnderItsOperationMethodAndStatus() throws Exception {
    HttpMetrics metrics = new HttpMetrics(registry);
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(options -> new VertxMetrics() {
          @Override
          public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config, SocketAddress tcp,
              SocketAddress local) {
            return metrics;
          }
        }).build();
    Router router = Router.router(vertx);
    router.route().handler(ctx -> ctx.next()); // a route of no operation before the operation's: not counted as one
    metrics.name(router.get("/actions/:ref").handler(ctx ->
        ctx.response().setStatusCode(ctx.pathParam("ref").equals("missing") ? 404 : 200).end("{}")), Operation.ACTION_GET);
    metrics.name(router.post("/webhooks/:url").handler(ctx ->
        vertx.setTimer(20, t -> ctx.response().setStatusCode(202).end())), Operation.WEBHOOK_POST);
    server = vertx.createHttpServer().requestHandler(router);
    int port = server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    for (int i = 0; i < 3; i++) {
      assertEquals(200, send(client, HttpRequest.newBuilder(URI.create(base + "/actions/core.local")).GET()));
    }
    assertEquals(404, send(client, HttpRequest.newBuilder(URI.create(base + "/actions/missing")).GET()));
    assertEquals(202, send(client, HttpRequest.newBuilder(URI.create(base + "/webhooks/x"))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))));
    // no route: no operation
    assertEquals(404, send(client, HttpRequest.newBuilder(URI.create(base + "/nowhere")).DELETE()));

    assertEquals(3, timer("actionGet", "GET", "200", 3).count());
    assertEquals(1, timer("actionGet", "GET", "404", 1).count());
    FunctionTimer webhook = timer("webhookPost", "POST", "202", 1);
    assertEquals(1, webhook.count());
    // timed from the request's arrival to its answer: the handler's 20 ms wait is in it
    assertEquals(true, webhook.totalTime(TimeUnit.MILLISECONDS) >= 20, "" + webhook.totalTime(TimeUnit.MILLISECONDS));
    assertEquals(1, timer("none", "DELETE", "404", 1).count());
    assertNull(registry.find(HttpMetrics.NAME).tags("operation", "actionGet", "status", "500").functionTimer());
  }

  /** The timer once it counted {@code atLeast} answers (the end handler may run after the client read the answer). */
  private FunctionTimer timer(String operation, String method, String status, long atLeast) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      FunctionTimer timer = registry.find(HttpMetrics.NAME).tags("operation", operation, "method", method, "status", status)
          .functionTimer();
      if (timer != null && timer.count() >= atLeast) {
        return timer;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no timer for " + operation + " " + method + " " + status + " in "
        + registry.getMetersAsString());
  }

  private static int send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
