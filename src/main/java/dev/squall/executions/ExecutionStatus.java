package dev.squall.executions;

import java.util.Set;

/** StackStorm's execution statuses and the groups the engine and API reason with. */
public final class ExecutionStatus {
  public static final String REQUESTED = "requested";
  public static final String SCHEDULED = "scheduled";
  public static final String DELAYED = "delayed";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String TIMEOUT = "timeout";
  public static final String ABANDONED = "abandoned";
  public static final String CANCELING = "canceling";
  public static final String CANCELED = "canceled";
  public static final String PENDING = "pending";
  public static final String PAUSING = "pausing";
  public static final String PAUSED = "paused";
  public static final String RESUMING = "resuming";

  public static final Set<String> ALL = Set.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, SUCCEEDED, FAILED, TIMEOUT,
      ABANDONED, CANCELING, CANCELED, PENDING, PAUSING, PAUSED, RESUMING);
  public static final Set<String> COMPLETED = Set.of(SUCCEEDED, FAILED, TIMEOUT, CANCELED, ABANDONED);
  public static final Set<String> FAILED_GROUP = Set.of(FAILED, TIMEOUT, ABANDONED);
  public static final Set<String> CANCELABLE = Set.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, PAUSING, PAUSED, RESUMING);
  /** Not yet handed to a runner: a restart re-dispatches these. */
  public static final Set<String> WAITING = Set.of(REQUESTED, SCHEDULED, DELAYED);
  /** Owned by a runner process: a restart after a crash marks these abandoned (or canceled). */
  public static final Set<String> IN_FLIGHT = Set.of(RUNNING, CANCELING, PAUSING, PAUSED, RESUMING);

  private ExecutionStatus() {
  }

  public static boolean isCompleted(String status) {
    return COMPLETED.contains(status);
  }
}
