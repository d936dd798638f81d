package dev.squall.pack;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What {@link PackLoader#load} read from one pack directory.
 *
 * @param pack the Pack document: pack.yaml plus computed {@code ref}, {@code uid}, {@code path}, {@code files}
 * @param actions one document per valid action metadata file, sorted by file name
 * @param errors one message per action file that was skipped (each names the file); the caller decides
 *     whether they are fatal ({@code fail_on_failure})
 */
public record PackContent(JsonObject pack, List<JsonObject> actions, List<String> errors) {
  public PackContent {
    actions = List.copyOf(actions);
    errors = List.copyOf(errors);
  }

  /** The pack's ref ({@code core}, {@code examples}, ...). */
  public String ref() {
    return pack.getString("ref");
  }
}
