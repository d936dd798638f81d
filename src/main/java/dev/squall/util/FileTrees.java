package dev.squall.util;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees copied or deleted (blocking). */
public final class FileTrees {
  private FileTrees() {
  }

  /** Copies {@code source} into {@code target}; the two may be on different file systems (a jar and the disk). */
  public static void copy(Path source, Path target, CopyOption... options) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path from : walk.toList()) {
        // zip paths and disk paths belong to different file systems: resolve by text
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(from, to, options);
        }
      }
    }
  }

  /** Deletes the tree under {@code dir}, if there is one. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
