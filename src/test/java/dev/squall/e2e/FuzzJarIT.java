package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.RawHttp;
import dev.squall.testkit.SharedJarServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of bad requests, generated from a fixed seed, across every operation of the contract: broken
 * and wrongly typed JSON, huge and deeply nested bodies, odd encodings and content types, path traversal,
 * bad query values, wrong methods, oversized headers and request lines, protocol garbage. No answer may be
 * a 5xx or a hang, every 4xx JSON answer carries a faultstring, and afterwards the server still works and
 * has lost nothing it accepted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FuzzJarIT extends SharedJarServer {
  private static final long SEED = 0x5C0A11L;
  private static final int REQUESTS = 6000;
  private static final int PARALLEL = 8;
  private static final String HOOK = "fuzzhook";
  /** Collection (path segment after /api/v1) → a resource of it the fuzz owns. */
  private static final Map<String, String> OWNED = new java.util.concurrent.ConcurrentHashMap<>();

  /** One operation of the contract, as the fuzz needs it. */
  record Op(String id, String method, String path, List<String> pathParams, List<String> queryParams,
      boolean body) {
  }

  /** A generated request with what it is allowed to get back. */
  record Case(int n, String kind, Op op, RawHttp.Request request, int expected, boolean mayClose) {
    String describe() {
      String target = request.raw != null ? "<raw " + request.raw.length + " bytes>" : request.method + " "
          + abbreviate(request.target);
      return "#" + n + " " + kind + " [" + (op == null ? "-" : op.id()) + "] " + target;
    }
  }

  /**
   * The one place credentials are attached: most requests carry the token of the logged-in admin, the rest a
   * bad token (header, query or cookie), an unknown API key, a wrong password, or nothing. Logins get Basic
   * credentials of every bad shape. Returns true when the credentials are bad (any 4xx is then right).
   */
  protected boolean addCredentials(RawHttp.Request request, Op op, int n, Random random) {
    if (request.raw != null) {
      return false;
    }
    if (op != null && op.id().equals("tokenCreate")) {
      String[] users = {"admin", "nobody", "", "a:b", "\u00e9", "x".repeat(2000)};
      String credentials = users[random.nextInt(users.length)] + ":" + junk(random, n);
      String[] shapes = {"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)),
          "Basic " + junk(random, n), "Basic", "Bearer " + junk(random, n), "basic ===",
          "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))};
      request.header("Authorization", shapes[random.nextInt(shapes.length)]);
      return true;
    }
    switch (random.nextInt(16)) {
      case 0 -> request.header("X-Auth-Token", junk(random, n));
      case 1 -> request.header("St2-Api-Key", junk(random, n));
      case 2 -> request.target += (request.target.contains("?") ? "&" : "?") + "x-auth-token="
          + java.net.URLEncoder.encode(junk(random, n), StandardCharsets.UTF_8);
      case 3 -> request.header("Cookie", "auth-token=" + junk(random, n).replace(";", ""));
      case 4 -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          ("admin:wrong-" + n).getBytes(StandardCharsets.UTF_8)));
      case 5 -> {
        return true; // no credentials at all
      }
      default -> {
        request.header("X-Auth-Token", http.token());
        return false;
      }
    }
    return true;
  }

  /** A credential that is not one: random hex, empty, long, non-ASCII or control characters. */
  private static String junk(Random random, int n) {
    String[] kinds = {"0123456789abcdef0123456789abcdef", "", "deadbeef" + n, "x".repeat(5000), "t\u00f6k\u00e9n",
        "tok en\tx", "../../etc/passwd", "' OR 1=1 --", "%00%0a"};
    return kinds[random.nextInt(kinds.length)];
  }

  @Test
  void badRequestsNeverBreakTheServer() throws Exception {
    List<Op> ops = operations();
    assertTrue(ops.size() > 90, "operations read from the contract: " + ops.size());
    Canaries canaries = plantCanaries();

    RawHttp raw = new RawHttp(http.base(), 20_000);
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> acceptedExecutions = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger acceptedHooks = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Set<String> seenOps = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      int n = i;
      pool.execute(() -> {
        Case c = generate(n, ops);
        if (c.op() != null) {
          seenOps.add(c.op().id());
        }
        RawHttp.Response r = raw.send(c.request());
        statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
        String problem = judge(c, r);
        if (problem != null) {
          failures.add(c.describe() + " -> " + problem);
        } else if (r.status() > 0) {
          answered.incrementAndGet();
        }
        remember(c, r, acceptedExecutions, acceptedHooks);
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(3, TimeUnit.MINUTES), "fuzz did not finish");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    java.nio.file.Files.write(Path.of("target/fuzz-failures.txt"), failures.stream().sorted().toList());
    java.nio.file.Files.write(Path.of("target/fuzz-server.log"), server.output());
    System.out.println("fuzz: " + REQUESTS + " requests in " + seconds + " s, answers by status " + statuses);

    assertEquals(List.of(), failures.stream().sorted().limit(40).toList(),
        failures.size() + " bad answers out of " + REQUESTS + " in " + seconds + " s");
    assertEquals(ops.size(), seenOps.size(), "every operation was fuzzed");
    // the fuzz reached past the front door: accepted, refused, missing and over-limit answers all occurred
    for (int status : List.of(200, 400, 401, 404, 413, 414, 431)) {
      assertTrue(statuses.containsKey(status), "no " + status + " among " + statuses);
    }
    assertTrue(answered.get() > REQUESTS * 9 / 10, "answered: " + answered.get());
    stillServes(canaries, acceptedExecutions, acceptedHooks.get());
  }

  // ------------------------------------------------------------------ judging

  private static String judge(Case c, RawHttp.Response r) {
    if (r.timedOut()) {
      return "no answer within 20 s";
    }
    if (r.status() < 0) {
      return c.mayClose() ? null : "connection closed without an answer (" + r.error() + ")";
    }
    boolean head = c.request().method.equals("HEAD");
    if (r.status() >= 500) {
      return r.status() + " " + abbreviate(r.text());
    }
    if (c.expected() > 0 && r.status() != c.expected()) {
      return "expected " + c.expected() + ", got " + r.status() + " " + abbreviate(r.text());
    }
    if (!"nosniff".equals(r.header("X-Content-Type-Options")) || !"DENY".equals(r.header("X-Frame-Options"))) {
      return r.status() + " without the security headers: " + r.headers();
    }
    String type = r.header("Content-Type");
    if (r.status() >= 400 && type != null && type.contains("json") && !head) {
      try {
        Object fault = new JsonObject(r.text()).getValue("faultstring");
        if (!(fault instanceof String)) {
          return r.status() + " JSON without a faultstring: " + abbreviate(r.text());
        }
      } catch (RuntimeException e) {
        return r.status() + " body is not a JSON object: " + abbreviate(r.text());
      }
    }
    return null;
  }

  private static void remember(Case c, RawHttp.Response r, List<String> executions, AtomicInteger hooks) {
    if (c.op() == null || r.status() < 200 || r.status() >= 300) {
      return;
    }
    if (c.op().id().equals("executionCreate") || c.op().id().equals("executionReRun")) {
      try {
        executions.add(new JsonObject(r.text()).getString("id"));
      } catch (RuntimeException e) {
        // not JSON: judged elsewhere
      }
    } else if (c.op().id().equals("webhookPost") && c.request().target.endsWith("/webhooks/" + HOOK)
        && r.status() == 202) {
      hooks.incrementAndGet();
    }
  }

  // ------------------------------------------------------------------ before and after

  record Canaries(String executionId, String triggerRef) {
  }

  private static Canaries plantCanaries() {
    Http.Reply key = http.put("/api/v1/keys/fuzz_canary", new JsonObject().put("name", "fuzz_canary").put("value", "alive"));
    assertEquals(200, key.status(), key.body());
    Http.Reply trigger = http.post("/api/v1/triggers", new JsonObject().put("name", "fuzz_hook").put("pack", "default")
        .put("type", "core.st2.webhook")
        .put("parameters", new JsonObject().put("url", HOOK)));
    assertEquals(201, trigger.status(), trigger.body());
    assertEquals(200, http.get("/api/v1/webhooks/" + HOOK).status());
    Http.Reply execution = http.post("/api/v1/executions", new JsonObject().put("action", "core.noop"));
    assertEquals(201, execution.status(), execution.body());
    plantOwned();
    return new Canaries(execution.json().getString("id"), trigger.json().getString("ref"));
  }

  /**
   * Resources the fuzz may update, re-run and delete (the canaries above stay untouched): path parameters
   * sometimes name them, so bad input also reaches the code behind a successful lookup.
   */
  private static void plantOwned() {
    OWNED.put("actions", created(http.post("/api/v1/actions", new JsonObject().put("name", "fuzz_action")
        .put("pack", "default").put("runner_type", "noop")
        .put("parameters", new JsonObject().put("p", new JsonObject().put("type", "string")))), "ref"));
    OWNED.put("rules", created(http.post("/api/v1/rules", new JsonObject().put("name", "fuzz_rule").put("pack", "default")
        .put("trigger", new JsonObject().put("type", "core.st2.webhook")
            .put("parameters", new JsonObject().put("url", "fuzz_rule_hook")))
        .put("action", new JsonObject().put("ref", "default.fuzz_action"))), "ref"));
    OWNED.put("triggertypes", created(http.post("/api/v1/triggertypes", new JsonObject().put("name", "fuzz_type")
        .put("pack", "default")), "ref"));
    String trigger = created(http.post("/api/v1/triggers", new JsonObject().put("name", "fuzz_trigger")
        .put("pack", "default").put("type", "core.st2.webhook")
        .put("parameters", new JsonObject().put("url", "fuzz_owned"))), "ref");
    OWNED.put("triggers", trigger);
    assertEquals(200, http.put("/api/v1/keys/fuzz_owned", new JsonObject().put("name", "fuzz_owned").put("value", "v"))
        .status());
    OWNED.put("keys", "fuzz_owned");
    OWNED.put("executions", created(http.post("/api/v1/executions", new JsonObject().put("action", "default.fuzz_action")
        .put("parameters", new JsonObject().put("p", "x"))), "id"));
    assertEquals(202, http.post("/api/v1/webhooks/fuzz_owned", new JsonObject().put("x", 1)).status());
    OWNED.put("triggerinstances", http.get("/api/v1/triggerinstances?limit=1&trigger=" + trigger).array()
        .getJsonObject(0).getString("id"));
  }

  private static String created(Http.Reply reply, String field) {
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getString(field);
  }

  private static void stillServes(Canaries canaries, List<String> executions, int hooks) {
    Http.Reply ran = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "echo still here")));
    assertEquals(201, ran.status(), ran.body());
    JsonObject done = http.awaitCompleted(ran.json().getString("id"));
    assertEquals("succeeded", done.getString("status"), done.encodePrettily());
    assertEquals("still here", done.getJsonObject("result").getString("stdout"));
    Http.Reply list = http.get("/api/v1/executions?limit=5");
    assertEquals(200, list.status(), list.body());
    int total = Integer.parseInt(list.header("X-Total-Count"));
    assertTrue(total >= executions.size() + 2, "listed " + total + ", accepted " + executions.size() + " + 2 canaries");
    assertEquals(Math.min(5, total), list.array().size());
    assertEquals("alive", http.get("/api/v1/keys/fuzz_canary").json().getString("value"));
    assertEquals(200, http.get("/api/v1/executions/" + canaries.executionId()).status());
    for (String id : executions) {
      Http.Reply r = http.get("/api/v1/executions/" + id + "?include_attributes=id,status");
      assertEquals(200, r.status(), "accepted execution " + id + " is gone: " + r.body());
    }
    Http.Reply instances = http.get("/api/v1/triggerinstances?limit=1&trigger=" + canaries.triggerRef());
    assertEquals(200, instances.status(), instances.body());
    assertTrue(Integer.parseInt(instances.header("X-Total-Count")) >= hooks,
        "webhooks accepted: " + hooks + ", trigger instances: " + instances.header("X-Total-Count"));
  }

  // ------------------------------------------------------------------ the contract

  @SuppressWarnings("unchecked")
  static List<Op> operations() throws Exception {
    // SnakeYAML, not Jackson: the contract shares parameter lists through YAML anchors
    Map<String, Object> doc;
    try (var in = java.nio.file.Files.newBufferedReader(Path.of("openapi/squall.yaml"))) {
      doc = new org.yaml.snakeyaml.Yaml().load(in);
    }
    JsonObject contract = new JsonObject(doc);
    JsonObject shared = contract.getJsonObject("components").getJsonObject("parameters");
    List<Op> ops = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "put", "post", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        List<String> inPath = new ArrayList<>();
        List<String> inQuery = new ArrayList<>();
        List<Object> params = new ArrayList<>(item.getJsonArray("parameters", new JsonArray()).getList());
        params.addAll(op.getJsonArray("parameters", new JsonArray()).getList());
        for (Object p : params) {
          JsonObject param = p instanceof Map<?, ?> m ? new JsonObject((Map<String, Object>) m) : (JsonObject) p;
          if (param.containsKey("$ref")) {
            String ref = param.getString("$ref");
            param = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
          }
          if ("path".equals(param.getString("in"))) {
            inPath.add(param.getString("name"));
          } else if ("query".equals(param.getString("in"))) {
            inQuery.add(param.getString("name"));
          }
        }
        ops.add(new Op(op.getString("operationId"), method.toUpperCase(), path, inPath, inQuery,
            op.containsKey("requestBody")));
      }
    }
    return ops;
  }

  // ------------------------------------------------------------------ generation

  private static final String[] KINDS = {"broken-json", "wrong-types", "wrong-types", "deep", "huge-string",
      "encoding", "path", "path", "query", "query", "method", "headers", "request-line", "huge-body"};
  private static final int[] WEIGHTS = {14, 16, 10, 8, 2, 10, 10, 6, 10, 6, 5, 4, 2, 1};

  private static final String[] TRAVERSAL = {"..", "../..", "../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd",
      "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..\\..\\..\\etc\\passwd",
      "..%5c..%5c..%5cetc%5cpasswd", "%00", "pack.yaml%00.png", "/etc/passwd", "%2Fetc%2Fpasswd",
      "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "%ff%fe", "\u00ff\u00fe\u00c0\u00af", "\u00c3\u00a9t\u00c3\u00a9",
      "%E2%80%AE%F0%9F%98%80", "%", "%zz", "%2", "%25", ";a=b", "~", "*", "$(id)", "`id`", "{{7*7}}", "${7*7}",
      "%3Cscript%3E", "'%20OR%201=1%20--", "null", "-1", "000000000000000000000000", "ffffffffffffffffffffffff",
      "%0d%0aX-Injected:%201", "actions/../../../../../../etc/passwd", "actions/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "icon.png/..%2F..%2F..%2F..%2Fetc%2Fshadow", ".%2e/.%2e/.%2e/etc/hosts", "%2e", "./pack.yaml",
      "actions//..//..//..//etc/passwd", "..%252F..%252Fetc%252Fpasswd", "%5c..%5c..%5cetc%5cpasswd", "\\etc\\passwd",
      "C:%5cWindows%5cwin.ini", "file:%2F%2F%2Fetc%2Fpasswd"};
  private static final String[] QUERY_VALUES = {"abc", "-5", "0", "-1", "99999999999999999999", "1e3", "1.5",
      "true", "maybe", "", "%zz", "%00", "a,b,,c", ",,,", "null", "%5B%5D", "%7B%7D", "'%20or%201=1", "2020-13-45T99:99:99Z",
      "..", "..%2F..%2Fetc", "%c0%ae", "id,name,foo.bar", "__proto__", "result.a.b.c.d.e.f", "0x10", "%ff%fe",
      "\u00ff\u00fe", "%E2%80%AE", "a%20b", "+", "%2B", "9223372036854775808", "-2147483649", "2147483648",
      "1..2", "2020-01-01T00:00:00Z..", "..2020-01-01", "%", "=", "&", "stdout", "all", "y", "N"};
  private static final String[] FIELDS = {"name", "pack", "action", "parameters", "trigger", "criteria", "enabled",
      "value", "ttl", "secret", "scope", "payload", "runner_type", "entry_point", "description", "tags", "type",
      "ref", "packs", "status", "user", "context", "notify", "delay", "id", "uid", "fail_on_failure", "types",
      "payload_schema", "parameters_schema", "url", "query", "force", "expire_timestamp", "encrypted", "key"};
  private static final String[] BROKEN = {"{", "}", "[", "]", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{\"a\":1,}",
      "[1,2,,]", "nul", "tru", "\"unterminated", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\ud800\"}", "1e99999", "-",
      "0x10", "NaN", "Infinity", "-Infinity", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "\u0000", "{\"a\":01}",
      "{\"a\":1}}}}}", "[[[", "{\"\":\"\"}", "\"just a string\"", "42", "true", "null", "[]", "[1,\"a\",null]",
      "{\"a\":\"\\x41\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", "{a:1}", "{\"a\":1 /* c */}",
      "{\"a\":1e}", "{\"a\":.5}", "{\"a\":+1}", "{\"__proto__\":{\"polluted\":true}}", "   ", "\r\n",
      "{\"action\":\"core.noop\",\"parameters\":[]}", "{\"action\":[\"core.noop\"]}", "{\"name\":{\"$gt\":\"\"}}"};

  private Case generate(int n, List<Op> ops) {
    Random random = new Random(SEED * 31 + n);
    Op op = ops.get(random.nextInt(ops.size()));
    String kind = pickKind(random);
    RawHttp.Request request = new RawHttp.Request();
    request.method = op.method();
    int expected = 0;
    boolean mayClose = false;
    boolean plausiblePath = !kind.equals("path");
    request.target = target(op, random, plausiblePath, n);
    switch (kind) {
      case "broken-json" -> json(request, random.nextInt(4) == 0 ? truncated(skeleton(op, random, n), random)
          : BROKEN[random.nextInt(BROKEN.length)]);
      case "wrong-types" -> json(request, mutate(skeleton(op, random, n), random).encode());
      case "deep" -> json(request, deep(op, random, n));
      case "huge-string" -> {
        JsonObject body = skeleton(op, random, n);
        int size = new int[] {100_000, 1_000_000, 3_000_000}[random.nextInt(3)];
        body.put(random.nextBoolean() ? "name" : FIELDS[random.nextInt(FIELDS.length)], "A".repeat(size));
        if (random.nextBoolean()) {
          body.put("K".repeat(size / 10), 1);
        }
        json(request, body.encode());
      }
      case "huge-body" -> {
        request.header("Content-Type", "application/json");
        request.body = ("{\"name\":\"" + "B".repeat(10 * 1024 * 1024 + 16) + "\"}").getBytes(StandardCharsets.UTF_8);
        mayClose = true; // the server may answer 413 and close before reading the rest
        if (!request.method.equals("GET")) {
          expected = 413;
        }
      }
      case "encoding" -> encoding(request, op, random, n);
      case "path" -> json(request, skeleton(op, random, n).encode());
      case "query" -> request.target = target(op, random, true, n) + badQuery(op, random);
      case "method" -> {
        String[] methods = {"PATCH", "HEAD", "TRACE", "OPTIONS", "FOO", "get", "PROPFIND", "CONNECT", "M-SEARCH",
            "GET", "PUT", "POST", "DELETE"};
        request.method = methods[random.nextInt(methods.length)];
        if (request.method.equals("CONNECT")) {
          request.target = "127.0.0.1:1";
          mayClose = true;
        }
        if (random.nextBoolean()) {
          json(request, skeleton(op, random, n).encode());
        }
      }
      case "headers" -> {
        expected = headers(request, random);
        mayClose = expected == 0;
      }
      case "request-line" -> {
        if (random.nextBoolean()) {
          request.target = target(op, random, true, n) + "?q=" + "x".repeat(17_000 + random.nextInt(20_000));
          expected = 414;
        } else {
          request.raw = garbage(random).getBytes(StandardCharsets.ISO_8859_1);
          request.halfClose = true; // an unfinished request would otherwise wait for the rest
          mayClose = true;
        }
      }
      default -> throw new IllegalStateException(kind);
    }
    if (request.raw == null && random.nextInt(20) == 0) {
      request.header("St2-Context", random.nextBoolean() ? "{not json" : "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    }
    if (addCredentials(request, op, n, random)) {
      expected = 0; // refused at the door (401, 429) or earlier (400, 413, 414, 431): any 4xx
    }
    return new Case(n, kind, op, request, expected, mayClose);
  }

  private static String pickKind(Random random) {
    int total = 0;
    for (int w : WEIGHTS) {
      total += w;
    }
    int at = random.nextInt(total);
    for (int i = 0; i < KINDS.length; i++) {
      at -= WEIGHTS[i];
      if (at < 0) {
        return KINDS[i];
      }
    }
    return KINDS[0];
  }

  /** The op's path with its parameters filled: plausible values, or hostile ones. */
  private static String target(Op op, Random random, boolean plausible, int n) {
    String path = op.path();
    if (random.nextInt(6) == 0) {
      path = path.replaceFirst("^/api/v1", "/v1");
    }
    for (String param : op.pathParams()) {
      String value = plausible ? plausible(op, param, random, n) : hostile(random);
      path = path.replace("{" + param + "}", value);
    }
    if (random.nextInt(10) == 0) {
      path = path + "/";
    }
    return path;
  }

  private static String plausible(Op op, String param, Random random, int n) {
    boolean reads = op.method().equals("GET");
    String[] segments = op.path().split("/");
    String owned = segments.length > 3 ? OWNED.get(segments[3]) : null;
    if (owned != null && !param.equals("attr_name") && random.nextInt(3) == 0) {
      return owned;
    }
    return switch (param) {
      case "url" -> random.nextBoolean() ? HOOK : "st2";
      case "file_path" -> new String[] {"pack.yaml", "actions/local.yaml", "icon.png", "nothing/here.txt",
          "actions"}[random.nextInt(5)];
      case "ref_or_id", "name_or_id", "pack_ref" -> reads && random.nextBoolean()
          ? new String[] {"core", "core.local", "core.noop", "core.st2.webhook"}[random.nextInt(4)]
          : "fuzz_" + n;
      case "id" -> reads && random.nextBoolean() ? "last" : String.format("%024x", random.nextLong() & Long.MAX_VALUE);
      case "name" -> "fuzz_key_" + n;
      default -> "fuzz_" + n;
    };
  }

  private static String hostile(Random random) {
    String v = TRAVERSAL[random.nextInt(TRAVERSAL.length)];
    return switch (random.nextInt(8)) {
      case 0 -> "a".repeat(2000 + random.nextInt(6000));
      case 1 -> "core/" + v;
      default -> v;
    };
  }

  private static String badQuery(Op op, Random random) {
    StringBuilder q = new StringBuilder("?");
    int count = 1 + random.nextInt(4);
    List<String> names = new ArrayList<>(op.queryParams());
    names.addAll(List.of("limit", "offset", "include_attributes", "exclude_attributes", "sort", "x-auth-token"));
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        q.append(random.nextInt(10) == 0 ? "&&" : "&");
      }
      String name = names.get(random.nextInt(names.size()));
      String value = random.nextInt(15) == 0 ? "v".repeat(4000) : QUERY_VALUES[random.nextInt(QUERY_VALUES.length)];
      q.append(random.nextInt(12) == 0 ? "%zz" : name).append(random.nextInt(15) == 0 ? "" : "=").append(value);
    }
    return q.toString();
  }

  /** A body that is plausible for the op, for mutations to start from. */
  private static JsonObject skeleton(Op op, Random random, int n) {
    String name = "fuzz_" + n;
    return switch (op.id()) {
      case "executionCreate" -> new JsonObject().put("action", "core.noop").put("parameters", new JsonObject());
      case "ruleCreate", "ruleUpdate" -> new JsonObject().put("name", name).put("pack", "default")
          .put("trigger", new JsonObject().put("type", "core.st2.webhook").put("parameters", new JsonObject()
              .put("url", "fuzz_rule_" + n)))
          .put("criteria", new JsonObject().put("trigger.body.x", new JsonObject().put("type", "equals").put("pattern", 1)))
          .put("action", new JsonObject().put("ref", "core.noop").put("parameters", new JsonObject()));
      case "actionCreate", "actionUpdate" -> new JsonObject().put("name", name).put("pack", "default")
          .put("runner_type", "noop").put("parameters", new JsonObject().put("p", new JsonObject().put("type", "string")));
      case "keyPut" -> new JsonObject().put("name", "fuzz_key_" + n).put("value", "v");
      case "triggerTypeCreate", "triggerTypeUpdate" -> new JsonObject().put("name", name).put("pack", "default")
          .put("payload_schema", new JsonObject().put("type", "object"));
      case "triggerCreate", "triggerUpdate" -> new JsonObject().put("type", "core.st2.webhook")
          .put("parameters", new JsonObject().put("url", "fuzz_trigger_" + n));
      case "webhookPost" -> random.nextBoolean() ? new JsonObject().put("event", "x").put("n", n)
          : new JsonObject().put("trigger", "core.st2.webhook").put("payload", new JsonObject());
      case "packsRegister" -> new JsonObject().put("packs", new JsonArray().add(random.nextBoolean() ? "core"
          : "../../etc")).put("types", new JsonArray().add("actions"));
      case "executionReRun" -> new JsonObject().put("parameters", new JsonObject()).put("tasks", new JsonArray());
      case "tokenCreate" -> new JsonObject().put("ttl", 60);
      default -> new JsonObject().put("name", name);
    };
  }

  /** Replaces or adds one to three fields (at the top or one level down) with values of random types. */
  private static JsonObject mutate(JsonObject body, Random random) {
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      JsonObject target = body;
      List<String> nested = body.fieldNames().stream().filter(f -> body.getValue(f) instanceof JsonObject).toList();
      if (!nested.isEmpty() && random.nextBoolean()) {
        target = body.getJsonObject(nested.get(random.nextInt(nested.size())));
      }
      List<String> names = new ArrayList<>(target.fieldNames());
      String field = names.isEmpty() || random.nextInt(3) == 0 ? FIELDS[random.nextInt(FIELDS.length)]
          : names.get(random.nextInt(names.size()));
      target.put(field, randomValue(random, 0));
    }
    return body;
  }

  private static Object randomValue(Random random, int level) {
    return switch (random.nextInt(level > 2 ? 11 : 14)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * 1e300;
      case 5 -> new java.math.BigInteger(200, random);
      case 6 -> -1;
      case 7 -> "";
      case 8 -> QUERY_VALUES[random.nextInt(QUERY_VALUES.length)];
      case 9 -> new String[] {"{{ trigger.x }}", "{{", "{% for %}", "{{ 1/0 }}", "{{ x | nofilter }}",
          "{{ " + "(".repeat(600) + "1" + ")".repeat(600) + " }}", "{% if 1 %}".repeat(300) + "x",
          "{{ 'a' * 100000000 }}", "{{ range(100000000) | list }}", "{{ '((a|b)*)*c' }}",
          "{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' | regex_match('(a|a)*b') }}",
          "{{ st2kv.system.nothing }}", "{{ '[' * 5000 | from_json_string }}", "\u0000\u202e\ud83d\ude00",
          "{{ ('[' * 100) ~ (']' * 100) | from_json_string }}"}[random.nextInt(15)];
      case 10 -> "x".repeat(random.nextInt(10_000));
      case 11 -> {
        JsonArray a = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomValue(random, level + 1));
        }
        yield a;
      }
      default -> {
        JsonObject o = new JsonObject();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.put(FIELDS[random.nextInt(FIELDS.length)], randomValue(random, level + 1));
        }
        yield o;
      }
    };
  }

  private static String truncated(JsonObject body, Random random) {
    String text = body.encode();
    return text.substring(0, random.nextInt(Math.max(1, text.length())));
  }

  /** Nested arrays or objects, mostly past the limit, sometimes just inside it. */
  private static String deep(Op op, Random random, int n) {
    int depth = new int[] {50, 65, 200, 1000, 10_000, 200_000}[random.nextInt(6)];
    String open;
    String close;
    switch (random.nextInt(3)) {
      case 0 -> {
        open = "[";
        close = "]";
      }
      case 1 -> {
        open = "{\"a\":";
        close = "}";
      }
      default -> {
        open = "[{\"b\":";
        close = "}]";
      }
    }
    String nested = open.repeat(depth) + "\"{{ 1 }}\"" + close.repeat(depth);
    if (random.nextInt(4) == 0) {
      return nested;
    }
    JsonObject body = skeleton(op, random, n);
    String field = body.containsKey("parameters") ? "parameters" : body.containsKey("payload") ? "payload"
        : FIELDS[random.nextInt(FIELDS.length)];
    String text = body.put(field, "__DEEP__").encode();
    return text.replace("\"__DEEP__\"", random.nextBoolean() ? nested : "{\"p\":" + nested + "}");
  }

  private static void encoding(RawHttp.Request request, Op op, Random random, int n) {
    String valid = skeleton(op, random, n).put("name", "caf\u00e9 \ud83d\ude00").encode();
    switch (random.nextInt(9)) {
      case 0 -> {
        request.header("Content-Type", "application/json");
        String[] bad = {"\u00ff\u00fe", "\u00c0\u00af", "\u00ed\u00a0\u0080", "\u00e2\u0082", "\u00f8\u0088\u0080\u0080\u0080"};
        request.body = ("{\"name\":\"x" + bad[random.nextInt(bad.length)] + "\"}").getBytes(StandardCharsets.ISO_8859_1);
      }
      case 1 -> {
        request.header("Content-Type", "application/json; charset=utf-16");
        request.body = valid.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
      }
      case 2 -> {
        request.header("Content-Type", "application/json");
        byte[] text = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        request.body = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, request.body, 0, bom.length);
        System.arraycopy(text, 0, request.body, bom.length, text.length);
      }
      case 3 -> {
        request.header("Content-Type", "application/x-www-form-urlencoded");
        request.body = new String[] {"a=%zz&b=%&=&&", "a=1&a=2&" + "k".repeat(1000) + "=v", "%%%%", "=",
            "x=" + "%41".repeat(20000)}[random.nextInt(5)].getBytes(StandardCharsets.ISO_8859_1);
      }
      case 4 -> {
        request.header("Content-Type", random.nextBoolean() ? "multipart/form-data" : "multipart/form-data; boundary=zz");
        request.body = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--zz"
            .getBytes(StandardCharsets.ISO_8859_1);
      }
      case 5 -> {
        String[] types = {"text/plain", "application/xml", "application/json; charset=latin1",
            "application/json; charset=nonsense", "application/json, text/plain", ";;;", "", "\u00ff/\u00fe",
            "application/vnd.api+json", "text/json", "application/octet-stream", "*/*", "application/JSON"};
        request.header("Content-Type", types[random.nextInt(types.length)]);
        request.body = valid.getBytes(StandardCharsets.UTF_8);
      }
      case 6 -> {
        request.header("Content-Type", "application/json");
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        request.body = bytes;
      }
      case 7 -> {
        request.header("Content-Type", "application/json");
        request.header("Content-Encoding", random.nextBoolean() ? "gzip" : "br");
        request.body = valid.getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        request.header("Content-Type", "application/json");
        request.body = ("{\"name\":\"\\u0000\\ud800\\udfff\\uffff" + "\u00e9".repeat(100) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  /** Header trouble; returns the status that must come back, or 0 when only "no 5xx" is required. */
  private static int headers(RawHttp.Request request, Random random) {
    switch (random.nextInt(9)) {
      case 0 -> {
        request.header("X-Big", "h".repeat(17_000 + random.nextInt(30_000)));
        return 431;
      }
      case 1 -> {
        for (int i = 0; i < 1200; i++) {
          request.header("X-Many-" + i, "vvvvvvvvvvvv");
        }
        return 431;
      }
      case 2 -> request.header("X-Request-ID", "r".repeat(8000));
      case 3 -> request.header("Bad Header", "x").header("X-Weird", "\u00ff\u00fe\u0001");
      case 4 -> {
        request.header("Content-Length", random.nextBoolean() ? "-1" : "abc");
        request.header("Content-Type", "application/json");
        request.body = "{}".getBytes(StandardCharsets.UTF_8);
      }
      case 5 -> {
        request.header("Transfer-Encoding", "chunked");
        request.header("Content-Type", "application/json");
        request.body = "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        request.halfClose = true;
      }
      case 6 -> {
        request.header("Content-Length", "100");
        request.header("Content-Type", "application/json");
        request.body = "{\"a\":".getBytes(StandardCharsets.UTF_8);
        request.halfClose = true;
      }
      case 7 -> {
        String[] junk = {"Basic !!!", "Bearer " + "t".repeat(3000), "Basic " + "YTpi".repeat(500), ""};
        request.header("Authorization", junk[random.nextInt(junk.length)]);
        request.header("X-Auth-Token", "not-a-token");
        request.header("Cookie", "auth-token=%zz; ; =;" + "c".repeat(2000));
        request.header("Origin", random.nextBoolean() ? "null" : "http://evil.example");
      }
      default -> {
        request.header("Expect", random.nextBoolean() ? "100-continue" : "200-ok");
        request.header("Content-Type", "application/json");
        request.body = "{}".getBytes(StandardCharsets.UTF_8);
      }
    }
    return 0;
  }

  private static String garbage(Random random) {
    String[] lines = {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "GET /api/v1/ HTTP/1.0\r\n\r\n", "\r\n\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET http://evil.example/api/v1/ HTTP/1.1\r\nHost: evil\r\nConnection: close\r\n\r\n",
        "GET /api/v1/\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/v1/actions/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /api/v1/actions/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"};
    if (random.nextInt(6) == 0) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return lines[random.nextInt(lines.length)];
  }

  private static void json(RawHttp.Request request, String body) {
    if (!request.hasHeader("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    request.body = body.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("[\\r\\n]+", " ");
    return one.length() <= 200 ? one : one.substring(0, 200) + "...";
  }
}
