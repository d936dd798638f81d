package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.MongoProcess;
import dev.squall.testkit.SquallProcess;
import dev.squall.testkit.SteadyWebhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs of the jar as one cluster over the real RabbitMQ and a MongoDB (mongo-java-server in its own process):
 * an HTTP node (api, auth, stream) and a worker node (rules, notifier, scheduler, runner). A rule created on the
 * HTTP node is enforced by the worker node; webhooks accepted by the HTTP node run as actions on the worker node;
 * the worker node's execution events reach the HTTP node's stream.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterJarIT {
  private static final int WEBHOOKS = 10;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  Path tmp;

  private Map<String, String> env(MongoProcess mongo, String node) {
    return mongo.nodeEnv("squall" + run, node + "-" + run);
  }

  @Test
  void webhooksOnTheHttpNodeRunOnTheWorkerNodeAndTheStreamShowsIt() throws Exception {
    Path data = tmp.resolve("data"); // shared: users and the datastore key, as every node of a cluster needs
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess front = SquallProcess.start(data, env(mongo, "front"), List.of(), "--cluster", "--services",
            "api,auth,stream")) {
      Http http = front.login();
      try (SquallProcess worker = SquallProcess.start(data, env(mongo, "worker"), List.of(), "--cluster",
          "--services", "rules,notifier,actions.scheduler,actions.runner")) {
        worker.awaitStarted();

        List<String> stream = new CopyOnWriteArrayList<>();
        Thread listener = new Thread(() -> {
          try {
            http.lines("/stream/v1/stream?events=st2.execution__update").forEach(stream::add);
          } catch (RuntimeException closed) {
            // the node stopped
          }
        });
        listener.setDaemon(true);
        listener.start();

        JsonObject rule = Http.webhookRule("echo-" + run, "echo-" + run);
        rule.put("action", new JsonObject().put("ref", "core.local")
            .put("parameters", new JsonObject().put("cmd", "echo n={{ trigger.body.n }}")));
        assertEquals(201, http.post("/api/v1/rules", rule).status());
        Http.pause(1000); // a rule created on one node is enforced on every node within 1 s

        for (int n = 0; n < WEBHOOKS; n++) {
          assertEquals(202, http.post("/api/v1/webhooks/echo-" + run, new JsonObject().put("n", n)).status());
        }

        Set<String> outputs = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonArray done = new JsonArray();
        while (System.nanoTime() < deadline) {
          done = http.get("/api/v1/executions?action=core.local&status=succeeded&limit=100").array();
          if (done.size() >= WEBHOOKS) {
            break;
          }
          Http.pause(200);
        }
        assertEquals(WEBHOOKS, done.size(), "succeeded executions: " + done.size() + "\nworker:\n"
            + String.join("\n", worker.output()));
        for (int i = 0; i < done.size(); i++) {
          outputs.add(done.getJsonObject(i).getJsonObject("result").getString("stdout").strip());
        }
        Set<String> expected = new TreeSet<>();
        for (int n = 0; n < WEBHOOKS; n++) {
          expected.add("n=" + n);
        }
        assertEquals(expected, outputs, "one execution per webhook, each with its own payload");

        // the worker node's transitions, relayed through RabbitMQ, on the HTTP node's stream
        Set<String> streamed = new TreeSet<>();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && streamed.size() < WEBHOOKS) {
          for (String line : stream) {
            if (line.startsWith("data: ") && line.contains("\"succeeded\"") && line.contains("core.local")) {
              streamed.add(new JsonObject(line.substring("data: ".length())).getString("id"));
            }
          }
          Http.pause(100);
        }
        assertEquals(WEBHOOKS, streamed.size(), "succeeded events on the HTTP node's stream");
        assertTrue(front.output().stream().anyMatch(l -> l.contains("bus bridged to RabbitMQ")), "front joined");
      }
    }
  }

  private static int noopRuns(Http http) {
    return http.get("/api/v1/executions?action=core.noop&limit=10000&include_attributes=id").array().size();
  }

  @Test
  void timersFireOncePerTickOnTwoNodesAndKeepFiringAfterTheLeaderIsKilled() throws Exception {
    Path data = tmp.resolve("data");
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess one = SquallProcess.start(data, env(mongo, "one"), List.of(), "--cluster")) {
      Http http = one.login();
      try (SquallProcess two = SquallProcess.start(data, env(mongo, "two"), List.of(), "--cluster")) {
        two.awaitReady();
        JsonObject rule = new JsonObject().put("name", "tick-" + run).put("pack", "tests").put("enabled", true)
            .put("trigger", new JsonObject().put("type", "core.st2.IntervalTimer")
                .put("parameters", new JsonObject().put("unit", "seconds").put("delta", 1)))
            .put("action", new JsonObject().put("ref", "core.noop"));
        assertEquals(201, http.post("/api/v1/rules", rule).status());
        Http.pause(3000);

        int before = noopRuns(http);
        Http.pause(6000);
        int inSix = noopRuns(http) - before;
        assertTrue(inSix >= 4 && inSix <= 8, "a 1 s timer on two nodes ran " + inSix + " times in 6 s");

        SquallProcess leader = one.output().stream().anyMatch(l -> l.contains("this node now runs timers")) ? one : two;
        SquallProcess survivor = leader == one ? two : one;
        Http survivorHttp = leader == one ? Http.login(two.awaitReady(), "admin", two.adminPassword()) : http;
        leader.kill();
        Http.pause(10_000); // a live node takes the lease within 8 s
        int afterTakeover = noopRuns(survivorHttp);
        Http.pause(5000);
        int inFive = noopRuns(survivorHttp) - afterTakeover;
        assertTrue(inFive >= 3 && inFive <= 7, "after the leader was killed the timer ran " + inFive + " times in 5 s");
        assertTrue(survivor.output().stream().anyMatch(l -> l.contains("this node now runs timers")),
            "the survivor took the timers over");
      }
    }
  }

  @Test
  void aSecondNodeStartingLeavesTheFirstNodesRunningExecutionsAlone() throws Exception {
    Path data = tmp.resolve("data");
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess one = SquallProcess.start(data, env(mongo, "one"), List.of(), "--cluster")) {
      Http http = one.login();
      JsonObject created = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
          .put("parameters", new JsonObject().put("cmd", "sleep 6; echo slept"))).json();
      String id = created.getString("id");
      http.awaitExecution(id, e -> "running".equals(e.getString("status")), java.time.Duration.ofSeconds(30));
      try (SquallProcess two = SquallProcess.start(data, env(mongo, "two"), List.of(), "--cluster")) {
        // a token issued by one node works on the other at once
        Http.Reply onTwo = http.withBase(two.awaitReady()).get("/api/v1/actions/core.local");
        assertEquals(200, onTwo.status(), onTwo.body() + "\n" + String.join("\n", two.output()));
        assertEquals(401, http.withBase(two.awaitReady()).withToken("0123456789abcdef0123456789abcdef")
            .get("/api/v1/actions/core.local").status());
        assertEquals("running", http.get("/api/v1/executions/" + id).json().getString("status"),
            "still running after another node started on the same store");
        JsonObject done = http.awaitExecution(id, e -> !"running".equals(e.getString("status")),
            java.time.Duration.ofSeconds(30));
        assertEquals("succeeded", done.getString("status"), done.encode());
        assertEquals("slept", done.getJsonObject("result").getString("stdout").strip());
      }
    }
  }

  @Test
  void theRunningExecutionsOfAKilledRunnerNodeAreClosedByALiveNode() throws Exception {
    Path data = tmp.resolve("data");
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess front = SquallProcess.start(data, env(mongo, "front"), List.of(), "--cluster", "--services",
            "api,auth,stream,rules,notifier,timers,gc,actions.scheduler")) {
      Http http = front.login();
      SquallProcess runner = SquallProcess.start(data, env(mongo, "runner"), List.of(), "--cluster", "--services",
          "actions.runner");
      try (runner) {
        runner.awaitStarted();
        String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
            .put("parameters", new JsonObject().put("cmd", "sleep 120"))).json().getString("id");
        http.awaitExecution(id, e -> "running".equals(e.getString("status")), java.time.Duration.ofSeconds(30));
        JsonObject runners = http.get("/api/v1/service_registry/groups/actionrunner/members").json();
        assertEquals("runner-" + run, runners.getJsonArray("members").getJsonObject(0).getJsonObject("capabilities")
            .getString("node"), runners.encode());
        assertTrue(http.get("/api/v1/service_registry/groups").json().getJsonArray("groups").contains("api"));
        long killed = System.nanoTime();
        runner.kill();
        JsonObject closed = http.awaitExecution(id, e -> !"running".equals(e.getString("status")),
            java.time.Duration.ofSeconds(40));
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        assertEquals("abandoned", closed.getString("status"), closed.encode());
        assertTrue(closed.getJsonObject("result").getString("error").contains("runner-" + run), closed.encode());
        assertTrue(tookMs <= 30_000, "closed " + tookMs + " ms after the kill");
        System.out.printf("execution of the killed runner node closed %d ms after the kill%n", tookMs);
        assertEquals(404, http.get("/api/v1/service_registry/groups/actionrunner/members").status(),
            "a dead node is no member");
      }
    }
  }

  private static int rabbitmqctl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @Test
  void theBrokerStoppedAndStartedUnderLoadLosesNothingAccepted() throws Exception {
    Path data = tmp.resolve("data");
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess front = SquallProcess.start(data, env(mongo, "front"), List.of(), "--cluster", "--services",
            "api,auth,stream");
        SquallProcess worker = SquallProcess.start(data, env(mongo, "worker"), List.of(), "--cluster", "--services",
            "rules,notifier,actions.scheduler,actions.runner")) {
      Http http = front.login();
      worker.awaitStarted();
      JsonObject rule = Http.webhookRule("outage-" + run, "outage-" + run);
      rule.put("action", new JsonObject().put("ref", "core.local")
          .put("parameters", new JsonObject().put("cmd", "echo n={{ trigger.body.n }}")));
      assertEquals(201, http.post("/api/v1/rules", rule).status());
      Http.pause(1000);

      SteadyWebhooks load = new SteadyWebhooks(http, "outage-" + run);
      Thread sender = new Thread(load, "webhook-load");
      sender.start();
      load.awaitMore(100);
      assertEquals(0, rabbitmqctl("stop_app"), "rabbitmqctl stop_app");
      int beforeStart;
      try {
        Http.pause(4000);
        beforeStart = load.accepted.size();
      } finally {
        assertEquals(0, rabbitmqctl("start_app"), "rabbitmqctl start_app");
      }
      load.awaitMore(100);
      load.stop.set(true);
      sender.join(30_000);
      assertEquals(List.of(), load.other, "every answer is 202, or 503 with Retry-After");

      Set<String> expected = new TreeSet<>();
      load.accepted.forEach(n -> expected.add("n=" + n));
      List<String> outputs = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        JsonArray done = http.get("/api/v1/executions?action=core.local&status=succeeded&limit=10000").array();
        outputs.clear();
        for (int i = 0; i < done.size(); i++) {
          outputs.add(done.getJsonObject(i).getJsonObject("result").getString("stdout").strip());
        }
        if (outputs.size() >= expected.size()) {
          break;
        }
        Http.pause(500);
      }
      assertEquals(expected, new TreeSet<>(outputs), "every accepted webhook ran");
      assertEquals(expected.size(), outputs.size(), "each exactly once");
      System.out.printf("broker outage: %d webhooks accepted, %d during the outage%n", load.accepted.size(),
          beforeStart - 100);
    }
  }

  @Test
  void aClusterOnTheEmbeddedStoreIsRefusedAtStart() throws Exception {
    SquallProcess.Run refused = SquallProcess.cli("server", "--cluster", "--port", "0", "--data",
        tmp.resolve("sqlite").toString());
    assertEquals(2, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("a cluster keeps its records in MongoDB"), refused.output());
  }
}
