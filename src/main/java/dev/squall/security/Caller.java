package dev.squall.security;

import java.time.Instant;

/**
 * Who made a request and how they proved it: {@code method} is {@code authentication token}, {@code API key}
 * or {@code disabled} (auth off: everyone is the system user); {@code location} is where the credential was
 * found (header, query or cookie). {@code expiry} is the token's, null otherwise.
 */
public record Caller(String user, String method, String location, Instant expiry) {
  public static final String TOKEN = "authentication token";
  public static final String API_KEY = "API key";
  public static final String DISABLED = "disabled";

  public static Caller unauthenticated(String systemUser) {
    return new Caller(systemUser, DISABLED, null, null);
  }

  public Caller at(String where) {
    return new Caller(user, method, where, expiry);
  }
}
