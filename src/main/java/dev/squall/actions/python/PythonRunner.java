package dev.squall.actions.python;

import dev.squall.actions.runner.OutputSink;
import dev.squall.actions.runner.RunRequest;
import dev.squall.actions.runner.RunnerParameters;
import dev.squall.actions.runner.Runner;
import dev.squall.actions.runner.RunnerResult;
import dev.squall.packs.PackConfigs;
import dev.squall.packs.PackInstaller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code python-script} runner: runs a pack's Python action class in a process of its own. Each pack gets a
 * warm {@link PythonWorker} (its virtualenv's Python, or the system one) that forks one child per execution; with
 * {@link Settings#forkServer()} off, each execution gets a fresh interpreter instead.
 *
 * <p>Runner parameters: {@code env}, {@code timeout} (seconds, default 600), {@code log_level}, {@code debug}.
 * Result: {@code {result, stdout, stderr, exit_code}} plus {@code error} on timeout; status from the action's
 * {@code (bool, result)} return value or its exit code, as StackStorm's python runner decides it.
 */
public final class PythonRunner implements Runner {
  public static final String NAME = "python-script";
  public static final long DEFAULT_TIMEOUT_SECONDS = 600;
  /** Characters of stdout and of stderr kept in the result (each); everything is still streamed. */
  public static final int MAX_KEPT_OUTPUT_CHARS = 4 * 1024 * 1024;
  /** StackStorm's exit code for a {@code run} that returned a non-bool status. */
  static final int INVALID_STATUS_EXIT_CODE = 220;

  /**
   * Where and how Python actions run.
   *
   * @param python the system Python
   * @param shimParent where Squall's Python package is unpacked
   * @param virtualenvs the directory of the packs' virtualenvs ({@code <dir>/<pack>})
   * @param forkServer a warm process per pack (else an interpreter per execution)
   * @param commonLibs the pack's {@code lib/} on the path ({@code packs.enable_common_libs})
   */
  public record Settings(String python, Path shimParent, Path virtualenvs, boolean forkServer, boolean commonLibs) {
  }

  private final Vertx vertx;
  private final Settings settings;
  private final PackConfigs configs;
  private final Function<String, JsonObject> packs;
  private final Map<String, Future<PythonWorker>> workers = new ConcurrentHashMap<>();
  private final Map<String, Run> running = new ConcurrentHashMap<>();
  private volatile Path shim;

  public PythonRunner(Vertx vertx, Settings settings, PackConfigs configs, Function<String, JsonObject> packs) {
    this.vertx = vertx;
    this.settings = settings;
    this.configs = configs;
    this.packs = packs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<RunnerResult> run(RunRequest request) {
    Context context = vertx.getOrCreateContext();
    String pack = request.action() == null ? null : request.action().getString("pack");
    if (request.entryPoint() == null || pack == null) {
      return Future.succeededFuture(failed("Action has no entry_point to run"));
    }
    JsonObject params = request.runnerParameters() == null ? new JsonObject() : request.runnerParameters();
    long timeout;
    try {
      timeout = RunnerParameters.timeoutSeconds(params, DEFAULT_TIMEOUT_SECONDS);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(failed(e.getMessage()));
    }
    Run run = new Run(request.executionId(), request.output() == null ? OutputSink.NONE : request.output(), timeout);
    running.put(run.id, run);
    // unordered: executions do not wait for each other's file reads
    vertx.<JsonObject>executeBlocking(() -> submission(request, pack, params), false)
        .compose(submission -> worker(pack).map(worker -> {
          run.start(worker, submission, context);
          return worker;
        }))
        .onFailure(e -> run.finish(failed(String.valueOf(e.getMessage())), context));
    return run.promise.future().andThen(done -> running.remove(run.id));
  }

  @Override
  public void cancel(String executionId) {
    Run run = running.get(executionId);
    if (run != null) {
      run.stop("canceled");
    }
  }

  /** Stops every worker (their running executions end as lost). */
  public void close() {
    // directly, not through future handlers: at shutdown their event loops may be gone already
    workers.values().stream().filter(Future::succeeded).forEach(w -> w.result().close());
    workers.clear();
  }

  /** The request sent to the worker: file, parameters, pack config and environment (blocking: reads files). */
  private JsonObject submission(RunRequest request, String pack, JsonObject params) {
    Path file = request.entryPoint();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("The entry point " + file + " of action " + request.action().getString("ref")
          + " does not exist.");
    }
    String logLevel = params.getString("log_level", "DEBUG");
    return new JsonObject()
        .put("id", request.executionId())
        .put("file", file.toString())
        .put("pack", pack)
        .put("log_level", logLevel)
        .put("parameters", request.actionParameters() == null ? new JsonObject() : request.actionParameters())
        .put("config", configs.load(pack))
        .put("env", new JsonObject(new HashMap<>(environment(request, pack, params))))
        .put("preload", settings.forkServer());
  }

  /**
   * What the execution's environment adds to its worker's (which is this process's, plus {@code PYTHONPATH}): the
   * runner's {@code env} parameter (but {@code PYTHONPATH}), the {@code ST2_*} variables and the virtualenv's
   * {@code PATH}. Only this overlay travels with each execution.
   */
  private Map<String, String> environment(RunRequest request, String pack, JsonObject params) {
    Map<String, String> env = new LinkedHashMap<>();
    RunnerParameters.env(params).forEach((name, value) -> {
      if (!"PYTHONPATH".equalsIgnoreCase(name)) {
        env.put(name, value);
      }
    });
    env.putAll(request.env());
    String token = request.env().get("ST2_ACTION_AUTH_TOKEN");
    if (token != null) {
      env.put("ST2_AUTH_TOKEN", token);
    }
    String api = request.env().get("ST2_ACTION_API_URL");
    if (api != null) {
      env.put("ST2_API_URL", api);
    }
    env.put("ST2_ACTION_DEBUG", Boolean.TRUE.equals(params.getValue("debug")) ? "True" : "False");
    Path venv = virtualenv(pack);
    if (venv != null) {
      env.put("PATH", venv.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("VIRTUAL_ENV", venv.toString());
    }
    return env;
  }

  private Future<PythonWorker> worker(String pack) {
    if (!settings.forkServer()) {
      return startWorker(pack, true);
    }
    Future<PythonWorker> known = workers.get(pack);
    if (known != null && (!known.isComplete() || (known.succeeded() && known.result().alive()))) {
      return known;
    }
    Future<PythonWorker> started = startWorker(pack, false);
    workers.put(pack, started);
    started.onSuccess(w -> w.exited().thenRun(() -> workers.remove(pack, started)))
        .onFailure(e -> workers.remove(pack, started));
    return started;
  }

  private Future<PythonWorker> startWorker(String pack, boolean once) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      Path venv = virtualenv(pack);
      String python = venv == null ? settings.python() : venv.resolve("bin/python").toString();
      Map<String, String> env = new HashMap<>(System.getenv());
      if (venv != null) {
        env.put("VIRTUAL_ENV", venv.toString());
      }
      return PythonWorker.start(pack, python, shim(), libraries(pack), env, once);
    }, false).compose(worker -> Future.fromCompletionStage(worker.ready().orTimeout(30,
            java.util.concurrent.TimeUnit.SECONDS), context) // back on the caller's context, not the reader thread
        .map(worker)
        .onFailure(e -> worker.close()));
  }

  private Path shim() {
    Path unpacked = shim;
    if (unpacked == null) {
      unpacked = PythonShim.unpack(settings.shimParent());
      shim = unpacked;
    }
    return unpacked;
  }

  /** The pack's {@code actions/lib} (and {@code lib} with common libs on), as StackStorm puts them on the path. */
  private List<Path> libraries(String pack) {
    List<Path> entries = new ArrayList<>();
    JsonObject doc = packs.apply(pack);
    if (doc != null && doc.getString("path") != null) {
      Path dir = Path.of(doc.getString("path"));
      if (settings.commonLibs()) {
        entries.add(dir.resolve("lib"));
      }
      entries.add(dir.resolve("actions").resolve("lib"));
    }
    return entries;
  }

  private Path virtualenv(String pack) {
    if (PackInstaller.SYSTEM_PACKS.contains(pack) || settings.virtualenvs() == null) {
      return null;
    }
    Path venv = settings.virtualenvs().resolve(pack);
    return Files.isExecutable(venv.resolve("bin/python")) ? venv : null;
  }

  static RunnerResult failed(String error) {
    return new RunnerResult("failed", new JsonObject().put("error", error).put("traceback", ""));
  }

  /**
   * The status and result StackStorm's python runner gives an exit: the action's own status wins when it returned
   * one, then the exit code; a timeout is {@code timeout} whatever the rest says.
   */
  static RunnerResult outcome(int code, String resultText, String stdout, String stderr, long timeout,
      boolean timedOut) {
    if (code == INVALID_STATUS_EXIT_CODE) {
      return failed(stderr);
    }
    Object result = "None";
    Boolean status = null;
    if (resultText != null && !resultText.isBlank()) {
      try {
        Object decoded = Json.decodeValue(resultText);
        if (decoded instanceof JsonObject document) {
          result = document.getValue("result");
          status = document.getValue("status") instanceof Boolean b ? b : null;
        } else {
          result = decoded;
        }
      } catch (DecodeException e) {
        result = resultText;
      }
    }
    JsonObject output = new JsonObject()
        .put("stdout", stdout)
        .put("stderr", stderr)
        .put("exit_code", code)
        .put("result", result);
    String outcome = code == 0 && (status == null || status) ? "succeeded" : "failed";
    if (timedOut) {
      output.put("error", "Action failed to complete in " + timeout + " seconds");
      outcome = "timeout";
    }
    return new RunnerResult(outcome, output);
  }

  /** One execution in a worker: its output, its deadline and how it ended. */
  private static final class Run implements PythonWorker.Listener {
    final String id;
    final OutputSink sink;
    final long timeout;
    final Promise<RunnerResult> promise = Promise.promise();
    final StringBuilder stdout = new StringBuilder();
    final StringBuilder stderr = new StringBuilder();
    volatile PythonWorker worker;
    volatile String stopReason;
    volatile boolean timedOut;
    volatile Context context;
    long timer = -1;

    Run(String id, OutputSink sink, long timeout) {
      this.id = id;
      this.sink = sink;
      this.timeout = timeout;
    }

    void start(PythonWorker worker, JsonObject submission, Context context) {
      this.worker = worker;
      this.context = context;
      if (stopReason != null) {
        finish(new RunnerResult(stopReason, new JsonObject().put("error", "Execution was " + stopReason
            + " before it started")), context);
        return;
      }
      if (timeout > 0) {
        timer = context.owner().setTimer(timeout * 1000, t -> {
          timedOut = true;
          worker.kill(id);
        });
      }
      worker.submit(submission, this);
    }

    void stop(String reason) {
      stopReason = reason;
      PythonWorker w = worker;
      if (w != null) {
        w.kill(id);
      }
    }

    @Override
    public void output(String stream, String data) {
      StringBuilder kept = "stderr".equals(stream) ? stderr : stdout;
      synchronized (kept) {
        if (kept.length() < MAX_KEPT_OUTPUT_CHARS) {
          kept.append(data, 0, Math.min(data.length(), MAX_KEPT_OUTPUT_CHARS - kept.length()));
        }
      }
      sink.write(stream, data);
    }

    @Override
    public void exit(int code, String result) {
      String out;
      String err;
      synchronized (stdout) {
        out = stdout.toString();
      }
      synchronized (stderr) {
        err = stderr.toString();
      }
      RunnerResult outcome = outcome(code, result, out, err, timeout, timedOut);
      if (stopReason != null && !timedOut) {
        outcome = new RunnerResult(stopReason, outcome.result());
      }
      finish(outcome, context);
    }

    @Override
    public void lost(String why) {
      finish(failed(why), context);
    }

    void finish(RunnerResult result, Context on) {
      on.runOnContext(v -> {
        if (timer >= 0) {
          on.owner().cancelTimer(timer);
        }
        promise.tryComplete(result);
      });
    }
  }
}
