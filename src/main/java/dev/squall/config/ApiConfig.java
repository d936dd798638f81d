package dev.squall.config;

/**
 * {@code [api]}: the HTTP front (API, stream, auth on one port). {@code maxHeaderSize} bounds the request's
 * header block (431 above it), {@code maxInitialLineLength} its request line (414), {@code maxJsonDepth} how
 * deeply a JSON request body may nest (400 deeper); {@code limits} bound connections and their timing.
 */
public record ApiConfig(String host, int port, int maxBodySize, int maxPageSize, int instances,
    java.util.List<String> allowOrigin, int maxHeaderSize, int maxInitialLineLength, int maxJsonDepth,
    HttpLimits limits) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9101;
  public static final int DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024;
  public static final int DEFAULT_MAX_PAGE_SIZE = 100;
  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 16 * 1024;
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  /** Deeper values risk the stack of the recursive code that walks them (the launcher runs with -Xss512k). */
  public static final int MAX_JSON_DEPTH = 256;

  static ApiConfig from(Section s) {
    return new ApiConfig(
        s.string("host", DEFAULT_HOST),
        s.integer("port", DEFAULT_PORT, 0, 65535),
        s.integer("max_body_size", DEFAULT_MAX_BODY_SIZE, 1, Integer.MAX_VALUE),
        s.integer("max_page_size", DEFAULT_MAX_PAGE_SIZE, 1, Integer.MAX_VALUE),
        s.integer("instances", 0, 0, 256),
        s.list("allow_origin", ","),
        s.integer("max_header_size", DEFAULT_MAX_HEADER_SIZE, 1024, 1024 * 1024),
        s.integer("max_initial_line_length", DEFAULT_MAX_INITIAL_LINE_LENGTH, 256, 1024 * 1024),
        s.integer("max_json_depth", DEFAULT_MAX_JSON_DEPTH, 1, MAX_JSON_DEPTH),
        HttpLimits.from(s));
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(host, newPort, maxBodySize, maxPageSize, instances, allowOrigin, maxHeaderSize,
        maxInitialLineLength, maxJsonDepth, limits);
  }
}
