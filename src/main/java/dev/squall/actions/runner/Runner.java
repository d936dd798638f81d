package dev.squall.actions.runner;

import io.vertx.core.Future;

/**
 * A runner type (StackStorm's {@code runner_type}): runs one execution and completes with its final
 * status and result. Runners that spawn processes never block an event loop; they stream output lines
 * through {@link RunRequest#output()} as they are produced.
 */
public interface Runner {

  /** The runner type name, e.g. {@code local-shell-cmd}. */
  String name();

  /**
   * Runs the execution. The future completes, on the context that called this method, with a terminal
   * status (succeeded, failed, timeout, abandoned or canceled); problems running the action are reported as
   * status {@code failed} with an {@code error} in the result rather than as a failed future. All output has
   * been handed to {@link RunRequest#output()} before the future completes.
   */
  Future<RunnerResult> run(RunRequest request);

  /**
   * Asks a running execution to stop (kills its process tree). Its {@link #run} future then completes with
   * status {@code canceled}. Unknown ids are ignored.
   */
  void cancel(String executionId);
}
