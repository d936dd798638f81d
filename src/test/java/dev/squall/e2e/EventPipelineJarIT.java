package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SharedJarServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Webhooks → rules → executions, through the built jar. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EventPipelineJarIT extends SharedJarServer {

  static JsonObject rule(String name, JsonObject trigger, JsonObject criteria, String action, JsonObject params) {
    return new JsonObject().put("name", name).put("pack", "tests").put("enabled", true).put("trigger", trigger)
        .put("criteria", criteria).put("action", new JsonObject().put("ref", action).put("parameters", params));
  }

  static JsonObject webhook(String url) {
    return new JsonObject().put("type", "core.st2.webhook").put("parameters", new JsonObject().put("url", url));
  }

  static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = null;
    while (System.nanoTime() < end) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      Http.pause(50);
    }
    throw new AssertionError(what + "; last seen: " + last);
  }

  @Test
  void matchingWebhookRunsTheActionAndLeavesEnforcementAndTrace() {
    Http.Reply created = http.post("/api/v1/rules", rule("deploy", webhook("deploy"),
        new JsonObject().put("trigger.body.env", new JsonObject().put("type", "equals").put("pattern", "prod")),
        "core.local", new JsonObject().put("cmd", "echo {{ trigger.body.app }}")));
    assertEquals(201, created.status(), created.body());
    String ruleId = created.json().getString("id");
    String triggerRef = created.json().getJsonObject("trigger").getString("ref");
    assertNotNull(triggerRef);

    Http.Reply accepted = http.post("/api/v1/webhooks/deploy", new JsonObject().put("env", "prod").put("app", "shop"));
    assertEquals(202, accepted.status(), accepted.body());
    assertEquals(new JsonObject().put("env", "prod").put("app", "shop"), accepted.json());

    JsonArray enforcements = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.deploy").array(),
        a -> a.size() == 1, "one enforcement");
    JsonObject enforcement = enforcements.getJsonObject(0);
    assertEquals(ruleId, enforcement.getJsonObject("rule").getString("id"));
    String executionId = enforcement.getString("execution_id");
    JsonObject execution = http.awaitCompleted(executionId);
    assertEquals("succeeded", execution.getString("status"), execution.encodePrettily());
    assertEquals("shop", execution.getJsonObject("result").getString("stdout"));
    assertEquals("stanley", execution.getJsonObject("context").getString("user"));
    assertEquals(ruleId, execution.getJsonObject("context").getJsonObject("rule").getString("id"));

    JsonArray traces = http.get("/api/v1/traces?execution=" + executionId).array();
    assertEquals(1, traces.size());
    JsonObject trace = traces.getJsonObject(0);
    assertEquals(1, trace.getJsonArray("trigger_instances").size());
    assertEquals(ruleId, trace.getJsonArray("rules").getJsonObject(0).getString("object_id"));
    assertEquals(executionId, trace.getJsonArray("action_executions").getJsonObject(0).getString("object_id"));

    Http.Reply other = http.post("/api/v1/webhooks/deploy", new JsonObject().put("env", "dev").put("app", "shop"));
    assertEquals(202, other.status());
    eventually(() -> http.get("/api/v1/triggerinstances?trigger=" + triggerRef).array(),
        a -> a.size() == 2 && a.stream().allMatch(i -> "processed".equals(((JsonObject) i).getString("status"))),
        "both trigger instances processed");
    assertEquals(1, http.get("/api/v1/ruleenforcements?rule_ref=tests.deploy").array().size());
  }

  @Test
  void traceListsCountEveryTraceTheirFiltersSelect() {
    Http.Reply created = http.post("/api/v1/rules", rule("count_traces", webhook("count-traces"), new JsonObject(),
        "core.noop", new JsonObject()));
    assertEquals(201, created.status(), created.body());
    String ruleId = created.json().getString("id");
    String tag = "count-traces-" + System.nanoTime();
    for (int i = 0; i < 3; i++) {
      Http.Reply accepted = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/count-traces"))
          .header("Content-Type", "application/json").header("St2-Trace-Tag", tag)
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("n", i).encode())));
      assertEquals(202, accepted.status(), accepted.body());
    }
    JsonArray enforcements = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.count_traces").array(),
        a -> a.size() == 3 && a.stream().allMatch(e -> ((JsonObject) e).getString("execution_id") != null),
        "three enforcements");

    // `st2 trace list -n 1` asks for one and says how many more there are
    assertPage("/api/v1/traces?trace_tag=" + tag + "&limit=1", 1, 3);
    assertPage("/api/v1/traces?rule=tests.count_traces&limit=1", 1, 3);
    assertPage("/api/v1/traces?rule=" + ruleId + "&limit=2&offset=2", 1, 3);
    JsonObject one = enforcements.getJsonObject(0);
    assertPage("/api/v1/traces?execution=" + one.getString("execution_id") + "&limit=1", 1, 1);
    assertPage("/api/v1/traces?trigger_instance=" + one.getString("trigger_instance_id"), 1, 1);
    assertPage("/api/v1/traces?trigger_instance=000000000000000000000000", 0, 0);
    assertPage("/api/v1/traces?trace_tag=no-such-tag-" + tag, 0, 0);
  }

  private static void assertPage(String path, int shown, long total) {
    Http.Reply page = http.get(path);
    assertEquals(200, page.status(), page.body());
    assertEquals(shown, page.array().size(), path);
    assertEquals(String.valueOf(total), page.header("X-Total-Count"), path);
  }

  @Test
  void badWebhooksGetClearErrors() {
    Http.Reply unknown = http.post("/api/v1/webhooks/nobody-home", new JsonObject());
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().getString("faultstring").contains("nobody-home"));
    http.post("/api/v1/rules", rule("broken_json", webhook("broken"), new JsonObject(), "core.noop", new JsonObject()));
    Http.Reply broken = http.post("/api/v1/webhooks/broken", "{not json");
    assertEquals(400, broken.status(), broken.body());
    Http.Reply noTrigger = http.post("/api/v1/webhooks/st2", new JsonObject().put("payload", new JsonObject()));
    assertEquals(400, noTrigger.status());
    assertEquals("Trigger not specified.", noTrigger.json().getString("faultstring"));
  }

  @Test
  void genericWebhookChecksThePayloadSchema() {
    Http.Reply type = http.post("/api/v1/triggertypes", new JsonObject().put("name", "event1").put("pack", "tests")
        .put("payload_schema", new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("n", new JsonObject().put("type", "integer")))
            .put("required", new JsonArray().add("n"))));
    assertEquals(201, type.status(), type.body());
    Http.Reply rule = http.post("/api/v1/rules", rule("on_event1",
        new JsonObject().put("type", "tests.event1"),
        new JsonObject().put("trigger.n", new JsonObject().put("type", "greaterthan").put("pattern", 3)),
        "core.noop", new JsonObject()));
    assertEquals(201, rule.status(), rule.body());
    Http.Reply bad = http.post("/api/v1/webhooks/st2", new JsonObject().put("trigger", "tests.event1")
        .put("payload", new JsonObject().put("n", "five")));
    assertEquals(400, bad.status(), bad.body());
    Http.Reply good = http.post("/api/v1/webhooks/st2", new JsonObject().put("trigger", "tests.event1")
        .put("payload", new JsonObject().put("n", 5)));
    assertEquals(202, good.status(), good.body());
    JsonArray enforcements = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.on_event1").array(),
        a -> a.size() == 1, "enforcement for n=5");
    assertEquals("succeeded", http.awaitCompleted(enforcements.getJsonObject(0).getString("execution_id"))
        .getString("status"));
  }

  @Test
  void ruleValidationNamesTheProblem() {
    Http.Reply badOp = http.post("/api/v1/rules", rule("bad_op", webhook("x1"),
        new JsonObject().put("trigger.body.a", new JsonObject().put("type", "smells_like").put("pattern", 1)),
        "core.noop", new JsonObject()));
    assertEquals(400, badOp.status(), badOp.body());
    assertTrue(badOp.json().getString("faultstring").contains("smells_like"), badOp.body());
    Http.Reply badAction = http.post("/api/v1/rules", rule("bad_action", webhook("x2"), new JsonObject(),
        "core.nothing", new JsonObject()));
    assertEquals(400, badAction.status());
    assertTrue(badAction.json().getString("faultstring").contains("core.nothing"));
    Http.Reply badType = http.post("/api/v1/rules", rule("bad_type",
        new JsonObject().put("type", "nope.nothing"), new JsonObject(), "core.noop", new JsonObject()));
    assertEquals(400, badType.status());
    Http.Reply badJinja = http.post("/api/v1/rules", rule("bad_jinja", webhook("x3"), new JsonObject(), "core.local",
        new JsonObject().put("cmd", "echo {{ trigger.body.a ")));
    assertEquals(400, badJinja.status(), badJinja.body());
    Http.Reply disabled = http.post("/api/v1/rules", rule("default_disabled", webhook("x4"), new JsonObject(),
        "core.noop", new JsonObject()).put("enabled", (Object) null));
    assertEquals(201, disabled.status(), disabled.body());
    assertFalse(disabled.json().getBoolean("enabled"));
  }

  @Test
  void intervalTimerFiresOnTimeAndStopsWhenItsRuleIsDisabled() {
    JsonObject body = rule("every_second", new JsonObject().put("type", "core.st2.IntervalTimer")
        .put("parameters", new JsonObject().put("unit", "seconds").put("delta", 1)), new JsonObject(), "core.noop",
        new JsonObject());
    Http.Reply created = http.post("/api/v1/rules", body);
    assertEquals(201, created.status(), created.body());
    String triggerRef = created.json().getJsonObject("trigger").getString("ref");
    Http.pause(10_000);
    int fired = http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array().size();
    assertTrue(fired >= 9 && fired <= 11, "fired " + fired + " times in 10 s");
    Http.Reply disabled = http.put("/api/v1/rules/tests.every_second", body.copy().put("enabled", false));
    assertEquals(200, disabled.status(), disabled.body());
    Http.pause(1000);
    int after = http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array().size();
    Http.pause(2500);
    assertEquals(after, http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array().size());
  }

  @Test
  void cronTimerWithSecondsFiresWithinASecond() {
    Http.Reply created = http.post("/api/v1/rules", rule("cron_seconds", new JsonObject()
        .put("type", "core.st2.CronTimer").put("parameters", new JsonObject().put("timezone", "UTC")
            .put("second", "*/2")), new JsonObject(), "core.noop", new JsonObject()));
    assertEquals(201, created.status(), created.body());
    String triggerRef = created.json().getJsonObject("trigger").getString("ref");
    JsonArray instances = eventually(() -> http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array(),
        a -> a.size() >= 2, "two cron firings");
    for (Object o : instances) {
      java.time.Instant at = java.time.Instant.parse(((JsonObject) o).getString("occurrence_time"));
      long millisIntoPeriod = at.toEpochMilli() % 2000;
      assertTrue(millisIntoPeriod < 1000, "fired " + millisIntoPeriod + " ms after its second");
    }
    assertEquals(204, http.delete("/api/v1/rules/tests.cron_seconds").status());
  }

  @Test
  void datastoreValuesRenderSecretsStayHiddenAndExpiredKeysGo() {
    assertEquals(200, http.put("/api/v1/keys/greeting", new JsonObject().put("name", "greeting")
        .put("value", "hello")).status());
    Http.Reply secret = http.put("/api/v1/keys/password", new JsonObject().put("name", "password")
        .put("value", "s3cr3t-value").put("secret", true));
    assertEquals(200, secret.status(), secret.body());
    assertFalse(secret.body().contains("s3cr3t-value"));
    assertTrue(secret.json().getBoolean("encrypted"));
    Http.Reply listed = http.get("/api/v1/keys?scope=all");
    assertFalse(listed.body().contains("s3cr3t-value"), listed.body());
    assertEquals("s3cr3t-value", http.get("/api/v1/keys/password?decrypt=true").json().getString("value"));

    Http.Reply ruleReply = http.post("/api/v1/rules", rule("kv_render", webhook("kv"), new JsonObject(), "core.local",
        new JsonObject().put("cmd", "echo {{ st2kv.system.greeting }} {{ trigger.body.who }}")));
    assertEquals(201, ruleReply.status(), ruleReply.body());
    assertEquals(202, http.post("/api/v1/webhooks/kv", new JsonObject().put("who", "world")).status());
    JsonArray enforcements = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.kv_render").array(),
        a -> a.size() == 1, "kv rule enforced");
    assertEquals("hello world", http.awaitCompleted(enforcements.getJsonObject(0).getString("execution_id"))
        .getJsonObject("result").getString("stdout"));

    assertEquals(200, http.put("/api/v1/keys/shortlived", new JsonObject().put("name", "shortlived")
        .put("value", "x").put("ttl", 1)).status());
    assertEquals(200, http.get("/api/v1/keys/shortlived").status());
    eventually(() -> http.get("/api/v1/keys/shortlived").status(), s -> s == 404, "expired key gone");
  }

  @Test
  void matchTimeErrorsGiveFailedEnforcementsAndMissingKeysJustDoNotMatch() {
    http.post("/api/v1/rules", rule("type_error", webhook("errs"),
        new JsonObject().put("trigger.body.n", new JsonObject().put("type", "lessthan").put("pattern", 5)),
        "core.noop", new JsonObject()));
    http.post("/api/v1/rules", rule("undefined_var", webhook("errs"),
        new JsonObject().put("trigger.body.n", new JsonObject().put("type", "equals")
            .put("pattern", "{{ no_such_variable }}")), "core.noop", new JsonObject()));
    http.post("/api/v1/rules", rule("missing_key", webhook("errs"),
        new JsonObject().put("trigger.body.absent", new JsonObject().put("type", "equals").put("pattern", "x")),
        "core.noop", new JsonObject()));
    assertEquals(202, http.post("/api/v1/webhooks/errs", new JsonObject().put("n", "text")).status());
    JsonArray typeError = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.type_error").array(),
        a -> a.size() == 1, "failed enforcement for the type error");
    assertEquals("failed", typeError.getJsonObject(0).getString("status"));
    assertTrue(typeError.getJsonObject(0).getString("failure_reason").contains("tests.type_error"));
    JsonArray undefined = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.undefined_var").array(),
        a -> a.size() == 1, "failed enforcement for the undefined variable");
    assertEquals("failed", undefined.getJsonObject(0).getString("status"));
    assertEquals(0, http.get("/api/v1/ruleenforcements?rule_ref=tests.missing_key").array().size());
  }

  @Test
  void completedExecutionsFireTheActionTrigger() {
    Http.Reply created = http.post("/api/v1/rules", rule("after_echo",
        new JsonObject().put("type", "core.st2.generic.actiontrigger"),
        new JsonObject().put("trigger.action_name", new JsonObject().put("type", "equals").put("pattern", "core.echo")),
        "core.local", new JsonObject().put("cmd", "echo saw {{ trigger.status }}")));
    assertEquals(201, created.status(), created.body());
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.echo")
        .put("parameters", new JsonObject().put("message", "x"))).json().getString("id");
    http.awaitCompleted(id);
    JsonArray enforcements = eventually(() -> http.get("/api/v1/ruleenforcements?rule_ref=tests.after_echo").array(),
        a -> a.size() == 1, "actiontrigger enforcement");
    JsonObject followUp = http.awaitCompleted(enforcements.getJsonObject(0).getString("execution_id"));
    assertEquals("saw succeeded", followUp.getJsonObject("result").getString("stdout"));
  }

  @Test
  void streamCarriesTriggerInstancesAndEnforcementsToSubscribersThatNameThem() throws Exception {
    assertEquals(201, http.post("/api/v1/rules", rule("watched", webhook("watched"), new JsonObject(), "core.noop",
        new JsonObject())).status());
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var named = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base()
            + "/stream/v1/stream?events=st2.trigger_instance__create,st2.rule_enforcement__create"))
            .header("X-Auth-Token", http.token()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    var unnamed = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base()
        + "/stream/v1/stream")).header("X-Auth-Token", http.token()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertEquals(202, http.post("/api/v1/webhooks/watched", new JsonObject().put("k", "v")).status());
    java.util.Set<String> seen = new java.util.HashSet<>();
    var lines = named.body().iterator();
    while (seen.size() < 2 && lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        seen.add(line.substring(7));
      }
    }
    named.body().close();
    assertEquals(java.util.Set.of("st2.trigger_instance__create", "st2.rule_enforcement__create"), seen);
    java.util.List<String> defaults = new java.util.ArrayList<>();
    var other = unnamed.body().iterator();
    while (defaults.size() < 3 && other.hasNext()) {
      String line = other.next();
      if (line.startsWith("event: ")) {
        defaults.add(line.substring(7));
      }
    }
    unnamed.body().close();
    assertTrue(defaults.stream().noneMatch(e -> e.startsWith("st2.trigger_instance") || e.startsWith("st2.rule_")),
        defaults.toString());
  }

  @Test
  void triggerTypesListTheBuiltIns() {
    List<String> refs = http.get("/api/v1/triggertypes?limit=-1").array().stream()
        .map(t -> ((JsonObject) t).getString("ref")).toList();
    for (String ref : List.of("core.st2.webhook", "core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer",
        "core.st2.generic.actiontrigger", "core.st2.generic.notifytrigger", "core.st2.key_value_pair.create")) {
      assertTrue(refs.contains(ref), ref + " in " + refs);
    }
  }
}
