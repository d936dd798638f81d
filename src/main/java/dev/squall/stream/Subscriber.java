package dev.squall.stream;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.function.BiPredicate;

/**
 * One open SSE response. Frames are offered from the hub's thread and written on the connection's own
 * context. A subscriber with {@code stream.max_pending_events} events written but not yet taken by the
 * client is closed: it can never stall the others, and a burst after a pause does not cut a reader off.
 */
final class Subscriber {
  private final Context context;
  private final HttpServerResponse response;
  private final EventFilter filter;
  private final BiPredicate<String, JsonObject> endsStream;
  private final long heartbeatMs;
  private final int maxPending;
  private int pending;
  private long lastWrite = System.currentTimeMillis();
  private long heartbeatTimer = -1;
  private Runnable onClose = () -> { };
  private volatile boolean closed;

  Subscriber(Context context, HttpServerResponse response, EventFilter filter,
      BiPredicate<String, JsonObject> endsStream, long heartbeatMs, int maxPending) {
    this.maxPending = maxPending;
    this.context = context;
    this.response = response;
    this.filter = filter;
    this.endsStream = endsStream;
    this.heartbeatMs = heartbeatMs;
  }

  EventFilter filter() {
    return filter;
  }

  boolean closed() {
    return closed;
  }

  /** Starts the response: headers, the opening empty line, heart-beats. Call on the connection's context. */
  void open(Runnable onClose) {
    this.onClose = onClose;
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=UTF-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> {
      closed = true;
      cancelHeartbeat();
      onClose.run();
    });
    response.write("\n");
    heartbeatTimer = context.owner().setPeriodic(heartbeatMs, heartbeatMs, t -> {
      if (System.currentTimeMillis() - lastWrite >= heartbeatMs && !closed) {
        write("\n");
      }
    });
  }

  /** Called from any thread. */
  void offer(String name, JsonObject body, String frame) {
    if (closed || !filter.wants(name, body)) {
      return;
    }
    context.runOnContext(v -> {
      write(frame);
      if (!closed && endsStream.test(name, body)) {
        end();
      }
    });
  }

  void write(String frame) {
    if (closed) {
      return;
    }
    if (pending >= maxPending) {
      closed = true;
      cancelHeartbeat();
      response.reset();
      return;
    }
    lastWrite = System.currentTimeMillis();
    pending++;
    response.write(frame).onComplete(done -> pending--);
  }

  void end() {
    if (!closed) {
      closed = true;
      cancelHeartbeat();
      response.end();
      onClose.run(); // the connection may stay open (keep-alive): its close handler would come late or never
    }
  }

  private void cancelHeartbeat() {
    if (heartbeatTimer >= 0) {
      context.owner().cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  static String frame(String name, JsonObject body) {
    return "event: " + name + "\ndata: " + body.encode() + "\n\n";
  }
}
