package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.Poll;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack lifecycle through the real jar, with the requests {@code st2 pack install / remove / register} send:
 * a pack from a local git repository whose dependency is found by name in a local index, its requirement
 * installed into its virtualenv from a local wheel (offline, as pip is told by its environment), its Python
 * action using it; index search; removal; and a pack whose requirement cannot be installed, reported with the
 * file and pip's reason while the server goes on.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PackLifecycleJarIT {
  @TempDir
  Path dir;

  @Test
  void installFromGitAndIndexWithAWheelThenRemove() throws Exception {
    Path wheels = Files.createDirectories(dir.resolve("wheels"));
    wheel(wheels.resolve("squalltestdep-1.0-py3-none-any.whl"));
    Path demo = gitRepo(dir.resolve("stackstorm-demo"), Map.of(
        "pack.yaml", "name: demo\ndescription: demo pack\nversion: 0.2.0\nauthor: squall\ndependencies: [demodep]\n",
        "requirements.txt", "squalltestdep\n",
        "actions/uses_dep.yaml", "name: uses_dep\nrunner_type: python-script\nentry_point: uses_dep.py\n",
        "actions/uses_dep.py", "import squalltestdep\nfrom st2common.runners.base_action import Action\n\n"
            + "class UsesDep(Action):\n    def run(self):\n        return squalltestdep.VALUE\n"));
    Path dep = gitRepo(dir.resolve("demodep-repo"), Map.of(
        "pack.yaml", "name: demodep\ndescription: a dependency\nversion: 0.1.0\nauthor: squall\n",
        "actions/hello.yaml", "name: hello\nrunner_type: local-shell-cmd\nparameters:\n  cmd: {default: echo dep}\n"));
    Path broken = gitRepo(dir.resolve("broken"), Map.of(
        "pack.yaml", "name: broken\ndescription: needs what is not there\nversion: 0.1.0\nauthor: squall\n",
        "requirements.txt", "no-such-requirement-anywhere==9.9\n"));
    Path index = dir.resolve("index.json");
    Files.writeString(index, new JsonObject().put("packs", new JsonObject().put("demodep", new JsonObject()
        .put("name", "demodep").put("description", "a dependency of demo").put("version", "0.1.0")
        .put("repo_url", dep.toUri().toString()).put("keywords", new JsonArray().add("testing")))).encode());

    Path data = Files.createDirectories(dir.resolve("data"));
    SquallProcess server = SquallProcess.start(data, Map.of("SQUALL_CONTENT__INDEX_URL", index.toString(),
        "PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString()), List.of());
    try (server) {
      Http http = server.login();

      JsonArray found = http.post("/api/v1/packs/index/search", new JsonObject().put("query", "testing")).array();
      assertEquals("demodep", found.getJsonObject(0).getString("name"));
      assertEquals("0.1.0", http.post("/api/v1/packs/index/search", new JsonObject().put("pack", "demodep")).json()
          .getString("version"));
      assertEquals(new JsonArray(), http.post("/api/v1/packs/index/search", new JsonObject().put("pack", "nope"))
          .array());
      assertEquals(1, http.get("/api/v1/packs/index/health").json().getJsonObject("indexes").getInteger("valid"));

      JsonObject installed = follow(http, http.post("/api/v1/packs/install",
          new JsonObject().put("packs", new JsonArray().add(demo.toUri().toString())).put("force", false)));
      assertEquals("succeeded", installed.getString("status"), installed.encodePrettily());
      JsonObject output = installed.getJsonObject("result").getJsonObject("output");
      assertEquals(List.of("demo", "demodep"), output.getJsonArray("packs_list").getList());
      assertEquals("0.2.0", http.get("/api/v1/packs/demo").json().getString("version"));
      assertEquals(200, http.get("/api/v1/actions/demodep.hello").status(), "the dependency, found by name");

      JsonObject ran = run(http, "demo.uses_dep");
      assertEquals("succeeded", ran.getString("status"), ran.encodePrettily());
      assertEquals(42, ran.getJsonObject("result").getInteger("result"), "the wheel, in the pack's virtualenv");
      assertTrue(Files.isExecutable(data.resolve("virtualenvs/demo/bin/python")));

      JsonObject removed = follow(http, http.post("/api/v1/packs/uninstall",
          new JsonObject().put("packs", new JsonArray().add("demo"))));
      assertEquals("succeeded", removed.getString("status"), removed.encodePrettily());
      assertEquals(404, http.get("/api/v1/packs/demo").status());
      assertEquals(404, http.get("/api/v1/actions/demo.uses_dep").status());
      assertFalse(Files.exists(data.resolve("packs/demo")));
      assertFalse(Files.exists(data.resolve("virtualenvs/demo")));
      assertEquals(200, http.get("/api/v1/actions/demodep.hello").status(), "other packs stay");

      JsonObject failed = follow(http, http.post("/api/v1/packs/install",
          new JsonObject().put("packs", new JsonArray().add(broken.toString()))));
      assertEquals("failed", failed.getString("status"));
      String error = failed.getJsonObject("result").getString("error");
      assertTrue(error.contains("broken/requirements.txt") && error.contains("no-such-requirement-anywhere"), error);
      assertEquals(400, http.post("/api/v1/packs/uninstall", new JsonObject().put("packs", new JsonArray()))
          .status());
      JsonObject system = follow(http, http.post("/api/v1/packs/uninstall",
          new JsonObject().put("packs", new JsonArray().add("core"))));
      assertEquals("failed", system.getString("status"));
      assertEquals(200, http.get("/api/v1/actions/core.local").status());
      assertEquals("succeeded", run(http, "demodep.hello").getString("status"), "the server goes on");

      ruleBeforeItsTriggerType(http);
    }
  }

  /** A rule registered before the pack with its trigger type is stored, and fires once that pack comes. */
  private void ruleBeforeItsTriggerType(Http http) throws Exception {
    Path watcher = gitRepo(dir.resolve("watcher"), Map.of(
        "pack.yaml", "name: watcher\ndescription: rules on another pack's trigger\nversion: 0.1.0\nauthor: squall\n",
        "rules/on_ping.yaml", "name: on_ping\nenabled: true\ntrigger: {type: emitter.ping}\n"
            + "action: {ref: core.local, parameters: {cmd: 'echo got {{ trigger.n }}'}}\n"));
    Path emitter = gitRepo(dir.resolve("emitter"), Map.of(
        "pack.yaml", "name: emitter\ndescription: declares a trigger type\nversion: 0.1.0\nauthor: squall\n",
        "triggers/ping.yaml", "name: ping\npayload_schema: {type: object}\n"));
    assertEquals("succeeded", follow(http, http.post("/api/v1/packs/install",
        new JsonObject().put("packs", new JsonArray().add(watcher.toString())))).getString("status"));
    assertEquals("emitter.ping", http.get("/api/v1/rules/watcher.on_ping").json().getJsonObject("trigger")
        .getString("type"), "stored although its trigger type is not there yet");
    assertEquals("succeeded", follow(http, http.post("/api/v1/packs/install",
        new JsonObject().put("packs", new JsonArray().add(emitter.toString())))).getString("status"));
    Poll.until("the st2 webhook takes emitter.ping", () -> http.post("/api/v1/webhooks/st2",
        new JsonObject().put("trigger", "emitter.ping").put("payload", new JsonObject().put("n", 5))).status(),
        status -> status == 202);
    JsonObject fired = Poll.until("the waiting rule fired", () -> http.get(
            "/api/v1/executions?action=core.local&limit=1").array(),
        found -> !found.isEmpty() && "succeeded".equals(found.getJsonObject(0).getString("status"))).getJsonObject(0);
    assertEquals("got 5", fired.getJsonObject("result").getString("stdout"));

    assertEquals("succeeded", follow(http, http.post("/api/v1/packs/uninstall",
        new JsonObject().put("packs", new JsonArray().add("emitter")))).getString("status"));
    assertEquals(404, http.get("/api/v1/triggertypes/emitter.ping").status(), "its trigger type goes with it");
  }

  private static JsonObject follow(Http http, Http.Reply started) {
    assertEquals(202, started.status(), started.toString());
    String id = started.json().getString("execution_id");
    return Poll.until("execution " + id + " finished", () -> http.get("/api/v1/executions/" + id).json(),
        doc -> List.of("succeeded", "failed", "timeout", "canceled", "abandoned").contains(doc.getString("status")));
  }

  private static JsonObject run(Http http, String action) {
    Http.Reply created = http.post("/api/v1/executions", new JsonObject().put("action", action));
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    return Poll.until(action + " finished", () -> http.get("/api/v1/executions/" + id).json(),
        doc -> List.of("succeeded", "failed", "timeout").contains(doc.getString("status")));
  }

  private static Path gitRepo(Path repo, Map<String, String> files) throws Exception {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = repo.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    git(repo, "init", "--quiet");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=squall", "-c", "user.email=squall@example.com", "commit", "--quiet", "-m", "pack");
    return repo;
  }

  private static void git(Path repo, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
  }

  /** A pure-Python wheel written by hand: one module and the metadata pip needs. */
  private static void wheel(Path file) throws IOException {
    String info = "squalltestdep-1.0.dist-info/";
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    entries.put("squalltestdep/__init__.py", "VALUE = 42\n");
    entries.put(info + "METADATA", "Metadata-Version: 2.1\nName: squalltestdep\nVersion: 1.0\n");
    entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: squall-test\nRoot-Is-Purelib: true\n"
        + "Tag: py3-none-any\n");
    entries.put(info + "RECORD", "squalltestdep/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n"
        + info + "RECORD,,\n");
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }
}
