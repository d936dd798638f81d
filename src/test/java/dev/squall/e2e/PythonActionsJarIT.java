package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.Poll;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python actions through the real jar, as a pack author writes them: the pack config (file over schema defaults,
 * changed without a restart), {@code action_service} datastore calls through the API with the execution's token,
 * {@code actions/lib} imports, the {@code (bool, result)} convention, and hostile actions (exit codes, exceptions,
 * 20 MB of output, a timeout, a leftover child, module state) that each end with StackStorm's status and leave
 * the next run of the same action unaffected.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PythonActionsJarIT {
  @TempDir
  Path dir;

  @Test
  void packActionsRunWithTheirConfigTheDatastoreAndHostileCode() throws Exception {
    Path packs = writePack(dir.resolve("packs").resolve("pyt"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(data.resolve("configs"));
    Files.writeString(data.resolve("configs/pyt.yaml"), "api_key: key-one\nlimits:\n  burst: 7\n");
    SquallProcess server = SquallProcess.start(data, Map.of("SQUALL_CONTENT__PACKS_BASE_PATHS",
        packs.getParent().toString()), List.of());
    try (server) {
      Http http = server.login();
      assertEquals(200, http.put("/api/v1/keys/shared", new JsonObject().put("name", "shared").put("value", "global"))
          .status());

      JsonObject configured = run(http, "pyt.store", new JsonObject().put("value", "v1"));
      assertEquals("succeeded", configured.getString("status"), configured.encodePrettily());
      JsonObject result = configured.getJsonObject("result").getJsonObject("result");
      assertEquals("us-east-1", result.getString("region"), "schema default");
      assertEquals("key-one", result.getString("api_key"), "value from configs/pyt.yaml");
      assertEquals(7, result.getInteger("burst"));
      assertEquals(3, result.getInteger("retries"), "nested default");
      assertEquals("v1", result.getString("read_back"));
      assertEquals("global", result.getString("shared"));
      assertEquals(new JsonArray().add("pyt.Store:stored"), result.getJsonArray("listed"));
      assertEquals("pyt.Store:stored", http.get("/api/v1/keys/pyt.Store:stored").json().getString("name"));
      assertEquals(14, result.getInteger("doubled"), "actions/lib on the path");
      assertEquals("us-east-1-z", result.getString("zone"), "config_context in a parameter default");
      assertTrue(configured.getJsonObject("result").getString("stderr").contains("storing v1"), "logger");

      // a config change takes effect on the next run, no restart
      Files.writeString(data.resolve("configs/pyt.yaml"), "api_key: key-two\n");
      JsonObject reconfigured = run(http, "pyt.store", new JsonObject().put("value", "v2"));
      assertEquals("key-two", reconfigured.getJsonObject("result").getJsonObject("result").getString("api_key"));

      configApi(http);
      JsonObject registered = http.post("/api/v1/packs/register", new JsonObject()
          .put("packs", new JsonArray().add("pyt"))).json();
      assertEquals(1, registered.getInteger("configs"), registered.encode());

      // a config that breaks its schema is reported with its file and reason; the rest of the pack still loads
      String good = Files.readString(data.resolve("configs/pyt.yaml"));
      Files.writeString(data.resolve("configs/pyt.yaml"), "retries_total: many\n");
      Http.Reply refusedConfig = http.post("/api/v1/packs/register", new JsonObject()
          .put("packs", new JsonArray().add("pyt")));
      assertEquals(400, refusedConfig.status(), refusedConfig.toString());
      String fault = refusedConfig.json().getString("faultstring");
      assertTrue(fault.contains("configs/pyt.yaml") && fault.contains("retries_total"), fault);
      JsonObject lenient = http.post("/api/v1/packs/register", new JsonObject()
          .put("packs", new JsonArray().add("pyt")).put("fail_on_failure", false)).json();
      assertEquals(0, lenient.getInteger("configs"));
      assertEquals(3, lenient.getInteger("actions"));
      Files.writeString(data.resolve("configs/pyt.yaml"), good);

      JsonObject refused = run(http, "pyt.verdict", new JsonObject().put("ok", false));
      assertEquals("failed", refused.getString("status"));
      assertEquals(new JsonObject().put("why", "refused"), refused.getJsonObject("result").getValue("result"));
      assertEquals("succeeded", run(http, "pyt.verdict", new JsonObject().put("ok", true)).getString("status"));

      hostile(http);
      corePythonActions(http);
    }
  }

  /** The core pack's Python actions: uuid, pause, and inject_trigger firing a rule. */
  private void corePythonActions(Http http) {
    JsonObject uuid = run(http, "core.uuid", new JsonObject());
    assertEquals("succeeded", uuid.getString("status"), uuid.encodePrettily());
    assertTrue(uuid.getJsonObject("result").getString("result").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.*"));
    JsonObject paused = run(http, "core.pause", new JsonObject().put("max_pause", 1));
    assertEquals(1, paused.getJsonObject("result").getInteger("result"));

    Http.Reply rule = http.post("/api/v1/rules", new JsonObject().put("name", "on_ping").put("pack", "pyt")
        .put("enabled", true).put("trigger", new JsonObject().put("type", "pyt.ping"))
        .put("action", new JsonObject().put("ref", "core.local")
            .put("parameters", new JsonObject().put("cmd", "echo pinged {{ trigger.who }}"))));
    assertEquals(201, rule.status(), rule.toString());
    JsonObject injected = run(http, "core.inject_trigger", new JsonObject().put("trigger_name", "pyt.ping")
        .put("payload", new JsonObject().put("who", "python")));
    assertEquals("succeeded", injected.getString("status"), injected.encodePrettily());
    JsonObject fired = Poll.until("the rule on pyt.ping ran", () -> http.get(
            "/api/v1/executions?action=core.local&limit=1").array(),
        found -> !found.isEmpty() && "succeeded".equals(found.getJsonObject(0).getString("status")))
        .getJsonObject(0);
    assertEquals("pinged python", fired.getJsonObject("result").getString("stdout"));
    assertEquals("pyt.on_ping", fired.getJsonObject("rule").getString("ref"));
  }

  /** What {@code st2 pack config} and st2web do: read the schema and the config, put new values. */
  private void configApi(Http http) {
    JsonObject schema = http.get("/api/v1/config_schemas/pyt").json();
    assertEquals("pyt", schema.getString("pack"));
    assertEquals(true, schema.getJsonObject("attributes").getJsonObject("api_key").getBoolean("secret"));
    assertEquals(1, http.get("/api/v1/config_schemas").array().size());

    JsonObject masked = http.get("/api/v1/configs/pyt").json();
    assertEquals("********", masked.getJsonObject("values").getString("api_key"));
    assertEquals("key-two", http.get("/api/v1/configs/pyt?show_secrets=true").json().getJsonObject("values")
        .getString("api_key"));
    assertEquals(List.of("pyt"), http.get("/api/v1/configs").array().stream()
        .map(c -> ((JsonObject) c).getString("pack")).toList());

    Http.Reply put = http.put("/api/v1/configs/pyt", new JsonObject().put("api_key", "key-three")
        .put("region", "eu-west-1").put("limits", new JsonObject().put("burst", 9)));
    assertEquals(200, put.status(), put.toString());
    assertEquals("********", put.json().getJsonObject("values").getString("api_key"));
    JsonObject seen = run(http, "pyt.store", new JsonObject().put("value", "v3")).getJsonObject("result")
        .getJsonObject("result");
    assertEquals("key-three", seen.getString("api_key"));
    assertEquals("eu-west-1", seen.getString("region"));
    assertEquals("eu-west-1-z", seen.getString("zone"));
    assertEquals(9, seen.getInteger("burst"));

    // the masked secret sent back as it was read keeps the stored one
    JsonObject roundTrip = http.get("/api/v1/configs/pyt").json().getJsonObject("values").put("region", "ap-south-1");
    assertEquals(200, http.put("/api/v1/configs/pyt", roundTrip).status());
    assertEquals("key-three", http.get("/api/v1/configs/pyt?show_secrets=true").json().getJsonObject("values")
        .getString("api_key"));

    Http.Reply bad = http.put("/api/v1/configs/pyt", new JsonObject().put("retries_total", "many"));
    assertEquals(400, bad.status(), bad.toString());
    assertTrue(bad.json().getString("faultstring").contains("retries_total"), bad.toString());
    assertEquals(404, http.put("/api/v1/configs/nosuchpack", new JsonObject()).status());
    assertEquals(404, http.get("/api/v1/config_schemas/core").status(), "core declares no config schema");
  }

  private void hostile(Http http) throws Exception {
    JsonObject exited = run(http, "pyt.hostile", new JsonObject().put("mode", "exit"));
    assertEquals("failed", exited.getString("status"));
    assertEquals(3, exited.getJsonObject("result").getInteger("exit_code"));
    assertEquals("None", exited.getJsonObject("result").getValue("result"));

    JsonObject raised = run(http, "pyt.hostile", new JsonObject().put("mode", "raise"));
    assertEquals("failed", raised.getString("status"));
    assertEquals(1, raised.getJsonObject("result").getInteger("exit_code"));
    assertTrue(raised.getJsonObject("result").getString("stderr").contains("RuntimeError: hostile raise"),
        raised.encodePrettily());

    JsonObject loud = run(http, "pyt.hostile", new JsonObject().put("mode", "loud"));
    assertEquals("succeeded", loud.getString("status"));
    String stdout = loud.getJsonObject("result").getString("stdout");
    assertTrue(stdout.length() >= 1_000_000 && stdout.startsWith("xxxx"), "kept output: " + stdout.length());

    long before = System.nanoTime();
    JsonObject slow = run(http, "pyt.hostile", new JsonObject().put("mode", "sleep"), 2);
    assertEquals("timeout", slow.getString("status"));
    assertEquals("Action failed to complete in 2 seconds", slow.getJsonObject("result").getString("error"));
    assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 20, "ended soon after its timeout");

    JsonObject forked = run(http, "pyt.hostile", new JsonObject().put("mode", "fork"));
    assertEquals("succeeded", forked.getString("status"), forked.encodePrettily());
    long child = forked.getJsonObject("result").getJsonObject("result").getLong("child");
    Poll.until("the child it left behind is gone", () -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));

    JsonObject badStatus = run(http, "pyt.hostile", new JsonObject().put("mode", "status"));
    assertEquals("failed", badStatus.getString("status"));
    assertTrue(badStatus.getJsonObject("result").getString("error").contains("must either be True or False"));

    // module state set by one run is not seen by the next; every hostile run above left the action working
    for (int i = 0; i < 2; i++) {
      JsonObject fine = run(http, "pyt.hostile", new JsonObject().put("mode", "count"));
      assertEquals("succeeded", fine.getString("status"), fine.encodePrettily());
      assertEquals(1, fine.getJsonObject("result").getJsonObject("result").getInteger("calls"));
    }
  }

  private static JsonObject run(Http http, String action, JsonObject parameters) {
    return run(http, action, parameters, -1);
  }

  private static JsonObject run(Http http, String action, JsonObject parameters, int timeout) {
    JsonObject body = new JsonObject().put("action", action).put("parameters", parameters);
    if (timeout > 0) {
      parameters.put("timeout", timeout);
    }
    Http.Reply created = http.post("/api/v1/executions", body);
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    return Poll.until(action + " finished", () -> http.get("/api/v1/executions/" + id).json(),
        doc -> List.of("succeeded", "failed", "timeout", "canceled", "abandoned").contains(doc.getString("status")));
  }

  private static Path writePack(Path pack) throws Exception {
    Files.createDirectories(pack.resolve("actions/lib"));
    Files.writeString(pack.resolve("pack.yaml"), "name: pyt\ndescription: Python actions under test\n"
        + "version: 0.1.0\nauthor: squall\n");
    Files.writeString(pack.resolve("config.schema.yaml"), String.join("\n",
        "region: {type: string, default: us-east-1}",
        "api_key: {type: string, secret: true}",
        "retries_total: {type: integer}",
        "limits:",
        "  type: object",
        "  properties:",
        "    burst: {type: integer, default: 1}",
        "    retries: {type: integer, default: 3}", ""));
    Files.writeString(pack.resolve("actions/lib/__init__.py"), "");
    Files.createDirectories(pack.resolve("triggers"));
    Files.writeString(pack.resolve("triggers/ping.yaml"), "name: ping\ndescription: a ping\n"
        + "payload_schema:\n  type: object\n  properties:\n    who: {type: string}\n");
    Files.writeString(pack.resolve("actions/lib/numbers.py"), "def double(x):\n    return 2 * x\n");
    Files.writeString(pack.resolve("actions/store.yaml"), String.join("\n",
        "name: store", "runner_type: python-script", "entry_point: store.py",
        "parameters:", "  value: {type: string, required: true}",
        "  zone: {type: string, default: '{{ config_context.region }}-z'}", ""));
    Files.writeString(pack.resolve("actions/store.py"), String.join("\n",
        "from st2common.runners.base_action import Action",
        "from lib.numbers import double",
        "",
        "class Store(Action):",
        "    def run(self, value, zone):",
        "        self.logger.info('storing %s', value)",
        "        self.action_service.set_value('stored', value)",
        "        limits = self.config['limits']",
        "        return {'region': self.config['region'], 'api_key': self.config['api_key'],",
        "                'burst': limits['burst'], 'retries': limits['retries'],",
        "                'read_back': self.action_service.get_value('stored'),",
        "                'shared': self.action_service.get_value('shared', local=False),",
        "                'listed': [kv.name for kv in self.action_service.list_values()],",
        "                'doubled': double(limits['burst']), 'zone': zone}", ""));
    Files.writeString(pack.resolve("actions/verdict.yaml"), String.join("\n",
        "name: verdict", "runner_type: python-script", "entry_point: verdict.py",
        "parameters:", "  ok: {type: boolean, required: true}", ""));
    Files.writeString(pack.resolve("actions/verdict.py"), String.join("\n",
        "from st2common.runners.base_action import Action",
        "",
        "class Verdict(Action):",
        "    def run(self, ok):",
        "        return (True, {'why': 'accepted'}) if ok else (False, {'why': 'refused'})", ""));
    Files.writeString(pack.resolve("actions/hostile.yaml"), String.join("\n",
        "name: hostile", "runner_type: python-script", "entry_point: hostile.py",
        "parameters:", "  mode: {type: string, required: true}", ""));
    Files.writeString(pack.resolve("actions/hostile.py"), String.join("\n",
        "import os, subprocess, sys, time",
        "from st2common.runners.base_action import Action",
        "",
        "CALLS = []",
        "",
        "class Hostile(Action):",
        "    def run(self, mode):",
        "        CALLS.append(mode)",
        "        if mode == 'exit':",
        "            sys.exit(3)",
        "        if mode == 'raise':",
        "            raise RuntimeError('hostile raise')",
        "        if mode == 'loud':",
        "            line = 'x' * 1023 + '\\n'",
        "            for _ in range(20 * 1024):",
        "                sys.stdout.write(line)",
        "            return 'done'",
        "        if mode == 'sleep':",
        "            time.sleep(60)",
        "        if mode == 'fork':",
        "            child = subprocess.Popen(['sleep', '300'])",
        "            return {'child': child.pid}",
        "        if mode == 'status':",
        "            return ('yes', 1)",
        "        return {'calls': len(CALLS)}", ""));
    return pack;
  }
}
