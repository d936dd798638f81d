package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SharedJarServer;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where the built jar routes a request: contract paths, StackStorm's aliases, trailing slashes, the greedy path. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoutingJarIT extends SharedJarServer {
  private static final JsonObject NOT_FOUND = new JsonObject().put("faultstring", "The resource could not be found.");

  @TempDir
  Path other;

  @Test
  void aliasesServeWhatTheContractPathServes() {
    String ref = http.get("/api/v1/actions/core.local").json().getString("ref");
    assertEquals("core.local", ref);
    assertEquals(ref, http.get("/v1/actions/core.local").json().getString("ref"));
    assertEquals(http.get("/api/v1/triggertypes/core.st2.webhook").json(),
        http.get("/v1/triggertypes/core.st2.webhook").json());
    assertEquals(200, http.get("/api/v1/actionexecutions").status());
    assertEquals(200, http.get("/v1/actionexecutions").status());
    JsonObject check = new JsonObject().put("token", http.token());
    assertEquals(true, http.post("/auth/v1/tokens/validate", check).json().getBoolean("valid"));
    assertEquals(true, http.post("/auth/tokens/validate", check).json().getBoolean("valid"));
  }

  @Test
  void oneTrailingSlashIsIgnored() {
    assertEquals(http.get("/api/v1/actions/core.local").json(), http.get("/api/v1/actions/core.local/").json());
    assertEquals(http.get("/api/v1/triggertypes/core.st2.webhook").json(),
        http.get("/api/v1/triggertypes/core.st2.webhook/").json());
    assertEquals(200, http.get("/api/v1").status());
    assertEquals(200, http.get("/api/v1/").status());
  }

  @Test
  void staticPathsWinOverTemplatedOnes() {
    Http.Reply views = http.get("/api/v1/rules/views");
    assertEquals(200, views.status(), views.toString());
    assertTrue(views.body().startsWith("["), views.body());
    assertEquals(200, http.get("/api/v1/actions/views/overview").status());
    assertEquals(200, http.get("/api/v1/executions/views/filters").status());
  }

  @Test
  void theLastParameterOfAGreedyPathTakesSlashes() {
    Http.Reply file = http.get("/api/v1/packs/views/file/core/actions/local.yaml");
    assertEquals(200, file.status(), file.toString());
    assertTrue(file.body().contains("runner_type"), file.body());
    assertEquals(404, http.get("/api/v1/packs/views/file/core/actions/no-such.yaml").status());
  }

  @Test
  void operationsNotServedYetAnswerAsAnUnknownPath() {
    Http.Reply unknown = http.get("/api/v1/no-such-resource");
    assertEquals(404, unknown.status());
    assertEquals(NOT_FOUND, unknown.json());
    for (String path : List.of("/api/v1/inquiries/5f0000000000000000000000", "/api/v1/policies/x",
        "/v1/actionalias/x", "/api/v1/actionalias/match")) {
      Http.Reply reply = http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
          .header("Content-Type", "application/json")
          .method(path.endsWith("match") ? "POST" : "GET", HttpRequest.BodyPublishers.ofString("{}")));
      assertEquals(404, reply.status(), path);
      assertEquals(NOT_FOUND, reply.json(), path);
      assertEquals(unknown.header("Content-Type"), reply.header("Content-Type"), path);
    }
    assertEquals(NOT_FOUND, http.delete("/api/v1/actions").json());
  }

  @Test
  void aNodeRunningSomeHttpServicesStarts() throws Exception {
    // the auth and stream operations belong to services this node does not run: no handler needed
    try (SquallProcess apiOnly = SquallProcess.start(other.resolve("api"), "--services", "api,rules")) {
      Http anonymous = new Http(apiOnly.awaitReady());
      assertEquals(401, anonymous.get("/api/v1/actions/core.local").status());
      assertEquals(404, anonymous.post("/auth/v1/tokens", new JsonObject()).status());
    }
    try (SquallProcess streamOnly = SquallProcess.start(other.resolve("stream"), "--services", "stream")) {
      Http anonymous = new Http(streamOnly.awaitReady());
      assertEquals(401, anonymous.get("/stream/v1/stream").status());
    }
  }
}
