package dev.squall.actions.runner;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The {@code local-shell-cmd} and {@code local-shell-script} runners: run a command or an action script
 * through {@code /bin/sh -c} on this host, streaming its output and killing its process tree on timeout
 * or cancel.
 *
 * <p>Runner parameters: {@code cmd} (cmd only), {@code cwd}, {@code env}, {@code kwarg_op} (default
 * {@code --}), {@code sudo}, {@code sudo_password}, {@code timeout} (seconds, default 60; 0 or less: none).
 * Result: {@code {failed, succeeded, return_code, stdout, stderr}} plus {@code error} on timeout or when the
 * command could not be started. Threads: see {@link ShellProcesses}.
 */
public final class LocalShellRunner implements Runner {

  /** Which of the two local shell runner types. */
  public enum Kind {
    COMMAND("local-shell-cmd"),
    SCRIPT("local-shell-script");

    private final String runnerName;

    Kind(String runnerName) {
      this.runnerName = runnerName;
    }

    public String runnerName() {
      return runnerName;
    }
  }

  public static final long DEFAULT_TIMEOUT_SECONDS = 60;
  public static final String DEFAULT_KWARG_OP = "--";

  private final Kind kind;
  private final ShellProcesses processes;

  /** A runner with its own {@link ShellProcesses} on {@code pool} (a pool of N threads runs N/2 at once). */
  public LocalShellRunner(Vertx vertx, ExecutorService pool, Kind kind) {
    this(new ShellProcesses(vertx, pool), kind);
  }

  /** A runner sharing {@code processes} (and so its concurrency bound) with other runners. */
  public LocalShellRunner(ShellProcesses processes, Kind kind) {
    this.processes = processes;
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.runnerName();
  }

  @Override
  public Future<RunnerResult> run(RunRequest request) {
    ShellJob job;
    try {
      job = job(request);
    } catch (IllegalArgumentException e) {
      JsonObject result = ShellResult.of(-1, "", "").put("error", e.getMessage());
      return Future.succeededFuture(new RunnerResult("failed", result));
    }
    OutputSink sink = request.output() == null ? OutputSink.NONE : request.output();
    return processes.run(request.executionId(), job, sink);
  }

  @Override
  public void cancel(String executionId) {
    processes.cancel(executionId);
  }

  private ShellJob job(RunRequest request) {
    JsonObject params = request.runnerParameters() == null ? new JsonObject() : request.runnerParameters();
    String command;
    Path script = null;
    if (kind == Kind.COMMAND) {
      command = params.getString("cmd");
      if (command == null || command.isBlank()) {
        throw new IllegalArgumentException("Runner parameter \"cmd\" is required");
      }
    } else {
      script = request.entryPoint();
      if (script == null) {
        throw new IllegalArgumentException("Action has no entry_point to run");
      }
      JsonObject schema = request.action() == null ? null : request.action().getJsonObject("parameters");
      JsonObject values = request.actionParameters() == null ? new JsonObject() : request.actionParameters();
      String kwargOp = params.getString("kwarg_op", DEFAULT_KWARG_OP);
      command = ShellArguments.scriptCommand(script.toString(), schema == null ? new JsonObject() : schema, values,
          kwargOp == null ? DEFAULT_KWARG_OP : kwargOp);
    }
    String cwd = params.getString("cwd");
    return new ShellJob(command, cwd == null || cwd.isEmpty() ? null : Path.of(cwd), environment(request, params),
        Boolean.TRUE.equals(params.getValue("sudo")), params.getString("sudo_password"),
        RunnerParameters.timeoutSeconds(params, DEFAULT_TIMEOUT_SECONDS),
        script);
  }

  private static Map<String, String> environment(RunRequest request, JsonObject params) {
    Map<String, String> env = RunnerParameters.env(params);
    if (request.env() != null) {
      env.putAll(request.env());
    }
    return env;
  }
}
