package dev.squall.executions;

import dev.squall.bus.Backlog;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;

/**
 * Every change of an execution's status: a compare-and-set on the stored status, then one event. A lost
 * race (someone else moved it first) completes with null; terminal statuses never change again.
 *
 * <p>The whole new document is written: every change of an execution goes through here and moves its
 * status, so the compare-and-set also guards the rest of the document. (A partial update would make the
 * SQLite store parse and re-serialise the stored document inside the single writer's transaction.)
 */
public final class ExecutionTransitions {
  private final ExecutionStore executions;
  private final Bus bus;
  private final Backlog backlog;
  private volatile java.util.function.BiConsumer<String, String> statusListener = (status, runner) -> { };

  public ExecutionTransitions(ExecutionStore executions, Bus bus, Backlog backlog) {
    this.executions = executions;
    this.bus = bus;
    this.backlog = backlog;
  }

  public Backlog backlog() {
    return backlog;
  }

  /**
   * Moves {@code current} to {@code status}, applying {@code patch} to the new document first.
   *
   * @return the stored new document, or null when the stored status was no longer {@code current}'s
   */
  public Future<JsonObject> move(JsonObject current, String status, UnaryOperator<JsonObject> patch) {
    String from = current.getString("status");
    if (ExecutionStatus.isCompleted(from)) {
      return Future.succeededFuture(null);
    }
    JsonObject next = patch.apply(Executions.moved(current, status));
    return executions.replaceIf(next, from)
        .map(replaced -> replaced ? announce(next) : null);
  }

  /**
   * Moves through {@code via} to {@code status} in one store write (for runners that finish at once, such
   * as noop): both statuses are logged and both updates are announced, in order, after the write.
   */
  public Future<JsonObject> moveThrough(JsonObject current, String via, UnaryOperator<JsonObject> atVia,
      String status, UnaryOperator<JsonObject> atEnd) {
    String from = current.getString("status");
    if (ExecutionStatus.isCompleted(from)) {
      return Future.succeededFuture(null);
    }
    JsonObject middle = atVia.apply(Executions.moved(current, via));
    JsonObject next = atEnd.apply(Executions.moved(middle, status));
    return executions.replaceIf(next, from)
        .map(replaced -> {
          if (!replaced) {
            return null;
          }
          publishUpdate(middle);
          return announce(next);
        });
  }

  /** After a successful write: the update event, and for a completed execution its backlog slot and notifier. */
  private JsonObject announce(JsonObject next) {
    publishUpdate(next);
    if (ExecutionStatus.isCompleted(next.getString("status"))) {
      backlog.release();
      bus.send(Addresses.WORK_NOTIFY, next);
    }
    return next;
  }

  public Future<JsonObject> move(JsonObject current, String status) {
    return move(current, status, UnaryOperator.identity());
  }

  /** Loads the stored document (after a lost race); null once it is gone (purged). */
  public Future<JsonObject> reload(String id) {
    return executions.get(id);
  }

  /**
   * Announces a new execution. The event carries the stored document; the stream renders the API and
   * LiveAction views (secrets masked) only when someone listens.
   */
  public void publishCreate(JsonObject doc) {
    observe(doc);
    bus.publish(Addresses.EXECUTION_CREATE, doc);
  }

  public void publishUpdate(JsonObject doc) {
    observe(doc);
    bus.publish(Addresses.EXECUTION_UPDATE, doc);
  }

  /** Told every status an execution enters, with its runner's name (metrics); replaces the one before. */
  public void onStatus(java.util.function.BiConsumer<String, String> listener) {
    this.statusListener = listener;
  }

  private void observe(JsonObject doc) {
    String runner = doc.getValue("runner") instanceof JsonObject r && r.getValue("name") instanceof String name ? name : "";
    statusListener.accept(String.valueOf(doc.getValue("status")), runner);
  }
}
