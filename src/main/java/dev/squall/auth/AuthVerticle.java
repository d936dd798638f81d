package dev.squall.auth;

import dev.squall.config.AuthConfig;
import dev.squall.security.Credentials;
import dev.squall.web.ContractRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code auth} service: logins and token checks on {@code /auth/v1}, and the node's watch on revocations
 * (written by other nodes or the command line) and on the htpasswd file (a removed user loses their tokens).
 */
public final class AuthVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  /** How often revocations and the user file are looked at: revocation takes effect within a second. */
  static final long WATCH_MS = 500;

  private final Router router;
  private final ContractRoutes contract;
  private final Credentials credentials;
  private final AuthConfig config;
  private WorkerExecutor hashing;
  private long watch = -1;
  private long ticks;

  public AuthVerticle(Router router, ContractRoutes contract, Credentials credentials, AuthConfig config) {
    this.router = router;
    this.contract = contract;
    this.credentials = credentials;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("squall-auth-hashing", 2);
    TokenEndpoint tokens = new TokenEndpoint(credentials, config, hashing);
    Map<String, Handler<RoutingContext>> handlers = Map.of("tokenCreate", tokens::create,
        "tokenValidate", tokens::validate);
    contract.mount(router, handlers);
    if (config.enable()) {
      watch = vertx.setPeriodic(WATCH_MS, id -> watchOnce());
    }
    return Future.succeededFuture();
  }

  private void watchOnce() {
    credentials.tokens().pollRevocations()
        .onFailure(e -> LOG.warn("cannot read token revocations: {}", e.getMessage()));
    if (++ticks % 120 == 0) {
      credentials.tokens().sweep();
    }
    if (ticks % 2 == 0) {
      vertx.executeBlocking(() -> credentials.users().reloadIfChanged(), false)
          .compose(gone -> Future.all(gone.stream().map(user -> credentials.tokens().revokeUser(user)
              .andThen(r -> LOG.info("user {} was removed: tokens revoked", user))).toList()))
          .onFailure(e -> LOG.warn("cannot re-read the users file: {}", e.getMessage()));
    }
  }

  @Override
  public Future<?> stop() {
    if (watch >= 0) {
      vertx.cancelTimer(watch);
    }
    return hashing == null ? Future.succeededFuture() : hashing.close();
  }
}
