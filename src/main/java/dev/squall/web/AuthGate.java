package dev.squall.web;

import dev.squall.config.AuthConfig;
import dev.squall.error.Unauthorized;
import dev.squall.security.ApiKeys;
import dev.squall.security.Caller;
import dev.squall.security.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;

/**
 * Runs before every route: finds the caller's credential where StackStorm looks for it (first present wins:
 * {@code X-Auth-Token} header, {@code St2-Api-Key} header, {@code x-auth-token} query, {@code st2-api-key}
 * query, {@code auth-token} cookie), checks it in memory, and records the {@link Caller} on the request. A
 * token sent in a header or the query also comes back as the {@code auth-token} cookie, which browser
 * event streams rely on. Only token creation is open. With auth off everyone is the system user.
 */
public final class AuthGate implements Handler<RoutingContext> {
  private static final String CALLER = "squall.caller";
  private static final Set<String> OPEN = Set.of("/auth/v1/tokens", "/auth/tokens");

  private final boolean enabled;
  private final Caller anonymous;
  private final Tokens tokens;
  private final ApiKeys apiKeys;
  private final AuthConfig config;

  public AuthGate(AuthConfig config, String systemUser, Tokens tokens, ApiKeys apiKeys) {
    this.enabled = config.enable();
    this.config = config;
    this.anonymous = Caller.unauthenticated(systemUser);
    this.tokens = tokens;
    this.apiKeys = apiKeys;
  }

  /** The caller of a request that passed the gate. */
  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new Unauthorized("Unauthorized - One of Token or API key required.");
    }
    return caller;
  }

  /** The calling user's name. */
  public static String user(RoutingContext ctx) {
    return caller(ctx).user();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled) {
      ctx.put(CALLER, anonymous);
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    if (request.method() == HttpMethod.POST && OPEN.contains(request.path())) {
      ctx.next();
      return;
    }
    String value;
    if ((value = request.getHeader("X-Auth-Token")) != null) {
      admit(ctx, tokens.authenticate(value), "header", value);
    } else if ((value = request.getHeader("St2-Api-Key")) != null) {
      admit(ctx, apiKeys.authenticate(value), "header", null);
    } else if ((value = request.getParam("x-auth-token")) != null) {
      admit(ctx, tokens.authenticate(value), "query", value);
    } else if ((value = request.getParam("st2-api-key")) != null) {
      admit(ctx, apiKeys.authenticate(value), "query", null);
    } else {
      Cookie cookie = request.getCookie("auth-token");
      if (cookie != null) {
        admit(ctx, tokens.authenticate(cookie.getValue()), "cookie", null);
      } else {
        ctx.fail(new Unauthorized("Unauthorized - One of Token or API key required."));
      }
    }
  }

  private void admit(RoutingContext ctx, Future<Caller> check, String location, String tokenForCookie) {
    // a credential not in this node's memory (issued by another node, or before a restart) is looked up in the
    // store: the request waits paused, so its body is still there for the body handler (which resumes it)
    boolean waits = !check.isComplete();
    if (waits) {
      ctx.request().pause();
    }
    check.onComplete(result -> {
      if (result.failed()) {
        if (waits) {
          ctx.request().resume();
        }
        ctx.fail(result.cause() instanceof Unauthorized ? result.cause() : new Unauthorized("Unauthorized"));
        return;
      }
      Caller caller = result.result().at(location);
      ctx.put(CALLER, caller);
      if (tokenForCookie != null && caller.expiry() != null) {
        ctx.response().headers().add("Set-Cookie", cookie(tokenForCookie, caller.expiry()));
      }
      ctx.next();
    });
  }

  /** A cookie value for one token, good for the wall-clock second it was made in. */
  private record MadeCookie(long second, String value) {
  }

  private final java.util.Map<String, MadeCookie> cookies = new java.util.concurrent.ConcurrentHashMap<>();

  /** The Set-Cookie value; made once per token and second (it runs on every request sent with a token). */
  private String cookie(String token, Instant expiry) {
    long second = System.currentTimeMillis() / 1000;
    MadeCookie made = cookies.get(token);
    if (made != null && made.second() == second) {
      return made.value();
    }
    if (cookies.size() > 10_000) {
      cookies.clear();
    }
    String value = cookieValue(token, Math.max(0, expiry.getEpochSecond() - second));
    cookies.put(token, new MadeCookie(second, value));
    return value;
  }

  private String cookieValue(String token, long maxAge) {
    StringBuilder value = new StringBuilder(96).append("auth-token=").append(token)
        .append("; Max-Age=").append(maxAge).append("; Path=/; HttpOnly");
    if (config.cookieSecure()) {
      value.append("; Secure");
    }
    switch (config.cookieSameSite()) {
      case "strict" -> value.append("; SameSite=Strict");
      case "lax" -> value.append("; SameSite=Lax");
      case "none" -> value.append("; SameSite=None");
      default -> {
      }
    }
    return value.toString();
  }
}
