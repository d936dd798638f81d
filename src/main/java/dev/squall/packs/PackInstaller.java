package dev.squall.packs;

import dev.squall.error.Validation;
import dev.squall.util.FileTrees;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Puts packs on disk and takes them off (every method blocks: call off the event loop). A pack comes from a git
 * URL ({@code file://} included), a local directory, or a name looked up in the pack index, optionally
 * {@code =<version or git ref>}; it lands in {@code <packs dir>/<ref>} (replaced whole), its dependencies too, and
 * gets a virtualenv {@code <virtualenvs>/<ref>} with its {@code requirements.txt} installed by pip (pip's own
 * {@code PIP_*} environment applies, e.g. {@code PIP_NO_INDEX} and {@code PIP_FIND_LINKS} offline).
 */
public final class PackInstaller {
  /** Packs Squall ships: never installed over or removed. */
  public static final Set<String> BUNDLED_PACKS = Set.of("core", "packs");
  /** Packs that run on the system Python, as in StackStorm: never given a virtualenv. */
  public static final Set<String> SYSTEM_PACKS = Set.of("core", "packs", "linux", "chatops");
  private static final Pattern GIT_URL = Pattern.compile("^(https?://|git://|ssh://|file://|git@).+");
  private static final long COMMAND_TIMEOUT_SECONDS = 600;

  /**
   * @param packsDir where packs are installed
   * @param virtualenvs where their virtualenvs go
   * @param python the Python that makes virtualenvs
   * @param index a pack name to its index entry ({@code repo_url}, {@code version}, ...), or null when unknown
   */
  public record Settings(Path packsDir, Path virtualenvs, String python, Function<String, JsonObject> index) {
  }

  /** One pack on disk: its ref, directory and {@code pack.yaml} document. */
  public record Installed(String ref, Path path, JsonObject pack) {
  }

  private final Settings settings;

  public PackInstaller(Settings settings) {
    this.settings = settings;
  }

  /** Downloads the packs and (unless skipped) their dependencies, each with a virtualenv; in install order. */
  public List<Installed> install(List<String> specs, boolean skipDependencies) {
    Map<String, Installed> done = new LinkedHashMap<>();
    for (String spec : specs) {
      installOne(spec, skipDependencies, done, 0);
    }
    return List.copyOf(done.values());
  }

  private void installOne(String spec, boolean skipDependencies, Map<String, Installed> done, int depth) {
    if (depth > 10) {
      throw new Validation("Pack dependencies nest more than 10 deep at \"" + spec + "\"");
    }
    Installed pack = download(spec);
    done.put(pack.ref(), pack);
    setupVirtualenv(pack.ref());
    if (skipDependencies) {
      return;
    }
    for (Object dependency : pack.pack().getJsonArray("dependencies", new JsonArray())) {
      String dep = String.valueOf(dependency);
      String name = nameOf(dep);
      if (done.containsKey(name) || BUNDLED_PACKS.contains(name)
          || Files.isDirectory(settings.packsDir().resolve(name))) {
        continue; // installed already: StackStorm leaves it as it is too
      }
      installOne(dep, false, done, depth + 1);
    }
  }

  /** Fetches one pack into the packs directory, replacing what was there. */
  public Installed download(String spec) {
    String source = spec.trim();
    String version = null;
    int eq = source.lastIndexOf('=');
    if (eq > 0 && !source.substring(eq).contains("/")) {
      version = source.substring(eq + 1);
      source = source.substring(0, eq);
    }
    Path local = localDirectory(source);
    String candidate;
    if (local == null && !GIT_URL.matcher(source).matches()) {
      JsonObject entry = settings.index() == null ? null : settings.index().apply(source);
      if (entry == null || entry.getString("repo_url") == null) {
        throw new Validation("No record of the \"" + source + "\" pack in the index.");
      }
      candidate = source;
      source = entry.getString("repo_url");
      local = localDirectory(source);
    } else {
      candidate = local != null ? local.getFileName().toString() : repoName(source);
    }
    Path staging = staging();
    try {
      Path dir = staging.resolve(safeName(candidate));
      if (local != null && !Files.isDirectory(local.resolve(".git"))) {
        if (version != null) {
          throw new Validation("\"" + spec + "\" names a version, but " + local + " is not a git repository");
        }
        FileTrees.copy(local, dir, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      } else {
        String url = local != null ? local.toUri().toString() : source;
        run(List.of("git", "clone", "--quiet", url, dir.toString()), staging, "git clone of " + url);
        if (version != null) {
          checkout(dir, version);
        }
      }
      PackContent content = new PackLoader().load(dir);
      String ref = content.pack().getString("ref");
      if (ref == null || ref.isBlank()) {
        throw new Validation("Pack from \"" + spec + "\" has no usable ref: " + String.join("; ", content.errors()));
      }
      if (BUNDLED_PACKS.contains(ref)) {
        throw new Validation("Pack \"" + ref + "\" comes with Squall and cannot be installed over.");
      }
      Path target = settings.packsDir().resolve(ref);
      Files.createDirectories(settings.packsDir());
      Path old = settings.packsDir().resolve("." + ref + ".old-" + System.nanoTime());
      if (Files.exists(target)) {
        Files.move(target, old);
      }
      Files.move(dir, target);
      FileTrees.delete(old);
      return new Installed(ref, target, new PackLoader().load(target).pack());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install \"" + spec + "\"", e);
    } finally {
      deleteQuietly(staging);
    }
  }

  /** A virtualenv for the pack (made once; its requirements installed every time). System packs get none. */
  public void setupVirtualenv(String ref) {
    if (SYSTEM_PACKS.contains(ref)) {
      return;
    }
    Path pack = settings.packsDir().resolve(ref);
    if (!Files.isDirectory(pack)) {
      throw new Validation("Pack \"" + ref + "\" is not installed in " + settings.packsDir());
    }
    Path venv = settings.virtualenvs().resolve(ref);
    if (!Files.isExecutable(venv.resolve("bin/python"))) {
      try {
        Files.createDirectories(settings.virtualenvs());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      run(List.of(settings.python(), "-m", "venv", "--system-site-packages", venv.toString()), pack,
          "making the virtualenv of pack \"" + ref + "\"");
    }
    Path requirements = pack.resolve("requirements.txt");
    if (Files.isRegularFile(requirements)) {
      run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--disable-pip-version-check",
          "--quiet", "-r", requirements.toString()), pack, "installing " + ref + "/requirements.txt");
    }
  }

  /** Fails when the pack may not be removed: Squall's own packs, or something that is not a pack ref. */
  public io.vertx.core.Future<Void> removable(String ref) {
    if (BUNDLED_PACKS.contains(ref)) {
      return io.vertx.core.Future.failedFuture(new Validation("Pack \"" + ref
          + "\" comes with Squall and cannot be removed."));
    }
    if (!ref.matches("[a-z0-9_]+")) {
      return io.vertx.core.Future.failedFuture(new Validation("\"" + ref + "\" is not a pack ref"));
    }
    return io.vertx.core.Future.succeededFuture();
  }

  /** Takes the pack and its virtualenv off disk (check {@link #removable} first). */
  public void remove(String ref) {
    if (BUNDLED_PACKS.contains(ref) || !ref.matches("[a-z0-9_]+")) {
      throw new Validation("Pack \"" + ref + "\" cannot be removed.");
    }
    deleteQuietly(settings.packsDir().resolve(ref));
    deleteQuietly(settings.virtualenvs().resolve(ref));
  }

  static String nameOf(String dependency) {
    String name = dependency.trim();
    int eq = name.lastIndexOf('=');
    if (eq > 0 && !name.substring(eq).contains("/")) {
      name = name.substring(0, eq);
    }
    if (GIT_URL.matcher(name).matches() || name.contains("/")) {
      return safeName(repoName(name));
    }
    return name;
  }

  /** The repository's name without {@code .git} and StackStorm's {@code stackstorm-} prefix. */
  static String repoName(String url) {
    String path = url.replaceAll("/+$", "");
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
    name = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    return name.startsWith("stackstorm-") ? name.substring("stackstorm-".length()) : name;
  }

  private static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "pack" + safe : safe;
  }

  private static Path localDirectory(String source) {
    String path = source.startsWith("file://") ? source.substring("file://".length()) : source;
    if (!path.startsWith("/") && !path.startsWith(".")) {
      return null;
    }
    Path dir = Path.of(path).toAbsolutePath().normalize();
    return Files.isDirectory(dir) ? dir : null;
  }

  private void checkout(Path dir, String version) {
    List<String> tried = new ArrayList<>();
    for (String ref : version.matches("\\d+\\.\\d+\\.\\d+.*") ? List.of("v" + version, version) : List.of(version)) {
      try {
        run(List.of("git", "-C", dir.toString(), "checkout", "--quiet", ref), dir, "git checkout " + ref);
        return;
      } catch (Validation e) {
        tried.add(ref);
      }
    }
    throw new Validation("No git ref " + String.join(" or ", tried) + " in the pack's repository");
  }

  private Path staging() {
    try {
      Files.createDirectories(settings.packsDir());
      return Files.createTempDirectory(settings.packsDir(), ".installing-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + settings.packsDir(), e);
    }
  }

  /** Runs a command; a non-zero exit is a Validation carrying the end of its output. */
  private static void run(List<String> command, Path cwd, String what) {
    Path output = null;
    try {
      output = Files.createTempFile("squall-command", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().put("GIT_TERMINAL_PROMPT", "0");
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new Validation(what + " took more than " + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        throw new Validation(what + " failed (exit " + process.exitValue() + "): "
            + (text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text));
      }
    } catch (IOException e) {
      throw new Validation(what + " could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Validation(what + " was interrupted");
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
