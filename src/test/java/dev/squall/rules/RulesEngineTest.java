package dev.squall.rules;

import static dev.squall.store.DocumentStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.actions.ActionRegistry;
import dev.squall.bus.Addresses;
import dev.squall.bus.Backlog;
import dev.squall.bus.Bus;
import dev.squall.bus.LocalBus;
import dev.squall.config.SquallConfig;
import dev.squall.executions.ExecutionRequests;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.store.Query;
import dev.squall.store.sqlite.SqliteStore;
import dev.squall.testkit.OnContext;
import dev.squall.testkit.Poll;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerInstanceStore;
import dev.squall.triggers.TriggerRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Trigger instances through the engine, on the real embedded store and the local bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RulesEngineTest {
  private static final String TRIGGER = "p.deploy";
  @TempDir
  Path dir;
  private Context context;
  private SqliteStore store;
  private TriggerInstanceStore instances;
  private EnforcementStore enforcements;
  private ExecutionStore executionStore;
  private final EnabledRules index = new EnabledRules();
  private final TriggerRegistry triggers = new TriggerRegistry();
  private final ActionRegistry actions = new ActionRegistry();
  private ExecutionTransitions transitions;
  private TriggerDispatcher intake;
  private RulesEngine engine;
  /** Calls of the execution requests' datastore context: one per attempt to create an execution. */
  private final AtomicInteger createAttempts = new AtomicInteger();
  private final List<JsonObject> enforcementEvents = new CopyOnWriteArrayList<>();
  private final List<JsonObject> instanceUpdates = new CopyOnWriteArrayList<>();
  private final List<JsonObject> scheduled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open(Vertx vertx) {
    context = vertx.getOrCreateContext();
    store = new SqliteStore(vertx, dir.resolve("squall.db"));
    await(store.open(List.of(TriggerInstanceStore.SPEC, EnforcementStore.SPEC, ExecutionStore.SPEC)));
    instances = new TriggerInstanceStore(store);
    enforcements = new EnforcementStore(store);
    executionStore = new ExecutionStore(store);
    Bus bus = new LocalBus(vertx);
    bus.subscribe(Addresses.RULE_ENFORCEMENT_CREATE, enforcementEvents::add);
    bus.subscribe(Addresses.TRIGGER_INSTANCE_UPDATE, instanceUpdates::add);
    bus.consume(Addresses.WORK_SCHEDULE, doc -> {
      scheduled.add(doc);
      return io.vertx.core.Future.succeededFuture();
    });
    triggers.putType(new JsonObject().put("id", "tt1").put("ref", TRIGGER).put("name", "deploy").put("pack", "p"));
    triggers.putTrigger(new JsonObject().put("id", "t1").put("ref", TRIGGER).put("type", TRIGGER)
        .put("parameters", new JsonObject()));
    actions.putRunner(new JsonObject().put("name", "noop").put("runner_parameters", new JsonObject()));
    actions.putAction(new JsonObject().put("id", "a1").put("ref", "p.say").put("pack", "p").put("name", "say")
        .put("runner_type", "noop").put("enabled", true)
        .put("parameters", new JsonObject().put("msg", new JsonObject().put("type", "string"))));
    transitions = new ExecutionTransitions(executionStore, bus, new Backlog(10));
    ExecutionRequests requests = new ExecutionRequests(executionStore, bus, actions, transitions,
        SquallConfig.load(null, Map.of()), user -> {
          createAttempts.incrementAndGet();
          return Map.of();
        });
    intake = new TriggerDispatcher(instances, bus, new Backlog(100), index::isWatched);
    engine = new RulesEngine(vertx, instances, enforcements, executionStore, bus, index, triggers, requests, intake,
        user -> Map.of(), "stanley");
  }

  @AfterEach
  void close() {
    await(store.close());
  }

  private static JsonObject rule(String id, String name, JsonObject criteria, String action, JsonObject parameters) {
    return new JsonObject().put("id", id).put("ref", "p." + name).put("name", name).put("uid", "rule:p:" + name)
        .put("enabled", true).put("trigger", new JsonObject().put("type", TRIGGER).put("ref", TRIGGER))
        .put("criteria", criteria)
        .put("action", new JsonObject().put("ref", action).put("parameters", parameters));
  }

  private static JsonObject equalsCriterion(String key, Object pattern) {
    return new JsonObject().put(key, new JsonObject().put("type", "equals").put("pattern", pattern));
  }

  private JsonObject dispatched(JsonObject payload) {
    return await(OnContext.call(context, () -> intake.dispatch(TRIGGER, payload, "deploy-42")));
  }

  private void handle(JsonObject instance) {
    await(OnContext.call(context, () -> engine.handle(instance)));
  }

  private List<JsonObject> storedEnforcements() {
    return await(store.find(EnforcementStore.SPEC.name(), Query.all()));
  }

  private List<JsonObject> storedExecutions() {
    return await(store.find(ExecutionStore.SPEC.name(), Query.all()));
  }

  private String statusOf(JsonObject instance) {
    return await(instances.get(instance.getString("id"))).getString("status");
  }

  @Test
  void aMatchingRuleEnforcesOnceAndRequestsItsActionWithRenderedParameters() {
    index.put(rule("r1", "on_deploy", equalsCriterion("trigger.env", "prod"), "p.say",
        new JsonObject().put("msg", "deployed {{ trigger.app }}")));
    JsonObject instance = dispatched(new JsonObject().put("env", "prod").put("app", "shop"));
    assertEquals(1, intake.backlog().size());

    handle(instance);

    List<JsonObject> stored = storedEnforcements();
    assertEquals(1, stored.size());
    JsonObject enforcement = stored.get(0);
    assertEquals("succeeded", enforcement.getString("status"));
    assertEquals("p.on_deploy", enforcement.getJsonObject("rule").getString("ref"));
    assertEquals(instance.getString("id"), enforcement.getString("trigger_instance_id"));
    JsonObject execution = await(executionStore.get(enforcement.getString("execution_id")));
    assertEquals("requested", execution.getString("status"));
    assertEquals(new JsonObject().put("msg", "deployed shop"), execution.getJsonObject("parameters"));
    assertEquals("stanley", execution.getJsonObject("context").getString("user"));
    assertEquals(instance.getString("id"),
        execution.getJsonObject("context").getJsonObject("trigger_instance").getString("id"));
    assertEquals("deploy-42", execution.getJsonObject("context").getJsonObject("trace_context").getString("trace_tag"));
    assertEquals("p.on_deploy", execution.getJsonObject("rule").getString("ref"));
    assertEquals(TRIGGER, execution.getJsonObject("trigger").getString("ref"));
    assertEquals("deploy", execution.getJsonObject("trigger_type").getString("name"));
    assertFalse(execution.getJsonObject("trigger_instance").containsKey("trace_tag"), "the API view of the instance");
    assertEquals("processed", statusOf(instance));
    assertEquals(0, intake.backlog().size(), "the instance's intake slot is given back");

    Poll.until("the enforcement, the instance update and the scheduling request on the bus",
        () -> enforcementEvents.size() == 1 && instanceUpdates.size() == 1 && scheduled.size() == 1);
    assertEquals(enforcement.getString("id"), enforcementEvents.get(0).getString("id"));
    assertEquals("processed", instanceUpdates.get(0).getString("status"));
    assertEquals(execution.getString("id"), scheduled.get(0).getString("id"));
  }

  @Test
  void anInstanceNoRuleMatchesIsProcessedWithoutEnforcement() {
    index.put(rule("r1", "on_prod", equalsCriterion("trigger.env", "prod"), "p.say", new JsonObject()));
    JsonObject instance = dispatched(new JsonObject().put("env", "dev"));
    handle(instance);
    assertEquals(List.of(), storedEnforcements());
    assertEquals(List.of(), storedExecutions());
    assertEquals("processed", statusOf(instance));
  }

  @Test
  void aRedeliveredInstanceRunsTheActionOnce() {
    index.put(rule("r1", "on_deploy", new JsonObject(), "p.say", new JsonObject().put("msg", "hi")));
    JsonObject instance = dispatched(new JsonObject());
    handle(instance);
    handle(instance);
    assertEquals(1, storedEnforcements().size());
    assertEquals(1, storedExecutions().size());
    assertEquals("succeeded", storedEnforcements().get(0).getString("status"));
  }

  /**
   * Two deliveries of one instance at once: this one finds the enforcement stored and its execution not yet,
   * and by the time it creates the execution the other delivery has. The execution exists: that is success.
   */
  @Test
  void anExecutionCreatedMeanwhileByAnotherDeliveryCountsAsSuccess() {
    JsonObject rule = rule("r1", "on_deploy", new JsonObject(), "p.say", new JsonObject().put("msg", "hi"));
    index.put(rule);
    JsonObject instance = dispatched(new JsonObject());
    String executionId = "0000000000000000000000e1";
    await(enforcements.insert(new JsonObject().put("id", "enf-1").put("key", "r1:" + instance.getString("id"))
        .put("execution_id", executionId).put("status", "succeeded").put("trigger_instance_id", instance.getString("id"))
        .put("rule", new JsonObject().put("ref", "p.on_deploy").put("id", "r1"))));
    int taken = 0;
    while (transitions.backlog().tryAcquire()) {
      taken++; // the execution backlog is full: creation waits and retries
    }
    var handled = OnContext.call(context, () -> engine.handle(instance));
    Poll.until("a first attempt to create the execution", () -> createAttempts.get() >= 1);
    await(executionStore.insert(new JsonObject().put("id", executionId).put("status", "requested")
        .put("action", new JsonObject().put("ref", "p.say")).put("start_timestamp", "2026-01-01T00:00:00.000000Z")
        .put("log", new JsonArray())));
    for (int i = 0; i < taken; i++) {
      transitions.backlog().release();
    }

    await(handled);

    JsonObject enforcement = await(enforcements.byKey("r1:" + instance.getString("id")));
    assertEquals("succeeded", enforcement.getString("status"));
    assertEquals(executionId, enforcement.getString("execution_id"));
    assertNull(enforcement.getString("failure_reason"));
    assertEquals(1, storedEnforcements().size());
    assertEquals(1, storedExecutions().size());
    assertEquals("processed", statusOf(instance));
    assertEquals(0, transitions.backlog().size());
  }

  @Test
  void anActionThatCannotBeRequestedIsAFailedEnforcement() {
    index.put(rule("r1", "on_deploy", new JsonObject(), "p.gone", new JsonObject()));
    JsonObject instance = dispatched(new JsonObject());
    handle(instance);
    JsonObject enforcement = storedEnforcements().get(0);
    assertEquals("failed", enforcement.getString("status"));
    assertEquals("Action \"p.gone\" cannot be found.", enforcement.getString("failure_reason"));
    assertNull(enforcement.getString("execution_id"));
    assertEquals(List.of(), storedExecutions());
    assertEquals("processed", statusOf(instance));
  }

  @Test
  void parametersThatCannotBeRenderedAreAFailedEnforcement() {
    index.put(rule("r1", "on_deploy", new JsonObject(), "p.say",
        new JsonObject().put("msg", "{{ nothing.here }}")));
    JsonObject instance = dispatched(new JsonObject());
    handle(instance);
    JsonObject enforcement = storedEnforcements().get(0);
    assertEquals("failed", enforcement.getString("status"));
    assertTrue(enforcement.getString("failure_reason").startsWith(
        "Failed to render parameters of action \"p.say\" for rule \"p.on_deploy\": "),
        enforcement.getString("failure_reason"));
    assertEquals(List.of(), storedExecutions());
  }

  @Test
  void criteriaThatRaiseAreRecordedAsAFailedEnforcement() {
    index.put(rule("r1", "on_small", new JsonObject().put("trigger.n",
        new JsonObject().put("type", "lessthan").put("pattern", 5)), "p.say", new JsonObject()));
    JsonObject instance = dispatched(new JsonObject().put("n", "4"));
    handle(instance);
    JsonObject enforcement = storedEnforcements().get(0);
    assertEquals("failed", enforcement.getString("status"));
    assertTrue(enforcement.getString("failure_reason").contains("'<' not supported between instances of 'str' and 'int'"),
        enforcement.getString("failure_reason"));
    assertEquals(List.of(), storedExecutions());
    assertEquals("processed", statusOf(instance));
  }

  @Test
  void aBackstopRuleFiresOnlyWhenNoOtherRuleMatched() {
    JsonObject backstop = rule("r9", "fallback", new JsonObject(), "p.say", new JsonObject().put("msg", "fallback"))
        .put("type", new JsonObject().put("ref", "backstop"));
    index.put(backstop);
    index.put(rule("r1", "on_prod", equalsCriterion("trigger.env", "prod"), "p.say",
        new JsonObject().put("msg", "prod")));
    handle(dispatched(new JsonObject().put("env", "prod")));
    handle(dispatched(new JsonObject().put("env", "dev")));
    List<String> messages = storedExecutions().stream()
        .map(e -> e.getJsonObject("parameters").getString("msg")).sorted().toList();
    assertEquals(List.of("fallback", "prod"), messages);
  }

  @Test
  void anInstanceNoLongerPendingIsLeftAlone() {
    index.put(rule("r1", "on_deploy", new JsonObject(), "p.say", new JsonObject()));
    JsonObject instance = dispatched(new JsonObject());
    handle(instance.copy().put("status", "processed"));
    assertEquals(List.of(), storedEnforcements());
    assertEquals("pending", statusOf(instance));
  }

  @Test
  void intakeIsToldWhatNoRuleCanMatch() {
    index.put(rule("r1", "on_prod", equalsCriterion("trigger.env", "prod"), "p.say", new JsonObject()));
    assertTrue(engine.certainlyUnmatched(TriggerDispatcher.instance(TRIGGER, new JsonObject().put("env", "dev"), null)));
    assertFalse(engine.certainlyUnmatched(TriggerDispatcher.instance(TRIGGER, new JsonObject().put("env", "prod"),
        null)));
    assertTrue(engine.certainlyUnmatched(TriggerDispatcher.instance("p.other", new JsonObject(), null)));
  }
}
