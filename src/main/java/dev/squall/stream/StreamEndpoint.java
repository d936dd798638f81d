package dev.squall.stream;

import dev.squall.bus.Bus;
import dev.squall.config.StreamConfig;
import dev.squall.executions.ExecutionStatus;
import dev.squall.executions.ExecutionStore;
import dev.squall.executions.OutputStore;
import dev.squall.web.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The SSE requests: {@code GET /stream/v1/stream} (events through the {@link StreamHub}, filtered per
 * subscriber) and {@code GET /stream/v1/executions/{id}/output} (an {@link OutputTail}).
 */
final class StreamEndpoint {
  private final Vertx vertx;
  private final Bus bus;
  private final StreamHub hub;
  private final ExecutionStore executions;
  private final OutputStore output;
  private final StreamConfig config;

  StreamEndpoint(Vertx vertx, Bus bus, StreamHub hub, ExecutionStore executions, OutputStore output,
      StreamConfig config) {
    this.vertx = vertx;
    this.bus = bus;
    this.hub = hub;
    this.executions = executions;
    this.output = output;
    this.config = config;
  }

  /** Opens an event stream; {@code end_event} + {@code end_execution_id} end it once that execution completes. */
  void events(RoutingContext ctx) {
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

  /** Tails an execution's output; 404 when the execution does not exist. */
  void output(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String type = QueryParams.string(ctx, "output_type");
    executions.getOrFail(id)
        .compose(doc -> new OutputTail(bus, output, ctx.response(), doc.getString("id"), type).start(doc))
        .onFailure(ctx::fail);
  }
}
