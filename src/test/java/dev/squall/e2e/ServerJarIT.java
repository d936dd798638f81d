package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SharedJarServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The built jar, started as a user starts it, driven over HTTP. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServerJarIT extends SharedJarServer {

  @Test
  void coreActionIsServedSoonAfterStart() {
    Http.Reply r = http.get("/api/v1/actions/core.local");
    assertEquals(200, r.status(), r.body());
    JsonObject action = r.json();
    assertEquals("core.local", action.getString("ref"));
    assertEquals("local-shell-cmd", action.getString("runner_type"));
    assertTrue(action.getJsonObject("parameters").containsKey("cmd"));
    assertTrue(server.sinceStart().millis() < 60_000);
  }

  @Test
  void rootAndStackStormAliasesAnswer() {
    assertEquals("3.10dev", http.get("/api/v1/").json().getString("version"));
    assertEquals("3.10dev", http.get("/api/v1").json().getString("version"));
    assertEquals("core.local", http.get("/v1/actions/core.local").json().getString("ref"));
    assertEquals(200, http.get("/api/v1/runnertypes/?name=local-shell-cmd").status());
    assertEquals("local-shell-cmd", http.get("/api/v1/runnertypes/?name=local-shell-cmd").array()
        .getJsonObject(0).getString("name"));
    assertEquals(200, http.get("/api/v1/actionexecutions?limit=1").status());
    assertEquals(200, http.get("/api/v1/packs/core").status());
    Http.Reply sensors = http.get("/api/v1/sensortypes/");
    assertEquals(200, sensors.status());
    assertEquals(0, sensors.array().size());
    assertEquals("0", sensors.header("X-Total-Count"));
    JsonObject filters = http.get("/api/v1/executions/views/filters").json();
    assertTrue(filters.getJsonArray("action").contains("core.local"));
    assertTrue(filters.getJsonArray("status").contains("succeeded"));
    Http.Reply script = http.get("/api/v1/actions/views/entry_point/core.sendmail");
    assertEquals(200, script.status(), script.body());
    assertTrue(script.body().startsWith("#!"), script.body());
    assertEquals(404, http.get("/api/v1/actions/views/entry_point/core.local").status());
  }

  @Test
  void corsAndRequestIdsAsStackStormSendsThem() {
    Http.Reply options = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/executions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:8080"));
    assertEquals(200, options.status());
    assertEquals("http://localhost:8080", options.header("Access-Control-Allow-Origin"));
    Http.Reply other = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/actions/core.noop"))
        .header("Origin", "http://evil.example").header("X-Request-ID", "abc-123"));
    assertEquals("http://127.0.0.1:3000", other.header("Access-Control-Allow-Origin"));
    assertEquals("abc-123", other.header("X-Request-ID"));
    assertEquals(36, http.get("/api/v1/actions/core.noop").header("X-Request-ID").length());
  }

  @Test
  void localCommandRunsAndItsOutputIsStored() {
    Http.Reply created = http.post("/api/v1/executions",
        new JsonObject().put("action", "core.local").put("parameters", new JsonObject().put("cmd", "echo hi")));
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("id");
    assertEquals("requested", created.json().getString("status"));
    JsonObject done = http.awaitCompleted(id);
    assertEquals("succeeded", done.getString("status"), done.encodePrettily());
    assertEquals("hi", done.getJsonObject("result").getString("stdout"));
    assertEquals(0, done.getJsonObject("result").getInteger("return_code"));
    assertEquals("admin", done.getJsonObject("context").getString("user"));
    List<String> statuses = done.getJsonArray("log").stream().map(e -> ((JsonObject) e).getString("status")).toList();
    assertEquals(List.of("requested", "scheduled", "running", "succeeded"), statuses);
    assertNotNull(done.getString("end_timestamp"));
    Http.Reply output = http.get("/api/v1/executions/" + id + "/output");
    assertEquals(200, output.status());
    assertEquals("hi\n", output.body());
  }

  @Test
  void echoRendersItsImmutableCommand() {
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.echo")
        .put("parameters", new JsonObject().put("message", "hello world"))).json().getString("id");
    JsonObject done = http.awaitCompleted(id);
    assertEquals("succeeded", done.getString("status"));
    assertEquals("hello world", done.getJsonObject("result").getString("stdout"));
    Http.Reply override = http.post("/api/v1/executions", new JsonObject().put("action", "core.echo")
        .put("parameters", new JsonObject().put("message", "x").put("cmd", "rm -rf /tmp/nothing")));
    assertEquals(400, override.status());
    assertTrue(override.json().getString("faultstring").contains("immutable"), override.body());
  }

  @Test
  void streamShowsCreateOutputAndUpdateInOrder() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> seen = new ArrayList<>();
    HttpResponse<java.util.stream.Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(http.base()
        + "/stream/v1/stream?events=st2.execution__create,st2.execution__update,st2.execution.output__create"))
        .header("X-Auth-Token", http.token()).build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals("text/event-stream; charset=UTF-8", stream.headers().firstValue("Content-Type").orElse(""));
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "echo one; echo two"))).json().getString("id");
    var lines = stream.body().iterator();
    String event = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && event != null) {
        JsonObject body = new JsonObject(line.substring(6));
        String about = body.containsKey("execution_id") ? body.getString("execution_id") : body.getString("id");
        if (!id.equals(about)) {
          continue;
        }
        if (event.equals("st2.execution.output__create")) {
          seen.add("output:" + body.getString("data").trim());
        } else {
          seen.add(event + ":" + body.getString("status"));
          if (event.equals("st2.execution__update") && "succeeded".equals(body.getString("status"))) {
            break;
          }
        }
      }
    }
    stream.body().close();
    assertEquals(List.of("st2.execution__create:requested", "st2.execution__update:scheduled",
        "st2.execution__update:running", "output:one", "output:two", "st2.execution__update:succeeded"), seen);
  }

  /** The node listens to the bus only while streams are open: a stream opened after all others closed still works. */
  @Test
  void aStreamOpenedAfterEveryOtherClosedStillGetsEvents() throws Exception {
    for (int round = 0; round < 3; round++) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<java.util.stream.Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(
          http.base() + "/stream/v1/stream?events=st2.execution__create")).header("X-Auth-Token", http.token()).build(),
          HttpResponse.BodyHandlers.ofLines());
      String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.noop")).json().getString("id");
      var lines = stream.body().iterator();
      String created = CompletableFuture.supplyAsync(() -> {
        while (lines.hasNext()) {
          String line = lines.next();
          if (line.startsWith("data: ") && line.contains(id)) {
            return line;
          }
        }
        return null;
      }).get(30, TimeUnit.SECONDS);
      assertTrue(created != null && created.contains("\"status\":\"requested\""), "round " + round + ": " + created);
      stream.body().close();
      Thread.sleep(300); // the server sees the stream close and, with no stream left, leaves the bus
    }
  }

  @Test
  void streamWithEndEventEndsWhenTheExecutionFinishes() throws Exception {
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "sleep 2; echo late"))).json().getString("id");
    List<String> events = CompletableFuture.supplyAsync(() -> http.lines("/stream/v1/stream?events="
        + "st2.execution__update,st2.execution.output__create&end_event=st2.execution__update&end_execution_id=" + id)
        .filter(l -> l.startsWith("event: ")).toList()).get(60, TimeUnit.SECONDS);
    assertEquals("event: st2.execution__update", events.get(events.size() - 1));
    assertTrue(events.contains("event: st2.execution.output__create"), events.toString());
    assertEquals("succeeded", http.get("/api/v1/executions/" + id).json().getString("status"));
    List<String> replay = http.lines("/stream/v1/executions/" + id + "/output").toList();
    assertTrue(replay.contains("data: ''") && replay.contains("event: EOF"), replay.toString());
    assertTrue(replay.stream().anyMatch(l -> l.contains("\"data\":\"late\\n\"")), replay.toString());
  }

  @Test
  void badInputGetsAClear4xx() {
    assertFault(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/executions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json"))), 400);
    assertFault(http.post("/api/v1/executions", new JsonObject().put("action", "nope.nothing")), 400);
    assertFault(http.post("/api/v1/executions", new JsonObject().put("action", "core.local")), 400);
    assertFault(http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "true").put("timeout", "soon"))), 400);
    assertFault(http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "true").put("bogus", 1))), 400);
    assertFault(http.get("/api/v1/executions/5f0000000000000000000000"), 404);
    assertFault(http.get("/api/v1/executions?limit=0"), 400);
    assertFault(http.get("/api/v1/executions?include_attributes=nosuchfield"), 400);
    assertFault(http.get("/api/v1/nothing/here"), 404);
    assertFault(http.put("/api/v1/runnertypes", new JsonObject()), 404);
    String big = "{\"action\":\"core.local\",\"parameters\":{\"cmd\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}";
    assertFault(http.post("/api/v1/executions", big), 413);
  }

  private static void assertFault(Http.Reply r, int status) {
    assertEquals(status, r.status(), r.body());
    assertNotNull(r.json().getString("faultstring"), r.body());
  }

  @Test
  void listingPagesWithTotalCountAndProjection() {
    for (int i = 0; i < 3; i++) {
      http.post("/api/v1/executions", new JsonObject().put("action", "core.noop"));
    }
    Http.Reply page = http.get("/api/v1/executions/?action=core.noop&limit=2&parent=null&sort_desc=True"
        + "&include_attributes=id,status,action.ref");
    assertEquals(200, page.status(), page.body());
    JsonArray items = page.array();
    assertEquals(2, items.size());
    assertTrue(Integer.parseInt(page.header("X-Total-Count")) >= 3);
    JsonObject first = items.getJsonObject(0);
    assertEquals(Set.of("id", "status", "action"), first.fieldNames());
    assertEquals("core.noop", first.getJsonObject("action").getString("ref"));
    assertNull(first.getValue("result"));

    long topLevel = Long.parseLong(http.get("/api/v1/executions?parent=null&limit=1").header("X-Total-Count"));
    long all = Long.parseLong(http.get("/api/v1/executions?limit=1").header("X-Total-Count"));
    assertEquals(all, topLevel);
    http.post("/api/v1/executions", new JsonObject().put("action", "core.noop"));
    assertEquals(topLevel + 1, Long.parseLong(http.get("/api/v1/executions/?parent=null&limit=50")
        .header("X-Total-Count")));
  }

  @Test
  void cancelStopsARunningCommand() {
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "sleep 30"))).json().getString("id");
    http.awaitExecution(id, e -> "running".equals(e.getString("status")), Duration.ofSeconds(20));
    Http.Reply cancel = http.delete("/api/v1/executions/" + id);
    assertEquals(200, cancel.status(), cancel.body());
    JsonObject done = http.awaitCompleted(id);
    assertEquals("canceled", done.getString("status"));
    Http.Reply again = http.delete("/api/v1/executions/" + id);
    assertEquals(200, again.status());
    JsonObject finished = http.awaitCompleted(http.post("/api/v1/executions",
        new JsonObject().put("action", "core.noop")).json().getString("id"));
    Http.Reply late = http.delete("/api/v1/executions/" + finished.getString("id"));
    assertEquals(200, late.status());
    assertEquals("Action cannot be canceled. State = succeeded.", late.json().getString("faultstring"));
  }

  @Test
  void timeoutKillsTheCommand() {
    String id = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "sleep 30").put("timeout", 1))).json().getString("id");
    JsonObject done = http.awaitCompleted(id);
    assertEquals("timeout", done.getString("status"), done.encodePrettily());
  }

  @Test
  void delayedExecutionWaitsThenRuns() {
    Http.Reply r = http.post("/api/v1/executions", new JsonObject().put("action", "core.noop").put("delay", 500));
    assertEquals(201, r.status(), r.body());
    String id = r.json().getString("id");
    JsonObject done = http.awaitCompleted(id);
    assertEquals("succeeded", done.getString("status"));
    List<String> statuses = done.getJsonArray("log").stream().map(e -> ((JsonObject) e).getString("status")).toList();
    assertTrue(statuses.contains("delayed"), statuses.toString());
  }

  @Test
  void nineHundredConcurrentNoopsAllSucceed() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    // one connection per request, all from 127.0.0.1: kept under api.max_connections_per_address (1000) with the
    // connections the other tests of the class keep open
    for (int i = 0; i < 900; i++) {
      posts.add(client.sendAsync(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/executions"))
          .header("Content-Type", "application/json").header("X-Auth-Token", http.token())
          .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"core.noop\"}")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<String> ids = new ArrayList<>();
    for (var post : posts) {
      HttpResponse<String> r = post.get(60, TimeUnit.SECONDS);
      assertEquals(201, r.statusCode(), r.body());
      ids.add(new JsonObject(r.body()).getString("id"));
    }
    for (String id : ids) {
      assertEquals("succeeded", http.awaitCompleted(id).getString("status"));
    }
    Http.Reply notDone = http.get("/api/v1/executions?action=core.noop&status=requested&limit=1");
    assertEquals("0", notDone.header("X-Total-Count"));
    assertFalse(ids.stream().distinct().count() < ids.size());
  }

  @Test
  void theServiceRegistryShowsThisProcessInEveryGroupItRuns() {
    JsonObject groups = http.get("/api/v1/service_registry/groups").json();
    assertEquals(List.of("actionrunner", "api", "auth", "garbagecollector", "notifier", "rulesengine", "scheduler",
        "stream", "timersengine"), groups.getJsonArray("groups").getList());
    Http.Reply members = http.get("/api/v1/service_registry/groups/actionrunner/members");
    assertEquals(200, members.status());
    JsonObject member = members.json().getJsonArray("members").getJsonObject(0);
    assertEquals("actionrunner", member.getString("group_id"));
    assertEquals(server.pid(), member.getJsonObject("capabilities").getLong("pid"));
    Http.Reply unknown = http.get("/api/v1/service_registry/groups/nope/members");
    assertEquals(404, unknown.status());
    assertEquals("Group with ID \"nope\" not found.", unknown.json().getString("faultstring"));
  }
}
