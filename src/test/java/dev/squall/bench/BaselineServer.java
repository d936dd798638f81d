package dev.squall.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's yardstick: a bare Vert.x HTTP server with Squall's event-loop count and server options
 * that reads each request body and answers 202 (or, for GET, 200 with fixed bytes, so a read can be compared
 * with a server that does no work but writing the same response). Not a test; started by {@code bench/run}.
 * Arguments: {@code [--get-body FILE] [--instances N]}; prints {@code baseline ready on http://127.0.0.1:PORT}.
 */
public final class BaselineServer {
  private BaselineServer() {
  }

  public static void main(String[] args) throws Exception {
    Buffer getBody = Buffer.buffer("{}");
    int instances = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length - 1; i += 2) {
      switch (args[i]) {
        case "--get-body" -> getBody = Buffer.buffer(Files.readAllBytes(Path.of(args[i + 1])));
        case "--instances" -> instances = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // the same Vertx and server options Squall's boot uses, so the only difference is the work per request
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances).setPreferNativeTransport(true));
    Buffer body = getBody;
    AtomicInteger port = new AtomicInteger();
    vertx.deployVerticle(() -> new Front(body, port), new DeploymentOptions().setInstances(instances)
        .setThreadingModel(ThreadingModel.EVENT_LOOP)).await();
    System.out.println("baseline ready on http://127.0.0.1:" + port.get());
    System.out.flush();
  }

  /** One HTTP server instance per event loop, all sharing the port. */
  private static final class Front extends VerticleBase {
    private final Buffer getBody;
    private final AtomicInteger port;
    private HttpServer server;

    Front(Buffer getBody, AtomicInteger port) {
      this.getBody = getBody;
      this.port = port;
    }

    @Override
    public Future<?> start() {
      HttpServerOptions options = new HttpServerOptions()
          .setHost("127.0.0.1")
          .setPort(0) // instances listening on port 0 share one random port
          .setTcpNoDelay(true)
          .setCompressionSupported(false)
          .setMaxHeaderSize(16 * 1024)
          .setMaxInitialLineLength(16 * 1024);
      return vertx.createHttpServer(options)
          .requestHandler(req -> {
            if (req.method() == HttpMethod.GET) {
              req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(getBody);
            } else {
              req.body().onComplete(b -> req.response().setStatusCode(202).end());
            }
          })
          .listen()
          .onSuccess(s -> {
            server = s;
            port.compareAndSet(0, s.actualPort());
          });
    }

    @Override
    public Future<?> stop() {
      return server == null ? Future.succeededFuture() : server.close();
    }
  }
}
