package dev.squall.packs;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/** Validates a parsed {@code pack.yaml} and adds the fields StackStorm computes for a Pack. */
final class PackManifest {
  /** Valid pack refs (StackStorm's whitelist). */
  static final Pattern REF = Pattern.compile("^[a-z0-9_]+$");
  /** Strict semver as StackStorm checks it: x.y.z, optional lower-case pre-release and build parts. */
  static final Pattern VERSION = Pattern.compile(
      "^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)"
          + "(?:-[\\da-z\\-]+(?:\\.[\\da-z\\-]+)*)?(?:\\+[\\da-z\\-]+(?:\\.[\\da-z\\-]+)*)?$");
  private static final String RESERVED_REF = "_global";
  private static final List<String> REQUIRED = List.of("name", "description", "version", "author");

  private PackManifest() {
  }

  /**
   * The Pack document for {@code manifest} read from {@code dirName}, or a {@link Validation} naming the
   * problem. {@code files} and {@code path} are set by the caller.
   */
  static JsonObject toPack(JsonObject manifest, String dirName) {
    JsonObject pack = manifest.copy();
    // an unquoted version such as 1.0 arrives as a number; StackStorm compares its text
    Object version = pack.getValue("version");
    if (version instanceof Number) {
      pack.put("version", String.valueOf(version));
    }
    for (String field : REQUIRED) {
      Object value = pack.getValue(field);
      if (value == null) {
        throw invalid(dirName, "\"" + field + "\" is a required property");
      }
      if (!(value instanceof String)) {
        throw invalid(dirName, "\"" + field + "\" must be a string, not " + YamlFiles.describe(value));
      }
    }
    String versionText = pack.getString("version");
    if (!VERSION.matcher(versionText).matches()) {
      throw invalid(dirName, "Pack version \"" + versionText + "\" doesn't follow a valid semver format. "
          + "Valid versions and formats include: 0.1.0, 0.2.1, 1.1.0, etc.");
    }
    String ref = refOf(pack, dirName);
    pack.put("ref", ref);
    pack.put("uid", "pack:" + ref);
    defaultTo(pack, "keywords", new JsonArray());
    defaultTo(pack, "dependencies", new JsonArray());
    defaultTo(pack, "system", new JsonObject());
    return pack;
  }

  /** pack.yaml {@code ref}, else the directory name, else {@code name}, whichever is first valid. */
  static String refOf(JsonObject manifest, String dirName) {
    Object declared = manifest.getValue("ref");
    String ref;
    if (declared != null && !"".equals(declared)) {
      if (!(declared instanceof String s) || !REF.matcher(s).matches()) {
        throw invalid(dirName, "Pack ref / name can only contain valid word characters (a-z, 0-9 and _), "
            + "dashes are not allowed.");
      }
      ref = s;
    } else if (dirName != null && REF.matcher(dirName).matches()) {
      ref = dirName;
    } else {
      String name = manifest.getString("name");
      if (name == null || !REF.matcher(name).matches()) {
        throw invalid(dirName, "Pack name \"" + name + "\" contains invalid characters and \"ref\" attribute is "
            + "not available. Add a \"ref\" made of a-z, 0-9 and _ to pack.yaml or rename the pack.");
      }
      ref = name;
    }
    if (RESERVED_REF.equals(ref)) {
      throw invalid(dirName, ref + " is a reserved name, and cannot be used as a pack name");
    }
    return ref;
  }

  private static void defaultTo(JsonObject doc, String field, Object value) {
    if (doc.getValue(field) == null) {
      doc.put(field, value);
    }
  }

  private static Validation invalid(String dirName, String problem) {
    return new Validation("Failed to load pack.yaml of pack \"" + dirName + "\": " + problem);
  }
}
