package dev.squall.actions.runner;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** Shapes the result document of the local shell runners. */
final class ShellResult {

  /** The return code reported when Squall killed the process (timeout, cancel). */
  static final int KILLED = -9;

  private ShellResult() {
  }

  /** {@code {failed, succeeded, return_code, stdout, stderr}} for an exit code. */
  static JsonObject of(int returnCode, String stdout, String stderr) {
    return new JsonObject()
        .put("failed", returnCode != 0)
        .put("succeeded", returnCode == 0)
        .put("return_code", returnCode)
        .put("stdout", outputValue(stdout))
        .put("stderr", outputValue(stderr));
  }

  /** Status from an exit code that was not caused by Squall: 0 succeeded, SIGTERM abandoned, else failed. */
  static String statusOf(int returnCode) {
    if (returnCode == 0) {
      return "succeeded";
    }
    // Java reports death by signal N as 128 + N.
    if (returnCode == -15 || returnCode == 128 + 15) {
      return "abandoned";
    }
    return "failed";
  }

  /** One trailing newline (then carriage return) stripped; valid JSON text replaced by its value. */
  static Object outputValue(String text) {
    String trimmed = text;
    if (trimmed.endsWith("\n")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.endsWith("\r")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isBlank() || !dev.squall.util.JsonDepth.within(trimmed, dev.squall.util.JsonDepth.MAX_VALUE_DEPTH)) {
      return trimmed; // too deep to walk safely later: kept as the text it is
    }
    try {
      return Json.decodeValue(trimmed);
    } catch (DecodeException e) {
      return trimmed;
    }
  }
}
