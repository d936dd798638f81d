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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * StackStorm's services split over three JVMs of the jar, as a cluster on the real RabbitMQ and a MongoDB
 * (mongo-java-server in its own process): api+auth+stream, rules+timers+notifier, scheduler+runner.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterSplitJarIT {
  private static final String HTTP = "api,auth,stream";
  private static final String RULES = "rules,timers,notifier";
  private static final String RUNNER = "actions.scheduler,actions.runner";
  private static final List<String> LIFECYCLE = List.of("requested", "scheduled", "running", "succeeded");
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  Path tmp;

  private Map<String, String> env(MongoProcess mongo, String node) {
    return mongo.nodeEnv("squall" + run, node + "-" + run);
  }

  private SquallProcess node(MongoProcess mongo, String name, String services) throws Exception {
    return SquallProcess.start(tmp.resolve("data"), env(mongo, name), List.of(), "--cluster", "--services", services);
  }

  private JsonObject echoRule(String name) {
    JsonObject rule = Http.webhookRule(name, name);
    rule.put("action", new JsonObject().put("ref", "core.local")
        .put("parameters", new JsonObject().put("cmd", "echo n={{ trigger.body.n }}")));
    return rule;
  }

  /** Every execution event of the stream, in the order the stream delivered them: execution id → statuses. */
  private static Map<String, List<String>> statusesById(List<String> lines) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    String event = "";
    for (String line : lines) {
      if (line.startsWith("event: ")) {
        event = line.substring("event: ".length()).strip();
      } else if (line.startsWith("data: ") && event.startsWith("st2.execution__")) {
        JsonObject execution = new JsonObject(line.substring("data: ".length()));
        byId.computeIfAbsent(execution.getString("id"), id -> new ArrayList<>()).add(execution.getString("status"));
      }
    }
    return byId;
  }

  private static Thread listen(Http http, String path, List<String> into) {
    Thread listener = new Thread(() -> {
      try {
        http.lines(path).forEach(into::add);
      } catch (RuntimeException closed) {
        // the node stopped
      }
    });
    listener.setDaemon(true);
    listener.start();
    return listener;
  }

  @Test
  void webhookRuleAndExecutionCrossThreeJvmsAndTheApiNodesStreamShowsTheRunnerNodesEventsInOrder() throws Exception {
    int webhooks = 20;
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess api = node(mongo, "api", HTTP);
        SquallProcess rules = node(mongo, "rules", RULES);
        SquallProcess runner = node(mongo, "runner", RUNNER)) {
      Http http = api.login();
      rules.awaitStarted();
      runner.awaitStarted();
      List<String> stream = new CopyOnWriteArrayList<>();
      listen(http, "/stream/v1/stream?events=st2.execution__create,st2.execution__update", stream);

      assertEquals(201, http.post("/api/v1/rules", echoRule("split-" + run)).status());
      Http.pause(1000); // a rule created on the api node is enforced on the rules node within 1 s
      for (int n = 0; n < webhooks; n++) {
        assertEquals(202, http.post("/api/v1/webhooks/split-" + run, new JsonObject().put("n", n)).status());
      }

      JsonArray done = new JsonArray();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && done.size() < webhooks) {
        done = http.get("/api/v1/executions?action=core.local&status=succeeded&limit=100").array();
        Http.pause(200);
      }
      Set<String> outputs = new java.util.TreeSet<>();
      Set<String> runnerPids = new java.util.TreeSet<>();
      for (int i = 0; i < done.size(); i++) {
        JsonObject execution = done.getJsonObject(i);
        outputs.add(execution.getJsonObject("result").getString("stdout").strip());
        runnerPids.add(String.valueOf(execution.getJsonObject("liveaction").getJsonObject("runner_info").getLong("pid")));
      }
      assertEquals(webhooks, outputs.size(), "one succeeded execution per webhook: " + outputs);
      assertEquals(Set.of(String.valueOf(runner.pid())), runnerPids, "every action ran in the runner JVM");

      // the stream on the api node: every execution's events, produced on the rules and runner nodes, in order
      Map<String, List<String>> byId = Map.of();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        byId = statusesById(stream);
        if (byId.size() >= webhooks && byId.values().stream().allMatch(s -> s.contains("succeeded"))) {
          break;
        }
        Http.pause(100);
      }
      assertEquals(webhooks, byId.size(), "executions on the api node's stream: " + byId.keySet());
      for (Map.Entry<String, List<String>> e : byId.entrySet()) {
        assertEquals(LIFECYCLE, e.getValue().stream().distinct().toList(),
            "statuses of " + e.getKey() + " as the api node streamed them");
      }

      // a cancel asked of the api node stops the process on the runner node
      String long_ = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
          .put("parameters", new JsonObject().put("cmd", "sleep 120"))).json().getString("id");
      http.awaitExecution(long_, e -> "running".equals(e.getString("status")), java.time.Duration.ofSeconds(30));
      long cancelAsked = System.nanoTime();
      assertEquals(200, http.delete("/api/v1/executions/" + long_).status());
      JsonObject canceled = http.awaitExecution(long_, e -> TERMINAL.contains(e.getString("status")),
          java.time.Duration.ofSeconds(30));
      assertEquals("canceled", canceled.getString("status"), canceled.encode());
      assertTrue(System.nanoTime() - cancelAsked < TimeUnit.SECONDS.toNanos(20), "canceled, not waited out");

      // squall status: the three nodes with their services, the leaders, the work queues and their consumers
      SquallProcess.Run status = SquallProcess.cli(env(mongo, "cli"), "status", "--cluster", "--json", "--data",
          tmp.resolve("data").toString());
      assertEquals(0, status.exitCode(), status.output());
      JsonObject report = new JsonObject(status.output().substring(status.output().indexOf("{\n  \"mode\"")));
      Map<String, List<Object>> servicesByNode = new TreeMap<>();
      report.getJsonArray("nodes").stream().map(JsonObject.class::cast).filter(n -> n.getBoolean("alive"))
          .forEach(n -> servicesByNode.put(n.getString("node"), n.getJsonArray("services").getList()));
      assertEquals(Map.of("api-" + run, List.of(HTTP.split(",")), "rules-" + run, List.of(RULES.split(",")),
          "runner-" + run, List.of(RUNNER.split(","))), servicesByNode, report.encodePrettily());
      assertEquals("rules-" + run, report.getJsonObject("leaders").getString("timers"), report.encodePrettily());
      JsonObject runQueue = report.getJsonObject("queues").getJsonObject("squall.work.actionrunner.work");
      assertEquals(1, runQueue.getInteger("consumers"), report.encodePrettily());
      assertEquals(0L, runQueue.getLong("ready"), report.encodePrettily());
      String text = SquallProcess.cli(env(mongo, "cli"), "status", "--cluster", "--data", tmp.resolve("data").toString())
          .output();
      assertTrue(text.contains("runner-" + run) && text.contains("squall.work.actionrunner.work"), text);

      // a token issued by the api node's auth works at once on another api node, which serves nothing else
      try (SquallProcess secondApi = node(mongo, "api2", "api")) {
        Http there = http.withBase(secondApi.awaitReady());
        Http.Reply reply = there.get("/api/v1/executions/" + done.getJsonObject(0).getString("id"));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("succeeded", reply.json().getString("status"));
        // a rule created there is enforced by the rules node too
        assertEquals(201, there.post("/api/v1/rules", echoRule("split2-" + run)).status());
        Http.pause(1000);
        assertEquals(202, http.post("/api/v1/webhooks/split2-" + run, new JsonObject().put("n", "other")).status());
        JsonArray other = new JsonArray();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && other.isEmpty()) {
          other = http.get("/api/v1/executions?action=core.local&status=succeeded&limit=100&trigger_type=core.st2.webhook")
              .array().stream().map(JsonObject.class::cast)
              .filter(x -> x.getJsonObject("result").getString("stdout").strip().equals("n=other"))
              .collect(JsonArray::new, JsonArray::add, JsonArray::addAll);
          Http.pause(200);
        }
        assertEquals(1, other.size(), "the rule created on the second api node ran once; trigger instances: "
            + http.get("/api/v1/triggerinstances?limit=3").body() + "\nrules node:\n"
            + String.join("\n", rules.output().subList(Math.max(0, rules.output().size() - 30), rules.output().size())));

        // revoked with the command line (no bus): both api nodes refuse the token within a second
        SquallProcess.Run revoked = SquallProcess.cli(env(mongo, "cli"), "token", "revoke", http.token(), "--data",
            tmp.resolve("data").toString());
        assertEquals(0, revoked.exitCode(), revoked.output());
        long revokedAt = System.nanoTime();
        for (Http node : List.of(http, there)) {
          while (node.get("/api/v1/actions/core.local").status() != 401) {
            assertTrue(System.nanoTime() - revokedAt < TimeUnit.SECONDS.toNanos(1), "token still valid after 1 s");
            Http.pause(20);
          }
        }
      }
    }
  }

  @Test
  void killingTheRunnerThenTheRulesJvmUnderLoadGivesEveryAcceptedWebhookExactlyOneFinishedExecution() throws Exception {
    String hook = "kill-" + run;
    try (MongoProcess mongo = MongoProcess.start();
        SquallProcess api = node(mongo, "api", HTTP + ",gc")) {
      Http http = api.login();
      SquallProcess rules = node(mongo, "rules", RULES);
      SquallProcess runner = node(mongo, "runner", RUNNER);
      try {
        rules.awaitStarted();
        runner.awaitStarted();
        JsonObject rule = echoRule(hook);
        // a slower action, so the kill finds some in the middle of running
        rule.getJsonObject("action").getJsonObject("parameters").put("cmd", "sleep 0.3; echo n={{ trigger.body.n }}");
        assertEquals(201, http.post("/api/v1/rules", rule).status());
        Http.pause(1000);

        SteadyWebhooks load = new SteadyWebhooks(http, hook);
        Thread sender = new Thread(load, "webhook-load");
        sender.start();
        load.awaitMore(100);

        runner.kill();
        Http.pause(3000);
        runner = node(mongo, "runner", RUNNER);
        runner.awaitStarted();
        load.awaitMore(100);

        rules.kill();
        Http.pause(3000);
        rules = node(mongo, "rules", RULES);
        rules.awaitStarted();
        load.awaitMore(100);
        load.stop.set(true);
        sender.join(30_000);
        assertEquals(List.of(), load.other, "every answer is 202, or 503 with Retry-After");

        int accepted = load.accepted.size();
        Map<String, List<JsonObject>> byOutput = new TreeMap<>();
        JsonArray all = new JsonArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
          all = http.get("/api/v1/executions?action=core.local&limit=-1&include_attributes=id,status,parameters")
              .array();
          if (all.size() >= accepted && all.stream().map(JsonObject.class::cast)
              .allMatch(x -> TERMINAL.contains(x.getString("status")))) {
            break;
          }
          Http.pause(500);
        }
        Map<String, Integer> byStatus = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
          JsonObject x = all.getJsonObject(i);
          String cmd = x.getJsonObject("parameters").getString("cmd");
          byOutput.computeIfAbsent(cmd.substring(cmd.indexOf("n=")), k -> new ArrayList<>()).add(x);
          byStatus.merge(x.getString("status"), 1, Integer::sum);
        }
        Set<String> expected = new java.util.TreeSet<>();
        load.accepted.forEach(n -> expected.add("n=" + n));
        assertEquals(expected, byOutput.keySet(), "an execution for every accepted webhook, and no other");
        for (Map.Entry<String, List<JsonObject>> e : byOutput.entrySet()) {
          assertEquals(1, e.getValue().size(), "executions for webhook " + e.getKey() + ": " + e.getValue());
          assertTrue(TERMINAL.contains(e.getValue().get(0).getString("status")), "finished: " + e.getValue());
        }
        JsonArray enforcements = http.get("/api/v1/ruleenforcements?limit=-1&rule_ref=tests." + hook).array();
        Set<String> instances = new java.util.HashSet<>();
        for (int i = 0; i < enforcements.size(); i++) {
          instances.add(enforcements.getJsonObject(i).getString("trigger_instance_id"));
        }
        assertEquals(accepted, enforcements.size(), "one enforcement per accepted webhook");
        assertEquals(accepted, instances.size(), "no trigger instance enforced twice");
        System.out.printf("kill -9 of runner then rules under load: %d webhooks accepted, executions by status %s%n",
            accepted, byStatus);
      } finally {
        runner.close();
        rules.close();
      }
    }
  }
}
