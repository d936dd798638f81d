package dev.squall.stream;

import dev.squall.bus.Bus;
import dev.squall.config.StreamConfig;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.web.Operation;
import dev.squall.web.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The {@code stream} service: Server-Sent Events straight off bus events. */
public final class StreamVerticle extends VerticleBase {
  private final RouteTable routes;
  private final Bus bus;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final StreamConfig config;
  private final StreamHub hub = new StreamHub();
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private io.micrometer.core.instrument.Gauge subscribers;

  public StreamVerticle(RouteTable routes, Bus bus, ExecutionStore executions, OutputStore output,
      StreamConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.routes = routes;
    this.bus = bus;
    this.executions = executions;
    this.output = output;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    hub.listen(bus);
    subscribers = io.micrometer.core.instrument.Gauge.builder("squall.stream.subscribers", hub, StreamHub::size)
        .description("Open /stream connections").register(meters);
    StreamEndpoint stream = new StreamEndpoint(vertx, bus, hub, executions, output, config);
    routes.bind(Operation.STREAM_EVENTS, stream::events);
    routes.bind(Operation.STREAM_EXECUTION_OUTPUT, stream::output);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    hub.close();
    meters.remove(subscribers);
    return Future.succeededFuture();
  }
}
