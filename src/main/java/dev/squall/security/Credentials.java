package dev.squall.security;

/** The node's credential services: users (htpasswd), tokens, API keys and the failed-login throttle. */
public record Credentials(Htpasswd users, Tokens tokens, ApiKeys apiKeys, LoginThrottle throttle) {
}
