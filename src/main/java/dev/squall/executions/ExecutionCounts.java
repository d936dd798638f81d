package dev.squall.executions;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many executions exist, and how many of them are top level (no parent): the totals behind the
 * history page's {@code X-Total-Count} (`st2 execution list` asks for {@code parent=null}), kept in memory so
 * that a page of 50 never counts a million index entries. Counted once at start, then on every insert. In a
 * cluster other nodes create executions too: there the counts are not kept and the store counts.
 */
public final class ExecutionCounts {
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong topLevel = new AtomicLong();
  private final boolean kept;

  /** {@code kept}: whether this node sees every execution created (standalone), so its counts are exact. */
  public ExecutionCounts(boolean kept) {
    this.kept = kept;
  }

  /** Whether the totals are kept here (else the store counts). */
  public boolean kept() {
    return kept;
  }

  public Future<Void> load(ExecutionStore executions) {
    if (!kept) {
      return Future.succeededFuture();
    }
    return Future.all(executions.count(), executions.countTopLevel())
        .map(all -> {
          total.set(all.<Long>resultAt(0));
          topLevel.set(all.<Long>resultAt(1));
          return null;
        });
  }

  /** A new execution was stored. */
  public void added(boolean hasParent) {
    total.incrementAndGet();
    if (!hasParent) {
      topLevel.incrementAndGet();
    }
  }

  /** Executions were deleted (garbage collection), {@code topLevel} of them without a parent. */
  public void removed(long all, long withoutParent) {
    total.addAndGet(-all);
    topLevel.addAndGet(-withoutParent);
  }

  public long total() {
    return total.get();
  }

  public long topLevel() {
    return topLevel.get();
  }
}
