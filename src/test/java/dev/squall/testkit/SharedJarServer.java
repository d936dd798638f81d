package dev.squall.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One built-jar server per test class, on a free port with its own data dir, stopped after the class. */
public abstract class SharedJarServer {
  @TempDir
  protected static Path data;
  protected static SquallProcess server;
  protected static Http http;

  @BeforeAll
  static void startServer() throws Exception {
    server = SquallProcess.start(data);
    http = server.login();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
