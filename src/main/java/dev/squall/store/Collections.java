package dev.squall.store;

import static dev.squall.store.CollectionSpec.Field.bool;
import static dev.squall.store.CollectionSpec.Field.text;
import static dev.squall.store.CollectionSpec.Field.uniqueText;

import java.util.List;

/** Every collection Squall stores, with the fields it is queried and sorted by. */
public final class Collections {
  public static final String EXECUTIONS = "executions";
  public static final String OUTPUT = "execution_output";
  public static final String ACTIONS = "actions";
  public static final String RUNNER_TYPES = "runnertypes";
  public static final String PACKS = "packs";
  public static final String TRIGGER_TYPES = "triggertypes";
  public static final String TRIGGERS = "triggers";
  public static final String TRIGGER_INSTANCES = "trigger_instances";
  public static final String RULES = "rules";
  public static final String RULE_ENFORCEMENTS = "rule_enforcements";
  public static final String KEYS = "keys";
  public static final String TOKENS = "tokens";
  public static final String TOKEN_REVOCATIONS = "token_revocations";
  public static final String API_KEYS = "apikeys";

  /** What the command line needs to manage users and tokens against a running server's store. */
  public static final List<CollectionSpec> AUTH;

  public static final List<CollectionSpec> ALL = List.of(
      CollectionSpec.of(EXECUTIONS,
              text("status"), text("action.ref"), text("parent"), text("start_timestamp"),
              text("context.user"), text("runner.name"), text("liveaction.id"))
          .withIndex("parent", "start_timestamp")
          .withIndex("action.ref", "start_timestamp")
          .withIndex("status", "start_timestamp"),
      CollectionSpec.of(OUTPUT, text("execution_id"), text("timestamp"), text("output_type"))
          .withIndex("execution_id", "timestamp"),
      CollectionSpec.of(ACTIONS, uniqueText("ref"), text("pack"), text("name"), bool("enabled")),
      CollectionSpec.of(RUNNER_TYPES, uniqueText("name")),
      CollectionSpec.of(PACKS, uniqueText("ref"), text("name")),
      CollectionSpec.of(TRIGGER_TYPES, uniqueText("ref"), text("pack"), text("name")),
      CollectionSpec.of(TRIGGERS, uniqueText("ref"), text("type"), text("pack")),
      CollectionSpec.of(TRIGGER_INSTANCES, text("trigger"), text("status"), text("occurrence_time"), text("trace_tag"))
          .withIndex("status", "occurrence_time")
          .withIndex("trigger", "occurrence_time"),
      CollectionSpec.of(RULES, uniqueText("ref"), text("pack"), text("name"), text("trigger.ref"), text("action.ref"),
          bool("enabled")),
      CollectionSpec.of(RULE_ENFORCEMENTS, uniqueText("key"), text("rule.ref"), text("rule.id"),
              text("trigger_instance_id"), text("execution_id"), text("enforced_at"))
          .withIndex("rule.ref", "enforced_at"),
      CollectionSpec.of(KEYS, uniqueText("uid"), text("scope"), text("name"), text("expire_timestamp")),
      CollectionSpec.of(TOKENS, uniqueText("token_hash"), text("user"), text("expiry")),
      CollectionSpec.of(TOKEN_REVOCATIONS, text("revoked_at"), text("user")),
      CollectionSpec.of(API_KEYS, uniqueText("key_hash"), text("user")));

  static {
    AUTH = ALL.stream().filter(c -> List.of(TOKENS, TOKEN_REVOCATIONS, API_KEYS).contains(c.name())).toList();
  }

  private Collections() {
  }
}
