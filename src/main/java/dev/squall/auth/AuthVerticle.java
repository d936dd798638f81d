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

/** The {@code auth} service: logins and token checks on {@code /auth/v1}. */
public final class AuthVerticle extends VerticleBase {

  private final Router router;
  private final ContractRoutes contract;
  private final Credentials credentials;
  private final AuthConfig config;
  private WorkerExecutor hashing;

  private final java.util.Set<String> trustedProxies;

  public AuthVerticle(Router router, ContractRoutes contract, Credentials credentials, AuthConfig config,
      java.util.Set<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
    this.router = router;
    this.contract = contract;
    this.credentials = credentials;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("squall-auth-hashing", 2);
    TokenEndpoint tokens = new TokenEndpoint(credentials, config, hashing, trustedProxies);
    Map<String, Handler<RoutingContext>> handlers = Map.of("tokenCreate", tokens::create,
        "tokenValidate", tokens::validate);
    contract.mount(router, handlers);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return hashing == null ? Future.succeededFuture() : hashing.close();
  }
}
