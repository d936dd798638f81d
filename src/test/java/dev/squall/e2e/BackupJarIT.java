package dev.squall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testkit.Http;
import dev.squall.testkit.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code squall backup} under webhook load restores to a consistent prefix of what was accepted. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackupJarIT {
  @TempDir
  Path tmp;

  @Test
  void aBackupTakenUnderLoadRestoresAConsistentPrefixOfTheAcceptedWebhooks() throws Exception {
    Path data = tmp.resolve("data");
    Path backup = tmp.resolve("backups/squall-backup.db");
    AtomicInteger accepted = new AtomicInteger();
    int acceptedBeforeBackup;
    int acceptedAfterBackup;
    try (SquallProcess server = SquallProcess.start(data)) {
      Http http = server.login();
      JsonObject rule = Http.webhookRule("seq", "seq");
      assertEquals(201, http.post("/api/v1/rules", rule).status());
      AtomicBoolean stop = new AtomicBoolean();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // one sender, in order: webhook n is sent only once n-1 was accepted, so what was accepted is 0..k-1
      Thread sender = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          try {
            int status = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/webhooks/seq"))
                .header("Content-Type", "application/json").header("X-Auth-Token", http.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 202) {
              return;
            }
            accepted.incrementAndGet();
          } catch (Exception e) {
            return;
          }
        }
      });
      sender.start();
      while (accepted.get() < 1000) {
        Http.pause(10);
      }
      acceptedBeforeBackup = accepted.get();
      SquallProcess.Run run = SquallProcess.cli("backup", backup.toString(), "--data", data.toString());
      acceptedAfterBackup = accepted.get();
      assertEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("copied to"), run.output());
      while (accepted.get() < acceptedAfterBackup + 300) {
        Http.pause(10);
      }
      stop.set(true);
      sender.join(30_000);
      assertNotEquals(0, SquallProcess.cli("backup", backup.toString(), "--data", data.toString()).exitCode(),
          "an existing file is never overwritten");
    }

    // restore: the copy becomes the store of a fresh data dir, with the users file and the datastore key
    Path restored = tmp.resolve("restored");
    Files.createDirectories(restored.resolve("keys"));
    Files.copy(backup, restored.resolve("squall.db"));
    for (String keep : new String[] {"htpasswd", "admin-password", "keys/datastore_key.json"}) {
      if (Files.exists(data.resolve(keep))) {
        Files.copy(data.resolve(keep), restored.resolve(keep), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    try (SquallProcess server = SquallProcess.start(restored)) {
      Http http = server.login();
      String triggerRef = http.get("/api/v1/rules/tests.seq").json().getJsonObject("trigger").getString("ref");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && !"0".equals(http.get("/api/v1/triggerinstances?status=pending&limit=1").header("X-Total-Count"))) {
        Http.pause(100);
      }
      Map<String, Integer> nById = new HashMap<>();
      Set<Integer> ns = new TreeSet<>();
      for (Object o : http.get("/api/v1/triggerinstances?limit=-1&trigger=" + triggerRef).array()) {
        JsonObject instance = (JsonObject) o;
        int n = instance.getJsonObject("payload").getJsonObject("body").getInteger("n");
        assertTrue(ns.add(n), "webhook " + n + " stored twice");
        nById.put(instance.getString("id"), n);
      }
      int k = ns.size();
      assertTrue(k >= acceptedBeforeBackup && k <= acceptedAfterBackup,
          k + " webhooks restored; " + acceptedBeforeBackup + " were accepted before the backup started and "
              + acceptedAfterBackup + " when it ended");
      assertEquals(k == 0 ? Set.of() : rangeSet(k), ns, "the restored webhooks are a prefix of those accepted");

      Set<String> executionIds = new HashSet<>();
      for (Object o : http.get("/api/v1/executions?limit=-1&include_attributes=id").array()) {
        executionIds.add(((JsonObject) o).getString("id"));
      }
      Map<String, Integer> enforcementsPerInstance = new HashMap<>();
      for (Object o : http.get("/api/v1/ruleenforcements?limit=-1&rule_ref=tests.seq").array()) {
        JsonObject enforcement = (JsonObject) o;
        String instance = enforcement.getString("trigger_instance_id");
        assertTrue(nById.containsKey(instance), "an enforcement of a trigger instance the copy lacks: " + enforcement);
        assertTrue(executionIds.contains(enforcement.getString("execution_id")),
            "an enforcement whose execution the copy lacks: " + enforcement);
        enforcementsPerInstance.merge(instance, 1, Integer::sum);
      }
      for (String id : nById.keySet()) {
        assertEquals(1, enforcementsPerInstance.getOrDefault(id, 0), "enforcements of instance " + id);
      }
    }
  }

  private static Set<Integer> rangeSet(int k) {
    Set<Integer> all = new TreeSet<>();
    for (int i = 0; i < k; i++) {
      all.add(i);
    }
    return all;
  }
}
