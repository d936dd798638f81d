package dev.squall.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdTest {
  @TempDir
  Path dir;

  @Test
  void parsesLinesSkippingCommentsAndBlanks() {
    var users = Htpasswd.parse("# users\n\nann:{SHA}x\r\nbob:$apr1$a$b\nbroken line\n:nohash\n");
    assertEquals(java.util.List.of("ann", "bob"), java.util.List.copyOf(users.keySet()));
    assertEquals("$apr1$a$b", users.get("bob"));
  }

  @Test
  void putAndRemoveKeepOtherLinesAndTheFilePrivate() throws Exception {
    Path file = dir.resolve("htpasswd");
    Files.writeString(file, "ann:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
    Htpasswd users = new Htpasswd(file);
    users.put("bob", "bob-pass");
    assertTrue(PasswordHashes.verify("bob-pass", users.hashOf("bob")));
    assertTrue(PasswordHashes.verify("secret", users.hashOf("ann")));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(users.remove("bob"));
    assertFalse(users.remove("bob"));
    assertNull(users.hashOf("bob"));
    assertThrows(IllegalArgumentException.class, () -> users.put("a:b", "x"));
    assertThrows(IllegalArgumentException.class, () -> users.put("a b", "x"));
  }

  @Test
  void seesEditsMadeByOthersAndReportsRemovedUsers() throws Exception {
    Path file = dir.resolve("htpasswd");
    Htpasswd server = new Htpasswd(file);
    Htpasswd cli = new Htpasswd(file);
    cli.put("ann", "a");
    cli.put("bob", "b");
    assertEquals(Set.of("ann", "bob"), server.users());
    cli.remove("bob");
    assertEquals(Set.of("bob"), server.reloadIfChanged());
    assertEquals(Set.of(), server.reloadIfChanged());
  }

  @Test
  void initialAdminIsMadeOnlyWhenThereAreNoUsers() throws Exception {
    Htpasswd users = new Htpasswd(dir.resolve("htpasswd"));
    String password = users.ensureInitialAdmin(dir.resolve("admin-password"));
    assertNotNull(password);
    assertTrue(PasswordHashes.verify(password, users.hashOf("admin")));
    assertEquals(password, Files.readString(dir.resolve("admin-password")).strip());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-password"))));
    assertNull(users.ensureInitialAdmin(dir.resolve("admin-password")));
  }
}
