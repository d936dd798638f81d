package dev.squall.security;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.NotFound;
import dev.squall.error.Unauthorized;
import dev.squall.error.Validation;
import dev.squall.util.Ids;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: shown in clear once, at creation; stored only as a sha512 hash (of a fixed prefix and the key,
 * StackStorm's scheme). Every node holds all keys by hash in memory (kept current by bus events), so a
 * webhook authenticated by key costs one hash and one map lookup — never bcrypt, never a store read.
 */
public final class ApiKeys {
  public static final String MASK = "********";
  private static final String SALT = "saltnpepper";

  private final ApiKeyStore store;
  private final Bus bus;
  private final Map<String, JsonObject> byHash = new ConcurrentHashMap<>();

  public ApiKeys(ApiKeyStore store, Bus bus) {
    this.store = store;
    this.bus = bus;
  }

  /** Loads every stored key and follows changes made on any node. */
  public Future<Void> load() {
    bus.subscribe(Addresses.AUTH_CUD, event -> {
      if ("apikey".equals(event.getString("kind"))) {
        JsonObject doc = event.getJsonObject("doc");
        if (event.getBoolean("deleted", false)) {
          byHash.remove(doc.getString("key_hash"));
        } else {
          byHash.put(doc.getString("key_hash"), doc);
        }
      }
    });
    return store.all()
        .map(docs -> {
          docs.forEach(d -> byHash.put(d.getString("key_hash"), d));
          return null;
        });
  }

  /** Re-reads every stored key (changes made by other processes reach this node within the watch period). */
  public Future<Void> reload() {
    return store.all().map(docs -> {
      java.util.Set<String> stored = new java.util.HashSet<>();
      for (JsonObject d : docs) {
        stored.add(d.getString("key_hash"));
        byHash.put(d.getString("key_hash"), d);
      }
      byHash.keySet().retainAll(stored);
      return null;
    });
  }

  static String hash(String key) {
    return Digests.sha512Hex(SALT + key);
  }

  /** The caller an API key stands for; 401 when unknown or disabled. */
  public Future<Caller> authenticate(String key) {
    String hash = hash(key);
    JsonObject doc = byHash.get(hash);
    if (doc == null) {
      return Future.failedFuture(new Unauthorized("Unauthorized - ApiKey with key_hash=" + hash + " not found."));
    }
    if (!doc.getBoolean("enabled", true)) {
      return Future.failedFuture(new Unauthorized("Unauthorized - API key is disabled."));
    }
    return Future.succeededFuture(new Caller(doc.getString("user"), Caller.API_KEY, null, null));
  }

  /** Creates a key; the reply holds the clear {@code key}, which is never shown again. */
  public Future<JsonObject> create(String user, JsonObject metadata, boolean enabled) {
    String key = Digests.randomToken(48);
    String keyHash = hash(key);
    JsonObject doc = new JsonObject()
        .put("id", Ids.next())
        .put("uid", "api_key:" + keyHash)
        .put("user", user)
        .put("key_hash", keyHash)
        .put("metadata", metadata == null ? new JsonObject() : metadata)
        .put("created_at", Times.now())
        .put("enabled", enabled);
    return store.insert(doc).map(v -> {
      changed(doc, false);
      JsonObject reply = doc.copy();
      reply.remove("key_hash");
      return reply.put("key", key);
    });
  }

  /** Every key, oldest first, as stored (callers mask). */
  public List<JsonObject> all() {
    return byHash.values().stream().sorted(Comparator.comparing((JsonObject d) -> d.getString("created_at"))
        .thenComparing(d -> d.getString("id"))).toList();
  }

  /** A key by id, or by the clear key itself. */
  public JsonObject find(String idOrKey) {
    JsonObject byKey = byHash.get(hash(idOrKey));
    if (byKey != null) {
      return byKey;
    }
    return byHash.values().stream().filter(d -> idOrKey.equals(d.getString("id"))).findFirst()
        .orElseThrow(() -> new NotFound("ApiKey with id or key \"" + mask(idOrKey) + "\" not found"));
  }

  private static String mask(String idOrKey) {
    return Ids.isId(idOrKey) ? idOrKey : MASK;
  }

  /** Changes {@code user}, {@code metadata} or {@code enabled}; the hash cannot change. */
  public Future<JsonObject> update(String idOrKey, JsonObject body) {
    JsonObject existing = find(idOrKey);
    String sentHash = body.getString("key_hash");
    if (sentHash != null && !sentHash.equals(existing.getString("key_hash")) && !MASK.equals(sentHash)) {
      return Future.failedFuture(new Validation("The key_hash of an API key cannot be changed"));
    }
    JsonObject next = existing.copy();
    if (body.containsKey("user")) {
      next.put("user", body.getString("user"));
    }
    if (body.containsKey("metadata")) {
      next.put("metadata", body.getJsonObject("metadata", new JsonObject()));
    }
    if (body.containsKey("enabled")) {
      next.put("enabled", body.getBoolean("enabled"));
    }
    return store.put(next).map(v -> {
      changed(next, false);
      return next;
    });
  }

  public Future<Void> delete(String idOrKey) {
    JsonObject existing = find(idOrKey);
    return store.delete(existing.getString("id")).map(v -> {
      changed(existing, true);
      return null;
    });
  }

  private void changed(JsonObject doc, boolean deleted) {
    if (deleted) {
      byHash.remove(doc.getString("key_hash"));
    } else {
      byHash.put(doc.getString("key_hash"), doc);
    }
    bus.publish(Addresses.AUTH_CUD, new JsonObject().put("kind", "apikey").put("doc", doc).put("deleted", deleted));
  }

  /** The API view: {@code key_hash} and {@code uid} masked unless secrets are asked for. */
  public static JsonObject view(JsonObject doc, boolean showSecrets) {
    JsonObject view = doc.copy();
    if (!showSecrets) {
      view.put("key_hash", MASK).put("uid", MASK);
    }
    return view;
  }
}
