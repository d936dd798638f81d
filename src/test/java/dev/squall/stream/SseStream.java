package dev.squall.stream;

import dev.squall.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A plain HTTP client reading a Server-Sent Events response frame by frame, as a stream client would. */
final class SseStream implements AutoCloseable {
  /** One {@code event:}/{@code data:} frame. */
  record Frame(String event, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final HttpResponse<InputStream> response;
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final AtomicInteger blankLines = new AtomicInteger();
  private volatile boolean ended;

  private SseStream(HttpResponse<InputStream> response) {
    this.response = response;
  }

  /** Sends the GET and starts reading once the headers are in. */
  static SseStream open(String url) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    SseStream stream = new SseStream(response);
    if (response.statusCode() == 200) {
      Thread reader = new Thread(stream::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }
    return stream;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        } else if (line.isEmpty()) {
          if (event != null) {
            frames.add(new Frame(event, data == null ? "" : data.toString()));
          } else {
            blankLines.incrementAndGet();
          }
          event = null;
          data = null;
        }
      }
    } catch (IOException closed) {
      // closed by the test, or reset by the server
    }
    ended = true;
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a non-SSE answer (an error). */
  String body() throws IOException {
    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** Empty lines outside frames: the opening line and heart-beats. */
  int blankLines() {
    return blankLines.get();
  }

  boolean ended() {
    return ended;
  }

  /** The first frame received that {@code wanted} accepts, waiting for it. */
  Frame await(String what, Predicate<Frame> wanted) {
    return Poll.until(what, () -> frames.stream().filter(wanted).findFirst().orElse(null), f -> f != null);
  }

  /** Waits until the server ends the response. */
  void awaitEnd() {
    Poll.until("the end of the stream", () -> ended);
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
