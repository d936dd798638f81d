package dev.squall.actions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.actions.runner.OutputSink;
import dev.squall.actions.runner.RunRequest;
import dev.squall.actions.runner.RunnerResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code core.http} against a local server: what StackStorm's http-request runner returns for each answer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpRequestRunnerIT {
  private Vertx vertx;
  private HttpServer server;
  private String base;
  private HttpRequestRunner runner;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      switch (req.path()) {
        case "/json" -> req.response().putHeader("Content-Type", "application/json; charset=utf-8")
            .end(new JsonObject().put("method", req.method().name()).put("query", req.getParam("q"))
                .put("agent", req.getHeader("User-Agent")).put("action", req.getHeader("X-Stanley-Action"))
                .put("custom", req.getHeader("X-Custom")).put("cookie", req.getHeader("Cookie"))
                .put("auth", req.getHeader("Authorization")).put("type", req.getHeader("Content-Type"))
                .put("body", body.toString()).encode());
        case "/text" -> req.response().putHeader("Content-Type", "text/plain").end("plain words");
        case "/missing" -> req.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("nope");
        case "/moved" -> req.response().setStatusCode(302).putHeader("Location", "/text").end();
        case "/slow" -> vertx.setTimer(5000, t -> req.response().end("late"));
        default -> req.response().setStatusCode(500).end();
      }
    }));
    server.listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort();
    runner = new HttpRequestRunner(vertx);
  }

  @AfterEach
  void stop() {
    runner.close();
    vertx.close().await();
  }

  @Test
  void aJsonAnswerIsDecodedWithHeadersQueryCookiesAndBasicAuthSent() {
    RunnerResult got = run(new JsonObject().put("url", base + "/json")
            .put("headers", new JsonObject().put("X-Custom", "yes").put("Content-Type", "application/json"))
            .put("cookies", new JsonObject().put("session", "s1")).put("username", "ann").put("password", "pw"),
        new JsonObject().put("body", "{'a': 1}").put("params", new JsonObject().put("q", "find")));
    assertEquals("succeeded", got.status(), got.result().encodePrettily());
    JsonObject result = got.result();
    assertEquals(200, result.getInteger("status_code"));
    assertEquals(true, result.getBoolean("parsed"));
    JsonObject seen = result.getJsonObject("body");
    assertEquals("POST", seen.getString("method"), "a body makes it a POST");
    assertEquals("find", seen.getString("query"));
    assertEquals("st2/v3.10dev", seen.getString("agent"));
    assertEquals("http", seen.getString("action"));
    assertEquals("yes", seen.getString("custom"));
    assertEquals("session=s1", seen.getString("cookie"));
    assertEquals("Basic " + Base64.getEncoder().encodeToString("ann:pw".getBytes()), seen.getString("auth"));
    assertEquals("{\"a\":1}", seen.getString("body"), "a Python-literal body sent as JSON");
    assertTrue(result.getJsonObject("headers").getString("Content-Type").startsWith("application/json"));
  }

  @Test
  void aTextAnswerStaysText() {
    RunnerResult got = run(new JsonObject().put("url", base + "/text"), new JsonObject());
    assertEquals("succeeded", got.status());
    assertEquals("plain words", got.result().getString("body"));
    assertEquals(false, got.result().getBoolean("parsed"));
  }

  @Test
  void aNon2xxAnswerFailsWithItsStatusAndBody() {
    RunnerResult got = run(new JsonObject().put("url", base + "/missing"), new JsonObject().put("method", "DELETE"));
    assertEquals("failed", got.status());
    assertEquals(404, got.result().getInteger("status_code"));
    assertEquals("nope", got.result().getString("body"));
  }

  @Test
  void redirectsAreReturnedUnlessAllowed() {
    RunnerResult kept = run(new JsonObject().put("url", base + "/moved"), new JsonObject());
    assertEquals("failed", kept.status());
    assertEquals(302, kept.result().getInteger("status_code"));
    RunnerResult followed = run(new JsonObject().put("url", base + "/moved").put("allow_redirects", true),
        new JsonObject());
    assertEquals("succeeded", followed.status());
    assertEquals("plain words", followed.result().getString("body"));
  }

  @Test
  void noAnswerInTimeIsATimeout() {
    long start = System.nanoTime();
    RunnerResult got = run(new JsonObject().put("url", base + "/slow"), new JsonObject().put("timeout", 1));
    assertEquals("timeout", got.status(), got.result().encode());
    assertTrue(got.result().containsKey("error"));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
  }

  @Test
  void refusedHostsAndDeadServersFailWithAnError() {
    RunnerResult black = run(new JsonObject().put("url", base + "/text")
        .put("url_hosts_blacklist", new JsonArray().add("127.0.0.1")), new JsonObject());
    assertEquals("failed", black.status());
    assertTrue(black.result().getString("error").contains("blacklisted"));
    RunnerResult white = run(new JsonObject().put("url", base + "/text")
        .put("url_hosts_whitelist", new JsonArray().add("example.com")), new JsonObject());
    assertTrue(white.result().getString("error").contains("not whitelisted"));
    server.close().await();
    RunnerResult dead = run(new JsonObject().put("url", base + "/text"), new JsonObject());
    assertEquals("failed", dead.status());
    assertTrue(dead.result().containsKey("error"));
  }

  private RunnerResult run(JsonObject runnerParameters, JsonObject actionParameters) {
    RunRequest request = new RunRequest("exec-" + System.nanoTime(),
        new JsonObject().put("ref", "core.http").put("pack", "core"), runnerParameters, actionParameters, null,
        Map.of(), OutputSink.NONE);
    return vertx.getOrCreateContext().<RunnerResult>executeBlocking(() -> null)
        .compose(v -> runner.run(request)).await();
  }
}
