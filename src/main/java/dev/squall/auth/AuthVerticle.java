package dev.squall.auth;

import dev.squall.config.AuthConfig;
import dev.squall.security.Credentials;
import dev.squall.web.Operation;
import dev.squall.web.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;

/** The {@code auth} service: logins and token checks on {@code /auth/v1}. */
public final class AuthVerticle extends VerticleBase {

  private final RouteTable routes;
  private final Credentials credentials;
  private final AuthConfig config;
  private final java.util.Set<String> trustedProxies;
  private WorkerExecutor hashing;

  /** {@code trustedProxies}: peers whose X-Forwarded-For names the client the login throttle counts. */
  public AuthVerticle(RouteTable routes, Credentials credentials, AuthConfig config,
      java.util.Set<String> trustedProxies) {
    this.routes = routes;
    this.trustedProxies = trustedProxies;
    this.credentials = credentials;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("squall-auth-hashing", 2);
    TokenEndpoint tokens = new TokenEndpoint(credentials, config, hashing, trustedProxies);
    routes.bind(Operation.TOKEN_CREATE, tokens::create);
    routes.bind(Operation.TOKEN_VALIDATE, tokens::validate);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return hashing == null ? Future.succeededFuture() : hashing.close();
  }
}
