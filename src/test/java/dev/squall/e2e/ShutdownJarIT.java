package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM under webhook load with actions running: an orderly stop that loses nothing and exits 0. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShutdownJarIT {
  @TempDir
  Path tmp;

  @Test
  void sigtermAnswersInFlightRequestsLetsShortActionsFinishAbandonsLongOnesAndExitsZero() throws Exception {
    Path data = tmp.resolve("data");
    Path config = Files.writeString(tmp.resolve("squall.yaml"),
        "actionrunner:\n  graceful_shutdown: true\n  graceful_shutdown_timeout: 4\n");
    Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger otherAnswers = new AtomicInteger();
    AtomicInteger failedRequests = new AtomicInteger();
    String shortRun;
    String longRun;
    List<String> output;
    try (SquallProcess server = SquallProcess.start(data, "--config", config.toString())) {
      Http http = server.login();
      JsonObject rule = Http.webhookRule("stop", "stop");
      assertEquals(201, http.post("/api/v1/rules", rule).status());
      shortRun = run(http, "sleep 2");
      longRun = run(http, "sleep 120");
      for (String id : List.of(shortRun, longRun)) {
        http.awaitExecution(id, e -> "running".equals(e.getString("status")), Duration.ofSeconds(30));
      }

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicInteger next = new AtomicInteger();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread sender = new Thread(() -> {
          while (true) {
            int n = next.getAndIncrement();
            try {
              HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(http.base()
                      + "/api/v1/webhooks/stop")).header("Content-Type", "application/json")
                  .header("X-Auth-Token", http.token())
                  .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 202) {
                accepted.add(n);
              } else {
                otherAnswers.incrementAndGet();
              }
            } catch (Exception e) {
              failedRequests.incrementAndGet();
              return; // the port is closed
            }
          }
        });
        sender.start();
        senders.add(sender);
      }
      while (accepted.size() < 500) {
        Http.pause(10);
      }
      long t0 = System.nanoTime();
      server.terminate();
      assertEquals(0, server.waitForExit(60), "exit code after SIGTERM");
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(tookMs < 4_000 + 20_000, "stopped in " + tookMs + " ms with a 4 s grace");
      for (Thread sender : senders) {
        sender.join(30_000);
      }
      output = server.output();
    }
    String log = String.join("\n", output);
    for (String step : List.of("shutdown: SIGTERM received", "shutdown: HTTP port closed",
        "shutdown: waiting up to 4 s for \\d+ running actions", "1 actions still running after 4 s are stopped and abandoned",
        "shutdown: services stopped", "shutdown: store flushed and closed", "shutdown: done")) {
      assertTrue(java.util.regex.Pattern.compile(step).matcher(log).find(), "the log tells '" + step + "':\n" + log);
    }
    assertEquals(0, otherAnswers.get(), "answers other than 202 while stopping");

    try (SquallProcess again = SquallProcess.start(data, "--config", config.toString())) {
      Http http = again.login();
      assertEquals("succeeded", http.get("/api/v1/executions/" + shortRun).json().getString("status"),
          "an action that ends within the grace time finishes");
      JsonObject abandoned = http.get("/api/v1/executions/" + longRun).json();
      assertEquals("abandoned", abandoned.getString("status"));
      assertTrue(abandoned.encode().contains("shut down"), abandoned.encode());
      String triggerRef = http.get("/api/v1/rules/tests.stop").json().getJsonObject("trigger").getString("ref");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && !"0".equals(http.get("/api/v1/triggerinstances?status=pending&limit=1").header("X-Total-Count"))) {
        Http.pause(100);
      }
      Map<Integer, Integer> instancesByN = new HashMap<>();
      for (Object o : http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array()) {
        int n = ((JsonObject) o).getJsonObject("payload").getJsonObject("body").getInteger("n");
        instancesByN.merge(n, 1, Integer::sum);
      }
      for (int n : accepted) {
        assertEquals(1, instancesByN.getOrDefault(n, 0), "trigger instances of accepted webhook " + n);
      }
    }
  }

  private static String run(Http http, String cmd) {
    return http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", cmd))).json().getString("id");
  }
}
