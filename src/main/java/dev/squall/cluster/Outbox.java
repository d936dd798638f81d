package dev.squall.cluster;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.triggers.TriggerInstanceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's safety net for work whose message was lost on the way (a broker going down between a store
 * write and its publish, say): accepted work still waiting in the store after {@code staleAfter} while its
 * work queue holds nothing is sent again. Trigger instances not processed go to the rules engine, executions
 * {@code requested} to the scheduler, {@code scheduled} to the runners. Handlers are idempotent (a deterministic
 * execution per enforcement, compare-and-set on every status), so a message sent twice does its work once.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int MOST_PER_PASS = 1000;

  private final TriggerInstanceStore instances;
  private final ExecutionStore executions;
  private final Bus bus;
  private final Clock clock;
  private final Duration staleAfter;

  public Outbox(TriggerInstanceStore instances, ExecutionStore executions, Bus bus, Clock clock, Duration staleAfter) {
    this.instances = instances;
    this.executions = executions;
    this.bus = bus;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  /** One pass; completes with the number of messages sent again. */
  public Future<Integer> sweep() {
    Future<List<JsonObject>> open = executions.unfinished();
    return Future.all(
            resend(Addresses.WORK_TRIGGER_INSTANCE, instances.unprocessed(), "occurrence_time", null),
            resend(Addresses.WORK_SCHEDULE, open, "start_timestamp", ExecutionStatus.REQUESTED),
            resend(Addresses.WORK_RUN, open, "start_timestamp", ExecutionStatus.SCHEDULED))
        .map(all -> all.<Integer>resultAt(0) + all.<Integer>resultAt(1) + all.<Integer>resultAt(2));
  }

  private Future<Integer> resend(String address, Future<List<JsonObject>> candidates, String timeField,
      String status) {
    return bus.waiting(address).compose(waiting -> {
      if (waiting != 0) {
        return Future.succeededFuture(0); // queued work is still on its way (or this bus cannot tell)
      }
      return candidates.map(docs -> {
        Instant cutoff = clock.instant().minus(staleAfter);
        int sent = 0;
        for (JsonObject doc : docs) {
          if (sent == MOST_PER_PASS) {
            break;
          }
          if ((status == null || status.equals(doc.getString("status"))) && older(doc.getString(timeField), cutoff)) {
            bus.send(address, doc);
            sent++;
          }
        }
        if (sent > 0) {
          LOG.warn("cluster: {} waiting records had no message in {}; sent again", sent, address);
        }
        return sent;
      });
    });
  }

  private static boolean older(String timestamp, Instant cutoff) {
    try {
      return timestamp != null && Instant.parse(timestamp).isBefore(cutoff);
    } catch (RuntimeException notATime) {
      return false;
    }
  }
}
