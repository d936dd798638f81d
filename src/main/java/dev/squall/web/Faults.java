package dev.squall.web;

import dev.squall.error.Conflict;
import dev.squall.error.SquallException;
import dev.squall.error.TooManyRequests;
import dev.squall.error.Unavailable;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failure becomes an HTTP answer: {@code {"faultstring": ...}} with the right status. */
public final class Faults {
  private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

  private Faults() {
  }

  /** Failure handler for every route. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof SquallException se) {
      // the faultstring may quote the request body: it goes to the caller only, never to the log
      LOG.debug("{} {} -> {} {}", ctx.request().method(), ctx.request().path(), se.status(),
          se.getClass().getSimpleName());
      JsonObject body = new JsonObject().put("faultstring", se.getMessage());
      if (se instanceof Conflict c && c.conflictId() != null) {
        body.put("conflict-id", c.conflictId());
      }
      if (se instanceof Unavailable u) {
        ctx.response().putHeader("Retry-After", String.valueOf(u.retryAfterSeconds()));
      } else if (se instanceof TooManyRequests t) {
        ctx.response().putHeader("Retry-After", String.valueOf(t.retryAfterSeconds()));
      }
      write(ctx, se.status(), body);
    } else if (failure instanceof DecodeException) {
      write(ctx, 400, fault("Failed to parse request body: " + failure.getMessage()));
    } else if (failure instanceof IllegalArgumentException) {
      write(ctx, 400, fault(failure.getMessage()));
    } else if (status == 413) {
      write(ctx, 413, fault("Request body is larger than the configured limit (api.max_body_size)."));
    } else if (status == 404 || status == 405) {
      write(ctx, 404, fault("The resource could not be found."));
    } else if (status >= 400 && status < 500) {
      write(ctx, status, fault(failure == null ? "Bad request." : failure.getMessage()));
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      write(ctx, 500, fault("Internal Server Error"));
    }
  }

  public static JsonObject fault(String message) {
    return new JsonObject().put("faultstring", message == null ? "" : message);
  }

  private static void write(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
