package dev.squall.actions.scheduler;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.Retry;
import dev.squall.executions.ExecutionTransitions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The {@code actions.scheduler} service: consumes requested executions. */
public final class SchedulerVerticle extends VerticleBase {
  private final Bus bus;
  private final ExecutionTransitions transitions;
  private Bus.Registration registration;

  public SchedulerVerticle(Bus bus, ExecutionTransitions transitions) {
    this.bus = bus;
    this.transitions = transitions;
  }

  @Override
  public Future<?> start() {
    Scheduler scheduler = new Scheduler(vertx, bus, transitions);
    registration = bus.consume(Addresses.WORK_SCHEDULE, doc -> Retry.UNTIL_STORED.run(vertx, () -> scheduler.handle(doc)));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return registration == null ? Future.succeededFuture() : registration.unregister();
  }
}
