package dev.squall.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.NotFound;
import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PackFilesTest {
  @TempDir
  Path dir;
  private Path packDir;
  private JsonObject pack;

  @BeforeEach
  void pack() throws Exception {
    packDir = Files.createDirectories(dir.resolve("packs/demo"));
    Files.writeString(packDir.resolve("pack.yaml"), "name: demo\n");
    Files.createDirectories(packDir.resolve("actions"));
    Files.writeString(packDir.resolve("actions/run.sh"), "#!/bin/sh\necho hi\n");
    Files.write(packDir.resolve("icon.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    Files.writeString(packDir.resolve("big.txt"), "b".repeat((int) PackFiles.MAX_FILE_SIZE + 1));
    Files.writeString(dir.resolve("secret.txt"), "outside the pack");
    Files.createSymbolicLink(packDir.resolve("escape.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(packDir.resolve("escape_dir"), dir);
    Files.createSymbolicLink(packDir.resolve("inner.txt"), packDir.resolve("pack.yaml"));
    pack = new JsonObject().put("ref", "demo").put("path", packDir.toString()).put("files", new JsonArray(List.of(
        "actions/run.sh", "big.txt", "escape.txt", "icon.png", "inner.txt", "pack.yaml", "removed.txt")));
  }

  @Test
  void listingHasTheTextFilesInsideThePack() {
    List<String> listed = PackFiles.contents(pack).stream().map(f -> f.getString("file_path")).toList();
    assertEquals(List.of("actions/run.sh", "inner.txt", "pack.yaml"), listed);
    assertEquals("name: demo\n", PackFiles.contents(pack).get(2).getString("content"));
  }

  @Test
  void oneFileWithItsType() {
    PackFiles.FileView view = PackFiles.read(pack, "actions/run.sh");
    assertEquals("#!/bin/sh\necho hi\n", new String(view.content(), StandardCharsets.UTF_8));
    assertEquals("application/x-sh", view.contentType());
    assertEquals("image/png", PackFiles.read(pack, "icon.png").contentType());
    assertTrue(view.modifiedMillis() > 0);
  }

  @Test
  void pathsLeavingThePackAreRefused() {
    for (String bad : List.of("..", "../secret.txt", "actions/../../secret.txt", "/etc/passwd", "..\\secret.txt",
        "actions\\run.sh", "pack.yaml\0.png", "C:/Windows/win.ini", "", " ")) {
      assertThrows(Validation.class, () -> PackFiles.read(pack, bad), bad);
    }
  }

  @Test
  void linksOutOfThePackAndOtherNonFilesAreMissing() {
    for (String missing : List.of("escape.txt", "escape_dir/secret.txt", "removed.txt", "actions", ".",
        "actions/.")) {
      assertThrows(RuntimeException.class, () -> PackFiles.read(pack, missing), missing);
    }
    assertThrows(NotFound.class, () -> PackFiles.read(pack, "escape.txt"));
    assertThrows(NotFound.class, () -> PackFiles.read(pack, "escape_dir/secret.txt"));
    assertEquals("name: demo\n", new String(PackFiles.read(pack, "inner.txt").content(), StandardCharsets.UTF_8));
  }

  @Test
  void filesOverTheLimitAreRefused() {
    Validation big = assertThrows(Validation.class, () -> PackFiles.read(pack, "big.txt"));
    assertTrue(big.getMessage().contains("exceeds maximum allowed file size"), big.getMessage());
  }
}
