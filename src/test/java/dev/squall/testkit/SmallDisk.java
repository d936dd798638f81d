package dev.squall.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a directory: a disk that fills up, and grows again on demand. Needs root
 * (CI runs as root); {@link #canMount} tells a test whether to run.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /** Whether this process may mount a tmpfs (it is root and the kernel lets it). */
  public static boolean canMount(Path scratch) {
    try {
      Path probe = Files.createDirectories(scratch.resolve("mount-probe"));
      if (run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString()) != 0) {
        return false;
      }
      run("umount", probe.toString());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static SmallDisk mount(Path dir, int megabytes) throws IOException {
    Files.createDirectories(dir);
    check(run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()), "mount");
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Grows (or shrinks) the filesystem in place; what it holds stays. */
  public void resize(int megabytes) throws IOException {
    check(run("mount", "-o", "remount,size=" + megabytes + "m", dir.toString()), "remount");
  }

  @Override
  public void close() throws IOException {
    run("umount", "-l", dir.toString());
  }

  private static void check(int exit, String what) throws IOException {
    if (exit != 0) {
      throw new IOException(what + " of a tmpfs failed with exit code " + exit);
    }
  }

  private static int run(String... command) throws IOException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
