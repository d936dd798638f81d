package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leak. Secret action parameters (declared by an action, nested in an object parameter, or
 * declared by the runner type) and secret datastore values go in through every route a user has: direct runs,
 * a webhook → rule with a decrypted datastore value, a rule with a literal value, a datastore default, a
 * re-run, a cancel, values that fail validation, credentials headers and query parameters. Every API answer,
 * every stream event of the whole run and the whole server output (our own code logging at DEBUG) are then
 * searched for every secret string. Only the answers whose job is to hand secrets out ({@code decrypt=true},
 * {@code show_secrets=true}) may hold them, and they must.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecretsJarIT {
  /**
   * Every string that must never be seen in an answer, event or log line. Extensible: register more with
   * {@link #secret} (tokens, API keys, passwords) as the features that carry them land.
   */
  private static final Set<String> SECRETS = new LinkedHashSet<>();

  static String secret(String value) {
    SECRETS.add(value);
    return value;
  }

  // action parameters
  private static final String PASSWORD = secret("pw-direct-7Qx2Lm9Vz");
  private static final String NESTED = secret("pw-nested-K3sT8wQ1");
  private static final String WORD = secret("word-cmd-Z9yH4pR2");
  private static final String SUDO = secret("sudo-pw-B6nM1cX8");
  private static final String RERUN = secret("pw-rerun-V5gJ7kD3");
  private static final String LITERAL = secret("pw-literal-W2eR6tY0");
  /** Fails the password pattern: the 400 must not quote it. */
  private static final String INVALID = secret("bad secret F4hL0q");
  // datastore values
  private static final String DB = secret("kv-db-N2wE6rT9");
  private static final String TOKEN = secret("kv-token-P8aS3dF5");
  private static final String TOKEN2 = secret("kv-token-new-U1iO4pA7");
  private static final String INVALID_KV = secret("kv bad G7jK2lZ0");
  private static final String USER_KV = secret("kv-user-C9vB5nM2");
  private static final String NUMERIC_KV = secret("73194628");
  // real credentials, made once the server runs (the generated admin password, tokens from logins, API
  // keys), sent in every place a client may send them: never echoed or logged except where handed out
  private String basic;
  private String headerToken;
  private String headerKey;
  private String cookieToken;
  private String queryToken;
  private String queryKey;

  private static final Set<String> COMPLETED = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");
  private static final List<String> STREAMED = List.of("st2.execution__create", "st2.execution__update",
      "st2.execution__delete", "st2.liveaction__create", "st2.liveaction__update", "st2.liveaction__delete",
      "st2.execution.output__create", "st2.trigger_instance__create", "st2.trigger_instance__update",
      "st2.rule_enforcement__create");

  @TempDir
  Path dir;

  /** Answers and events that must hold no secret. */
  private final List<Seen> seen = new ArrayList<>();
  /** Answers that hand secrets out (decrypt, show_secrets). */
  private final List<Seen> handedOut = new ArrayList<>();
  private Http http;

  private record Seen(String what, String text) {
  }

  @Test
  void noSecretInAnyAnswerEventOrLogLine() throws Exception {
    Path packs = writePack(dir.resolve("packs"));
    Path data = Files.createDirectories(dir.resolve("data"));
    SquallProcess server = SquallProcess.start(data, Map.of("SQUALL_CONTENT__PACKS_BASE_PATHS", packs.toString()),
        List.of("-Dorg.slf4j.simpleLogger.log.dev.squall=debug"));
    try (server; EventStream stream = new EventStream()) {
      http = server.login();
      logIn(server.adminPassword());
      stream.open(http.base() + "/stream/v1/stream?events=" + String.join(",", STREAMED) + "&x-auth-token="
          + queryToken);

      storeKeys();
      createRules();
      List<String> runs = runActions();
      fireWebhooks();
      awaitQuiet(stream);
      String login = runs.get(0);
      reEmitAnActionTrigger();
      awaitQuiet(stream);

      readEverything(login);
      assertHandedOut(login);
      assertMaskedWhereSecretsWouldBe();
      String events = stream.text();
      for (String expected : List.of("event: st2.liveaction__update", "event: st2.execution.output__create",
          "core.st2.generic.notifytrigger", "\"password\":\"********\"")) {
        assertTrue(events.contains(expected), "the stream carried " + expected);
      }
      seen.add(new Seen("stream", events));
    }
    // the first-start banner is the one line whose job is to hand out the generated admin password
    List<String> banner = server.output().stream().filter(l -> l.startsWith("Squall: auth is on and there were no users"))
        .toList();
    assertEquals(1, banner.size(), "the generated password is printed once");
    String log = server.output().stream().filter(l -> !banner.contains(l)).collect(java.util.stream.Collectors.joining("\n"));
    assertTrue(log.contains("DEBUG dev.squall"), "our own code logged at DEBUG:\n" + log);
    seen.add(new Seen("server output", log));

    List<String> leaks = new ArrayList<>();
    for (Seen s : seen) {
      for (String secret : SECRETS) {
        int at = s.text().indexOf(secret);
        if (at >= 0) {
          leaks.add(s.what() + " holds \"" + secret + "\": ..."
              + s.text().substring(Math.max(0, at - 160), Math.min(s.text().length(), at + secret.length() + 60)));
        }
      }
    }
    assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
  }

  // --- the run

  /** Credentials of every kind: each login and key creation is an answer whose job is to hand one out. */
  private void logIn(String adminPassword) {
    secret(adminPassword);
    basic = secret(Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)));
    headerToken = secret(http.token());
    cookieToken = secret(newToken());
    queryToken = secret(newToken());
    headerKey = secret(newApiKey());
    queryKey = secret(newApiKey());
    Http.Reply wrong = answer("POST /auth/v1/tokens with a wrong password", http.anonymous().send(
        HttpRequest.newBuilder(URI.create(http.base() + "/auth/v1/tokens"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + secret("wrong-pw-H3jK8lP1")).getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.noBody())));
    assertEquals(401, wrong.status(), wrong.body());
  }

  private String newToken() {
    Http.Reply r = http.anonymous().send(HttpRequest.newBuilder(URI.create(http.base() + "/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(201, r.status(), r.body());
    handedOut.add(new Seen("POST /auth/v1/tokens", r.body()));
    return r.json().getString("token");
  }

  private String newApiKey() {
    Http.Reply r = http.post("/api/v1/apikeys", new JsonObject());
    assertEquals(201, r.status(), r.body());
    handedOut.add(new Seen("POST /api/v1/apikeys", r.body()));
    return r.json().getString("key");
  }

  private void storeKeys() {
    put("/api/v1/keys/db_password", new JsonObject().put("value", DB).put("secret", true));
    put("/api/v1/keys/api_token", new JsonObject().put("value", TOKEN).put("secret", true));
    put("/api/v1/keys/api_token", new JsonObject().put("value", TOKEN2).put("secret", true)); // value change
    put("/api/v1/keys/bad_password", new JsonObject().put("value", INVALID_KV).put("secret", true));
    put("/api/v1/keys/mine", new JsonObject().put("value", USER_KV).put("secret", true).put("scope", "user"));
    put("/api/v1/keys/plain", new JsonObject().put("value", "not-a-secret"));
    Http.Reply numeric = answer("PUT numeric secret", http.put("/api/v1/keys/numeric",
        "{\"value\": " + NUMERIC_KV + ", \"secret\": true}"));
    assertEquals(400, numeric.status(), numeric.body());
    Http.Reply deleted = answer("DELETE key", http.delete("/api/v1/keys/bad_password_copy"));
    assertEquals(404, deleted.status(), deleted.body());
  }

  private void createRules() {
    rule("on_login", webhook("login"), new JsonObject()
        .put("user", "{{ trigger.body.user }}").put("password", "{{ st2kv.system.db_password | decrypt_kv }}"));
    rule("on_bad_login", webhook("badlogin"), new JsonObject()
        .put("user", "mallory").put("password", "{{ st2kv.system.bad_password | decrypt_kv }}"));
    rule("on_literal", webhook("literal"), new JsonObject().put("user", "lit").put("password", LITERAL));
    rule("on_json_login", webhook("jsonlogin"), new JsonObject()
        .put("user", "{{ st2kv.system.bad_password | decrypt_kv | from_json_string }}").put("password", "x"));
    // edited from its masked answer: the literal secret must survive the round trip
    JsonObject literal = answer("GET rule on_literal", http.get("/api/v1/rules/secrets_test.on_literal")).json();
    assertEquals("********", literal.getJsonObject("action").getJsonObject("parameters").getString("password"));
    literal.put("description", "edited");
    assertEquals(200, answer("PUT rule on_literal", http.put("/api/v1/rules/secrets_test.on_literal", literal))
        .status());
    JsonObject afterLogin = new JsonObject().put("name", "after_login").put("pack", "secrets_test").put("enabled", true)
        .put("trigger", new JsonObject().put("type", "core.st2.generic.actiontrigger"))
        .put("criteria", new JsonObject().put("trigger.action_ref",
            new JsonObject().put("type", "equals").put("pattern", "secrets_test.login")))
        .put("action", new JsonObject().put("ref", "core.noop"));
    assertEquals(201, answer("POST rule after_login", http.post("/api/v1/rules", afterLogin)).status());
    JsonObject onNotify = new JsonObject().put("name", "on_notify").put("pack", "secrets_test").put("enabled", true)
        .put("trigger", new JsonObject().put("type", "core.st2.generic.notifytrigger"))
        .put("criteria", new JsonObject().put("trigger.route",
            new JsonObject().put("type", "equals").put("pattern", "audit")))
        .put("action", new JsonObject().put("ref", "core.noop"));
    assertEquals(201, answer("POST rule on_notify", http.post("/api/v1/rules", onNotify)).status());
  }

  private List<String> runActions() {
    List<String> ids = new ArrayList<>();
    String login = run("secrets_test.login", new JsonObject().put("user", "alice").put("password", PASSWORD)
        .put("creds", new JsonObject().put("user", "bob").put("password", NESTED)));
    ids.add(login);
    JsonObject done = http.awaitCompleted(login);
    assertEquals("succeeded", done.getString("status"), done.encodePrettily());
    String stdout = done.getJsonObject("result").getString("stdout");
    assertTrue(stdout.contains("password=" + digest(PASSWORD)), "the action got its password: " + stdout);
    assertTrue(stdout.contains("nested=" + digest(NESTED)), "the action got the nested password: " + stdout);
    assertTrue(stdout.contains("token=" + digest(TOKEN2)), "the action got the datastore default: " + stdout);

    String word = run("secrets_test.hash_word", new JsonObject().put("secret_word", WORD));
    ids.add(word);
    JsonObject hashed = http.awaitCompleted(word);
    assertEquals(digest(WORD), hashed.getJsonObject("result").getString("stdout"), hashed.encodePrettily());

    Http.Reply invalid = answer("POST invalid execution", http.post("/api/v1/executions", new JsonObject()
        .put("action", "secrets_test.login").put("parameters", new JsonObject().put("user", "eve").put("password", INVALID))));
    assertEquals(400, invalid.status(), invalid.body());

    String sleeper = run("core.local", new JsonObject().put("cmd", "sleep 30").put("sudo_password", SUDO));
    ids.add(sleeper);
    http.awaitExecution(sleeper, e -> "running".equals(e.getString("status")), Duration.ofSeconds(30));
    assertEquals(200, answer("DELETE running execution", http.delete("/api/v1/executions/" + sleeper)).status());
    http.awaitCompleted(sleeper);
    answer("DELETE completed execution", http.delete("/api/v1/executions/" + sleeper));
    answer("PUT completed execution", http.put("/api/v1/executions/" + sleeper,
        new JsonObject().put("status", "canceled")));

    Http.Reply rerun = answer("POST re_run", http.post("/api/v1/executions/" + login + "/re_run",
        new JsonObject().put("parameters", new JsonObject().put("password", RERUN))));
    assertEquals(201, rerun.status(), rerun.body());
    ids.add(rerun.json().getString("id"));
    Http.Reply rerunMasked = answer("POST re_run with the mask", http.post("/api/v1/executions/" + login + "/re_run",
        new JsonObject().put("parameters", http.get("/api/v1/executions/" + login).json().getJsonObject("parameters"))));
    assertEquals(201, rerunMasked.status(), rerunMasked.body());
    ids.add(rerunMasked.json().getString("id"));
    JsonObject again = http.awaitCompleted(rerunMasked.json().getString("id"));
    assertTrue(again.getJsonObject("result").getString("stdout").contains("password=" + digest(PASSWORD)),
        "a re-run sending the masked values back runs with the real ones: " + again.encodePrettily());
    Http.Reply rerunInvalid = answer("POST invalid re_run", http.post("/api/v1/executions/" + login + "/re_run",
        new JsonObject().put("parameters", new JsonObject().put("password", INVALID))));
    assertEquals(400, rerunInvalid.status(), rerunInvalid.body());
    return ids;
  }

  private void fireWebhooks() {
    HttpRequest.Builder login = HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/login?x-auth-token="
            + queryToken + "&st2-api-key=" + queryKey))
        .header("Content-Type", "application/json")
        .header("X-Auth-Token", headerToken)
        .header("St2-Api-Key", headerKey)
        .header("Authorization", "Basic " + basic)
        .header("Cookie", "auth-token=" + cookieToken)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", "carol").encode()));
    assertEquals(202, answer("POST webhook login", http.send(login)).status());
    assertEquals(202, answer("POST webhook badlogin", http.post("/api/v1/webhooks/badlogin", new JsonObject())).status());
    assertEquals(202, answer("POST webhook literal", http.post("/api/v1/webhooks/literal", new JsonObject())).status());
    assertEquals(202, answer("POST webhook jsonlogin", http.post("/api/v1/webhooks/jsonlogin", new JsonObject()))
        .status());
    answer("GET unknown with credentials", http.send(HttpRequest.newBuilder(URI.create(http.base()
            + "/api/v1/nothing/here?x-auth-token=" + queryToken + "&st2-api-key=" + queryKey))
        .header("X-Auth-Token", headerToken).header("St2-Api-Key", headerKey)
        .header("Authorization", "Basic " + basic).header("Cookie", "auth-token=" + cookieToken).GET()));
    answer("GET executions with credentials", http.send(HttpRequest.newBuilder(URI.create(http.base()
            + "/api/v1/executions?limit=1&x-auth-token=" + queryToken + "&st2-api-key=" + queryKey))
        .header("X-Auth-Token", headerToken).header("St2-Api-Key", headerKey)
        .header("Authorization", "Basic " + basic).header("Cookie", "auth-token=" + cookieToken).GET()));
  }

  private void reEmitAnActionTrigger() {
    JsonArray instances = http.get("/api/v1/triggerinstances?trigger=core.st2.generic.actiontrigger&limit=1").array();
    assertFalse(instances.isEmpty(), "an action trigger instance");
    answer("POST re_emit", http.post("/api/v1/triggerinstances/" + instances.getJsonObject(0).getString("id")
        + "/re_emit", new JsonObject()));
  }

  /**
   * Waits until nothing more happens: every execution completed and announced as such on the stream, one
   * action trigger per completed execution (plus re-emits), every trigger instance processed and streamed.
   */
  private void awaitQuiet(EventStream stream) {
    eventually(() -> {
      JsonArray executions = http.get("/api/v1/executions?limit=-1").array();
      JsonArray instances = http.get("/api/v1/triggerinstances?limit=-1").array();
      long actionTriggers = instances.stream().map(JsonObject.class::cast)
          .filter(i -> "core.st2.generic.actiontrigger".equals(i.getString("trigger"))
              && !i.getJsonObject("payload").containsKey("__context")).count();
      boolean allDone = executions.stream().map(JsonObject.class::cast)
          .allMatch(e -> COMPLETED.contains(e.getString("status")) && stream.sawCompleted(e.getString("id")));
      boolean allProcessed = instances.stream().map(JsonObject.class::cast)
          .allMatch(i -> !"pending".equals(i.getString("status")) && !"processing".equals(i.getString("status"))
              && stream.sawProcessed(i.getString("id")));
      int executionsAfter = http.get("/api/v1/executions?limit=-1&include_attributes=id").array().size();
      return allDone && allProcessed && actionTriggers == executions.size() && executionsAfter == executions.size();
    }, "the run to settle");
  }

  private void readEverything(String login) {
    JsonArray executions = read("/api/v1/executions?limit=-1").array();
    read("/api/v1/executions?include_attributes=id,parameters,liveaction,context,result");
    read("/api/v1/executions?parent=null&sort_asc=True");
    read("/api/v1/executions/last");
    for (Object o : executions) {
      String id = ((JsonObject) o).getString("id");
      read("/api/v1/executions/" + id);
      read("/api/v1/actionexecutions/" + id);
      read("/api/v1/executions/" + id + "/attribute/result");
      read("/api/v1/executions/" + id + "/attribute/trigger_instance");
      read("/api/v1/executions/" + id + "/children");
      read("/api/v1/executions/" + id + "/result");
      read("/api/v1/executions/" + id + "/output");
    }
    seen.add(new Seen("output stream of " + login,
        String.join("\n", http.lines("/stream/v1/executions/" + login + "/output").toList())));
    JsonArray instances = read("/api/v1/triggerinstances?limit=-1").array();
    for (Object o : instances) {
      read("/api/v1/triggerinstances/" + ((JsonObject) o).getString("id"));
    }
    JsonArray enforcements = read("/api/v1/ruleenforcements?limit=-1").array();
    assertEquals(2, enforcements.stream().map(JsonObject.class::cast)
        .filter(e -> "failed".equals(e.getString("status"))).count(), "bad datastore values fail their enforcements");
    for (Object o : enforcements) {
      String id = ((JsonObject) o).getString("id");
      read("/api/v1/ruleenforcements/" + id);
      read("/api/v1/ruleenforcements/views/" + id);
    }
    read("/api/v1/ruleenforcements/views?limit=-1");
    JsonArray traces = read("/api/v1/traces?limit=-1").array();
    for (Object o : traces) {
      read("/api/v1/traces/" + ((JsonObject) o).getString("id"));
    }
    read("/api/v1/rules");
    read("/api/v1/rules/views");
    for (String rule : List.of("on_login", "on_bad_login", "on_literal", "on_json_login", "after_login",
        "on_notify")) {
      read("/api/v1/rules/secrets_test." + rule);
      read("/api/v1/rules/views/secrets_test." + rule);
    }
    read("/api/v1/actions");
    read("/api/v1/actions/secrets_test.login");
    read("/api/v1/actions/views/overview");
    read("/api/v1/actions/views/parameters/secrets_test.login");
    read("/api/v1/actions/views/parameters/core.local");
    read("/api/v1/runnertypes");
    read("/api/v1/keys");
    read("/api/v1/keys?scope=all");
    read("/api/v1/keys?scope=user");
    read("/api/v1/keys/db_password");
    read("/api/v1/keys/api_token");
    read("/api/v1/keys/mine?scope=user");
    read("/api/v1/webhooks");
  }

  /** The answers that hand secrets out do, so the strings searched for above are the real ones. */
  private void assertHandedOut(String login) {
    String keys = handOut("/api/v1/keys?decrypt=true").body();
    assertTrue(keys.contains(DB) && keys.contains(TOKEN2) && keys.contains(INVALID_KV), keys);
    assertTrue(handOut("/api/v1/keys?scope=user&decrypt=true").body().contains(USER_KV));
    assertTrue(handOut("/api/v1/keys/db_password?decrypt=true").body().contains(DB));
    JsonObject execution = handOut("/api/v1/executions/" + login + "?show_secrets=true").json();
    assertEquals(PASSWORD, execution.getJsonObject("parameters").getString("password"));
    assertEquals(NESTED, execution.getJsonObject("parameters").getJsonObject("creds").getString("password"));
    assertEquals(PASSWORD, execution.getJsonObject("liveaction").getJsonObject("parameters").getString("password"));
    String all = handOut("/api/v1/executions?limit=-1&show_secrets=true").body();
    assertTrue(all.contains(PASSWORD) && all.contains(WORD) && all.contains(SUDO) && all.contains(RERUN)
        && all.contains(DB) && all.contains(LITERAL), all);
    String children = handOut("/api/v1/executions/" + login + "/children?show_secrets=true").body();
    assertEquals(200, http.get("/api/v1/executions/" + login + "/children?show_secrets=true").status(), children);
    String rule = handOut("/api/v1/rules/secrets_test.on_literal?show_secrets=true").body();
    assertTrue(rule.contains(LITERAL), rule);
    assertTrue(handOut("/api/v1/rules?show_secrets=true").body().contains(LITERAL));
    assertTrue(handOut("/api/v1/rules/views?show_secrets=true").body().contains(LITERAL));
    JsonObject masked = http.get("/api/v1/executions/" + login).json();
    assertEquals("********", masked.getJsonObject("parameters").getString("password"));
    assertEquals("********", masked.getJsonObject("parameters").getJsonObject("creds").getString("password"));
    assertEquals("bob", masked.getJsonObject("parameters").getJsonObject("creds").getString("user"));
  }

  /** Where the secrets would have been, the mask is: notify payloads, the action trigger, the stream. */
  private void assertMaskedWhereSecretsWouldBe() {
    JsonArray notified = http.get("/api/v1/triggerinstances?trigger=core.st2.generic.notifytrigger&limit=-1").array();
    assertTrue(notified.stream().map(JsonObject.class::cast).map(i -> i.getJsonObject("payload"))
        .anyMatch(p -> "login of alice with ********".equals(p.getString("message"))
            && "********".equals(p.getJsonObject("data").getString("password"))), notified.encodePrettily());
    JsonArray actionTriggers = http.get("/api/v1/triggerinstances?trigger=core.st2.generic.actiontrigger&limit=-1")
        .array();
    assertTrue(actionTriggers.stream().map(JsonObject.class::cast).map(i -> i.getJsonObject("payload"))
        .anyMatch(p -> "secrets_test.login".equals(p.getString("action_ref"))
            && "********".equals(p.getJsonObject("parameters").getString("password"))), actionTriggers.encodePrettily());
    JsonObject keys = http.get("/api/v1/keys/db_password").json();
    assertTrue(keys.getBoolean("encrypted"), keys.encode());
  }

  // --- helpers

  private Http.Reply read(String path) {
    Http.Reply r = answer("GET " + path, http.get(path));
    assertEquals(200, r.status(), path + " -> " + r.body());
    return r;
  }

  private Http.Reply handOut(String path) {
    Http.Reply r = http.get(path);
    assertEquals(200, r.status(), path + " -> " + r.body());
    handedOut.add(new Seen("GET " + path, r.body()));
    return r;
  }

  private Http.Reply answer(String what, Http.Reply reply) {
    StringBuilder text = new StringBuilder().append(reply.status()).append('\n');
    // the auth-token cookie is the one header whose job is to hand a token back (to browsers)
    reply.headers().map().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("set-cookie")) {
        text.append(name).append(": ").append(values).append('\n');
      }
    });
    seen.add(new Seen(what, text.append(reply.body()).toString()));
    return reply;
  }

  private void put(String path, JsonObject body) {
    Http.Reply r = answer("PUT " + path, http.put(path, body));
    assertEquals(200, r.status(), r.body());
  }

  private String run(String action, JsonObject parameters) {
    Http.Reply r = answer("POST execution " + action, http.post("/api/v1/executions",
        new JsonObject().put("action", action).put("parameters", parameters)));
    assertEquals(201, r.status(), r.body());
    return r.json().getString("id");
  }

  private void rule(String name, JsonObject trigger, JsonObject parameters) {
    JsonObject rule = new JsonObject().put("name", name).put("pack", "secrets_test").put("enabled", true)
        .put("trigger", trigger)
        .put("action", new JsonObject().put("ref", "secrets_test.login").put("parameters", parameters));
    Http.Reply r = answer("POST rule " + name, http.post("/api/v1/rules", rule));
    assertEquals(201, r.status(), r.body());
  }

  private static JsonObject webhook(String url) {
    return new JsonObject().put("type", "core.st2.webhook").put("parameters", new JsonObject().put("url", url));
  }

  private static void eventually(BooleanSupplier done, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (done.getAsBoolean()) {
        return;
      }
      Http.pause(50);
    }
    fail("timed out waiting for " + what);
  }

  /** First 12 hex digits of the SHA-256 of the text: what the test actions print instead of a secret. */
  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A pack with actions taking secrets: {@code login} (local-shell-script; a secret password with a pattern, an
   * object parameter with a nested secret, a secret defaulting to a decrypted datastore value, notify routes
   * whose message and data name the parameters) and {@code hash_word} (local-shell-cmd whose command line is
   * rendered from a secret). The actions print digests, never the secrets themselves.
   */
  private static Path writePack(Path packs) throws IOException {
    Path pack = Files.createDirectories(packs.resolve("secrets_test"));
    Path actions = Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("pack.yaml"), """
        ref: secrets_test
        name: secrets_test
        description: Actions that take secrets.
        version: 1.0.0
        author: Squall tests
        """);
    Files.writeString(actions.resolve("login.yaml"), """
        name: login
        runner_type: local-shell-script
        entry_point: login.sh
        description: Logs in somewhere with a password.
        parameters:
          user:
            type: string
            required: true
          password:
            type: string
            secret: true
            required: true
            pattern: "^[A-Za-z0-9-]+$"
          creds:
            type: object
            properties:
              user:
                type: string
              password:
                type: string
                secret: true
          token:
            type: string
            secret: true
            default: "{{ st2kv.system.api_token | decrypt_kv }}"
        notify:
          on-complete:
            routes:
              - audit
            message: "login of {{ action_parameters.user }} with {{ action_parameters.password }}"
            data:
              password: "{{ action_parameters.password }}"
              creds: "{{ action_parameters.creds }}"
        """);
    Path script = actions.resolve("login.sh");
    Files.writeString(script, """
        #!/bin/sh
        for a in "$@"; do
          case "$a" in
            --user=*) user="${a#--user=}" ;;
            --password=*) password="${a#--password=}" ;;
            --token=*) token="${a#--token=}" ;;
            --creds=*) nested=$(printf %s "${a#--creds=}" | sed 's/.*"password":"\\([^"]*\\)".*/\\1/') ;;
          esac
        done
        d() { printf %s "$1" | sha256sum | cut -c1-12; }
        echo "user=$user password=$(d "$password") nested=$(d "$nested") token=$(d "$token")"
        """);
    script.toFile().setExecutable(true);
    Files.writeString(actions.resolve("hash_word.yaml"), """
        name: hash_word
        runner_type: local-shell-cmd
        description: Prints a digest of a secret word, rendered into its command line.
        parameters:
          secret_word:
            type: string
            secret: true
            required: true
          cmd:
            default: "printf %s '{{ secret_word }}' | sha256sum | cut -c1-12"
        """);
    return packs;
  }

  /** One {@code /stream} subscription held open for the whole run, its raw text kept. */
  private static final class EventStream implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Set<String> completed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> processed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile InputStream body;

    void open(String url) throws IOException, InterruptedException {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      body = r.body();
      Thread reader = new Thread(this::read, "secrets-stream");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      String event = null;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ") && event != null) {
            note(event, new JsonObject(line.substring(6)));
          }
        }
      } catch (IOException | RuntimeException e) {
        // closed at the end of the test
      }
    }

    private void note(String event, JsonObject body) {
      if ("st2.execution__update".equals(event) && COMPLETED.contains(body.getString("status"))) {
        completed.add(body.getString("id"));
      }
      if ("st2.trigger_instance__update".equals(event) || "st2.trigger_instance__create".equals(event)
          && "processed".equals(body.getString("status"))) {
        processed.add(body.getString("id"));
      }
    }

    boolean sawCompleted(String id) {
      return completed.contains(id);
    }

    boolean sawProcessed(String id) {
      return processed.contains(id);
    }

    String text() {
      return String.join("\n", lines);
    }

    @Override
    public void close() throws IOException {
      if (body != null) {
        body.close();
      }
    }
  }
}
