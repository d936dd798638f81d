package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Data survives restarts; a kill -9 leaves nothing non-terminal; start-up errors are clear. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RestartJarIT {
  @TempDir
  Path data;

  @Test
  void killDuringARunLeavesNothingUnfinishedAfterRestart() throws Exception {
    List<String> ids = new ArrayList<>();
    String sleeper;
    String oldToken;
    try (SquallProcess first = SquallProcess.start(data)) {
      Http http = first.login();
      oldToken = http.token();
      String done = http.post("/api/v1/executions", new JsonObject().put("action", "core.noop")).json().getString("id");
      http.awaitCompleted(done);
      ids.add(done);
      sleeper = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
          .put("parameters", new JsonObject().put("cmd", "sleep 60"))).json().getString("id");
      http.awaitExecution(sleeper, e -> "running".equals(e.getString("status")), Duration.ofSeconds(20));
      for (int i = 0; i < 50; i++) {
        ids.add(http.post("/api/v1/executions", new JsonObject().put("action", "core.noop").put("delay", 3000))
            .json().getString("id"));
      }
      first.kill();
    }
    try (SquallProcess second = SquallProcess.start(data)) {
      Http http = second.login();
      // a token issued before the restart is looked up in the store on first use: with and without a body
      Http old = http.withToken(oldToken);
      assertEquals(200, old.get("/api/v1/actions/core.local").status());
      assertEquals(201, old.post("/api/v1/executions", new JsonObject().put("action", "core.noop")).status());
      JsonObject abandoned = http.awaitCompleted(sleeper);
      assertEquals("abandoned", abandoned.getString("status"));
      for (String id : ids) {
        assertEquals("succeeded", http.awaitCompleted(id).getString("status"), id);
      }
      for (String status : List.of("requested", "scheduled", "delayed", "running", "canceling")) {
        assertEquals("0", http.get("/api/v1/executions?status=" + status + "&limit=1").header("X-Total-Count"), status);
      }
      assertTrue(Integer.parseInt(http.get("/api/v1/executions?limit=1").header("X-Total-Count")) >= 52);
    }
  }

  @Test
  void killDuringWebhookIntakeLosesNothingAndEnforcesOnce() throws Exception {
    java.util.Set<Integer> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (SquallProcess first = SquallProcess.start(data)) {
      Http http = first.login();
      JsonObject rule = Http.webhookRule("count", "load");
      assertEquals(201, http.post("/api/v1/rules", rule).status());
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Thread sender = new Thread(() -> {
          while (true) {
            int n = next.getAndIncrement();
            try {
              var r = client.send(java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(http.base() + "/api/v1/webhooks/load"))
                  .header("Content-Type", "application/json").header("X-Auth-Token", http.token())
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 202) {
                accepted.add(n);
              }
            } catch (Exception e) {
              return; // the server is gone
            }
          }
        });
        sender.start();
        senders.add(sender);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (accepted.size() < 3000 && System.nanoTime() < deadline) {
        Http.pause(20);
      }
      first.kill();
      for (Thread sender : senders) {
        sender.join(30_000);
      }
    }
    assertTrue(accepted.size() >= 3000, "accepted " + accepted.size());
    try (SquallProcess second = SquallProcess.start(data)) {
      Http http = second.login();
      String triggerRef = http.get("/api/v1/rules/tests.count").json().getJsonObject("trigger").getString("ref");
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline
          && !"0".equals(http.get("/api/v1/triggerinstances?status=pending&limit=1").header("X-Total-Count"))) {
        Http.pause(100);
      }
      io.vertx.core.json.JsonArray instances = http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef)
          .array();
      java.util.Map<Integer, String> instanceByN = new java.util.HashMap<>();
      for (Object o : instances) {
        JsonObject instance = (JsonObject) o;
        int n = instance.getJsonObject("payload").getJsonObject("body").getInteger("n");
        String previous = instanceByN.put(n, instance.getString("id"));
        assertEquals(null, previous, "two trigger instances for webhook " + n);
        assertEquals("processed", instance.getString("status"));
      }
      for (int n : accepted) {
        assertTrue(instanceByN.containsKey(n), "accepted webhook " + n + " has no trigger instance");
      }
      io.vertx.core.json.JsonArray enforcements = http.get("/api/v1/ruleenforcements?limit=-1&rule_ref=tests.count")
          .array();
      java.util.Map<String, Integer> perInstance = new java.util.HashMap<>();
      for (Object o : enforcements) {
        perInstance.merge(((JsonObject) o).getString("trigger_instance_id"), 1, Integer::sum);
      }
      for (String id : instanceByN.values()) {
        assertEquals(1, perInstance.getOrDefault(id, 0), "enforcements of trigger instance " + id);
      }
    }
  }

  @Test
  void busyPortAndBadConfigFailClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      ProcessBuilder pb = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--port",
          String.valueOf(taken.getLocalPort()), "--data", data.toString()).redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertNotEquals(0, p.exitValue());
      assertTrue(out.contains("already in use"), out);
    }
    Path bad = Files.writeString(data.resolve("bad.yaml"), "api:\n  port: lots\n");
    Process p = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--config", bad.toString(),
        "--data", data.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue());
    assertTrue(out.contains("api.port"), out);
    Process flag = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--bogus")
        .redirectErrorStream(true).start();
    String flagOut = new String(flag.getInputStream().readAllBytes());
    assertTrue(flag.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, flag.exitValue());
    assertTrue(flagOut.contains("--bogus"), flagOut);
    Process version = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "--version")
        .redirectErrorStream(true).start();
    String versionOut = new String(version.getInputStream().readAllBytes());
    assertTrue(version.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, version.exitValue());
    assertTrue(versionOut.startsWith("squall "), versionOut);
  }
}
