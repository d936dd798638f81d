package dev.squall.config;

/**
 * {@code [actionrunner]}: bounded concurrency of runners on this node, and what a stopping node does with the
 * actions it runs: with {@code graceful_shutdown}, they get {@code graceful_shutdown_timeout} seconds to finish
 * before they are stopped and recorded abandoned (without it, at once). Python actions run on {@code python_binary}
 * (packs with a virtualenv: its Python), forked from a warm process per pack unless {@code python_fork_server} is off.
 */
public record ActionRunnerConfig(int actionsPoolSize, boolean streamOutput, int maxBacklog, boolean gracefulShutdown,
    int gracefulShutdownTimeout, String pythonBinary, boolean pythonForkServer) {
  public static final int DEFAULT_ACTIONS_POOL_SIZE = 60;
  public static final int DEFAULT_MAX_BACKLOG = 20_000;
  public static final int DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT = 300;
  public static final String DEFAULT_PYTHON_BINARY = "/usr/bin/python3";

  static ActionRunnerConfig from(Section s) {
    return new ActionRunnerConfig(
        s.integer("actions_pool_size", DEFAULT_ACTIONS_POOL_SIZE, 1, 10_000),
        s.bool("stream_output", true),
        s.integer("max_backlog", DEFAULT_MAX_BACKLOG, 1, Integer.MAX_VALUE),
        s.bool("graceful_shutdown", true),
        s.integer("graceful_shutdown_timeout", DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT, 0, 86_400),
        s.string("python_binary", DEFAULT_PYTHON_BINARY),
        s.bool("python_fork_server", true));
  }

  /** How long running actions may go on once the node stops. */
  public java.time.Duration shutdownGrace() {
    return java.time.Duration.ofSeconds(gracefulShutdown ? gracefulShutdownTimeout : 0);
  }
}
