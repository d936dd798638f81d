package dev.squall.config;

/** {@code [system_user]}: the user rules and unauthenticated calls run as. */
public record SystemUserConfig(String user) {
  static SystemUserConfig from(Section s) {
    String user = s.string("user", "stanley").trim();
    if (user.isEmpty()) {
      throw new ConfigException("Invalid configuration: system_user.user must not be empty");
    }
    return new SystemUserConfig(user);
  }
}
