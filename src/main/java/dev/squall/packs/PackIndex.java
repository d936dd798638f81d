package dev.squall.packs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pack index ({@code content.index_url}: StackStorm's {@code index.json} shape, {@code {"packs": {name:
 * {name, description, keywords, version, author, repo_url, ...}}}}) read from a file, a {@code file://} URL or
 * HTTP(S). Every method blocks: call off the event loop. An unreachable index is an empty one with its error.
 */
public final class PackIndex {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final List<String> urls;

  /** {@code urls}: index locations, merged in order (a later one wins for the same pack name). */
  public PackIndex(List<String> urls) {
    this.urls = List.copyOf(urls);
  }

  /** {@code {"indexes": {count, valid, invalid, errors, status}, "packs": {...}}}. */
  public JsonObject read() {
    JsonObject packs = new JsonObject();
    JsonArray status = new JsonArray();
    JsonObject errors = new JsonObject();
    int valid = 0;
    for (String url : urls) {
      try {
        JsonObject index = new JsonObject(fetch(url));
        index.getJsonObject("packs", new JsonObject()).forEach(e -> packs.put(e.getKey(), e.getValue()));
        status.add(new JsonObject().put("url", url).put("packs", index.getJsonObject("packs", new JsonObject()).size())
            .put("message", "Success.").put("error", (Object) null));
        valid++;
      } catch (IOException | RuntimeException e) {
        errors.put(url, String.valueOf(e.getMessage()));
        status.add(new JsonObject().put("url", url).put("packs", 0).put("message", String.valueOf(e.getMessage()))
            .put("error", "unresponsive"));
      }
    }
    return new JsonObject()
        .put("indexes", new JsonObject().put("count", urls.size()).put("valid", valid)
            .put("invalid", urls.size() - valid).put("errors", errors).put("status", status))
        .put("packs", packs);
  }

  /**
   * The index entry of one pack by name, or null.
   *
   * @throws dev.squall.error.Validation when no index could be read (so "not in the index" is not claimed)
   */
  public JsonObject pack(String name) {
    JsonObject index = read();
    JsonObject indexes = index.getJsonObject("indexes");
    if (indexes.getInteger("count") > 0 && indexes.getInteger("valid") == 0) {
      throw new dev.squall.error.Validation("No pack index could be read: " + indexes.getJsonObject("errors").encode());
    }
    return index.getJsonObject("packs").getJsonObject(name);
  }

  /** Packs whose name, description, keywords or author contain the query (case-insensitive). */
  public List<JsonObject> search(String query) {
    String q = query.toLowerCase(Locale.ROOT);
    List<JsonObject> found = new ArrayList<>();
    read().getJsonObject("packs").forEach(e -> {
      if (e.getValue() instanceof JsonObject pack) {
        String text = String.join(" ", pack.getString("name", e.getKey()), pack.getString("description", ""),
            pack.getValue("keywords") == null ? "" : String.valueOf(pack.getValue("keywords")),
            pack.getValue("author") == null ? "" : String.valueOf(pack.getValue("author")));
        if (text.toLowerCase(Locale.ROOT).contains(q)) {
          found.add(pack);
        }
      }
    });
    return found;
  }

  private static String fetch(String url) throws IOException {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      try {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    return Files.readString(url.startsWith("file://") ? Path.of(URI.create(url)) : Path.of(url));
  }
}
