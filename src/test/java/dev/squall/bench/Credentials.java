package dev.squall.bench;

import io.vertx.core.http.RequestOptions;
import java.net.http.HttpRequest;

/**
 * What the load tools present to a server with auth on, as clients do: the token the harness got by logging in
 * ({@code BENCH_TOKEN}) on API calls, the API key it created ({@code BENCH_API_KEY}) on webhooks. Unset = none.
 */
final class Credentials {
  static final String TOKEN = System.getenv("BENCH_TOKEN");
  static final String API_KEY = System.getenv("BENCH_API_KEY");

  private Credentials() {
  }

  static RequestOptions api(RequestOptions request) {
    return TOKEN == null || TOKEN.isEmpty() ? request : request.putHeader("X-Auth-Token", TOKEN);
  }

  static RequestOptions webhook(RequestOptions request) {
    return API_KEY == null || API_KEY.isEmpty() ? api(request) : request.putHeader("St2-Api-Key", API_KEY);
  }

  static HttpRequest.Builder api(HttpRequest.Builder request) {
    return TOKEN == null || TOKEN.isEmpty() ? request : request.header("X-Auth-Token", TOKEN);
  }
}
