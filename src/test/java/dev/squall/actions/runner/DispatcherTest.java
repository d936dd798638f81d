package dev.squall.actions.runner;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.actions.ActionRegistry;
import dev.squall.bus.Addresses;
import dev.squall.bus.Backlog;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.error.Unauthorized;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.executions.Executions;
import dev.squall.executions.OutputStore;
import dev.squall.security.RevocationStore;
import dev.squall.security.TokenStore;
import dev.squall.security.Tokens;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.OnContext;
import dev.squall.testkit.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** scheduled → running → result, on the real embedded store and the local bus, with a runner the test drives. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DispatcherTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Context context;
  private SqliteStore store;
  private ExecutionStore executions;
  private OutputStore output;
  private Bus bus;
  private ExecutionTransitions transitions;
  private final ActionRegistry registry = new ActionRegistry();
  private final HeldRunner held = new HeldRunner();
  private final List<JsonObject> updates = new CopyOnWriteArrayList<>();
  private final List<JsonObject> outputEvents = new CopyOnWriteArrayList<>();
  private final List<JsonObject> notified = new CopyOnWriteArrayList<>();

  /** A runner whose runs end when the test says; a cancel ends the run as {@code canceled}. */
  private final class HeldRunner implements Runner {
    final Map<String, RunRequest> requests = new ConcurrentHashMap<>();
    final Map<String, Promise<RunnerResult>> runs = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "held";
    }

    @Override
    public Future<RunnerResult> run(RunRequest request) {
      Promise<RunnerResult> run = Promise.promise();
      requests.put(request.executionId(), request);
      runs.put(request.executionId(), run);
      return run.future();
    }

    @Override
    public void cancel(String executionId) {
      end(executionId, ExecutionStatus.CANCELED, new JsonObject().put("killed", true));
    }

    /** The run's request, once the dispatcher has started it (it is stored running a little before). */
    RunRequest started(String executionId) {
      return Poll.until("the run of " + executionId + " started", () -> requests.get(executionId), r -> r != null);
    }

    void end(String executionId, String status, JsonObject result) {
      started(executionId);
      context.runOnContext(v -> runs.get(executionId).tryComplete(new RunnerResult(status, result)));
    }
  }

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(ExecutionStore.SPEC, OutputStore.SPEC, TokenStore.SPEC, RevocationStore.SPEC)));
    executions = new ExecutionStore(store);
    output = new OutputStore(store);
    bus = new LocalBus(vertx);
    bus.subscribe(Addresses.EXECUTION_UPDATE, updates::add);
    bus.subscribe(Addresses.EXECUTION_OUTPUT_CREATE, outputEvents::add);
    bus.consume(Addresses.WORK_NOTIFY, doc -> {
      notified.add(doc);
      return Future.succeededFuture();
    });
    transitions = new ExecutionTransitions(executions, bus, new Backlog(10));
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private Dispatcher dispatcher(int slots, Tokens tokens) {
    return dispatcher(new Dispatcher.Settings(slots, true, () -> "http://127.0.0.1:9101/api", tokens));
  }

  private Dispatcher dispatcher(Dispatcher.Settings settings) {
    return new Dispatcher(context, output, bus, transitions, registry,
        Map.of(NoopRunner.NAME, new NoopRunner(), "held", held), settings, user -> Map.of());
  }

  /** A stored execution of an action of {@code runner}, already scheduled (and counted in the backlog). */
  private JsonObject scheduled(String runner) {
    JsonObject action = new JsonObject().put("ref", "p.act").put("pack", "p").put("parameters", new JsonObject());
    JsonObject runnerType = new JsonObject().put("name", runner).put("runner_parameters", new JsonObject());
    JsonObject doc = Executions.moved(Executions.requested(action, runnerType, new JsonObject(),
        new JsonObject().put("user", "alice"), null, 0, null, "https://ui"), ExecutionStatus.SCHEDULED);
    await(executions.insert(doc));
    transitions.backlog().acquire();
    return doc;
  }

  /** Hands the execution over; the future is the acknowledgement of its message (done once it runs here). */
  private Future<Void> accept(Dispatcher dispatcher, JsonObject doc) {
    return await(OnContext.call(context, () -> Future.succeededFuture(dispatcher.accept(doc))));
  }

  private JsonObject stored(JsonObject doc) {
    return await(executions.get(doc.getString("id")));
  }

  private JsonObject storedWhen(JsonObject doc, String status) {
    return Poll.until("execution " + doc.getString("id") + " " + status, () -> stored(doc),
        d -> status.equals(d.getString("status")));
  }

  private static List<String> log(JsonObject doc) {
    return doc.getJsonArray("log").stream().map(e -> ((JsonObject) e).getString("status")).toList();
  }

  @Test
  void aNoopExecutionSucceedsInOneWriteAndAnnouncesBothSteps() {
    JsonObject doc = scheduled(NoopRunner.NAME);
    accept(dispatcher(2, null), doc);
    JsonObject done = storedWhen(doc, ExecutionStatus.SUCCEEDED);
    assertEquals(List.of("requested", "scheduled", "running", "succeeded"), log(done));
    assertEquals(0, done.getJsonObject("result").getInteger("return_code"));
    assertNotNull(done.getJsonObject("liveaction").getJsonObject("runner_info").getString("hostname"));
    Poll.until("running and succeeded announced, the notifier told", () -> updates.size() == 2 && notified.size() == 1);
    assertEquals(List.of("running", "succeeded"), updates.stream().map(u -> u.getString("status")).toList());
    assertEquals(0, transitions.backlog().size(), "the finished execution leaves the backlog");
  }

  @Test
  void atMostSlotsExecutionsRunAtOnceAndTheNextStartsWhenOneEnds() {
    Dispatcher dispatcher = dispatcher(1, null);
    JsonObject first = scheduled("held");
    JsonObject second = scheduled("held");
    Future<Void> firstTaken = accept(dispatcher, first);
    Future<Void> secondTaken = accept(dispatcher, second);
    storedWhen(first, ExecutionStatus.RUNNING);
    await(firstTaken);
    assertEquals(ExecutionStatus.SCHEDULED, stored(second).getString("status"));
    assertEquals(1, await(OnContext.call(context, () -> Future.succeededFuture(dispatcher.running()))));
    assertFalse(secondTaken.isComplete(), "waiting for a slot: its message is not acknowledged yet");

    held.end(first.getString("id"), ExecutionStatus.SUCCEEDED, new JsonObject().put("stdout", "ok"));
    assertEquals(new JsonObject().put("stdout", "ok"), storedWhen(first, ExecutionStatus.SUCCEEDED)
        .getJsonObject("result"));
    storedWhen(second, ExecutionStatus.RUNNING);
    await(secondTaken);
    held.end(second.getString("id"), ExecutionStatus.FAILED, new JsonObject().put("return_code", 1));
    storedWhen(second, ExecutionStatus.FAILED);
  }

  @Test
  void aMessageWaitingTooLongForASlotIsAcknowledgedAnywayAndStillRuns() {
    Dispatcher dispatcher = dispatcher(new Dispatcher.Settings(1, true, () -> "http://127.0.0.1:9101/api", null, 200));
    JsonObject first = scheduled("held");
    JsonObject second = scheduled("held");
    accept(dispatcher, first);
    Future<Void> secondTaken = accept(dispatcher, second);
    storedWhen(first, ExecutionStatus.RUNNING);
    await(secondTaken); // after 200 ms, though no slot is free
    assertEquals(ExecutionStatus.SCHEDULED, stored(second).getString("status"));
    held.end(first.getString("id"), ExecutionStatus.SUCCEEDED, new JsonObject());
    storedWhen(second, ExecutionStatus.RUNNING);
    held.end(second.getString("id"), ExecutionStatus.SUCCEEDED, new JsonObject());
    storedWhen(second, ExecutionStatus.SUCCEEDED);
  }

  @Test
  void outputLinesAreStoredAndAnnouncedBeforeTheResult() {
    JsonObject doc = scheduled("held");
    accept(dispatcher(1, null), doc);
    storedWhen(doc, ExecutionStatus.RUNNING);
    RunRequest request = held.started(doc.getString("id"));
    assertEquals(doc.getString("id"), request.env().get("ST2_ACTION_EXECUTION_ID"));
    assertEquals("p", request.env().get("ST2_ACTION_PACK_NAME"));
    assertEquals("http://127.0.0.1:9101/api", request.env().get("ST2_ACTION_API_URL"));
    request.output().write("stdout", "hello\n");
    request.output().write("stderr", "oops\n");
    held.end(doc.getString("id"), ExecutionStatus.SUCCEEDED, new JsonObject());
    storedWhen(doc, ExecutionStatus.SUCCEEDED);
    List<JsonObject> lines = Poll.until("both lines stored", () -> await(output.of(doc.getString("id"), null)),
        l -> l.size() == 2);
    assertEquals(List.of("hello\n", "oops\n"), lines.stream().map(l -> l.getString("data")).toList());
    assertEquals("p.act", lines.get(0).getString("action_ref"));
    assertEquals("held", lines.get(0).getString("runner_ref"));
    Poll.until("both lines announced", () -> outputEvents.size() == 2);
    assertEquals(List.of("stdout", "stderr"), outputEvents.stream().map(e -> e.getString("output_type")).toList());
  }

  @Test
  void aCanceledRunEndsCanceledWithWhatTheRunnerReturned() {
    Dispatcher dispatcher = dispatcher(1, null);
    JsonObject doc = scheduled("held");
    accept(dispatcher, doc);
    JsonObject running = storedWhen(doc, ExecutionStatus.RUNNING);
    held.started(doc.getString("id"));
    // what a cancel request does: canceling in the store, then the cancel event to the runner's node
    assertNotNull(await(OnContext.call(context, () -> transitions.move(running, ExecutionStatus.CANCELING))));
    context.runOnContext(v -> dispatcher.cancel(new JsonObject().put("id", doc.getString("id"))));
    JsonObject canceled = storedWhen(doc, ExecutionStatus.CANCELED);
    assertEquals(new JsonObject().put("killed", true), canceled.getJsonObject("result"));
  }

  @Test
  void aRunnerThisNodeLacksFailsTheExecution() {
    JsonObject doc = scheduled("python-script");
    accept(dispatcher(1, null), doc);
    JsonObject failed = storedWhen(doc, ExecutionStatus.FAILED);
    assertEquals("Runner \"python-script\" is not available on this node.",
        failed.getJsonObject("result").getString("error"));
  }

  @Test
  void onlyScheduledExecutionsAreRun() {
    JsonObject doc = scheduled("held");
    JsonObject canceled = Executions.moved(doc, ExecutionStatus.CANCELED);
    await(executions.put(canceled));
    accept(dispatcher(1, null), canceled);
    assertEquals(Map.of(), held.requests);
    assertEquals(ExecutionStatus.CANCELED, stored(doc).getString("status"));
  }

  @Test
  void withAuthEachRunHasATokenOfItsUserRevokedWhenItEnds() {
    Tokens tokens = new Tokens(new TokenStore(store), new RevocationStore(store), bus, Clock.systemUTC());
    JsonObject doc = scheduled("held");
    accept(dispatcher(1, tokens), doc);
    storedWhen(doc, ExecutionStatus.RUNNING);
    String token = held.started(doc.getString("id")).env().get("ST2_ACTION_AUTH_TOKEN");
    assertNotNull(token);
    assertEquals("alice", await(OnContext.call(context, () -> tokens.authenticate(token))).user());

    held.end(doc.getString("id"), ExecutionStatus.SUCCEEDED, new JsonObject());
    storedWhen(doc, ExecutionStatus.SUCCEEDED);
    Poll.until("the token refused once the run ended", () -> await(OnContext.call(context,
        () -> tokens.authenticate(token).map(caller -> false)
            .recover(e -> Future.succeededFuture(e instanceof Unauthorized)))));
    assertTrue(await(tokens.holders()).isEmpty(), "the stored token is gone");
  }
}
