package dev.squall.packs;

import dev.squall.error.SquallException;
import dev.squall.util.FileTrees;
import dev.squall.util.ProcessLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The {@code packs/} tree the build puts on the classpath, made available as real files. */
final class BundledPacks {
  /** A file every build bundles; finding it locates the tree whether it sits in a jar or a directory. */
  private static final String ANCHOR = "packs/core/pack.yaml";

  private BundledPacks() {
  }

  static Path extract(Path targetDir) {
    return extract(targetDir, BundledPacks.class.getClassLoader());
  }

  /** As {@link #extract(Path)}, reading the tree through {@code classLoader} (tests point it at a jar). */
  static Path extract(Path targetDir, ClassLoader classLoader) {
    URL anchor = classLoader.getResource(ANCHOR);
    if (anchor == null) {
      throw new IllegalStateException("No bundled packs on the classpath (" + ANCHOR + " missing)");
    }
    try {
      Path root;
      if ("file".equals(anchor.getProtocol())) {
        root = Path.of(anchor.toURI()).getParent().getParent();
      } else if ("jar".equals(anchor.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) anchor.openConnection();
        Path jar = Path.of(connection.getJarFileURL().toURI());
        Path extracted = targetDir.toAbsolutePath().normalize();
        // nodes sharing a data dir start together: one at a time replaces the packs and marks their scripts
        ProcessLock.holding(extracted.resolve(".extract.lock"), () -> {
          try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            // the packs of this very jar are there already: leave them be (another node may be reading them)
            Path stamp = extracted.resolve(".extracted-from");
            String jarStamp = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(jarStamp)
                || !allPresent(zip.getPath("/packs"), extracted)) {
              Files.deleteIfExists(stamp);
              copyPacks(zip.getPath("/packs"), extracted);
              markExecutables(extracted);
              Files.writeString(stamp, jarStamp);
            }
          }
          return null;
        });
        return extracted;
      } else {
        throw new IllegalStateException("Cannot read bundled packs from " + anchor);
      }
      markExecutables(root);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract bundled packs to " + targetDir, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Bad classpath location " + anchor, e);
    }
  }

  /** Replaces each bundled pack under {@code target} with the jar's copy, so upgrades leave no stale files. */
  private static void copyPacks(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    List<Path> packs;
    try (Stream<Path> children = Files.list(source)) {
      packs = children.filter(Files::isDirectory).toList();
    }
    for (Path pack : packs) {
      String name = pack.getFileName().toString().replace("/", "");
      Path staging = target.resolve("." + name + ".extracting-" + ProcessHandle.current().pid());
      FileTrees.delete(staging);
      FileTrees.copy(pack, staging, StandardCopyOption.REPLACE_EXISTING);
      Path destination = target.resolve(name);
      FileTrees.delete(destination);
      Files.move(staging, destination);
    }
  }

  private static boolean allPresent(Path source, Path target) throws IOException {
    try (Stream<Path> children = Files.list(source)) {
      return children.filter(Files::isDirectory)
          .allMatch(pack -> Files.isRegularFile(target.resolve(pack.getFileName().toString().replace("/", ""))
              .resolve("pack.yaml")));
    }
  }

  /**
   * Makes scripts executable: files starting with {@code #!} and entry points of shell-script actions.
   * Jar entries and Maven's resource copy both drop the executable bit.
   */
  static void markExecutables(Path root) throws IOException {
    if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    PackLoader loader = new PackLoader();
    for (Path packDir : loader.discover(List.of(root))) {
      try (Stream<Path> walk = Files.walk(packDir)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          if (startsWithShebang(file)) {
            makeExecutable(file);
          }
        }
      }
      for (Path entryPoint : shellEntryPoints(loader, packDir)) {
        makeExecutable(entryPoint);
      }
    }
  }

  private static List<Path> shellEntryPoints(PackLoader loader, Path packDir) {
    try {
      return loader.load(packDir).actions().stream()
          .filter(action -> action.getString("runner_type").endsWith("-shell-script"))
          .map(action -> action.getString("entry_point"))
          .filter(entry -> !entry.isEmpty())
          .map(entry -> packDir.resolve("actions").resolve(entry).normalize())
          .filter(path -> path.startsWith(packDir) && Files.isRegularFile(path))
          .toList();
    } catch (SquallException | UncheckedIOException e) {
      return List.of(); // a broken pack is reported when it is registered, not here
    }
  }

  private static boolean startsWithShebang(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == '#' && in.read() == '!';
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
    permissions.add(PosixFilePermission.OWNER_EXECUTE);
    // give execute to whoever may read, as chmod +x does under a usual umask
    if (permissions.contains(PosixFilePermission.GROUP_READ)) {
      permissions.add(PosixFilePermission.GROUP_EXECUTE);
    }
    if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
      permissions.add(PosixFilePermission.OTHERS_EXECUTE);
    }
    Files.setPosixFilePermissions(file, permissions);
  }
}
