package dev.squall.rules;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.Retry;
import dev.squall.triggers.TriggerDispatcher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rules} service: trigger instances in, enforcements and executions out ({@link RulesEngine}). While
 * it runs, intake on this node asks the engine whether an event can match at all.
 */
public final class RulesVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RulesVerticle.class);

  private final Bus bus;
  private final RulesEngine engine;
  private final TriggerDispatcher intake;
  private Bus.Registration work;

  public RulesVerticle(Bus bus, RulesEngine engine, TriggerDispatcher intake) {
    this.bus = bus;
    this.engine = engine;
    this.intake = intake;
  }

  @Override
  public Future<?> start() {
    work = bus.consume(Addresses.WORK_TRIGGER_INSTANCE, instance -> Retry.UNTIL_STORED.run(vertx, () -> engine.handle(instance))
        .onFailure(e -> LOG.error("trigger instance {} not processed", instance.getString("id"), e)));
    intake.matchAtIntake(engine::certainlyUnmatched);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    intake.matchAtIntake(null);
    return work.unregister();
  }
}
