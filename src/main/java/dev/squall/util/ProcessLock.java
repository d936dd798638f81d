package dev.squall.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Work on shared files done by one process at a time: nodes of a cluster that share a data dir and start together
 * must not each create the first admin, the datastore key or the bundled packs. An OS lock on a file beside them
 * (released when the work ends, or when the process dies).
 */
public final class ProcessLock {
  private static final java.util.Map<Path, Object> IN_THIS_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();
  private ProcessLock() {
  }

  /** What the work returns or throws as unchecked. */
  public interface Work<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} holding the lock of {@code lockFile} (created when missing); waits while another holds it. */
  public static <T> T holding(Path lockFile, Work<T> work) {
    Path path = lockFile.toAbsolutePath().normalize();
    // an OS file lock is held per process: threads of this one take turns first
    synchronized (IN_THIS_PROCESS.computeIfAbsent(path, p -> new Object())) {
      try {
        Files.createDirectories(path.getParent());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          return work.run();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot work under the lock " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
