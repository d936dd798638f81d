package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code instances.actions_runner}: each runner instance brings its own action slots. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InstancesJarIT {
  @TempDir
  Path tmp;

  /** How many of two 3 s actions run at the same time on a node with one action slot per runner instance. */
  private int runningAtOnce(String instances) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("SQUALL_ACTIONRUNNER__ACTIONS_POOL_SIZE", "1"));
    env.put("SQUALL_INSTANCES__ACTIONS_RUNNER", instances);
    try (SquallProcess server = SquallProcess.start(tmp.resolve("data-" + instances), env, List.of())) {
      Http http = server.login();
      List<String> ids = List.of(sleeper(http), sleeper(http));
      int most = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        int running = 0;
        int done = 0;
        for (String id : ids) {
          String status = http.get("/api/v1/executions/" + id).json().getString("status");
          running += "running".equals(status) ? 1 : 0;
          done += "succeeded".equals(status) ? 1 : 0;
        }
        most = Math.max(most, running);
        if (done == ids.size()) {
          break;
        }
        Http.pause(100);
      }
      return most;
    }
  }

  private static String sleeper(Http http) {
    return http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
        .put("parameters", new JsonObject().put("cmd", "sleep 3"))).json().getString("id");
  }

  @Test
  void twoRunnerInstancesRunTwiceAsManyActionsAtOnce() throws Exception {
    assertEquals(1, runningAtOnce("1"), "one instance with one slot: one at a time");
    assertEquals(2, runningAtOnce("2"), "two instances with one slot each: two at once");
  }
}
