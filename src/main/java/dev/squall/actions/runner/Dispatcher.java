package dev.squall.actions.runner;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.Retry;
import dev.squall.error.SquallException;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.executions.Executions;
import dev.squall.executions.OutputStore;
import dev.squall.actions.ActionRegistry;
import dev.squall.template.ParameterResolver;
import dev.squall.template.ParameterSchema;
import dev.squall.util.Ids;
import dev.squall.util.Json;
import dev.squall.util.Times;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * scheduled → running → result, with at most {@code slots} executions running at once on this node; the
 * rest wait in a local queue. Runs on one verticle context: its state is only touched there.
 */
public final class Dispatcher {
  private final ParameterResolver resolver = new ParameterResolver();
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final String HOSTNAME = dev.squall.util.Hosts.name();
  private static final JsonObject RUNNER_INFO = new JsonObject().put("hostname", HOSTNAME)
      .put("pid", ProcessHandle.current().pid());

  /**
   * What a dispatcher needs besides its runners. {@code tokens} is null with auth off; otherwise each run gets
   * a token of its execution's user ({@code ST2_ACTION_AUTH_TOKEN}), revoked when the run ends.
   */
  public record Settings(int slots, boolean streamOutput, java.util.function.Supplier<String> apiUrl,
      dev.squall.security.Tokens tokens, long longestUnacknowledgedMs,
      Function<String, Map<String, Object>> configContext) {
    public Settings(int slots, boolean streamOutput, java.util.function.Supplier<String> apiUrl,
        dev.squall.security.Tokens tokens) {
      this(slots, streamOutput, apiUrl, tokens, LONGEST_UNACKNOWLEDGED_MS);
    }

    public Settings(int slots, boolean streamOutput, java.util.function.Supplier<String> apiUrl,
        dev.squall.security.Tokens tokens, long longestUnacknowledgedMs) {
      this(slots, streamOutput, apiUrl, tokens, longestUnacknowledgedMs, pack -> Map.of());
    }

    /** The same settings with pack configs as {@code config_context} of parameter templates. */
    public Settings withConfigContext(Function<String, Map<String, Object>> context) {
      return new Settings(slots, streamOutput, apiUrl, tokens, longestUnacknowledgedMs, context);
    }
  }

  private static final RunnerResult ABANDONED = new RunnerResult(ExecutionStatus.ABANDONED, new JsonObject()
      .put("error", "Execution abandoned: the node shut down before it finished."));

  /** How long a waiting execution's message may stay unacknowledged, by default. */
  static final long LONGEST_UNACKNOWLEDGED_MS = 5 * 60_000;

  /** Seconds an action token outlives the action's own timeout (the token of a run is revoked at its end). */
  private static final long TOKEN_GRACE_SECONDS = 300;

  private final Context context;
  private final OutputStore outputStore;
  private final Bus bus;
  private final ExecutionTransitions transitions;
  private final ActionRegistry registry;
  private final Map<String, Runner> runners;
  private final Settings settings;
  private final Function<String, Map<String, Object>> kvContext;
  /** An execution waiting for a slot, and the promise its message is acknowledged on once it runs. */
  private record Waiting(JsonObject doc, Promise<Void> taken) {
  }

  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private final Map<String, Runner> running = new HashMap<>();
  private int busy;
  private boolean closing;
  private boolean abandoning;
  private Promise<Void> idle;

  public Dispatcher(Context context, OutputStore outputStore, Bus bus, ExecutionTransitions transitions,
      ActionRegistry registry, Map<String, Runner> runners, Settings settings,
      Function<String, Map<String, Object>> kvContext) {
    this.context = context;
    this.kvContext = kvContext;
    this.outputStore = outputStore;
    this.bus = bus;
    this.transitions = transitions;
    this.registry = registry;
    this.runners = runners;
    this.settings = settings;
  }

  /**
   * A scheduled execution arrives; completes once it is recorded running here (or found taken already), so that
   * in a cluster its message stays with the broker while it waits for a slot: a node that dies holding it
   * gives it back, and a busy node holds no more than its prefetch while other runners are idle.
   */
  public Future<Void> accept(JsonObject doc) {
    // once closing, it stays scheduled in the store: the next start's recovery hands it to a runner again
    if (closing || !ExecutionStatus.SCHEDULED.equals(doc.getString("status"))) {
      return Future.succeededFuture();
    }
    Promise<Void> taken = Promise.promise();
    // a broker drops a consumer that holds a message unacknowledged too long (RabbitMQ: 30 min by default): one
    // that waits longer than this for a slot is acknowledged anyway (the store-backed outbox covers it from then)
    long timer = context.owner().setTimer(settings.longestUnacknowledgedMs(), t -> taken.tryComplete());
    taken.future().onComplete(done -> context.owner().cancelTimer(timer));
    waiting.add(new Waiting(doc, taken));
    drain();
    return taken.future();
  }

  /** A cancel request for an execution that may be running here. */
  public void cancel(JsonObject request) {
    Runner runner = running.get(request.getString("id"));
    if (runner != null) {
      runner.cancel(request.getString("id"));
    }
  }

