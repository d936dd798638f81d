package dev.squall.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackConfigsTest {
  @TempDir
  Path dir;

  @Test
  void theConfigFileOverTheSchemaDefaultsNestedIncludedAndReadAgainWhenChanged() throws Exception {
    Path pack = Files.createDirectories(dir.resolve("packs/demo"));
    Files.writeString(pack.resolve("config.schema.yaml"), String.join("\n",
        "region: {type: string, default: us-east-1}",
        "token: {type: string, secret: true}",
        "limits: {type: object, properties: {burst: {type: integer, default: 2}, size: {type: integer}}}", ""));
    Path configs = Files.createDirectories(dir.resolve("configs"));
    PackConfigs loader = new PackConfigs(configs, ref -> "demo".equals(ref)
        ? new JsonObject().put("path", pack.toString()) : null);

    assertEquals(new JsonObject().put("region", "us-east-1").put("limits", new JsonObject().put("burst", 2)),
        loader.load("demo"), "no config file: the defaults alone");

    Path file = configs.resolve("demo.yaml");
    Files.writeString(file, "token: t1\nlimits: {size: 5}\n");
    assertEquals(new JsonObject().put("token", "t1").put("limits", new JsonObject().put("size", 5).put("burst", 2))
        .put("region", "us-east-1"), loader.load("demo"));

    Files.writeString(file, "region: eu-west-1\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertEquals("eu-west-1", loader.load("demo").getString("region"));

    assertEquals(new JsonObject(), loader.load("unknown"), "a pack without config or schema");
  }

  @Test
  void aConfigThatIsNotAMappingIsAValidationErrorNamingTheFile() throws Exception {
    Path configs = Files.createDirectories(dir.resolve("configs"));
    Files.writeString(configs.resolve("bad.yaml"), "- just\n- a list\n");
    Validation error = assertThrows(Validation.class, () -> new PackConfigs(configs, ref -> null).load("bad"));
    assertEquals(true, error.getMessage().contains("bad.yaml"), error.getMessage());
  }
}
