package dev.squall.actions.runner;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.executions.ExecutionTransitions;
import dev.squall.actions.ActionRegistry;
import dev.squall.executions.OutputStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** The {@code actions.runner} service: dispatcher plus runners, bounded by the action pool. */
public final class RunnerVerticle extends VerticleBase {
  private final OutputStore output;
  private final Bus bus;
  private final ExecutionTransitions transitions;
  private final ActionRegistry registry;
  private final Map<String, Runner> runners;
  private final Dispatcher.Settings settings;
  private final Function<String, Map<String, Object>> kvContext;
  private final Duration shutdownGrace;
  private Dispatcher dispatcher;
  private Bus.Registration work;
  private Bus.Registration cancels;

  public RunnerVerticle(OutputStore output, Bus bus, ExecutionTransitions transitions, ActionRegistry registry,
      Map<String, Runner> runners, Dispatcher.Settings settings, Function<String, Map<String, Object>> kvContext,
      Duration shutdownGrace) {
    this.kvContext = kvContext;
    this.shutdownGrace = shutdownGrace;
    this.output = output;
    this.bus = bus;
    this.transitions = transitions;
    this.registry = registry;
    this.runners = runners;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    dispatcher = new Dispatcher(context, output, bus, transitions, registry, runners, settings, kvContext);
    work = bus.consume(Addresses.WORK_RUN, dispatcher::accept);
    cancels = bus.subscribe(Addresses.EXECUTION_CANCEL, dispatcher::cancel);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return Future.join(work.unregister(), cancels.unregister()).transform(v -> dispatcher.shutdown(shutdownGrace));
  }
}
