package dev.squall.actions.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonShimTest {
  @TempDir
  Path dir;

  @Test
  void theListedFilesAreExactlyThePythonPackage() throws Exception {
    Path source = Path.of("src/main/python");
    List<String> present;
    try (Stream<Path> walk = Files.walk(source)) {
      present = walk.filter(p -> p.toString().endsWith(".py")).map(p -> source.relativize(p).toString())
          .sorted().toList();
    }
    assertEquals(present, PythonShim.FILES.stream().sorted().toList());
  }

  @Test
  void unpacksOnceIntoADirectoryNamedForItsContent() throws Exception {
    Path first = PythonShim.unpack(dir);
    Path again = PythonShim.unpack(dir);
    assertEquals(first, again);
    assertTrue(first.getFileName().toString().startsWith("shim-"));
    for (String file : PythonShim.FILES) {
      assertEquals(Files.readString(Path.of("src/main/python", file)), Files.readString(first.resolve(file)));
    }
    try (Stream<Path> children = Files.list(dir)) {
      assertEquals(List.of(first.getFileName().toString()), children.map(p -> p.getFileName().toString())
          .filter(name -> !name.equals(".shim.lock")).toList(), "no staging directory left behind");
    }
  }
}
