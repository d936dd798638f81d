package dev.squall.config;

/** {@code [auth]}. Authentication arrives with the auth service; until then every caller is the system user. */
public record AuthConfig(boolean enable) {
  static AuthConfig from(Section s) {
    boolean enable = s.bool("enable", false);
    if (enable) {
      throw new ConfigException("Invalid configuration: auth.enable=true is not supported by this release");
    }
    return new AuthConfig(false);
  }
}
