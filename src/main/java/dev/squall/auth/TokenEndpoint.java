package dev.squall.auth;

import dev.squall.config.AuthConfig;
import dev.squall.error.AccessDenied;
import dev.squall.error.Unauthorized;
import dev.squall.error.Unavailable;
import dev.squall.error.Validation;
import dev.squall.security.Credentials;
import dev.squall.security.PasswordHashes;
import dev.squall.web.Bodies;
import dev.squall.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code POST /auth/v1/tokens} (HTTP Basic → a token) and {@code POST /auth/v1/tokens/validate}. */
final class TokenEndpoint {
  private static final String BAD_CREDENTIALS = "Invalid or missing credentials";
  /** Compared against when the user is unknown, so a wrong name costs as long as a wrong password. */
  private static final class Unknown {
    static final String HASH = PasswordHashes.bcrypt("squall-no-such-user");  // built on a hashing thread
  }

  private final Credentials credentials;
  private final AuthConfig config;
  private final WorkerExecutor hashing;
  /** Logins waiting for or in hashing: past the cap, 503 instead of an unbounded queue. */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private static final int MAX_QUEUED_LOGINS = 64;

  private final java.util.Set<String> trustedProxies;

  TokenEndpoint(Credentials credentials, AuthConfig config, WorkerExecutor hashing) {
    this(credentials, config, hashing, java.util.Set.of());
  }

  /** {@code trustedProxies}: peers whose X-Forwarded-For names the client the login throttle counts. */
  TokenEndpoint(Credentials credentials, AuthConfig config, WorkerExecutor hashing,
      java.util.Set<String> trustedProxies) {
    this.credentials = credentials;
    this.config = config;
    this.hashing = hashing;
    this.trustedProxies = trustedProxies;
  }

  /** A login: Basic credentials checked on the hashing pool, then a token for at most auth.token_ttl. */
  void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    long ttl = ttl(body);
    if (body.getValue("user") != null || body.getValue("impersonate_user") != null) {
      throw new AccessDenied("Only service users can request a token for another user.");
    }
    String[] basic = basic(ctx.request().getHeader("Authorization"));
    String user = basic[0];
    String address = dev.squall.web.ClientAddress.of(ctx.request(), trustedProxies);
    credentials.throttle().attempt(user, address);
    if (inFlight.incrementAndGet() > MAX_QUEUED_LOGINS) {
      inFlight.decrementAndGet();
      throw new Unavailable("Too many logins in progress; retry later.", 1);
    }
    hashing.executeBlocking(() -> {
          String hash = credentials.users().hashOf(user);
          return PasswordHashes.verify(basic[1], hash == null ? Unknown.HASH : hash) && hash != null;
        }, false)
        .andThen(done -> inFlight.decrementAndGet())
        .compose(good -> {
          if (!good) {
            return Future.failedFuture(new Unauthorized(BAD_CREDENTIALS)); // already counted by attempt()
          }
          credentials.throttle().succeeded(user, address);
          return credentials.tokens().issue(user, ttl, false, new JsonObject());
        })
        .onSuccess(token -> {
          ctx.response().putHeader("X-API-URL", apiUrl(ctx));
          Replies.json(ctx, 201, token);
        })
        .onFailure(ctx::fail);
  }

  void validate(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    if (!(body.getValue("token") instanceof String token) || token.isEmpty()) {
      throw new Validation("'token' is a required property");
    }
    credentials.tokens().authenticate(token)
        .transform(result -> Future.succeededFuture(new JsonObject().put("valid", result.succeeded())))
        .onSuccess(reply -> Replies.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private long ttl(JsonObject body) {
    Object ttl = body.getValue("ttl");
    if (ttl == null) {
      return config.tokenTtl();
    }
    if (!(ttl instanceof Integer || ttl instanceof Long) || ((Number) ttl).longValue() < 1) {
      throw new Validation("'ttl' must be a positive integer (seconds)");
    }
    long seconds = ((Number) ttl).longValue();
    if (seconds > config.tokenTtl()) {
      throw new Validation("TTL specified " + seconds + " is greater than max allowed " + config.tokenTtl() + ".");
    }
    return seconds;
  }

  /** User and password from an HTTP Basic header; 401 when absent or malformed. */
  static String[] basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new Unauthorized(BAD_CREDENTIALS);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Unauthorized(BAD_CREDENTIALS);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || decoded.length() > 1024) {
      throw new Unauthorized(BAD_CREDENTIALS);
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private String apiUrl(RoutingContext ctx) {
    if (!config.apiUrl().isEmpty()) {
      return config.apiUrl();
    }
    var local = ctx.request().localAddress();
    return "http://" + local.hostAddress() + ":" + local.port();
  }
}
