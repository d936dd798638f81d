package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SharedJarServer;
import dev.squall.testkit.SquallProcess;
import dev.squall.web.ContractRoutes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Auth as users meet it: logins, tokens in every place StackStorm accepts them, API keys, revocation. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuthJarIT extends SharedJarServer {
  @TempDir
  Path other;

  @Test
  void everyProtectedRouteAnswers401WithoutCredentials() throws Exception {
    Http anonymous = http.anonymous();
    List<String> checked = new ArrayList<>();
    for (ContractRoutes.Route op : ContractRoutes.read().operations()) {
      if (op.operationId().equals("tokenCreate")) {
        continue;
      }
      String path = op.path().replaceAll("\\{[^}]+}", "x1");
      Http.Reply reply = anonymous.send(HttpRequest.newBuilder(URI.create(http.base() + path))
          .header("Content-Type", "application/json")
          .method(op.method().name(), HttpRequest.BodyPublishers.ofString("{}")));
      assertEquals(401, reply.status(), op.method() + " " + path + " -> " + reply);
      assertTrue(reply.json().getString("faultstring").startsWith("Unauthorized"), reply.body());
      checked.add(op.operationId());
    }
    assertTrue(checked.size() > 100, "operations checked: " + checked.size());
    for (String alias : List.of("/v1/actions", "/api/v1/actionexecutions", "/stream/stream", "/api/v1")) {
      assertEquals(401, anonymous.get(alias).status(), alias);
    }
    assertEquals("Unauthorized - One of Token or API key required.",
        anonymous.get("/api/v1/actions").json().getString("faultstring"));
    assertEquals(401, anonymous.post("/api/v1/webhooks/st2", new JsonObject().put("trigger", "x")).status());
  }

  @Test
  void tokenWorksFromHeaderQueryAndCookie() {
    Http.Reply header = http.get("/api/v1/user");
    assertEquals(200, header.status(), header.body());
    assertEquals("admin", header.json().getString("username"));
    assertEquals("header", header.json().getJsonObject("authentication").getString("location"));
    String cookie = header.header("Set-Cookie");
    assertNotNull(cookie, "a token in a header comes back as the auth-token cookie");
    assertTrue(cookie.startsWith("auth-token=" + http.token() + ";") && cookie.toLowerCase().contains("httponly")
        && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="), cookie);

    Http anonymous = http.anonymous();
    Http.Reply query = anonymous.get("/api/v1/user?x-auth-token=" + http.token());
    assertEquals(200, query.status(), query.body());
    assertEquals("query", query.json().getJsonObject("authentication").getString("location"));
    Http.Reply byCookie = anonymous.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/actions/core.local"))
        .header("Cookie", "auth-token=" + http.token()).GET());
    assertEquals(200, byCookie.status(), byCookie.body());
    assertEquals(401, http.withToken("0123456789abcdef0123456789abcdef").get("/api/v1/actions").status());
  }

  @Test
  void loginAnswers201AndBadCredentialsOrTtlAreRefused() {
    Http.Reply login = basic("/auth/v1/tokens", "admin", password(), "{\"ttl\": 60}");
    assertEquals(201, login.status(), login.body());
    JsonObject token = login.json();
    assertEquals("admin", token.getString("user"));
    assertTrue(token.getString("token").matches("[0-9a-f]{32}"), token.encode());
    assertNotNull(token.getString("expiry"));
    assertEquals(http.base(), login.header("X-API-URL"));
    assertEquals(201, basic("/auth/tokens", "admin", password(), "").status(), "st2web's alias");
    Http.Reply tooLong = basic("/auth/v1/tokens", "admin", password(), "{\"ttl\": 86401}");
    assertEquals(400, tooLong.status());
    assertEquals("TTL specified 86401 is greater than max allowed 86400.", tooLong.json().getString("faultstring"));
    Http.Reply wrong = basic("/auth/v1/tokens", "nobody-here", "nope", "");
    assertEquals(401, wrong.status());
    assertEquals("Invalid or missing credentials", wrong.json().getString("faultstring"));
    Http.Reply none = http.anonymous().post("/auth/v1/tokens", new JsonObject());
    assertEquals(401, none.status());

    Http.Reply valid = http.post("/auth/v1/tokens/validate", new JsonObject().put("token", token.getString("token")));
    assertEquals(true, valid.json().getBoolean("valid"), valid.body());
    Http.Reply invalid = http.post("/auth/v1/tokens/validate", new JsonObject().put("token", "feed"));
    assertEquals(false, invalid.json().getBoolean("valid"), invalid.body());
    assertEquals(400, http.post("/auth/v1/tokens/validate", new JsonObject()).status());
  }

  @Test
  void repeatedBadPasswordsAreThrottledBeforeHashing() {
    int status = 0;
    for (int i = 0; i < 6; i++) {
      status = basic("/auth/v1/tokens", "mallory", "guess" + i, "").status();
    }
    assertEquals(429, status);
    Http.Reply throttled = basic("/auth/v1/tokens", "mallory", "guess", "");
    assertEquals(429, throttled.status());
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) > 0);
    assertEquals(201, basic("/auth/v1/tokens", "admin", password(), "").status(), "other users are not locked out");
  }

  @Test
  void expiredTokenIsRefused() {
    String token = basic("/auth/v1/tokens", "admin", password(), "{\"ttl\": 1}").json().getString("token");
    Http shortLived = http.withToken(token);
    assertEquals(200, shortLived.get("/api/v1/user").status());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Http.Reply reply = shortLived.get("/api/v1/user");
    while (reply.status() == 200 && System.nanoTime() < deadline) {
      Http.pause(100);
      reply = shortLived.get("/api/v1/user");
    }
    assertEquals(401, reply.status());
    assertEquals("Unauthorized - Token has expired.", reply.json().getString("faultstring"));
  }

  @Test
  void revokedTokenAndRemovedUserAreRefusedWithinASecond() throws Exception {
    String token = basic("/auth/v1/tokens", "admin", password(), "").json().getString("token");
    assertEquals(200, http.withToken(token).get("/api/v1/user").status());
    SquallProcess.Run revoke = SquallProcess.cli("token", "revoke", token, "--data", data.toString());
    assertEquals(0, revoke.exitCode(), revoke.output());
    assertFalse(revoke.output().contains(token), "the command does not echo the token");
    awaitStatus(http.withToken(token), 401, Duration.ofSeconds(1));

    SquallProcess.Run add = SquallProcess.cli("user", "add", "bob", "--data", data.toString());
    assertEquals(0, add.exitCode(), add.output());
    String bobPassword = add.output().strip().replaceAll(".* ", "");
    Http bob = awaitLogin("bob", bobPassword);
    assertEquals("bob", bob.get("/api/v1/user").json().getString("username"));
    SquallProcess.Run remove = SquallProcess.cli("user", "remove", "bob", "--data", data.toString());
    assertEquals(0, remove.exitCode(), remove.output());
    awaitStatus(bob, 401, Duration.ofSeconds(1));
    assertEquals(401, basic("/auth/v1/tokens", "bob", bobPassword, "").status());
  }

  @Test
  void bcryptApr1AndShaHtpasswdEntriesWork() throws Exception {
    Path file = other.resolve("written-by-htpasswd");
    run("htpasswd", "-B", "-b", "-c", file.toString(), "carol", "carol-secret");
    run("htpasswd", "-m", "-b", file.toString(), "dave", "dave-secret");
    run("htpasswd", "-s", "-b", file.toString(), "erin", "erin-secret");
    Files.writeString(data.resolve("htpasswd"), Files.readString(file), java.nio.file.StandardOpenOption.APPEND);
    assertTrue(Files.readString(file).contains("carol:$2y$"), "htpasswd -B writes $2y$ bcrypt");
    for (String user : List.of("carol", "dave", "erin")) {
      Http client = awaitLogin(user, user + "-secret");
      assertEquals(user, client.get("/api/v1/user").json().getString("username"));
    }
    assertEquals(401, basic("/auth/v1/tokens", "carol", "dave-secret", "").status());
  }

  @Test
  void apiKeysAuthenticateWebhooksAndCanBeDisabled() {
    Http.Reply created = http.post("/api/v1/apikeys", new JsonObject().put("metadata", new JsonObject().put("for", "ci")));
    assertEquals(201, created.status(), created.body());
    String key = created.json().getString("key");
    String id = created.json().getString("id");
    assertNotNull(key);
    Http.Reply listed = http.get("/api/v1/apikeys");
    assertFalse(listed.body().contains(key), "the clear key is shown only once");
    assertTrue(listed.body().contains("\"key_hash\":\"********\""), listed.body());
    assertNull(http.get("/api/v1/apikeys/" + id).json().getString("key"));

    Http anonymous = http.anonymous();
    Http.Reply byHeader = anonymous.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/user"))
        .header("St2-Api-Key", key).GET());
    assertEquals("API key", byHeader.json().getJsonObject("authentication").getString("method"), byHeader.body());
    assertEquals(200, anonymous.get("/api/v1/actions/core.noop?st2-api-key=" + key).status());
    Http.Reply hook = anonymous.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/st2"))
        .header("St2-Api-Key", key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"trigger\": \"core.st2.webhook\", \"payload\": {}}")));
    assertTrue(hook.status() == 202 || hook.status() == 400, hook.toString());

    assertEquals(200, http.put("/api/v1/apikeys/" + id, new JsonObject().put("enabled", false)).status());
    Http.Reply disabled = anonymous.get("/api/v1/actions/core.noop?st2-api-key=" + key);
    assertEquals(401, disabled.status());
    assertEquals("Unauthorized - API key is disabled.", disabled.json().getString("faultstring"));
    assertEquals(204, http.delete("/api/v1/apikeys/" + id).status());
    assertEquals(401, anonymous.get("/api/v1/actions/core.noop?st2-api-key=" + key).status());
  }

  @Test
  void executionsCarryTheCallerAndActionsGetAWorkingToken() {
    String script = "import json, os, urllib.request\n"
        + "r = urllib.request.Request(os.environ['ST2_ACTION_API_URL'] + '/user',"
        + " headers={'X-Auth-Token': os.environ['ST2_ACTION_AUTH_TOKEN']})\n"
        + "print(json.load(urllib.request.urlopen(r))['username'])\n";
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "python3 -c \"$SCRIPT\"")
            .put("env", new JsonObject().put("SCRIPT", script)))).json().getString("id");
    JsonObject done = http.awaitCompleted(id);
    assertEquals("admin", done.getJsonObject("context").getString("user"));
    assertEquals("succeeded", done.getString("status"), done.encode());
    assertEquals("admin", done.getJsonObject("result").getString("stdout"));
  }

  @Test
  void firstStartPrintsTheAdminPasswordOnceAndKeepsItPrivate() throws Exception {
    String password;
    try (SquallProcess first = SquallProcess.start(other)) {
      first.login();
      password = first.adminPassword();
      long printed = first.output().stream().filter(l -> l.contains(password)).count();
      assertEquals(1, printed, String.join("\n", first.output()));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
          other.resolve("admin-password"))));
    }
    String bobToken;
    try (SquallProcess second = SquallProcess.start(other)) {
      Http again = second.login();
      assertEquals(200, again.get("/api/v1/user").status());
      assertTrue(second.output().stream().noneMatch(l -> l.contains(password)), "printed only on the first start");
      SquallProcess.Run add = SquallProcess.cli("user", "add", "bob", "--data", other.toString());
      String bobPassword = add.output().strip().replaceAll(".* ", "");
      bobToken = awaitLoginAt(again.base(), "bob", bobPassword);
    }
    // bob is removed from the file by hand while the server is down: his token dies with him
    java.nio.file.Path users = other.resolve("htpasswd");
    Files.writeString(users, String.join("\n", Files.readAllLines(users).stream()
        .filter(l -> !l.startsWith("bob:")).toList()) + "\n");
    try (SquallProcess third = SquallProcess.start(other)) {
      Http again = third.login();
      assertEquals(401, again.withToken(bobToken).get("/api/v1/user").status());
    }
  }

  private static String password() {
    try {
      return server.adminPassword();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Http.Reply basic(String path, String user, String password, String body) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    return http.anonymous().send(HttpRequest.newBuilder(URI.create(http.base() + path))
        .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The server re-reads the users file when it changes; a login right after a change may need a moment. */
  private static Http awaitLogin(String user, String password) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      Http.Reply reply = basic("/auth/v1/tokens", user, password, "");
      if (reply.status() == 201) {
        return http.withToken(reply.json().getString("token"));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("login as " + user + " failed: " + reply);
      }
      Http.pause(50);
    }
  }

  private static String awaitLoginAt(String base, String user, String password) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
      Http.Reply reply = new Http(base).send(HttpRequest.newBuilder(URI.create(base + "/auth/v1/tokens"))
          .header("Authorization", "Basic " + credentials).POST(HttpRequest.BodyPublishers.noBody()));
      if (reply.status() == 201) {
        return reply.json().getString("token");
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("login as " + user + " failed: " + reply);
      }
      Http.pause(50);
    }
  }

    private static void awaitStatus(Http client, int status, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    int last;
    do {
      last = client.get("/api/v1/user").status();
      if (last == status) {
        return;
      }
      Http.pause(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("expected " + status + " within " + within + ", last " + last);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out
        + " (apt-get install apache2-utils provides htpasswd)");
  }
}
