package dev.squall.packs;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads packs laid out as StackStorm lays them out on disk: {@code pack.yaml} plus action metadata in
 * {@code actions/}. All methods do blocking file I/O; call them from a worker, never an event loop.
 */
public final class PackLoader {
  /** The manifest file that makes a directory a pack. */
  public static final String MANIFEST = "pack.yaml";

  /**
   * Reads the pack in {@code packDir}.
   *
   * @return the Pack document, the valid actions (sorted by file name) and one error per bad action file
   * @throws Validation when pack.yaml is missing or invalid
   * @throws UncheckedIOException when the directory cannot be listed
   */
  public PackContent load(Path packDir) {
    Path dir = packDir.toAbsolutePath().normalize();
    String dirName = dir.getFileName() == null ? "" : dir.getFileName().toString();
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new Validation("Pack \"" + dir + "\" is missing " + MANIFEST + " file");
    }
    JsonObject manifest;
    try {
      manifest = YamlFiles.readObject(manifestFile);
    } catch (IOException | IllegalArgumentException e) {
      throw new Validation("Failed to load pack.yaml of pack \"" + dirName + "\": " + reason(e));
    }
    JsonObject pack = PackManifest.toPack(manifest, dirName);
    pack.put("path", dir.toString());
    pack.put("files", new JsonArray(new ArrayList<>(listFiles(dir))));

    List<JsonObject> actions = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path file : actionFiles(dir.resolve("actions"))) {
      String fileName = file.getFileName().toString();
      try {
        JsonObject action = ActionMetadata.toAction(YamlFiles.readObject(file), pack.getString("ref"), fileName);
        checkEntryPoint(dir, action);
        actions.add(action);
      } catch (IOException | IllegalArgumentException e) {
        errors.add("Failed to register action \"actions/" + fileName + "\" from pack \"" + pack.getString("ref")
            + "\": " + reason(e));
      }
    }
    String ref = pack.getString("ref");
    List<JsonObject> rules = new ArrayList<>();
    for (Path file : actionFiles(dir.resolve("rules"))) {
      String fileName = file.getFileName().toString();
      try {
        JsonObject rule = YamlFiles.readObject(file);
        Object declared = rule.getValue("pack");
        if (declared != null && !ref.equals(declared)) {
          throw new IllegalArgumentException("Model is in pack \"" + ref + "\" but field \"pack\" is different: " + declared);
        }
        rules.add(rule.put("pack", ref).put("metadata_file", "rules/" + fileName));
      } catch (IOException | IllegalArgumentException e) {
        errors.add("Failed to register rule \"rules/" + fileName + "\" from pack \"" + ref + "\": " + reason(e));
      }
    }
    List<JsonObject> triggerTypes = new ArrayList<>();
    for (Path file : actionFiles(dir.resolve("triggers"))) {
      String fileName = file.getFileName().toString();
      try {
        JsonObject type = YamlFiles.readObject(file);
        if (!(type.getValue("name") instanceof String name) || name.isBlank()) {
          throw new IllegalArgumentException("'name' is a required property");
        }
        JsonObject doc = new JsonObject().put("name", name).put("pack", ref).put("ref", ref + "." + name)
            .put("uid", "trigger_type:" + ref + ":" + name).put("description", type.getString("description", ""))
            .put("payload_schema", type.getJsonObject("payload_schema", new JsonObject()))
            .put("tags", type.getJsonArray("tags", new JsonArray())).put("metadata_file", "triggers/" + fileName);
        JsonObject params = type.getJsonObject("parameters_schema");
        if (params != null && !params.isEmpty()) {
          doc.put("parameters_schema", params);
        }
        triggerTypes.add(doc);
      } catch (IOException | IllegalArgumentException | ClassCastException e) {
        errors.add("Failed to register trigger type \"triggers/" + fileName + "\" from pack \"" + ref + "\": "
            + reason(e));
      }
    }
    return new PackContent(pack, actions, errors, rules, triggerTypes);
  }

  /** Runners that run a file: their action's entry point must be there. */
  private static final java.util.Set<String> FILE_RUNNERS = java.util.Set.of("python-script", "local-shell-script",
      "remote-shell-script");

  private static void checkEntryPoint(Path packDir, JsonObject action) {
    if (!FILE_RUNNERS.contains(action.getString("runner_type"))) {
      return;
    }
    String entry = action.getString("entry_point", "");
    if (entry.isBlank()) {
      throw new IllegalArgumentException("runner \"" + action.getString("runner_type") + "\" needs an entry_point");
    }
    Path actions = packDir.resolve("actions").normalize();
    Path file = actions.resolve(entry).normalize();
    if (!file.startsWith(actions) || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("entry point \"actions/" + entry + "\" does not exist");
    }
  }

  /**
   * The pack directories (those holding a pack.yaml) directly under each base path, base paths in the
   * given order and packs sorted by directory name within each. Missing base paths are skipped; a pack
   * found under several base paths is listed each time (a later registration replaces an earlier one).
   */
  public List<Path> discover(List<Path> basePaths) {
    List<Path> packs = new ArrayList<>();
    for (Path base : basePaths) {
      if (!Files.isDirectory(base)) {
        continue;
      }
      try (Stream<Path> children = Files.list(base)) {
        children
            .filter(child -> !child.getFileName().toString().startsWith("."))
            .filter(child -> Files.isRegularFile(child.resolve(MANIFEST)))
            .map(child -> child.toAbsolutePath().normalize())
            .sorted()
            .forEach(packs::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list packs base path " + base, e);
      }
    }
    return packs;
  }

  /**
   * The packs bundled with Squall as a plain directory that scripts can run from: the classpath
   * directory itself when running from an exploded build, else a copy extracted from the jar into
   * {@code targetDir} (bundled packs there are replaced). Entry-point scripts are made executable.
   */
  public static Path extractBundled(Path targetDir) {
    return BundledPacks.extract(targetDir);
  }

  /** Action metadata files: {@code *.yaml} / {@code *.yml} at the top level of actions/, sorted. */
  private static List<Path> actionFiles(Path actionsDir) {
    if (!Files.isDirectory(actionsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(actionsDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> isYaml(file.getFileName().toString()))
          .filter(file -> !isActionsConfig(file.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + actionsDir, e);
    }
  }

  private static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  // StackStorm skips a global actions/config.yaml: it is not an action
  private static boolean isActionsConfig(String name) {
    return name.equals("config.yaml") || name.equals("config.yml");
  }

  /** Every file under the pack, relative and '/'-separated, sorted; .git and *.pyc left out. */
  static List<String> listFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk
          .filter(Files::isRegularFile)
          .map(file -> dir.relativize(file))
          .filter(rel -> !rel.startsWith(".git"))
          .map(rel -> rel.toString().replace(rel.getFileSystem().getSeparator(), "/"))
          .filter(rel -> !rel.endsWith(".pyc"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list files of pack " + dir, e);
    }
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
      var at = json.getLocation();
      // without Jackson's source-reference noise, but with the line
      message = json.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ")");
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
