package dev.squall.stream;

import dev.squall.bus.Bus;
import dev.squall.config.StreamConfig;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.web.ContractRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The {@code stream} service: Server-Sent Events straight off bus events. */
public final class StreamVerticle extends VerticleBase {
  private final Router router;
  private final Bus bus;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final StreamConfig config;
  private final StreamHub hub = new StreamHub();

  private final ContractRoutes contract;

  public StreamVerticle(Router router, ContractRoutes contract, Bus bus, ExecutionStore executions, OutputStore output,
      StreamConfig config) {
    this.router = router;
    this.bus = bus;
    this.executions = executions;
    this.output = output;
    this.config = config;
    this.contract = contract;
  }

  @Override
  public Future<?> start() {
    hub.listen(bus);
    StreamEndpoint stream = new StreamEndpoint(vertx, bus, hub, executions, output, config);
    Map<String, Handler<RoutingContext>> handlers = Map.of(
        "streamEvents", stream::events,
        "streamExecutionOutput", stream::output);
    contract.mount(router, handlers);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    hub.close();
    return Future.succeededFuture();
  }
}
