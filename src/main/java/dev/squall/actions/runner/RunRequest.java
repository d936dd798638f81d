package dev.squall.actions.runner;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a runner needs to run one execution, with parameters already validated, defaulted, rendered and
 * cast to their declared types, and split into the runner's and the action's own.
 *
 * @param executionId the execution's id
 * @param action the action document (ref, pack, entry_point, parameters schema with positions, ...)
 * @param runnerParameters values of parameters declared by the runner type (cmd, timeout, env, cwd, ...)
 * @param actionParameters values of the action's own parameters (passed to scripts)
 * @param entryPoint absolute path of the action's entry point, or null when it has none
 * @param env extra environment (ST2_ACTION_* variables), added to the runner's {@code env} parameter
 * @param output where output lines go, as they are produced
 */
public record RunRequest(
    String executionId,
    JsonObject action,
    JsonObject runnerParameters,
    JsonObject actionParameters,
    Path entryPoint,
    Map<String, String> env,
    OutputSink output) {

  /** The same request with one more environment variable. */
  public RunRequest withEnv(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(env);
    more.put(name, value);
    return new RunRequest(executionId, action, runnerParameters, actionParameters, entryPoint, Map.copyOf(more), output);
  }

  /** Names only: parameter values and the environment may hold secrets. */
  @Override
  public String toString() {
    return "RunRequest[" + executionId + ", runner parameters " + (runnerParameters == null ? "[]"
        : runnerParameters.fieldNames()) + ", action parameters " + (actionParameters == null ? "[]"
        : actionParameters.fieldNames()) + "]";
  }
}
