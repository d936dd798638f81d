package dev.squall.actions.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.actions.runner.RunnerResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The status and result of a Python action's exit, as StackStorm's python runner decides them. */
class PythonOutcomeTest {
  @Test
  void theActionsOwnStatusWinsWhenItExitedCleanly() {
    assertEquals("failed", PythonRunner.outcome(0, "{\"result\": 5, \"status\": false}", "", "", 600, false).status());
    assertEquals("succeeded", PythonRunner.outcome(0, "{\"result\": 5, \"status\": true}", "", "", 600, false)
        .status());
    assertEquals("failed", PythonRunner.outcome(1, "{\"result\": 5, \"status\": true}", "", "", 600, false).status());
  }

  @Test
  void withoutAStatusTheExitCodeDecides() {
    RunnerResult ok = PythonRunner.outcome(0, "{\"result\": {\"a\": 1}, \"status\": null}", "out\n", "err\n", 600,
        false);
    assertEquals("succeeded", ok.status());
    assertEquals(new JsonObject().put("stdout", "out\n").put("stderr", "err\n").put("exit_code", 0)
        .put("result", new JsonObject().put("a", 1)), ok.result());
    RunnerResult none = PythonRunner.outcome(2, null, "", "boom", 600, false);
    assertEquals("failed", none.status());
    assertEquals("None", none.result().getValue("result"));
  }

  @Test
  void aTimeoutIsATimeoutWhateverTheRestSays() {
    RunnerResult late = PythonRunner.outcome(-9, null, "", "", 3, true);
    assertEquals("timeout", late.status());
    assertEquals("Action failed to complete in 3 seconds", late.result().getString("error"));
    assertEquals(-9, late.result().getInteger("exit_code"));
  }

  @Test
  void aNonBoolStatusIsAFailureCarryingStderr() {
    RunnerResult bad = PythonRunner.outcome(220, null, "", "Status returned ... got: x\n", 600, false);
    assertEquals("failed", bad.status());
    assertEquals("Status returned ... got: x\n", bad.result().getString("error"));
  }
}
