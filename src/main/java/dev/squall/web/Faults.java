package dev.squall.web;

import dev.squall.error.Conflict;
import dev.squall.error.SquallException;
import dev.squall.error.TooManyRequests;
import dev.squall.error.Unavailable;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure becomes an HTTP answer: {@code {"faultstring": ...}} with the right status. Only
 * Squall's own errors carry their message to the client; anything unexpected is a 500 whose detail (and
 * stack) goes to the server log once, never to the client.
 */
public final class Faults {
  private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
  /** Longest piece of a parser's message repeated to the client: enough to locate the fault, not to echo the body. */
  static final int MAX_DETAIL = 160;

  private Faults() {
  }

  /** Failure handler for every route. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure instanceof HttpClosedException || ctx.response().closed()) {
      // the client went away: no one to answer, and nothing wrong with the server
      LOG.debug("{} {}: connection closed before the answer", ctx.request().method(), ctx.request().path());
    } else if (isFramingError(failure)) {
      LOG.debug("{} {} -> 400 {}", ctx.request().method(), ctx.request().path(), failure.toString());
      ctx.response().putHeader("Connection", "close");
      write(ctx, 400, fault("Bad request: malformed HTTP request body."));
    } else if (failure instanceof SquallException se) {
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
      write(ctx, 400, fault("Failed to parse request body: " + brief(failure.getMessage())));
    } else if (status == 413) {
      write(ctx, 413, fault("Request body is larger than the configured limit (api.max_body_size)."));
    } else if (status == 404 || status == 405) {
      write(ctx, 404, fault("The resource could not be found."));
    } else if (status >= 400 && status < 500) {
      // the framework refused the request (undecodable path or query, bad form body): its words stay here
      LOG.debug("{} {} -> {}", ctx.request().method(), ctx.request().path(), status, failure);
      write(ctx, status, fault(HttpResponseStatus.valueOf(status).reasonPhrase()
          + (status == 400 ? ": the request could not be decoded." : ".")));
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      write(ctx, 500, fault("Internal Server Error"));
    }
  }

  /**
   * Answers a request the HTTP decoder could not read (request line or headers over their limits, malformed
   * request), then closes the connection: nothing after such a request can be trusted to be in step.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "Request line is longer than the configured limit (api.max_initial_line_length).";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "Request header fields are larger than the configured limit (api.max_header_size).";
    } else {
      status = 400;
      message = "Bad request: malformed HTTP request.";
    }
    LOG.debug("invalid request -> {}: {}", status, cause == null ? "" : cause.toString());
    HttpServerResponse response = request.response();
    HttpFront.secure(null, response.headers());
    response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
        .end(fault(message).toBuffer())
        .onComplete(done -> request.connection().close());
  }

  /** Whether a body failed to decode as HTTP (broken chunk framing): the client's fault, reported by Netty. */
  private static boolean isFramingError(Throwable failure) {
    if (failure == null) {
      return false;
    }
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (frame.getClassName().startsWith("io.netty.handler.codec.http.HttpObjectDecoder")) {
        return true;
      }
      if (frame.getClassName().startsWith("dev.squall.")) {
        return false;
      }
    }
    return false;
  }

  /** Answers a request in a protocol version other than HTTP/1.0 and 1.1 that reached the HTTP/1 decoder. */
  public static void unsupportedVersion(HttpServerRequest request) {
    LOG.debug("request in an unsupported HTTP version -> 400");
    HttpServerResponse response = request.response();
    HttpFront.secure(null, response.headers());
    response.setStatusCode(400).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
        .end(fault("Bad request: unsupported HTTP version.").toBuffer())
        .onComplete(done -> request.connection().close());
  }

  public static JsonObject fault(String message) {
    return new JsonObject().put("faultstring", message == null ? "" : message);
  }

  /** The first line of a parser's message, cut short: it locates the fault without echoing the body. */
  public static String brief(String message) {
    return dev.squall.util.Json.brief(message, MAX_DETAIL);
  }

  private static void write(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    HttpFront.secure(ctx.request().path(), response.headers());
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