  public int running() {
    return busy;
  }

  /**
   * Stops taking executions and lets the running ones finish for up to {@code grace}; those still running then
   * are stopped and recorded {@code abandoned}, as StackStorm's action runner does on shutdown. Executions
   * waiting for a slot stay scheduled in the store (recovered at the next start). Completes when none runs.
   */
  public Future<Void> shutdown(Duration grace) {
    closing = true;
    waiting.clear(); // their messages, never acknowledged, go to another runner when this node's bus closes
    if (busy == 0) {
      return Future.succeededFuture();
    }
    LOG.info("shutdown: waiting up to {} s for {} running actions", grace.toSeconds(), busy);
    idle = Promise.promise();
    long timer = context.owner().setTimer(Math.max(1, grace.toMillis()), t -> {
      if (busy > 0) {
        LOG.info("shutdown: {} actions still running after {} s are stopped and abandoned", busy, grace.toSeconds());
        abandoning = true;
        running.forEach((id, runner) -> runner.cancel(id));
      }
    });
    return idle.future().andThen(done -> {
      context.owner().cancelTimer(timer);
      LOG.info("shutdown: no action runs any more");
    });
  }

  private void drain() {
    if (busy == 0 && idle != null) {
      idle.tryComplete();
    }
    while (busy < settings.slots() && !waiting.isEmpty()) {
      busy++;
      Waiting next = waiting.poll();
      Retry.UNTIL_STORED.run(context.owner(), () -> start(next.doc(), next.taken())).onComplete(done -> {
        if (done.failed()) {
          LOG.error("execution {} could not be run", next.doc().getString("id"), done.cause());
        }
        next.taken().tryComplete();
        busy--;
        drain();
      });
    }
  }

  private Future<Void> start(JsonObject scheduled, Promise<Void> taken) {
    if (NoopRunner.NAME.equals(scheduled.getJsonObject("runner", new JsonObject()).getString("name"))) {
      return instant(scheduled);
    }
    return transitions.move(scheduled, ExecutionStatus.RUNNING, this::withRunnerInfo)
        .andThen(moved -> {
          if (moved.succeeded()) {
            taken.tryComplete();
          }
        })
        .compose(runningDoc -> runningDoc == null ? Future.succeededFuture() : run(runningDoc));
  }

  private JsonObject withRunnerInfo(JsonObject next) {
    JsonObject live = Executions.shallowCopy(next.getJsonObject("liveaction", new JsonObject()));
    next.put("liveaction", live.put("runner_info", RUNNER_INFO));
    return next;
  }

  /**
   * A runner that finishes at once (noop) gets no separate store write for {@code running}: the execution
   * goes scheduled → running → succeeded in one write; both updates are still logged and announced.
   */
  private Future<Void> instant(JsonObject scheduled) {
    Runner runner = runners.get(NoopRunner.NAME);
    RunRequest request = new RunRequest(scheduled.getString("id"), scheduled.getJsonObject("action"), new JsonObject(),
        new JsonObject(), null, Map.of(), OutputSink.NONE);
    return runner.run(request).compose(result -> transitions.moveThrough(scheduled, ExecutionStatus.RUNNING,
            this::withRunnerInfo, result.status(), next -> Executions.withResult(next, result.result())))
        .compose(done -> done != null ? Future.succeededFuture() : transitions.reload(scheduled.getString("id"))
            .compose(fresh -> fresh != null && ExecutionStatus.SCHEDULED.equals(fresh.getString("status"))
                ? instant(fresh) : Future.succeededFuture()));
  }

  private Future<Void> run(JsonObject doc) {
    String id = doc.getString("id");
    String runnerName = doc.getJsonObject("runner", new JsonObject()).getString("name");
    Runner runner = runners.get(runnerName);
    RunRequest request;
    try {
      if (runner == null) {
        throw new dev.squall.error.Validation("Runner \"" + runnerName + "\" is not available on this node.");
      }
      request = request(doc);
    } catch (SquallException | IllegalArgumentException e) {
      return finish(doc, new RunnerResult(ExecutionStatus.FAILED,
          new JsonObject().put("error", e.getMessage()).put("traceback", "")));
    }
    running.put(id, runner);
    return actionToken(doc, request)
        .compose(token -> Future.<Void>succeededFuture()
            .compose(v -> runner.run(token == null ? request : request.withEnv("ST2_ACTION_AUTH_TOKEN", token)))
            .andThen(done -> revoke(token)))
        .recover(e -> Future.succeededFuture(new RunnerResult(ExecutionStatus.FAILED,
            new JsonObject().put("error", String.valueOf(e.getMessage())).put("traceback", e.toString()))))
        .compose(result -> {
          running.remove(id);
          return finish(doc, result);
        });
  }

