package dev.squall.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepted-but-unfinished executions on this node. Intake answers 503 once it passes its bound, so memory
 * stays bounded and nothing accepted is dropped.
 */
public final class Backlog {
  private final AtomicLong inFlight = new AtomicLong();
  private final long max;

  public Backlog(long max) {
    this.max = max;
  }

  /** Takes a slot; false when full. */
  public boolean tryAcquire() {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Counts an execution accepted without the bound (recovery of already accepted work). */
  public void acquire() {
    inFlight.incrementAndGet();
  }

  public void release() {
    inFlight.decrementAndGet();
  }

  public long size() {
    return inFlight.get();
  }
}
