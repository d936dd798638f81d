package dev.squall;

import dev.squall.boot.CredentialAdmin;
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
    subcommands = {Main.ServerCommand.class, Main.UserCommand.class, Main.TokenCommand.class, Main.BackupCommand.class,
        Main.StatusCommand.class, CommandLine.HelpCommand.class})
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

    @Option(names = "--cluster", description = "Run as one node of a cluster: the bus over RabbitMQ (messaging.url), "
        + "the store in MongoDB (database.url)")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
      SquallConfig cfg;
      Services chosen;
      try {
        cfg = SquallConfig.load(configFile(config), System.getenv());
        if (port != null) {
          if (port < 0 || port > 65535) {
            throw new ConfigException("--port must be between 0 and 65535");
          }
          cfg = cfg.withPort(port);
        }
        if (cluster) {
          cfg = cfg.asClusterNode();
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
      java.time.Duration patience = cfg.actionrunner().shutdownGrace().plusSeconds(60);
      // SIGTERM and SIGINT stop the node in order and exit 0; any other way out still closes the store
      for (String name : java.util.List.of("TERM", "INT")) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(() -> {
          org.slf4j.LoggerFactory.getLogger(Main.class).info("shutdown: SIG{} received, stopping", name);
          close(server, patience);
          stopped.countDown();
        }, "squall-shutdown").start());
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server, java.time.Duration.ofSeconds(10))));
      stopped.await();
      return 0;
    }
  }

  private static void close(Server server, java.time.Duration patience) {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(patience.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
  }

  /** The config file given, else {@code conf/squall.yaml} when it exists, else none (bundled defaults). */
  static Path configFile(Path given) {
    Path local = Path.of("conf/squall.yaml");
    return given != null ? given : Files.isRegularFile(local) ? local : null;
  }

  /** The first line of standard input (secrets read this way stay out of ps and the shell history). */
  static String stdinLine() {
    try {
      return new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8)).readLine();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Where a command finds the server's config and data. */
  static final class Target {
    @Option(names = "--data", description = "Data directory (default: ./data)", scope = CommandLine.ScopeType.INHERIT)
    Path data = Path.of("data");

    @Option(names = "--config", description = "Config file (default: conf/squall.yaml when it exists)",
        scope = CommandLine.ScopeType.INHERIT)
    Path config;

    CredentialAdmin admin() {
      return new CredentialAdmin(SquallConfig.load(configFile(config), System.getenv()), data.toAbsolutePath());
    }
  }

  /** A command made of subcommands: alone it prints its usage; they share where the server's data is. */
  abstract static class CommandGroup implements Callable<Integer> {
    @CommandLine.Mixin
    Target target = new Target();

    @Override
    public Integer call() {
      new CommandLine(this).usage(System.err);
      return 2;
    }
  }

  /** {@code squall user add|remove|list}: the users of the htpasswd file. */
  @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users (the htpasswd file).")
  static final class UserCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a user or set their password. Without --password-stdin a random password is made and printed.")
    int add(@CommandLine.Parameters(paramLabel = "NAME") String name,
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin")
        boolean fromStdin) {
      String password;
      if (fromStdin) {
        password = stdinLine();
        if (password == null || password.isEmpty()) {
          System.err.println("squall: no password on stdin");
          return 2;
        }
      } else {
        password = dev.squall.security.Digests.randomToken(18);
      }
      try {
        target.admin().users().put(name, password);
      } catch (IllegalArgumentException | ConfigException e) {
        System.err.println("squall: " + e.getMessage());
        return 2;
      }
      System.out.println(fromStdin ? "user " + name + " saved" : "user " + name + " saved with password " + password);
      return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a user and revoke every token they hold.")
    int remove(@CommandLine.Parameters(paramLabel = "NAME") String name) {
      boolean removed = target.admin().removeUser(name);
      System.out.println(removed ? "user " + name + " removed; tokens revoked" : "no user " + name + "; tokens revoked");
      return removed ? 0 : 1;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
    int list() {
      target.admin().users().users().forEach(System.out::println);
      return 0;
    }
  }

  /** {@code squall token revoke}: ends a session on every node within a second. */
  @Command(name = "token", mixinStandardHelpOptions = true, description = "Manage auth tokens.")
  static final class TokenCommand extends CommandGroup {

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke one token (TOKEN, or - to read it from stdin and keep it out of ps and the shell"
            + " history), or with --user every token of a user.")
    int revoke(@CommandLine.Parameters(paramLabel = "TOKEN", arity = "0..1") String token,
        @Option(names = "--user", description = "Revoke every token of this user") String user) {
      if ((token == null) == (user == null)) {
        System.err.println("squall: give either a TOKEN or --user NAME");
        return 2;
      }
      if (user != null) {
        System.out.println(target.admin().revokeUser(user) + " token(s) of " + user + " revoked");
        return 0;
      }
      if ("-".equals(token)) {
        token = stdinLine();
        if (token == null || token.isBlank()) {
          System.err.println("squall: no token on stdin");
          return 2;
        }
        token = token.strip();
      }
      boolean found = target.admin().revokeToken(token);
      System.out.println(found ? "token revoked" : "no such token (revocation recorded anyway)");
      return found ? 0 : 1;
    }
  }

  /** {@code squall backup FILE}: a consistent copy of the embedded store, taken while the server runs. */
  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "Copy the store (SQLite) to FILE, consistent as of one moment, while the server runs.")
  static final class BackupCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Target target = new Target();

    @CommandLine.Parameters(paramLabel = "FILE", description = "Where the copy goes (must not exist)")
    Path file;

    @Override
    public Integer call() {
      SquallConfig cfg;
      try {
        cfg = SquallConfig.load(configFile(target.config), System.getenv());
      } catch (ConfigException e) {
        System.err.println("squall: " + e.getMessage());
        return 2;
      }
      dev.squall.boot.DataDir dataDir = new dev.squall.boot.DataDir(target.data.toAbsolutePath());
      Path database = dataDir.sqliteFile(cfg);
      if (database == null) {
        System.err.println("squall: the store is MongoDB; back it up with mongodump");
        return 2;
      }
      try {
        dev.squall.store.sqlite.SqliteBackup.copy(database, file);
      } catch (Exception e) {
        System.err.println("squall: backup failed: " + e.getMessage());
        return 1;
      }
      System.out.println("store " + database + " copied to " + file.toAbsolutePath()
          + "; keep " + dataDir.datastoreKey(cfg) + " and " + dataDir.htpasswd(cfg) + " with it");
      return 0;
    }
  }

  /** {@code squall status}: a cluster's nodes, services, leaders and queue depths, read from its store and broker. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the cluster: nodes with their services and instances, the leader of each singleton, and the"
          + " work waiting in each RabbitMQ queue (database.url and messaging.url from the config or environment).")
  static final class StatusCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Target target = new Target();

    @Option(names = "--cluster", description = "Read a cluster's status (as cluster.enable: true does)")
    boolean cluster;

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
      // the report is the output: the drivers' connection chatter stays out of it
      System.setProperty("org.slf4j.simpleLogger.log.org.mongodb", "warn");
      System.setProperty("org.slf4j.simpleLogger.log.io.vertx", "warn");
      SquallConfig cfg;
      try {
        cfg = SquallConfig.load(configFile(target.config), System.getenv());
        if (cluster) {
          cfg = cfg.asClusterNode();
        }
      } catch (ConfigException e) {
        System.err.println("squall: " + e.getMessage());
        return 2;
      }
      if (!cfg.cluster().enable()) {
        System.out.println(json ? new io.vertx.core.json.JsonObject().put("mode", "standalone").encodePrettily()
            : "standalone: every service runs in the one server process (data in " + target.data.toAbsolutePath()
                + "); its services are listed by GET /api/v1/service_registry/groups");
        return 0;
      }
      io.vertx.core.json.JsonObject status;
      try {
        status = dev.squall.boot.ClusterStatus.read(cfg, target.data.toAbsolutePath());
      } catch (RuntimeException e) {
        System.err.println("squall: " + e.getMessage());
        return 1;
      }
      System.out.print(json ? status.encodePrettily() + "\n" : dev.squall.boot.ClusterStatus.text(status));
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
