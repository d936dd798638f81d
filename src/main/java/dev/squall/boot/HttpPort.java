package dev.squall.boot;

import dev.squall.config.ApiConfig;
import dev.squall.config.SquallConfig;
import dev.squall.web.AuthGate;
import dev.squall.web.ConnectionGuard;
import dev.squall.web.HttpFront;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** The node's one HTTP port: the shared router behind CORS and the auth gate, served by one verticle per loop. */
final class HttpPort {
  private HttpPort() {
  }

  /** The router the HTTP services mount their routes on. */
  static HttpFront front(Vertx vertx, Node node, java.util.function.BooleanSupplier storeWritable) {
    SquallConfig config = node.config();
    List<String> origins = new ArrayList<>(config.api().allowOrigin());
    if (!config.auth().apiUrl().isEmpty()) {
      origins.add(config.auth().apiUrl()); // StackStorm allows its own public API URL too
    }
    HttpFront front = new HttpFront(vertx, config.api().maxBodySize(), origins, config.api().maxJsonDepth());
    front.health(storeWritable);
    front.guard(new AuthGate(config.auth(), config.systemUser().user(), node.credentials().tokens(),
        node.credentials().apiKeys()));
    return front;
  }

  /** The port bound, and the deployment of its server verticles (undeployed first when the node stops). */
  record Listening(int port, String deployment) {
  }

  /** Listens with one server verticle per event loop. */
  static Future<Listening> listen(Vertx vertx, HttpFront front, ApiConfig api, int instances) {
    List<HttpVerticle> servers = new ArrayList<>();
    ConnectionGuard.Caps caps = new ConnectionGuard.Caps(api.limits().connectionCap(fileLimit()),
        api.limits().maxConnectionsPerAddress(), java.util.Set.copyOf(api.limits().trustedProxies()));
    return vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(front.router(), api, caps);
          servers.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP))
        .map(id -> new Listening(servers.get(0).actualPort(), id))
        .recover(e -> Future.failedFuture(isAddressInUse(e)
            ? new IllegalStateException("Port " + api.port() + " on " + api.host() + " is already in use")
            : e));
  }

  /** The process's limit of open files, or 0 when the platform does not tell. */
  private static long fileLimit() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0;
  }

  private static boolean isAddressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
