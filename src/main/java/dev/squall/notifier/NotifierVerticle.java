package dev.squall.notifier;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.model.Kernel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code notifier} service: completed executions become action and notify trigger instances. */
public final class NotifierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

  private final Kernel kernel;
  private Bus.Registration work;

  public NotifierVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    Notifier notifier = new Notifier(kernel.dispatcher(), kernel.config().actionSensor().enable(), kernel::kvContext);
    work = kernel.bus().consume(Addresses.WORK_NOTIFY, execution -> notify(notifier, execution, 0));
    return Future.succeededFuture();
  }

  /** A full event backlog is back-pressure, not a reason to drop the trigger: try again a little later. */
  private Future<Void> notify(Notifier notifier, io.vertx.core.json.JsonObject execution, int attempt) {
    return notifier.handle(execution).recover(e -> {
      if (e instanceof dev.squall.error.Unavailable && attempt < MAX_RETRIES) {
        io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
        vertx.setTimer(RETRY_DELAY_MS * (attempt + 1), t -> notify(notifier, execution, attempt + 1).onComplete(later));
        return later.future();
      }
      LOG.warn("notifications of execution {} not dispatched: {}", execution.getString("id"), e.getMessage());
      return Future.succeededFuture();
    });
  }

  private static final int MAX_RETRIES = 50;
  private static final long RETRY_DELAY_MS = 100;

  @Override
  public Future<?> stop() {
    return work == null ? Future.succeededFuture() : work.unregister();
  }
}
