package dev.squall.packs;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What {@link PackLoader#load} read from one pack directory.
 *
 * @param pack the Pack document: pack.yaml plus computed {@code ref}, {@code uid}, {@code path}, {@code files}
 * @param actions one document per valid action metadata file, sorted by file name
 * @param rules raw rule documents from {@code rules/} (pack and metadata_file set), validated on registration
 * @param triggerTypes trigger type documents from {@code triggers/}
 * @param errors one message per action file that was skipped (each names the file); the caller decides
 *     whether they are fatal ({@code fail_on_failure})
 */
public record PackContent(JsonObject pack, List<JsonObject> actions, List<String> errors, List<JsonObject> rules,
    List<JsonObject> triggerTypes) {
  public PackContent {
    actions = List.copyOf(actions);
    errors = List.copyOf(errors);
    rules = List.copyOf(rules);
    triggerTypes = List.copyOf(triggerTypes);
  }

  public PackContent(JsonObject pack, List<JsonObject> actions, List<String> errors) {
    this(pack, actions, errors, List.of(), List.of());
  }

  /** The pack's ref ({@code core}, {@code examples}, ...). */
  public String ref() {
    return pack.getString("ref");
  }
}
