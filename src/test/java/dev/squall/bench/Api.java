package dev.squall.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Blocking calls for the few control requests (counts) the load tools make outside the measured path. */
final class Api {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Api(String base) {
    this.base = base;
  }

  /** The {@code X-Total-Count} of a list request ({@code limit=1} and only ids are asked for). */
  long count(String pathAndQuery) {
    String sep = pathAndQuery.contains("?") ? "&" : "?";
    HttpRequest request = Credentials.api(HttpRequest.newBuilder(URI.create(base + pathAndQuery + sep
        + "limit=1&include_attributes=id"))).timeout(Duration.ofSeconds(60)).GET().build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
      }
      return Long.parseLong(r.headers().firstValue("X-Total-Count")
          .orElseThrow(() -> new IllegalStateException("no X-Total-Count on " + pathAndQuery)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
