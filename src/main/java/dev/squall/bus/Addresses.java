package dev.squall.bus;

import java.util.List;

/**
 * The one catalog of bus addresses. Work addresses are point-to-point with competing consumers and
 * at-least-once delivery; event addresses are broadcast to every node. Event addresses are the stream
 * event names StackStorm clients know ({@code <exchange>__<routing key>}).
 */
public final class Addresses {
  private Addresses() {
  }

  // work: point-to-point, handlers idempotent (message carries the record it is about)
  /** Executions in {@code requested} (and delayed ones due): to the scheduler. */
  public static final String WORK_SCHEDULE = "squall.work.actionrunner.req";
  /** Executions in {@code scheduled}: to a runner node. */
  public static final String WORK_RUN = "squall.work.actionrunner.work";
  /** Completed executions: to the notifier. */
  public static final String WORK_NOTIFY = "squall.work.notifier.execution";
  /** Trigger instances: to the rules engine. */
  public static final String WORK_TRIGGER_INSTANCE = "squall.work.trigger_instances_dispatch";

  // events: broadcast
  /** Execution events carry the stored document; the stream derives the API and LiveAction views from them. */
  public static final String EXECUTION_CREATE = "st2.execution__create";
  public static final String EXECUTION_UPDATE = "st2.execution__update";
  public static final String EXECUTION_DELETE = "st2.execution__delete";
  public static final String LIVEACTION_CREATE = "st2.liveaction__create";
  public static final String LIVEACTION_UPDATE = "st2.liveaction__update";
  public static final String LIVEACTION_DELETE = "st2.liveaction__delete";
  public static final String EXECUTION_OUTPUT_CREATE = "st2.execution.output__create";
  /** A cancel request for a running execution; every runner node hears it, the owner acts. */
  public static final String EXECUTION_CANCEL = "squall.actionrunner.cancel";
  /** Action / runner type / pack CUD, so in-memory registries stay current on every node. */
  public static final String ACTION_CUD = "squall.action.cud";
  public static final String PACK_CUD = "squall.pack.cud";

  /** Trigger type / trigger CUD: every node's trigger registry (webhook table) and the timers follow these. */
  public static final String TRIGGER_CUD = "squall.trigger.cud";
  /** Rule CUD: every node's index of enabled rules (intake, rules engine, timers) follows these. */
  public static final String RULE_CUD = "squall.rule.cud";
  /** Token revocations and API key CUD: every node's credential cache follows these. */
  public static final String AUTH_CUD = "squall.auth.cud";
  /** Datastore key CUD: every node's key cache follows these. */
  public static final String KEY_CUD = "squall.key.cud";
  /** Squall's own events, streamed only to subscribers that name them. */
  public static final String TRIGGER_INSTANCE_CREATE = "st2.trigger_instance__create";
  public static final String TRIGGER_INSTANCE_UPDATE = "st2.trigger_instance__update";
  public static final String RULE_ENFORCEMENT_CREATE = "st2.rule_enforcement__create";

  /** Every event the stream service relays, in StackStorm's names. */
  public static final List<String> STREAMED = List.of(
      EXECUTION_CREATE, EXECUTION_UPDATE, EXECUTION_DELETE,
      LIVEACTION_CREATE, LIVEACTION_UPDATE, LIVEACTION_DELETE,
      EXECUTION_OUTPUT_CREATE, TRIGGER_INSTANCE_CREATE, TRIGGER_INSTANCE_UPDATE, RULE_ENFORCEMENT_CREATE);

  /** Streamed events a subscriber gets only when it names them in {@code events}. */
  public static final List<String> BY_NAME_ONLY = List.of(
      EXECUTION_OUTPUT_CREATE, TRIGGER_INSTANCE_CREATE, TRIGGER_INSTANCE_UPDATE, RULE_ENFORCEMENT_CREATE);
}
