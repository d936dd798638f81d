package dev.squall.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PackLoaderTest {
  private static final Path CORE = Path.of("packs", "core");
  private static final String MANIFEST = "name: %s\ndescription: test pack\nversion: %s\nauthor: tester\n";

  private final PackLoader loader = new PackLoader();

  @TempDir
  Path tmp;

  @Test
  void corePackHasItsActions() {
    PackContent content = loader.load(CORE);

    JsonObject pack = content.pack();
    assertEquals("core", pack.getString("ref"));
    assertEquals("core", pack.getString("name"));
    assertEquals("pack:core", pack.getString("uid"));
    assertEquals("1.0.1", pack.getString("version"));
    assertEquals(CORE.toAbsolutePath().normalize().toString(), pack.getString("path"));
    List<?> files = pack.getJsonArray("files").getList();
    assertTrue(files.contains("pack.yaml"));
    assertTrue(files.contains("actions/send_mail/send_mail"));
    assertEquals(files.stream().sorted().toList(), files);

    assertEquals(List.of(), content.errors());
    Map<String, JsonObject> byRef = content.actions().stream()
        .collect(Collectors.toMap(a -> a.getString("ref"), Function.identity()));
    assertEquals(List.of("core.echo", "core.error", "core.http", "core.inject_trigger", "core.local", "core.local_sudo",
            "core.noop", "core.pause", "core.sendmail", "core.uuid"),
        byRef.keySet().stream().sorted().toList());
    for (JsonObject action : content.actions()) {
      assertEquals("core", action.getString("pack"));
      assertEquals("action:core:" + action.getString("name"), action.getString("uid"));
      assertEquals("actions/" + action.getString("name") + ".yaml", action.getString("metadata_file"));
      assertTrue(action.getBoolean("enabled"));
      assertFalse(action.getString("description").isBlank());
    }

    assertEquals("noop", byRef.get("core.noop").getString("runner_type"));
    assertEquals(new JsonObject(), byRef.get("core.noop").getJsonObject("parameters"));

    JsonObject local = byRef.get("core.local");
    assertEquals("local-shell-cmd", local.getString("runner_type"));
    assertEquals("", local.getString("entry_point"));
    assertTrue(param(local, "cmd").getBoolean("required"));
    assertEquals("string", param(local, "cmd").getString("type"));
    assertImmutable(local, "sudo", false);
    assertImmutable(byRef.get("core.local_sudo"), "sudo", true);

    JsonObject echo = byRef.get("core.echo");
    assertTrue(param(echo, "message").getBoolean("required"));
    assertImmutable(echo, "cmd", "echo \"{{message}}\"");
    assertImmutable(byRef.get("core.error"), "cmd", ">&2 echo \"{{message}}\"");

    JsonObject sendmail = byRef.get("core.sendmail");
    assertEquals("local-shell-script", sendmail.getString("runner_type"));
    assertEquals("send_mail/send_mail", sendmail.getString("entry_point"));
    List<String> byPosition = sendmail.getJsonObject("parameters").stream()
        .filter(e -> ((JsonObject) e.getValue()).containsKey("position"))
        .sorted((a, b) -> Integer.compare(((JsonObject) a.getValue()).getInteger("position"),
            ((JsonObject) b.getValue()).getInteger("position")))
        .map(Map.Entry::getKey)
        .toList();
    assertEquals(List.of("sendmail_binary", "from", "to", "subject", "send_empty_body", "content_type", "body",
        "attachments"), byPosition);
    assertEquals("None", param(sendmail, "sendmail_binary").getString("default"));
    assertEquals("stanley", param(sendmail, "from").getString("default"));
    assertEquals(true, param(sendmail, "send_empty_body").getValue("default"));
    assertEquals("boolean", param(sendmail, "send_empty_body").getString("type"));
    assertEquals("text/html", param(sendmail, "content_type").getString("default"));
    for (String required : List.of("to", "subject", "body")) {
      assertTrue(param(sendmail, required).getBoolean("required"), required);
    }
    assertEquals("string", param(sendmail, "attachments").getString("type"));
    assertTrue(param(sendmail, "sudo").getBoolean("immutable"));
  }

  @Test
  void badActionFileIsReportedAndSkipped() throws IOException {
    Path pack = writePack("mypack", "name: mypack\ndescription: d\nversion: 0.1.0\nauthor: me\n");
    write(pack, "actions/good.yaml", "name: good\nrunner_type: noop\n");
    write(pack, "actions/also_good.yml", "name: also_good\nrunner_type: local-shell-cmd\npack: mypack\n"
        + "parameters:\n  cmd:\n    type: string\n    default: ls\n");
    write(pack, "actions/broken.yaml", "name: broken\nrunner_type: [unclosed\n");
    write(pack, "actions/no_runner.yaml", "name: no_runner\n");
    write(pack, "actions/other_pack.yaml", "name: x\nrunner_type: noop\npack: someone_else\n");
    write(pack, "actions/bad_param.yaml", "name: y\nrunner_type: noop\nparameters:\n  p:\n    format: email\n");
    write(pack, "actions/config.yaml", "not: an action\n");
    write(pack, "actions/workflows/nested.yaml", "version: 1.0\n");
    write(pack, "actions/script.sh", "#!/bin/sh\n");

    PackContent content = loader.load(pack);

    assertEquals(List.of("mypack.also_good", "mypack.good"),
        content.actions().stream().map(a -> a.getString("ref")).toList());
    JsonObject good = content.actions().get(1);
    assertEquals("mypack", good.getString("pack"));
    assertEquals("action:mypack:good", good.getString("uid"));
    assertEquals("actions/good.yaml", good.getString("metadata_file"));
    assertEquals(true, good.getBoolean("enabled"));
    assertEquals("", good.getString("entry_point"));
    assertEquals(new JsonObject(), good.getJsonObject("parameters"));
    assertEquals("actions/also_good.yml", content.actions().get(0).getString("metadata_file"));

    List<String> errors = content.errors();
    assertEquals(4, errors.size(), errors::toString);
    assertTrue(errors.get(0).contains("actions/bad_param.yaml") && errors.get(0).contains("format"), errors.get(0));
    assertTrue(errors.get(1).contains("actions/broken.yaml"), errors.get(1));
    assertTrue(errors.get(2).contains("actions/no_runner.yaml") && errors.get(2).contains("runner_type"),
        errors.get(2));
    assertTrue(errors.get(3).contains("actions/other_pack.yaml") && errors.get(3).contains("someone_else"),
        errors.get(3));
  }

  @Test
  void anActionWhoseEntryPointIsMissingIsReportedWithItsFile() throws IOException {
    Path pack = writePack("files", "name: files\ndescription: d\nversion: 0.1.0\nauthor: me\n");
    write(pack, "actions/here.yaml", "name: here\nrunner_type: python-script\nentry_point: here.py\n");
    write(pack, "actions/here.py", "class A:\n    def run(self):\n        return 1\n");
    write(pack, "actions/gone.yaml", "name: gone\nrunner_type: python-script\nentry_point: gone.py\n");
    write(pack, "actions/escapes.yaml", "name: escapes\nrunner_type: local-shell-script\nentry_point: ../pack.yaml\n");
    write(pack, "actions/cmd.yaml", "name: cmd\nrunner_type: local-shell-cmd\n");

    PackContent content = loader.load(pack);

    assertEquals(List.of("files.cmd", "files.here"), content.actions().stream().map(a -> a.getString("ref"))
        .sorted().toList());
    assertEquals(2, content.errors().size(), content.errors()::toString);
    assertTrue(content.errors().stream().anyMatch(e -> e.contains("actions/escapes.yaml")
        && e.contains("actions/../pack.yaml")), content.errors()::toString);
    assertTrue(content.errors().stream().anyMatch(e -> e.contains("actions/gone.yaml")
        && e.contains("entry point \"actions/gone.py\" does not exist")), content.errors()::toString);
  }

  @Test
  void packWithoutActionsDirectoryHasNoActions() throws IOException {
    PackContent content = loader.load(writePack("empty", MANIFEST.formatted("empty", "1.0.0")));
    assertEquals(List.of(), content.actions());
    assertEquals(List.of(), content.errors());
    assertEquals(List.of("pack.yaml"), content.pack().getJsonArray("files").getList());
  }

  @Test
  void packRefComesFromRefThenDirectoryThenName() throws IOException {
    assertEquals("explicit", refOf("some_dir", "ref: explicit\n" + MANIFEST.formatted("Nice Name", "1.0.0")));
    assertEquals("some_dir", refOf("some_dir", MANIFEST.formatted("other_name", "1.0.0")));
    assertEquals("good_name", refOf("Bad-Dir", MANIFEST.formatted("good_name", "1.0.0")));
    assertThrows(Validation.class, () -> refOf("Bad-Dir2", MANIFEST.formatted("Bad Name", "1.0.0")));
    assertThrows(Validation.class, () -> refOf("dir3", "ref: Not-Valid\n" + MANIFEST.formatted("n", "1.0.0")));
    assertThrows(Validation.class, () -> refOf("_global", MANIFEST.formatted("n", "1.0.0")));
  }

  @Test
  void packYamlExtraKeysAreKeptAndDefaultsFilled() throws IOException {
    JsonObject pack = loader.load(writePack("extra", MANIFEST.formatted("extra", "2.0.0")
        + "email: a@b.c\nstackstorm_version: \">=3.0.0\"\nmy_own_key: {x: 1}\n")).pack();
    assertEquals("a@b.c", pack.getString("email"));
    assertEquals(new JsonObject().put("x", 1), pack.getJsonObject("my_own_key"));
    assertEquals(List.of(), pack.getJsonArray("keywords").getList());
    assertEquals(List.of(), pack.getJsonArray("dependencies").getList());
    assertEquals(new JsonObject(), pack.getJsonObject("system"));
  }

  @Test
  void versionMustBeStrictSemver() throws IOException {
    for (String good : List.of("0.1.0", "1.2.3", "1.2.3-beta.1", "1.2.3-rc1+build.5", "10.20.30")) {
      assertEquals(good, loader.load(writePack("ok", MANIFEST.formatted("ok", good))).pack().getString("version"));
    }
    for (String bad : List.of("1.0", "1", "01.0.0", "1.0.0-RC1", "1.0.0.0", "v1.0.0", "\"\"")) {
      Validation e = assertThrows(Validation.class,
          () -> loader.load(writePack("bad", MANIFEST.formatted("bad", bad))), bad);
      assertTrue(e.getMessage().contains("semver"), e.getMessage());
    }
  }

  @Test
  void badPackYamlThrowsValidation() throws IOException {
    Path noManifest = Files.createDirectories(tmp.resolve("nomanifest"));
    assertThrows(Validation.class, () -> loader.load(noManifest));
    Validation missing = assertThrows(Validation.class,
        () -> loader.load(writePack("noauthor", "name: n\ndescription: d\nversion: 1.0.0\n")));
    assertTrue(missing.getMessage().contains("author"), missing.getMessage());
    assertThrows(Validation.class, () -> loader.load(writePack("empty_yaml", "")));
    assertThrows(Validation.class, () -> loader.load(writePack("list_yaml", "- a\n- b\n")));
    assertThrows(Validation.class, () -> loader.load(writePack("broken_yaml", "name: [x\n")));
  }

  @Test
  void discoverFindsPackDirectoriesUnderEachBasePath() throws IOException {
    Path first = Files.createDirectories(tmp.resolve("base1"));
    Path second = Files.createDirectories(tmp.resolve("base2"));
    write(first, "zeta/pack.yaml", MANIFEST.formatted("zeta", "1.0.0"));
    write(first, "alpha/pack.yaml", MANIFEST.formatted("alpha", "1.0.0"));
    write(first, "not_a_pack/README.md", "hi");
    write(first, ".hidden/pack.yaml", MANIFEST.formatted("hidden", "1.0.0"));
    write(first, "loose_file.txt", "x");
    write(second, "beta/pack.yaml", MANIFEST.formatted("beta", "1.0.0"));

    List<Path> found = loader.discover(List.of(first, tmp.resolve("missing"), second));

    assertEquals(List.of(first.resolve("alpha"), first.resolve("zeta"), second.resolve("beta")),
        found.stream().map(p -> tmp.resolve(tmp.relativize(p))).toList());
    assertTrue(found.stream().allMatch(Path::isAbsolute));
  }

  @Test
  void bundledPacksFromTheClasspathDirectoryAreRunnable() throws IOException {
    Path root = PackLoader.extractBundled(tmp.resolve("unused"));
    assertTrue(Files.isRegularFile(root.resolve("core/pack.yaml")));
    assertTrue(Files.isExecutable(root.resolve("core/actions/send_mail/send_mail")));
    assertEquals(List.of(root.resolve("core")), loader.discover(List.of(root)).stream()
        .filter(p -> p.getFileName().toString().equals("core")).toList());
  }

  @Test
  void bundledPacksAreExtractedFromAJar() throws IOException {
    Path jar = tmp.resolve("bundle.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> walk = Files.walk(CORE)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry("packs/core/" + CORE.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    Path target = tmp.resolve("extracted");
    write(target, "core/stale_file.txt", "left from an older version");
    write(target, "user_pack/pack.yaml", MANIFEST.formatted("user_pack", "1.0.0"));

    Path root;
    try (URLClassLoader classLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      root = BundledPacks.extract(target, classLoader);
    }

    assertEquals(target.toAbsolutePath().normalize(), root);
    Path script = root.resolve("core/actions/send_mail/send_mail");
    assertEquals(Files.readString(CORE.resolve("actions/send_mail/send_mail")), Files.readString(script));
    assertTrue(Files.getPosixFilePermissions(script).contains(PosixFilePermission.OWNER_EXECUTE));
    assertFalse(Files.getPosixFilePermissions(root.resolve("core/pack.yaml"))
        .contains(PosixFilePermission.OWNER_EXECUTE));
    assertFalse(Files.exists(root.resolve("core/stale_file.txt")));
    assertTrue(Files.exists(root.resolve("user_pack/pack.yaml")));
    assertEquals(10, loader.load(root.resolve("core")).actions().size());
    try (Stream<Path> leftovers = Files.list(root)) {
      assertEquals(List.of(".extract.lock", ".extracted-from", "core", "user_pack"),
          leftovers.map(p -> p.getFileName().toString()).sorted().toList(), "no staging copies left behind");
    }

    // the same jar again (another node sharing the data dir, a restart): the packs in place are left alone
    write(target, "core/touched.txt", "another node may be reading these files");
    try (URLClassLoader classLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      BundledPacks.extract(target, classLoader);
    }
    assertTrue(Files.exists(root.resolve("core/touched.txt")));
  }

  @Test
  void sendMailScriptPipesAMimeMessageIntoTheGivenBinary() throws Exception {
    Path script = PackLoader.extractBundled(tmp.resolve("unused")).resolve("core/actions/send_mail/send_mail");
    Path attachment = tmp.resolve("report.txt");
    Files.writeString(attachment, "attached text");

    // positional order of core.sendmail; booleans arrive as 1/0 from the shell-script runner
    Result sent = run(script.toString(), "cat", "me@example.org", "you@example.org", "Status", "1", "text/plain",
        "All good", attachment + ",/no/such/file");
    assertEquals(0, sent.code(), sent.toString());
    assertTrue(sent.out().contains("To: you@example.org\n"), sent.out());
    assertTrue(sent.out().contains("From: me@example.org\n"), sent.out());
    assertTrue(sent.out().contains("Subject: =?UTF-8?B?U3RhdHVz?="), sent.out());
    assertTrue(sent.out().contains("Content-Type: multipart/mixed"), sent.out());
    assertTrue(sent.out().contains("filename=\"report.txt\""), sent.out());
    assertTrue(sent.out().contains("YXR0YWNoZWQgdGV4dA=="), sent.out()); // base64 of "attached text"
    assertTrue(sent.out().contains("Successfully sent mail to you@example.org"), sent.out());
    assertTrue(sent.err().contains("/no/such/file"), sent.err());

    Result empty = run(script.toString(), "cat", "me", "you@example.org", "s", "0", "text/html", " ", "");
    assertEquals(0, empty.code(), empty.toString());
    assertEquals("Nothing to send", empty.out().strip());

    Result missing = run(script.toString(), "/no/such/sendmail -t", "me", "you@example.org", "s", "1", "text/html",
        "body", "");
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("/no/such/sendmail"), missing.err());
  }

  private record Result(int code, String out, String err) {
  }

  private Result run(String... command) throws Exception {
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "send_mail did not finish");
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private String refOf(String dirName, String manifest) throws IOException {
    return loader.load(writePack(dirName, manifest)).pack().getString("ref");
  }

  private Path writePack(String dirName, String manifest) throws IOException {
    Path dir = tmp.resolve("packs-" + System.nanoTime()).resolve(dirName);
    write(dir, "pack.yaml", manifest);
    return dir;
  }

  private static void write(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static JsonObject param(JsonObject action, String name) {
    JsonObject schema = action.getJsonObject("parameters").getJsonObject(name);
    if (schema == null) {
      throw new AssertionError(action.getString("ref") + " has no parameter " + name);
    }
    return schema;
  }

  private static void assertImmutable(JsonObject action, String name, Object expectedDefault) {
    assertTrue(param(action, name).getBoolean("immutable"), action.getString("ref") + " " + name);
    assertEquals(expectedDefault, param(action, name).getValue("default"));
  }

}
