package dev.squall.boot;

import dev.squall.config.ApiConfig;
import dev.squall.web.ConnectionGuard;
import dev.squall.web.Faults;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** Serves the shared router on the one port; deployed with one instance per event loop. */
public final class HttpVerticle extends VerticleBase {
  private final Router router;
  private final ApiConfig api;
  private final ConnectionGuard guard;
  private HttpServer server;
  private long sweeper = -1;

  public HttpVerticle(Router router, ApiConfig api, ConnectionGuard.Caps caps) {
    this.router = router;
    this.api = api;
    this.guard = new ConnectionGuard(caps, api.limits());
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(api.host())
        .setPort(api.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        .setMaxHeaderSize(api.maxHeaderSize())
        .setMaxInitialLineLength(api.maxInitialLineLength())
        // HTTP/1.1 only (as StackStorm): a new connection is then known, and guarded, from its first moment
        .setHttp2ClearTextEnabled(false);
    sweeper = vertx.setPeriodic(1000, t -> guard.sweep(System.nanoTime()));
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> guard.opened(connection, System.nanoTime()))
        .invalidRequestHandler(Faults::invalidRequest)
        // Squall serves no WebSockets. Declaring the handshake handler also makes Vert.x hand requests in an
        // unknown HTTP version to the request handler below (answered 400 there) instead of a bare 501.
        .webSocketHandshakeHandler(handshake -> handshake.reject(404))
        .requestHandler(request -> {
          guard.request(request);
          if (request.version() == null) {
            Faults.unsupportedVersion(request);
          } else {
            router.handle(request);
          }
        })
        .listen()
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    // no new connections; requests in flight get their answers (for up to 10 s), then connections close
    return server == null ? Future.succeededFuture() : server.shutdown(java.time.Duration.ofSeconds(10));
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
