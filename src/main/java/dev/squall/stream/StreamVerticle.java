package dev.squall.stream;

import dev.squall.bus.Bus;
import dev.squall.config.StreamConfig;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.web.Operation;
import dev.squall.web.QueryParams;
import dev.squall.web.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.RoutingContext;

/** The {@code stream} service: Server-Sent Events straight off bus events. */
public final class StreamVerticle extends VerticleBase {
  private final RouteTable routes;
  private final Bus bus;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final StreamConfig config;
  private final StreamHub hub = new StreamHub();

  public StreamVerticle(RouteTable routes, Bus bus, ExecutionStore executions, OutputStore output,
      StreamConfig config) {
    this.routes = routes;
    this.bus = bus;
    this.executions = executions;
    this.output = output;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    hub.listen(bus);
    routes.bind(Operation.STREAM_EVENTS, this::events);
    routes.bind(Operation.STREAM_EXECUTION_OUTPUT, this::output);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    hub.close();
    return Future.succeededFuture();
  }

  private void events(RoutingContext ctx) {
    EventFilter filter = new EventFilter(QueryParams.list(ctx, "events"), QueryParams.list(ctx, "action_refs"),
        QueryParams.list(ctx, "execution_ids"));
    String endEvent = QueryParams.string(ctx, "end_event");
    String endId = QueryParams.string(ctx, "end_execution_id");
    Subscriber subscriber = new Subscriber(vertx.getOrCreateContext(), ctx.response(), filter,
        (name, body) -> endEvent != null && endEvent.equals(name) && endId != null && endId.equals(body.getString("id"))
            && ExecutionStatus.isCompleted(body.getString("status")),
        config.heartbeat() * 1000L, config.maxPendingEvents());
    subscriber.open(() -> hub.remove(subscriber));
    hub.add(subscriber);
  }

  private void output(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String type = QueryParams.string(ctx, "output_type");
    executions.getOrFail(id)
        .compose(doc -> new OutputTail(bus, output, ctx.response(), doc.getString("id"), type).start(doc))
        .onFailure(ctx::fail);
  }
}
