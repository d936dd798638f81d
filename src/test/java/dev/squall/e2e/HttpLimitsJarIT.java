package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.RawHttp;
import dev.squall.testkit.SharedJarServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request limits, security headers and pack file views of the built jar, as a client sees them. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpLimitsJarIT extends SharedJarServer {

  private static RawHttp raw() {
    return new RawHttp(http.base(), 20_000, http.token());
  }

  private static void assertFault(int status, RawHttp.Response r, String fragment) {
    assertEquals(status, r.status(), r.text());
    assertTrue(r.header("Content-Type").startsWith("application/json"), r.headers().toString());
    String fault = new JsonObject(r.text()).getString("faultstring");
    assertTrue(fault.contains(fragment), fault);
    assertSecure(r.headers()::get);
  }

  private static void assertSecure(java.util.function.Function<String, String> header) {
    assertEquals("nosniff", header.apply("x-content-type-options"));
    assertEquals("DENY", header.apply("x-frame-options"));
    assertEquals("no-referrer", header.apply("referrer-policy"));
    assertEquals("default-src 'none'; frame-ancestors 'none'", header.apply("content-security-policy"));
  }

  private static void assertSecure(Http.Reply r) {
    assertSecure(name -> r.header(name));
  }

  @Test
  void oversizedHeadersAnswer431() {
    RawHttp.Request one = new RawHttp.Request();
    one.target = "/api/v1/actions/core.local";
    one.header("X-Big", "h".repeat(20_000));
    assertFault(431, raw().send(one), "api.max_header_size");
    RawHttp.Request many = new RawHttp.Request();
    many.target = "/api/v1/actions/core.local";
    for (int i = 0; i < 1000; i++) {
      many.header("X-Many-" + i, "0123456789");
    }
    assertFault(431, raw().send(many), "api.max_header_size");
    RawHttp.Request fits = new RawHttp.Request();
    fits.target = "/api/v1/actions/core.local";
    fits.header("X-Big", "h".repeat(12_000));
    assertEquals(200, raw().send(fits).status());
  }

  @Test
  void overlongRequestLineAnswers414() {
    RawHttp.Request request = new RawHttp.Request();
    request.target = "/api/v1/actions?name=" + "n".repeat(20_000);
    assertFault(414, raw().send(request), "api.max_initial_line_length");
  }

  @Test
  void oversizedBodyAnswers413() {
    RawHttp.Request request = new RawHttp.Request();
    request.method = "POST";
    request.target = "/api/v1/executions";
    request.header("Content-Type", "application/json");
    request.body = ("{\"action\":\"core.noop\",\"x\":\"" + "b".repeat(10 * 1024 * 1024) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    assertFault(413, raw().send(request), "api.max_body_size");
  }

  @Test
  void malformedRequestsAnswer400WithAFault() {
    RawHttp.Request version = new RawHttp.Request();
    version.raw = "GET /api/v1/ HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertFault(400, raw().send(version), "unsupported HTTP version");
    RawHttp.Request escape = new RawHttp.Request();
    escape.target = "/api/v1/actions/%zz";
    assertFault(400, raw().send(escape), "percent-encoding");
    RawHttp.Request chunks = new RawHttp.Request();
    chunks.method = "POST";
    chunks.target = "/api/v1/executions";
    chunks.header("Transfer-Encoding", "chunked").header("Content-Type", "application/json");
    chunks.body = "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertFault(400, raw().send(chunks), "malformed HTTP request body");
    RawHttp.Request form = new RawHttp.Request();
    form.target = "/api/v1/actions?limit=1";
    form.header("Content-Type", "multipart/form-data");
    form.body = "--x\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(200, raw().send(form).status(), "a GET ignores its body, even a form");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    Http.Reply ok = http.get("/api/v1/actions/core.local");
    assertEquals(200, ok.status());
    assertSecure(ok);
    assertNull(ok.header("Cache-Control"));
    Http.Reply missing = http.get("/api/v1/nothing/here");
    assertEquals(404, missing.status());
    assertSecure(missing);
    Http.Reply bad = http.post("/api/v1/executions", "{broken");
    assertEquals(400, bad.status());
    assertSecure(bad);
    assertTrue(bad.json().getString("faultstring").startsWith("Failed to parse request body"), bad.body());
    Http.Reply auth = http.post("/auth/v1/tokens", new JsonObject());
    assertSecure(auth);
    assertEquals("no-store", auth.header("Cache-Control"));
    Http.Reply options = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/executions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:8080"));
    assertEquals(200, options.status());
    assertSecure(options);
    assertEquals("http://localhost:8080", options.header("Access-Control-Allow-Origin"));
  }

  @Test
  void parseErrorsDoNotEchoTheBody() {
    String secretish = "s".repeat(5000);
    Http.Reply bad = http.post("/api/v1/executions", "{\"action\": " + secretish + "}");
    assertEquals(400, bad.status());
    assertTrue(bad.body().length() < 400, bad.body());
    Http.Reply hook = http.post("/api/v1/webhooks/st2", "[" + secretish);
    assertEquals(400, hook.status());
    assertTrue(hook.body().length() < 400, hook.body());
  }

  private static String nested(int depth, String leaf) {
    return "{\"a\":".repeat(depth) + leaf + "}".repeat(depth);
  }

  @Test
  void jsonNestedPastTheLimitIsRefusedOnEveryJsonRoute() {
    // the outer object is level 1: 65 levels in all
    String tooDeep = "{\"action\":\"core.noop\",\"parameters\":" + nested(64, "1") + "}";
    for (String[] route : List.of(new String[] {"POST", "/api/v1/executions"}, new String[] {"POST", "/api/v1/rules"},
        new String[] {"POST", "/api/v1/actions"}, new String[] {"PUT", "/api/v1/keys/deep"},
        new String[] {"POST", "/api/v1/webhooks/st2"}, new String[] {"POST", "/api/v1/webhooks/anything"},
        new String[] {"POST", "/api/v1/triggertypes"}, new String[] {"POST", "/api/v1/packs/register"})) {
      Http.Reply r = http.send(HttpRequest.newBuilder(URI.create(http.base() + route[1]))
          .header("Content-Type", "application/json")
          .method(route[0], HttpRequest.BodyPublishers.ofString(tooDeep)));
      assertEquals(400, r.status(), route[1] + ": " + r.body());
      assertTrue(r.json().getString("faultstring").contains("nested deeper than 64"), r.body());
    }
    Http.Reply noType = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/st2"))
        .POST(HttpRequest.BodyPublishers.ofString("[".repeat(100_000))));
    assertEquals(400, noType.status(), noType.body());
  }

  @Test
  void valuesJustInsideTheLimitRunThrough() {
    Http.Reply action = http.post("/api/v1/actions", new JsonObject().put("name", "deep_noop").put("pack", "default")
        .put("runner_type", "noop").put("parameters", new JsonObject()
            .put("who", new JsonObject().put("type", "string").put("default", "deep"))
            .put("data", new JsonObject().put("type", "object"))));
    assertEquals(201, action.status(), action.body());
    // 2 levels of envelope ({"parameters": {"data": ...}}) + 62 = the limit of 64
    String data = nested(62, "\"{{ who }} {{ 6 * 7 }}\"");
    Http.Reply created = http.post("/api/v1/executions", "{\"action\":\"default.deep_noop\",\"parameters\":{\"data\":"
        + data + "}}");
    assertEquals(201, created.status(), created.body());
    JsonObject done = http.awaitCompleted(created.json().getString("id"));
    assertEquals("succeeded", done.getString("status"), done.encodePrettily());
    Object value = done.getJsonObject("parameters").getValue("data");
    int depth = 0;
    while (value instanceof JsonObject o) {
      value = o.getValue("a");
      depth++;
    }
    assertEquals(62, depth);
    // rendered for the runner (which succeeded), recorded as the caller gave it
    assertEquals("{{ who }} {{ 6 * 7 }}", value);
    Http.Reply hook = http.post("/api/v1/webhooks/st2", "{\"trigger\":\"core.st2.webhook\",\"payload\":"
        + nested(62, "1") + "}");
    assertTrue(hook.status() == 202 || hook.status() == 400, hook.body());
    assertFalse(hook.body().contains("nested deeper"), hook.body());
  }

  @Test
  void packFilesAreListedAndServed() {
    Http.Reply files = http.get("/api/v1/packs/views/files/core");
    assertEquals(200, files.status(), files.body());
    JsonArray list = files.array();
    List<String> paths = list.stream().map(f -> ((JsonObject) f).getString("file_path")).toList();
    assertTrue(paths.contains("pack.yaml"), paths.toString());
    assertTrue(paths.contains("actions/local.yaml"), paths.toString());
    Http.Reply manifest = http.get("/api/v1/packs/views/file/core/pack.yaml");
    assertEquals(200, manifest.status(), manifest.body());
    assertTrue(manifest.body().contains("name: core"), manifest.body());
    assertEquals("application/x-yaml", manifest.header("Content-Type"));
    assertSecure(manifest);
    String etag = manifest.header("ETag");
    Http.Reply again = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/packs/views/file/core/pack.yaml"))
        .header("If-None-Match", etag));
    assertEquals(304, again.status());
    Http.Reply since = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/packs/views/file/core/pack.yaml"))
        .header("If-Modified-Since", manifest.header("Last-Modified")));
    assertEquals(304, since.status());
    assertEquals(404, http.get("/api/v1/packs/views/file/core/no/such/file.txt").status());
    assertEquals(404, http.get("/api/v1/packs/views/files/nopack").status());
  }

  @Test
  void packFilePathsCannotLeaveThePack() throws Exception {
    Path core = data.resolve("packs").resolve("core");
    assertTrue(Files.isRegularFile(core.resolve("pack.yaml")), "bundled core pack in the data dir");
    Path secret = Files.writeString(data.resolve("secret.txt"), "top secret outside the pack");
    Files.createSymbolicLink(core.resolve("leak.txt"), secret);
    Files.createSymbolicLink(core.resolve("leak_dir"), data);
    for (String target : List.of("..%2F..%2Fsecret.txt", "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "%2Fetc%2Fpasswd",
        "actions%2F..%2F..%2Fsecret.txt", "..%5C..%5Csecret.txt", "pack.yaml%00.txt", "%2e%2e%2F%2e%2e%2Fsecret.txt",
        "leak.txt", "leak_dir/secret.txt", "actions/../../secret.txt", "%2e%2e/%2e%2e/secret.txt",
        "..%252F..%252Fsecret.txt", "C:%5Csecret.txt")) {
      RawHttp.Request request = new RawHttp.Request();
      request.target = "/api/v1/packs/views/file/core/" + target;
      RawHttp.Response r = raw().send(request);
      assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r.status() + " " + r.text());
      assertTrue(new JsonObject(r.text()).getString("faultstring") != null, r.text());
      assertFalse(r.text().contains("top secret") || r.text().contains("root:"), target + " leaked: " + r.text());
    }
    Http.Reply listing = http.get("/api/v1/packs/views/files/core");
    assertFalse(listing.body().contains("top secret"), "listing follows no link out of the pack");
  }
}
