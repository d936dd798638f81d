package dev.squall.config;

/** {@code [rulesengine]}: accepted-but-unprocessed events kept before webhooks answer 503. */
public record RulesEngineConfig(int maxBacklog) {
  public static final int DEFAULT_MAX_BACKLOG = 20_000;

  static RulesEngineConfig from(Section s) {
    return new RulesEngineConfig(s.integer("max_backlog", DEFAULT_MAX_BACKLOG, 1, Integer.MAX_VALUE));
  }
}
