package dev.squall.config;

/**
 * {@code [garbagecollector]}: what the {@code gc} service deletes, as StackStorm's options. TTLs are in days and
 * null when unset (nothing of that kind is deleted); a TTL must be at least 1 day. {@code traces_ttl},
 * {@code workflow_executions_ttl}, {@code task_executions_ttl} and {@code purge_inquiries} are accepted for
 * st2.conf compatibility; Squall stores no traces, workflow records or inquiries yet.
 *
 * @param collectionInterval seconds between collections
 * @param sleepDelay seconds between the purges of one collection (one kind after another)
 * @param actionExecutionsTtl completed executions (and their output) older than this
 * @param actionExecutionsOutputTtl execution output older than this
 * @param triggerInstancesTtl trigger instances older than this
 * @param ruleEnforcementsTtl rule enforcements older than this
 * @param tokensTtl expired tokens are purged on every collection whatever this says (they are useless)
 */
public record GarbageCollectorConfig(int collectionInterval, int sleepDelay, Integer actionExecutionsTtl,
    Integer actionExecutionsOutputTtl, Integer triggerInstancesTtl, Integer ruleEnforcementsTtl, Integer tracesTtl,
    Integer tokensTtl, Integer workflowExecutionsTtl, Integer taskExecutionsTtl, boolean purgeInquiries) {
  public static final int DEFAULT_COLLECTION_INTERVAL = 600;
  public static final int DEFAULT_SLEEP_DELAY = 2;
  public static final int DEFAULT_OUTPUT_TTL = 7;
  private static final int MAX_DAYS = 36_500;

  static GarbageCollectorConfig from(Section s) {
    return new GarbageCollectorConfig(
        s.integer("collection_interval", DEFAULT_COLLECTION_INTERVAL, 1, 86_400 * 7),
        s.integer("sleep_delay", DEFAULT_SLEEP_DELAY, 0, 3600),
        ttl(s, "action_executions_ttl", null),
        ttl(s, "action_executions_output_ttl", DEFAULT_OUTPUT_TTL),
        ttl(s, "trigger_instances_ttl", null),
        ttl(s, "rule_enforcements_ttl", null),
        ttl(s, "traces_ttl", null),
        ttl(s, "tokens_ttl", null),
        ttl(s, "workflow_executions_ttl", null),
        ttl(s, "task_executions_ttl", null),
        s.bool("purge_inquiries", false));
  }

  private static Integer ttl(Section s, String key, Integer dflt) {
    Object raw = s.values().getValue(key);
    Integer days = s.optionalInteger(key, dflt, Integer.MIN_VALUE, MAX_DAYS);
    if (days != null && days < 1) {
      throw new ConfigException("Invalid configuration: garbagecollector." + key
          + " must be at least 1 (days), got '" + raw + "'");
    }
    return days;
  }
}