  /** A token for the execution's user, living as long as the action may run (null with auth off). */
  private Future<String> actionToken(JsonObject doc, RunRequest request) {
    if (settings.tokens() == null) {
      return Future.succeededFuture(null);
    }
    String user = Json.at(doc, "context.user") instanceof String u ? u : null;
    if (user == null) {
      return Future.succeededFuture(null);
    }
    long timeout = request.runnerParameters().getValue("timeout") instanceof Number n ? n.longValue() : 600;
    return settings.tokens().issue(user, Math.max(1, timeout) + TOKEN_GRACE_SECONDS, false,
            new JsonObject().put("execution_id", doc.getString("id")))
        .map(reply -> reply.getString("token"));
  }

  private void revoke(String token) {
    if (token != null) {
      settings.tokens().revoke(token).onFailure(e -> LOG.warn("action token not revoked: {}", e.getMessage()));
    }
  }

  private RunRequest request(JsonObject doc) {
    JsonObject action = doc.getJsonObject("action");
    JsonObject runner = doc.getJsonObject("runner");
    ParameterSchema schema = ParameterSchema.merge(runner.getJsonObject("runner_parameters", new JsonObject()),
        action.getJsonObject("parameters", new JsonObject()), action.getString("ref"));
    JsonObject context = doc.getJsonObject("context", new JsonObject());
    // the same scope as when the request was checked: defaults may read the datastore (e.g. decrypted secrets)
    Map<String, Object> scope = new HashMap<>(kvContext.apply(context.getString("user")));
    scope.put("action_context", context.getMap());
    scope.put("config_context", settings.configContext().apply(action.getString("pack")));
    ParameterResolver.Resolved resolved = resolver.resolve(schema,
        doc.getJsonObject("parameters", new JsonObject()), scope);
    String pack = action.getString("pack");
    Path entryPoint = entryPoint(action);
    Map<String, String> env = new HashMap<>();
    env.put("ST2_ACTION_PACK_NAME", pack);
    env.put("ST2_ACTION_EXECUTION_ID", doc.getString("id"));
    env.put("ST2_ACTION_API_URL", settings.apiUrl().get());
    OutputSink sink = settings.streamOutput() ? output(doc) : OutputSink.NONE;
    return new RunRequest(doc.getString("id"), action, resolved.runner(), resolved.action(), entryPoint, env, sink);
  }

  private Path entryPoint(JsonObject action) {
    String entry = action.getString("entry_point", "");
    if (entry.isEmpty()) {
      return null;
    }
    JsonObject pack = registry.pack(action.getString("pack"));
    if (pack == null || pack.getString("path") == null) {
      throw new dev.squall.error.Validation("Pack \"" + action.getString("pack") + "\" of action \""
          + action.getString("ref") + "\" is not installed on this node.");
    }
    Path base = Path.of(pack.getString("path"), "actions").normalize();
    Path file = base.resolve(entry).normalize();
    if (!file.startsWith(base)) {
      throw new dev.squall.error.Validation("Entry point \"" + entry + "\" leaves the pack's actions directory.");
    }
    return file;
  }

  /** Output lines arrive on runner threads; each hops onto this context, in order, before the result does. */
  private OutputSink output(JsonObject doc) {
    String executionId = doc.getString("id");
    String actionRef = Json.at(doc, "action.ref") instanceof String s ? s : null;
    String runnerRef = Json.at(doc, "runner.name") instanceof String s ? s : null;
    return (type, data) -> context.runOnContext(v -> {
      JsonObject chunk = new JsonObject()
          .put("id", Ids.next())
          .put("execution_id", executionId)
          .put("action_ref", actionRef)
          .put("runner_ref", runnerRef)
          .put("timestamp", Times.now())
          .put("output_type", type)
          .put("data", data);
      bus.publish(Addresses.EXECUTION_OUTPUT_CREATE, chunk);
      outputStore.insert(chunk)
          .onFailure(e -> {
            if (!(e instanceof dev.squall.error.Unavailable)) { // the store logs its own write faults
              LOG.error("output of {} not stored", executionId, e);
            }
          });
    });
  }

  // the action ran: its result waits for a store that cannot write now rather than being dropped
  private Future<Void> finish(JsonObject runningDoc, RunnerResult ran) {
    RunnerResult result = abandoning ? ABANDONED : ran;
    return Retry.UNTIL_STORED.run(context.owner(),
            () -> transitions.move(runningDoc, result.status(), next -> Executions.withResult(next, result.result())))
        .compose(done -> done != null ? Future.succeededFuture() : afterLostRace(runningDoc.getString("id"), result));
  }

  /** Someone moved the execution while it ran (a cancel): settle it as canceled with the real result. */
  private Future<Void> afterLostRace(String id, RunnerResult result) {
    return transitions.reload(id).compose(fresh -> {
      if (fresh == null || ExecutionStatus.isCompleted(fresh.getString("status"))) {
        return Future.succeededFuture();
      }
      String target = ExecutionStatus.CANCELING.equals(fresh.getString("status"))
          ? ExecutionStatus.CANCELED : result.status();
      return transitions.move(fresh, target, next -> Executions.withResult(next, result.result()))
          .mapEmpty();
    });
  }
}
