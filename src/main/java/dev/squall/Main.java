package dev.squall;

import dev.squall.boot.Server;
import dev.squall.boot.Services;
import dev.squall.config.ConfigException;
import dev.squall.config.SquallConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code squall} command line. */
@Command(name = "squall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Squall: event-driven automation server speaking StackStorm's v1 API.",
    subcommands = {Main.ServerCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** {@code squall server}: runs the chosen services in this JVM until stopped. */
  @Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Run the Squall server (all services in one JVM by default).")
  static final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port for /api, /auth and /stream (default: api.port, 9101)")
    Integer port;

    @Option(names = "--data", description = "Data directory (default: ./data)")
    Path data = Path.of("data");

    @Option(names = "--config", description = "Config file (default: conf/squall.yaml when it exists)")
    Path config;

    @Option(names = "--services", description = "Comma list of services: all, ${COMPLETION-CANDIDATES}",
        defaultValue = "all")
    String services;

    @Override
    public Integer call() throws Exception {
      SquallConfig cfg;
      Services chosen;
      try {
        Path file = config != null ? config : (Files.isRegularFile(Path.of("conf/squall.yaml")) ? Path.of("conf/squall.yaml") : null);
        cfg = SquallConfig.load(file, System.getenv());
        if (port != null) {
          if (port < 0 || port > 65535) {
            throw new ConfigException("--port must be between 0 and 65535");
          }
          cfg = cfg.withPort(port);
        }
        chosen = Services.parse(services);
      } catch (ConfigException | IllegalArgumentException e) {
        System.err.println("squall: " + e.getMessage());
        return 2;
      }
      Server server = new Server(cfg, data.toAbsolutePath(), chosen);
      int bound;
      try {
        bound = server.start().await();
      } catch (Exception e) {
        System.err.println("squall: cannot start: " + e.getMessage());
        return 1;
      }
      System.out.println("Squall " + Version.VERSION + " ready: services " + chosen.names()
          + (bound > 0 ? " on http://" + cfg.api().host() + ":" + bound : "") + ", data in " + data.toAbsolutePath());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // shutting down anyway
        }
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }

  /** The version printed by {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    static final String VERSION = versionOf();

    @Override
    public String[] getVersion() {
      return new String[] {"squall " + VERSION};
    }

    private static String versionOf() {
      String v = Main.class.getPackage().getImplementationVersion();
      return v == null ? "dev" : v;
    }
  }
}
