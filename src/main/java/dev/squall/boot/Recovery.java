package dev.squall.boot;

import dev.squall.bus.Addresses;
import dev.squall.triggers.TriggerDispatcher;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.executions.Executions;
import dev.squall.triggers.TriggerInstanceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up pass that keeps "accepted" meaning "done eventually" (standalone mode): executions that
 * were waiting are handed to the scheduler again; ones a dead process was running are marked abandoned
 * (canceling ones canceled), so nothing stays non-terminal forever.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final ExecutionStore executions;
  private final TriggerInstanceStore instances;
  private final Bus bus;
  private final ExecutionTransitions transitions;
  private final TriggerDispatcher intake;
  private final boolean closeInterrupted;

  /**
   * {@code closeInterrupted}: whether executions left running or canceling are closed (standalone: this process
   * was the only one running them; in a cluster another node may be running them now).
   */
  Recovery(ExecutionStore executions, TriggerInstanceStore instances, Bus bus, ExecutionTransitions transitions,
      TriggerDispatcher intake, boolean closeInterrupted) {
    this.closeInterrupted = closeInterrupted;
    this.executions = executions;
    this.instances = instances;
    this.bus = bus;
    this.transitions = transitions;
    this.intake = intake;
  }

  Future<Void> run() {
    return Future.all(executions(), triggerInstances()).mapEmpty();
  }

  /** Accepted events (202) the rules engine had not finished: processed again, enforcement is idempotent. */
  private Future<Void> triggerInstances() {
    return instances.unprocessed()
        .map(pending -> {
          pending.forEach(instance -> intake.redispatch(instance.put("status", "pending")));
          if (!pending.isEmpty()) {
            LOG.info("recovery: {} unprocessed trigger instances dispatched again", pending.size());
          }
          return null;
        });
  }

  private Future<Void> executions() {
    return executions.unfinished()
        .compose(docs -> {
          List<Future<?>> moves = new ArrayList<>();
          int resumed = 0;
          for (JsonObject doc : docs) {
            transitions.backlog().acquire();
            String status = doc.getString("status");
            if (ExecutionStatus.WAITING.contains(status)) {
              resumed++;
              bus.send(Addresses.WORK_SCHEDULE, doc);
            } else if (!closeInterrupted) {
              transitions.backlog().release();
            } else if (ExecutionStatus.CANCELING.equals(status)) {
              moves.add(transitions.move(doc, ExecutionStatus.CANCELED, next -> Executions.withResult(next,
                  new JsonObject().put("message", "Action canceled by user."))));
            } else {
              moves.add(transitions.move(doc, ExecutionStatus.ABANDONED, next -> Executions.withResult(next,
                  new JsonObject().put("error", "Execution abandoned: the process running it stopped before it finished."))));
            }
          }
          if (!docs.isEmpty()) {
            LOG.info("recovery: {} waiting executions resumed, {} interrupted executions closed", resumed, moves.size());
          }
          return Future.all(moves).mapEmpty();
        });
  }
}
