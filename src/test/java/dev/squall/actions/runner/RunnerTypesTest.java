package dev.squall.actions.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RunnerTypesTest {

  @Test
  void documentsDescribeTheImplementedRunners() {
    List<JsonObject> types = RunnerTypes.load();
    assertEquals(List.of("noop", "local-shell-cmd", "local-shell-script", "python-script",
        "http-request", "squall-packs"),
        types.stream().map(t -> t.getString("name")).toList());
    JsonObject cmd = types.get(1);
    assertEquals(true, cmd.getBoolean("enabled"));
    assertEquals("stdout", cmd.getString("output_key"));
    JsonObject params = cmd.getJsonObject("runner_parameters");
    assertEquals(60, params.getJsonObject("timeout").getInteger("default"));
    assertEquals("--", params.getJsonObject("kwarg_op").getString("default"));
    assertEquals(true, params.getJsonObject("sudo_password").getBoolean("secret"));
    assertTrue(types.get(2).getJsonObject("runner_parameters").containsKey("debug"));
    JsonObject python = types.get(3);
    assertEquals("result", python.getString("output_key"));
    assertEquals(600, python.getJsonObject("runner_parameters").getJsonObject("timeout").getInteger("default"));
    assertEquals("DEBUG", python.getJsonObject("runner_parameters").getJsonObject("log_level").getString("default"));
    for (JsonObject type : types) {
      assertTrue(type.fieldNames().containsAll(Set.of("name", "description", "enabled", "runner_package",
          "runner_module", "runner_parameters")), type.getString("name"));
    }
  }

  @Test
  void createsARunnerPerImplementedType(Vertx vertx) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Map<String, Runner> runners = RunnerTypes.create(vertx, pool);
      assertEquals(Set.of("noop", "local-shell-cmd", "local-shell-script"), runners.keySet());
      runners.forEach((name, runner) -> assertEquals(name, runner.name()));
      RunnerResult noop = runners.get("noop").run(null).await();
      assertEquals("succeeded", noop.status());
      assertEquals(new JsonObject().put("failed", false).put("succeeded", true).put("return_code", 0), noop.result());
    } finally {
      pool.shutdownNow();
    }
  }
}
