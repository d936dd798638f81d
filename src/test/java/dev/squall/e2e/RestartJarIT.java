package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Data survives restarts; a kill -9 leaves nothing non-terminal; start-up errors are clear. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RestartJarIT {
  @TempDir
  Path data;

  @Test
  void killDuringARunLeavesNothingUnfinishedAfterRestart() throws Exception {
    List<String> ids = new ArrayList<>();
    String sleeper;
    try (SquallProcess first = SquallProcess.start(data)) {
      Http http = new Http(first.awaitReady());
      String done = http.post("/api/v1/executions", new JsonObject().put("action", "core.noop")).json().getString("id");
      http.awaitCompleted(done);
      ids.add(done);
      sleeper = http.post("/api/v1/executions", new JsonObject().put("action", "core.local")
          .put("parameters", new JsonObject().put("cmd", "sleep 60"))).json().getString("id");
      http.awaitExecution(sleeper, e -> "running".equals(e.getString("status")), Duration.ofSeconds(20));
      for (int i = 0; i < 50; i++) {
        ids.add(http.post("/api/v1/executions", new JsonObject().put("action", "core.noop").put("delay", 3000))
            .json().getString("id"));
      }
      first.kill();
    }
    try (SquallProcess second = SquallProcess.start(data)) {
      Http http = new Http(second.awaitReady());
      JsonObject abandoned = http.awaitCompleted(sleeper);
      assertEquals("abandoned", abandoned.getString("status"));
      for (String id : ids) {
        assertEquals("succeeded", http.awaitCompleted(id).getString("status"), id);
      }
      for (String status : List.of("requested", "scheduled", "delayed", "running", "canceling")) {
        assertEquals("0", http.get("/api/v1/executions?status=" + status + "&limit=1").header("X-Total-Count"), status);
      }
      assertTrue(Integer.parseInt(http.get("/api/v1/executions?limit=1").header("X-Total-Count")) >= 52);
    }
  }

  @Test
  void busyPortAndBadConfigFailClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      ProcessBuilder pb = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--port",
          String.valueOf(taken.getLocalPort()), "--data", data.toString()).redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertNotEquals(0, p.exitValue());
      assertTrue(out.contains("already in use"), out);
    }
    Path bad = Files.writeString(data.resolve("bad.yaml"), "api:\n  port: lots\n");
    Process p = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--config", bad.toString(),
        "--data", data.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue());
    assertTrue(out.contains("api.port"), out);
    Process flag = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "server", "--bogus")
        .redirectErrorStream(true).start();
    String flagOut = new String(flag.getInputStream().readAllBytes());
    assertTrue(flag.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, flag.exitValue());
    assertTrue(flagOut.contains("--bogus"), flagOut);
    Process version = new ProcessBuilder("java", "-jar", SquallProcess.jar().toString(), "--version")
        .redirectErrorStream(true).start();
    String versionOut = new String(version.getInputStream().readAllBytes());
    assertTrue(version.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, version.exitValue());
    assertTrue(versionOut.startsWith("squall "), versionOut);
  }
}
