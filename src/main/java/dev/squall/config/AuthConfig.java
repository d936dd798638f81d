package dev.squall.config;

/**
 * {@code [auth]}: on by default. Users come from an htpasswd file (StackStorm's flat-file backend);
 * tokens live {@code token_ttl} seconds at most; failed logins are throttled per user and per address.
 */
public record AuthConfig(boolean enable, String htpasswdFile, int tokenTtl, int serviceTokenTtl, String apiUrl,
    int loginFailures, int loginWindow, boolean cookieSecure, String cookieSameSite) {
  public static final int DEFAULT_TOKEN_TTL = 86400;
  public static final int DEFAULT_LOGIN_FAILURES = 5;
  public static final int DEFAULT_LOGIN_WINDOW = 60;

  static AuthConfig from(Section s, Section api) {
    String sameSite = api.string("auth_cookie_same_site", "lax").toLowerCase();
    if (!java.util.List.of("strict", "lax", "none", "unset").contains(sameSite)) {
      throw new ConfigException("Invalid configuration: api.auth_cookie_same_site must be strict, lax, none or unset");
    }
    return new AuthConfig(
        s.bool("enable", true),
        s.string("htpasswd_file", ""),
        s.integer("token_ttl", DEFAULT_TOKEN_TTL, 1, Integer.MAX_VALUE),
        s.integer("service_token_ttl", DEFAULT_TOKEN_TTL, 1, Integer.MAX_VALUE),
        s.string("api_url", ""),
        s.integer("login_failures", DEFAULT_LOGIN_FAILURES, 1, 1_000_000),
        s.integer("login_window", DEFAULT_LOGIN_WINDOW, 1, 86400),
        api.bool("auth_cookie_secure", true),
        sameSite);
  }
}
