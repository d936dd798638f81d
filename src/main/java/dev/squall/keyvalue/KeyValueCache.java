package dev.squall.keyvalue;

import dev.squall.template.KeyValueLookup;
import dev.squall.util.SymmetricCrypto;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datastore in memory, so template rendering never waits on the store: stored key-value documents by
 * uid, filled at start and kept current from key CUD events. Expired keys are skipped on read (the store's
 * own expiry removes them later). Thread-safe; documents are treated as immutable.
 */
public final class KeyValueCache {
  private final Map<String, JsonObject> byUid = new ConcurrentHashMap<>();
  private final Clock clock;

  public KeyValueCache() {
    this(Clock.systemUTC());
  }

  /** A cache reading expiry against the given clock. */
  public KeyValueCache(Clock clock) {
    this.clock = clock;
  }

  /** Adds or replaces stored documents (e.g. all keys at start). */
  public void putAll(Collection<JsonObject> docs) {
    docs.forEach(this::put);
  }

  /** Adds or replaces one stored document (create and update events). */
  public void put(JsonObject doc) {
    byUid.put(uidOf(doc), doc);
  }

  /** Forgets one stored document (delete events). */
  public void remove(JsonObject doc) {
    byUid.remove(uidOf(doc));
  }

  /** The stored document of a key by full scope and stored name, unless missing or expired. */
  public Optional<JsonObject> get(String scope, String storedName) {
    JsonObject doc = byUid.get(KeyValues.uid(scope, storedName));
    return doc == null || KeyValues.isExpired(doc, clock.instant()) ? Optional.empty() : Optional.of(doc);
  }

  /**
   * Unexpired stored documents of a scope ({@value KeyValues#ALL} or null for both) whose stored name starts
   * with {@code prefix} (null for all), ordered by scope then name.
   */
  public List<JsonObject> list(String scope, String prefix) {
    Instant now = clock.instant();
    boolean anyScope = scope == null || KeyValues.ALL.equals(scope);
    return byUid.values().stream()
        .filter(d -> anyScope || scope.equals(d.getString("scope")))
        .filter(d -> prefix == null || d.getString("name", "").startsWith(prefix))
        .filter(d -> !KeyValues.isExpired(d, now))
        .sorted(Comparator.comparing((JsonObject d) -> d.getString("scope", ""))
            .thenComparing(d -> d.getString("name", "")))
        .toList();
  }

  /** Number of documents held, expired ones included. */
  public int size() {
    return byUid.size();
  }

  /**
   * The {@code st2kv} template variable for one user: {@code st2kv.system.<key>} and
   * {@code st2kv.user.<key>} (the user's {@code <user>:<key>}), looked up lazily at render time, secrets as
   * ciphertext unless piped through {@code decrypt_kv}, which decrypts with {@code crypto}.
   *
   * @param crypto the datastore key, or null when encryption is not set up
   */
  public Map<String, Object> jinjaContext(String user, SymmetricCrypto crypto) {
    Map<String, Object> st2kv = new LinkedHashMap<>();
    st2kv.put("system", KeyValueLookup.system(name -> value(KeyValues.SYSTEM, name), crypto));
    st2kv.put("user", KeyValueLookup.user(user, name -> value(KeyValues.USER, name), crypto));
    return st2kv;
  }

  private Optional<String> value(String scope, String storedName) {
    return get(scope, storedName).map(d -> d.getString("value"));
  }

  private static String uidOf(JsonObject doc) {
    String uid = doc.getString("uid");
    return uid != null ? uid : KeyValues.uid(doc.getString("scope", KeyValues.SYSTEM), doc.getString("name"));
  }
}
