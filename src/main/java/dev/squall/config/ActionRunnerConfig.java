package dev.squall.config;

/** {@code [actionrunner]}: bounded concurrency of runners on this node. */
public record ActionRunnerConfig(int actionsPoolSize, boolean streamOutput, int maxBacklog) {
  public static final int DEFAULT_ACTIONS_POOL_SIZE = 60;
  public static final int DEFAULT_MAX_BACKLOG = 20_000;

  static ActionRunnerConfig from(Section s) {
    return new ActionRunnerConfig(
        s.integer("actions_pool_size", DEFAULT_ACTIONS_POOL_SIZE, 1, 10_000),
        s.bool("stream_output", true),
        s.integer("max_backlog", DEFAULT_MAX_BACKLOG, 1, Integer.MAX_VALUE));
  }
}
