package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SmallDisk;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The data dir on a disk that fills up under webhooks, then grows: refused cleanly, nothing lost, no restart. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StoreFaultsJarIT {
  @TempDir
  Path tmp;

  @Test
  void aFullDiskAnswers503UntilSpaceReturnsAndEveryAcceptedWebhookIsEnforcedOnce() throws Exception {
    assumeTrue(SmallDisk.canMount(tmp), "needs root to mount a small tmpfs");
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("data"), 48);
        SquallProcess server = SquallProcess.start(disk.dir())) {
      Http http = server.login();
      assertEquals(200, http.anonymous().get("/readyz").status());
      JsonObject rule = Http.webhookRule("fill", "fill");
      assertEquals(201, http.post("/api/v1/rules", rule).status());

      Set<Integer> accepted = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      List<String> unexpected = new ArrayList<>();
      Set<Integer> readiness = ConcurrentHashMap.newKeySet();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String filler = "x".repeat(20_000);
      AtomicInteger next = new AtomicInteger();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread sender = new Thread(() -> {
          while (refused.get() < 300 && next.get() < 20_000) {
            int n = next.getAndIncrement();
            try {
              HttpResponse<String> r = client.send(webhook(http, n, filler), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 202) {
                accepted.add(n);
              } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                refused.incrementAndGet();
              } else {
                synchronized (unexpected) {
                  unexpected.add(r.statusCode() + " " + r.body());
                }
              }
              if (n % 50 == 0) {
                readiness.add(http.anonymous().get("/readyz").status());
              }
            } catch (Exception e) {
              synchronized (unexpected) {
                unexpected.add(e.toString());
              }
              return;
            }
          }
        });
        sender.start();
        senders.add(sender);
      }
      for (Thread sender : senders) {
        sender.join(180_000);
      }
      assertEquals(List.of(), unexpected, "every answer is 202, or 503 with Retry-After");
      assertTrue(refused.get() >= 300, "the disk never filled: " + accepted.size() + " accepted");
      assertEquals(503, http.anonymous().get("/readyz").status(), "a full disk makes the server unready");
      assertTrue(readiness.contains(503));
      Http.Reply live = http.anonymous().get("/livez");
      assertEquals(200, live.status(), "alive while unready");
      assertEquals("ok", live.json().getString("status"));

      disk.resize(512);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (http.anonymous().get("/readyz").status() != 200 && System.nanoTime() < deadline) {
        Http.pause(100);
      }
      assertEquals(200, http.anonymous().get("/readyz").status(), "ready again once space returns, no restart");
      for (int i = 0; i < 20; i++) {
        int n = next.getAndIncrement();
        assertEquals(202, client.send(webhook(http, n, "after"), HttpResponse.BodyHandlers.ofString()).statusCode());
        accepted.add(n);
      }

      String triggerRef = http.get("/api/v1/rules/tests.fill").json().getJsonObject("trigger").getString("ref");
      deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline
          && !"0".equals(http.get("/api/v1/triggerinstances?status=pending&limit=1").header("X-Total-Count"))) {
        Http.pause(200);
      }
      assertEquals("0", http.get("/api/v1/triggerinstances?status=pending&limit=1").header("X-Total-Count"));
      Map<Integer, String> instanceByN = new HashMap<>();
      for (Object o : http.get("/api/v1/triggerinstances?limit=-1&exclude_attributes=payload.body.filler&trigger="
          + triggerRef).array()) {
        JsonObject instance = (JsonObject) o;
        int n = instance.getJsonObject("payload").getJsonObject("body").getInteger("n");
        assertEquals(null, instanceByN.put(n, instance.getString("id")), "two trigger instances for webhook " + n);
      }
      assertEquals(accepted, instanceByN.keySet(), "exactly the accepted webhooks have a trigger instance");
      JsonArray enforcements = http.get("/api/v1/ruleenforcements?limit=-1&rule_ref=tests.fill").array();
      Map<String, Integer> perInstance = new HashMap<>();
      for (Object o : enforcements) {
        perInstance.merge(((JsonObject) o).getString("trigger_instance_id"), 1, Integer::sum);
      }
      for (Map.Entry<Integer, String> e : instanceByN.entrySet()) {
        assertEquals(1, perInstance.getOrDefault(e.getValue(), 0), "enforcements of webhook " + e.getKey());
      }
      assertNotNull(server.output().stream().filter(l -> l.contains("cannot write")).findFirst().orElse(null),
          "the episode is logged");
      for (String status : List.of("requested", "scheduled", "running")) {
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
            && !"0".equals(http.get("/api/v1/executions?status=" + status + "&limit=1").header("X-Total-Count"))) {
          Http.pause(200);
        }
        assertEquals("0", http.get("/api/v1/executions?status=" + status + "&limit=1").header("X-Total-Count"),
            "executions left " + status + " once the store writes again");
      }
      List<String> logged = server.output().stream().filter(l -> l.contains("cannot write")).toList();
      assertEquals(1, logged.size(), "logged once per episode, not per request: " + logged);
    }
  }

  private static HttpRequest webhook(Http http, int n, String filler) {
    return HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/fill"))
        .header("Content-Type", "application/json").header("X-Auth-Token", http.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + ",\"filler\":\"" + filler + "\"}")).build();
  }
}
