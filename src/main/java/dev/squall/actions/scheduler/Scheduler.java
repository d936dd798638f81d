package dev.squall.actions.scheduler;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * requested → (delayed →) scheduled → handed to a runner. Idempotent: an execution no longer in the status
 * the message expects is left alone. Delays are timers computed from the stored start time, so a restart
 * reschedules them on time.
 */
public final class Scheduler {
  private final Vertx vertx;
  private final Bus bus;
  private final ExecutionTransitions transitions;

  public Scheduler(Vertx vertx, Bus bus, ExecutionTransitions transitions) {
    this.vertx = vertx;
    this.bus = bus;
    this.transitions = transitions;
  }

  public Future<Void> handle(JsonObject doc) {
    String status = doc.getString("status");
    int delay = doc.getInteger("delay", 0);
    if (ExecutionStatus.REQUESTED.equals(status) && delay > 0) {
      return transitions.move(doc, ExecutionStatus.DELAYED).map(delayed -> {
        if (delayed != null) {
          later(delayed);
        }
        return null;
      });
    }
    if (ExecutionStatus.DELAYED.equals(status) && remainingMs(doc) > 0) {
      later(doc);
      return Future.succeededFuture();
    }
    if (ExecutionStatus.REQUESTED.equals(status) || ExecutionStatus.DELAYED.equals(status)) {
      return transitions.move(doc, ExecutionStatus.SCHEDULED).compose(scheduled ->
          scheduled == null ? Future.succeededFuture() : bus.send(Addresses.WORK_RUN, scheduled));
    }
    if (ExecutionStatus.SCHEDULED.equals(status)) {
      return bus.send(Addresses.WORK_RUN, doc);
    }
    return Future.succeededFuture();
  }

  private void later(JsonObject delayed) {
    long wait = Math.max(1, remainingMs(delayed));
    vertx.setTimer(wait, t -> transitions.reload(delayed.getString("id"))
        .onSuccess(fresh -> {
          if (fresh != null && ExecutionStatus.DELAYED.equals(fresh.getString("status"))) {
            handle(fresh);
          }
        }));
  }

  private static long remainingMs(JsonObject doc) {
    Instant start = Times.parse(doc.getString("start_timestamp"));
    return start.toEpochMilli() + doc.getInteger("delay", 0) - System.currentTimeMillis();
  }
}
