package dev.squall.auth;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.bus.LocalBus;
import dev.squall.config.AuthConfig;
import dev.squall.security.ApiKeyStore;
import dev.squall.security.ApiKeys;
import dev.squall.security.Credentials;
import dev.squall.security.Htpasswd;
import dev.squall.security.LoginThrottle;
import dev.squall.security.RevocationStore;
import dev.squall.security.TokenStore;
import dev.squall.security.Tokens;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.web.HttpFront;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /auth/v1/tokens} and {@code /tokens/validate} over real HTTP, users in a real htpasswd file. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TokenEndpointTest {
  private static final int MAX_TTL = 86400;
  @TempDir
  Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private SqliteStore store;
  private WorkerExecutor hashing;
  private HttpServer server;
  private Tokens tokens;
  private String base;

  private void serve(Vertx vertx, String apiUrl, int loginFailures) {
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TokenStore.SPEC, RevocationStore.SPEC, ApiKeyStore.SPEC)));
    LocalBus bus = new LocalBus(vertx);
    Htpasswd users = new Htpasswd(dir.resolve("htpasswd"));
    users.put("alice", "s3cret");
    tokens = new Tokens(new TokenStore(store), new RevocationStore(store), bus, Clock.systemUTC());
    Credentials credentials = new Credentials(users, tokens, new ApiKeys(new ApiKeyStore(store), bus),
        new LoginThrottle(loginFailures, 60, Clock.systemUTC()));
    hashing = vertx.createSharedWorkerExecutor("test-auth-hashing", 2);
    TokenEndpoint endpoint = new TokenEndpoint(credentials, new AuthConfig(true, "", MAX_TTL, MAX_TTL, apiUrl,
        loginFailures, 60, true, "lax"), hashing);
    Router router = new HttpFront(vertx, 65536).router();
    router.post("/auth/v1/tokens").handler(endpoint::create);
    router.post("/auth/v1/tokens/validate").handler(endpoint::validate);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void close() {
    if (server != null) {
      await(server.close());
      await(hashing.close());
      await(store.close());
    }
  }

  private HttpResponse<String> post(String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String fault(HttpResponse<String> response) {
    return new JsonObject(response.body()).getString("faultstring");
  }

  @Test
  void goodCredentialsGetAWorkingTokenAndTheApiUrl(Vertx vertx) throws Exception {
    serve(vertx, "", 5);
    HttpResponse<String> login = post("/auth/v1/tokens", basic("alice", "s3cret"), null);
    assertEquals(201, login.statusCode(), login.body());
    JsonObject token = new JsonObject(login.body());
    assertEquals("alice", token.getString("user"));
    assertEquals(base, login.headers().firstValue("X-API-URL").orElseThrow());
    assertEquals("alice", await(tokens.authenticate(token.getString("token"))).user());

    HttpResponse<String> valid = post("/auth/v1/tokens/validate", null,
        new JsonObject().put("token", token.getString("token")).encode());
    assertEquals(200, valid.statusCode());
    assertEquals(new JsonObject().put("valid", true), new JsonObject(valid.body()));
  }

  @Test
  void aConfiguredApiUrlIsAnnouncedAndAShorterTtlHonoured(Vertx vertx) throws Exception {
    serve(vertx, "https://st2.example.com/api", 5);
    HttpResponse<String> login = post("/auth/v1/tokens", basic("alice", "s3cret"), "{\"ttl\": 60}");
    assertEquals(201, login.statusCode(), login.body());
    assertEquals("https://st2.example.com/api", login.headers().firstValue("X-API-URL").orElseThrow());
    String expiry = new JsonObject(login.body()).getString("expiry");
    assertTrue(Instant.parse(expiry).isBefore(Instant.now().plusSeconds(61)), expiry);
  }

  @Test
  void wrongPasswordsUnknownUsersAndMissingCredentialsAre401(Vertx vertx) throws Exception {
    serve(vertx, "", 50);
    for (String authorization : new String[] {basic("alice", "wrong"), basic("mallory", "s3cret"), null,
        "Basic !!!not-base64", "Bearer abc"}) {
      HttpResponse<String> refused = post("/auth/v1/tokens", authorization, null);
      assertEquals(401, refused.statusCode(), authorization);
      assertEquals("Invalid or missing credentials", fault(refused));
    }
    assertEquals(List.of(), await(tokens.holders()));
  }

  @Test
  void badTtlsAndImpersonationAreRefused(Vertx vertx) throws Exception {
    serve(vertx, "", 5);
    HttpResponse<String> tooLong = post("/auth/v1/tokens", basic("alice", "s3cret"), "{\"ttl\": 999999}");
    assertEquals(400, tooLong.statusCode());
    assertEquals("TTL specified 999999 is greater than max allowed 86400.", fault(tooLong));
    HttpResponse<String> notANumber = post("/auth/v1/tokens", basic("alice", "s3cret"), "{\"ttl\": \"1h\"}");
    assertEquals(400, notANumber.statusCode());
    HttpResponse<String> other = post("/auth/v1/tokens", basic("alice", "s3cret"), "{\"user\": \"root\"}");
    assertEquals(403, other.statusCode());
    assertEquals("Only service users can request a token for another user.", fault(other));
    assertEquals(List.of(), await(tokens.holders()));
  }

  @Test
  void repeatedFailuresAreThrottledEvenWithTheRightPassword(Vertx vertx) throws Exception {
    serve(vertx, "", 2);
    assertEquals(401, post("/auth/v1/tokens", basic("alice", "wrong"), null).statusCode());
    assertEquals(401, post("/auth/v1/tokens", basic("alice", "wrong"), null).statusCode());
    HttpResponse<String> throttled = post("/auth/v1/tokens", basic("alice", "s3cret"), null);
    assertEquals(429, throttled.statusCode());
    assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void validateSaysFalseForUnknownTokensAndNeedsOne(Vertx vertx) throws Exception {
    serve(vertx, "", 5);
    HttpResponse<String> unknown = post("/auth/v1/tokens/validate", null, "{\"token\": \"nope\"}");
    assertEquals(200, unknown.statusCode());
    assertEquals(new JsonObject().put("valid", false), new JsonObject(unknown.body()));
    HttpResponse<String> missing = post("/auth/v1/tokens/validate", null, "{}");
    assertEquals(400, missing.statusCode());
    assertEquals("'token' is a required property", fault(missing));
  }
}
