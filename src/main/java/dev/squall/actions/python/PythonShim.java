package dev.squall.actions.python;

import dev.squall.util.FileTrees;
import dev.squall.util.ProcessLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Squall's Python package ({@code src/main/python}, shipped in the jar under {@code python/}) as real files: the
 * fork server and the {@code st2common} modules pack code imports. Unpacked on first use into a directory named
 * after the content's hash, so nodes sharing a data dir and different versions never overwrite each other's copy.
 */
public final class PythonShim {
  /** Every file of the package (a test keeps this list equal to {@code src/main/python}); the last is written last. */
  static final List<String> FILES = List.of(
      "squall_runner/__init__.py",
      "squall_runner/action.py",
      "squall_runner/datastore.py",
      "squall_runner/server.py",
      "st2client/__init__.py",
      "st2client/client.py",
      "st2client/commands/__init__.py",
      "st2client/commands/action.py",
      "st2client/models/__init__.py",
      "st2client/models/action_alias.py",
      "st2client/models/aliasexecution.py",
      "st2client/models/keyvalue.py",
      "st2common/__init__.py",
      "st2common/log.py",
      "st2common/runners/__init__.py",
      "st2common/runners/paramiko_ssh.py",
      "st2common/util/__init__.py",
      "st2common/util/jinja.py",
      "st2common/util/shell.py",
      "st2common/runners/base_action.py");

  private PythonShim() {
  }

  /** The package unpacked under {@code parent} (blocking); returns the directory to put on {@code PYTHONPATH}. */
  public static Path unpack(Path parent) {
    Map<String, byte[]> files = read();
    Path target = parent.resolve("shim-" + hash(files));
    if (Files.isRegularFile(target.resolve(FILES.get(FILES.size() - 1)))) {
      return target;
    }
    // nodes sharing a data dir, and threads of this one, unpack one at a time
    return ProcessLock.holding(parent.resolve(".shim.lock"), () -> {
      if (!Files.isRegularFile(target.resolve(FILES.get(FILES.size() - 1)))) {
        Path staging = parent.resolve(".shim-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          Path to = staging.resolve(file.getKey());
          Files.createDirectories(to.getParent());
          Files.write(to, file.getValue());
        }
        FileTrees.delete(target); // a copy cut short by a crash
        Files.move(staging, target);
      }
      return target;
    });
  }

  private static Map<String, byte[]> read() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : FILES) {
      try (InputStream in = PythonShim.class.getResourceAsStream("/python/" + name)) {
        if (in == null) {
          throw new IllegalStateException("Squall's Python package lacks " + name + " (build problem)");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
