package dev.squall.config;

/** {@code [api]}: the HTTP front (API, stream, auth on one port). */
public record ApiConfig(String host, int port, int maxBodySize, int maxPageSize, int instances,
    java.util.List<String> allowOrigin) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9101;
  public static final int DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024;
  public static final int DEFAULT_MAX_PAGE_SIZE = 100;

  static ApiConfig from(Section s) {
    return new ApiConfig(
        s.string("host", DEFAULT_HOST),
        s.integer("port", DEFAULT_PORT, 0, 65535),
        s.integer("max_body_size", DEFAULT_MAX_BODY_SIZE, 1, Integer.MAX_VALUE),
        s.integer("max_page_size", DEFAULT_MAX_PAGE_SIZE, 1, Integer.MAX_VALUE),
        s.integer("instances", 0, 0, 256),
        s.list("allow_origin", ","));
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(host, newPort, maxBodySize, maxPageSize, instances, allowOrigin);
  }
}
