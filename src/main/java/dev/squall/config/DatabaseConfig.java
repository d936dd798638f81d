package dev.squall.config;

/** {@code [database]}: empty url = embedded SQLite in the data dir; {@code mongodb://...} = MongoDB. */
public record DatabaseConfig(String url) {
  static DatabaseConfig from(Section s) {
    String url = s.string("url", "").trim();
    if (!url.isEmpty() && !url.startsWith("mongodb://") && !url.startsWith("mongodb+srv://") && !url.startsWith("sqlite:")) {
      throw new ConfigException("Invalid configuration: database.url must be empty, sqlite:<file> or mongodb://..., got '"
          + withoutCredentials(url) + "'");
    }
    return new DatabaseConfig(url);
  }

  /** The url with any {@code user:password@} replaced, for messages. */
  static String withoutCredentials(String url) {
    return url.replaceAll("^([^/]*//)[^/@]*@", "$1***@");
  }

  public boolean isMongo() {
    return url.startsWith("mongodb");
  }
}
