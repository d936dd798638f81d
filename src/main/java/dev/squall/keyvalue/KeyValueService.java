package dev.squall.keyvalue;

import dev.squall.triggers.TriggerDispatcher;
import dev.squall.triggers.TriggerTypes;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.error.NotFound;
import dev.squall.util.SymmetricCrypto;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The datastore: keys stored, mirrored into every node's {@link KeyValueCache} (reads never touch the
 * store), announced as {@code core.st2.key_value_pair.*} trigger instances. Expired keys are invisible at
 * once and purged by {@link #purgeExpired()}.
 */
public final class KeyValueService {
  private final KeyStore store;
  private final Bus bus;
  private final KeyValueCache cache;
  private final SymmetricCrypto crypto;
  private final String keyPath;
  private final TriggerDispatcher dispatcher;

  public KeyValueService(KeyStore store, Bus bus, KeyValueCache cache, SymmetricCrypto crypto, String keyPath,
      TriggerDispatcher dispatcher) {
    this.store = store;
    this.bus = bus;
    this.cache = cache;
    this.crypto = crypto;
    this.keyPath = keyPath;
    this.dispatcher = dispatcher;
  }

  public KeyValueService listen() {
    bus.subscribe(Addresses.KEY_CUD, event -> {
      if ("delete".equals(event.getString("op"))) {
        cache.remove(event.getJsonObject("doc"));
      } else {
        cache.put(event.getJsonObject("doc"));
      }
    });
    return this;
  }

  public Future<Void> load() {
    return store.all().map(docs -> {
      cache.putAll(docs);
      return null;
    });
  }

  public KeyValueCache cache() {
    return cache;
  }

  public SymmetricCrypto crypto() {
    return crypto;
  }

  /** The {@code st2kv} Jinja context for a user. */
  public Map<String, Object> jinjaContext(String user) {
    return Map.of("st2kv", cache.jinjaContext(user, crypto));
  }

  public JsonObject get(String scope, String storedName) {
    return cache.get(scope, storedName).orElseThrow(() -> new NotFound("KeyValuePair with name: "
        + displayName(scope, storedName) + " and scope: " + scope + " not found in db."));
  }

  private static String displayName(String scope, String storedName) {
    return storedName;
  }

  public List<JsonObject> list(String scope, String prefix) {
    return cache.list(scope, prefix);
  }

  /** Create or replace; fires create or update (+ value_change when the value changed). */
  public Future<JsonObject> put(String key, JsonObject body, String requester) {
    JsonObject doc = KeyValues.stored(key, body, requester, crypto, keyPath, Instant.now());
    JsonObject previous = cache.get(doc.getString("scope"), doc.getString("name")).orElse(null);
    if (previous != null) {
      doc.put("id", previous.getString("id"));
    }
    return store.put(doc).map(v -> {
      cache.put(doc);
      bus.publish(Addresses.KEY_CUD, new JsonObject().put("op", "put").put("doc", doc));
      JsonObject view = KeyValues.view(doc, false, crypto);
      if (previous == null) {
        fire(TriggerTypes.KV_CREATE, new JsonObject().put("object", view));
      } else {
        fire(TriggerTypes.KV_UPDATE, new JsonObject().put("object", view));
        if (!previous.getString("value", "").equals(doc.getString("value"))) {
          fire(TriggerTypes.KV_VALUE_CHANGE, new JsonObject()
              .put("old_object", KeyValues.view(previous, false, crypto)).put("new_object", view));
        }
      }
      return doc;
    });
  }

  public Future<Void> delete(String scope, String storedName) {
    JsonObject doc;
    try {
      doc = get(scope, storedName);
    } catch (NotFound e) {
      return Future.failedFuture(e);
    }
    return store.delete(doc.getString("id")).map(v -> {
      cache.remove(doc);
      bus.publish(Addresses.KEY_CUD, new JsonObject().put("op", "delete").put("doc", doc));
      fire(TriggerTypes.KV_DELETE, new JsonObject().put("object", KeyValues.view(doc, false, crypto)));
      return null;
    });
  }

  /** Deletes keys whose expiry has passed, on either store backend; completes with how many. */
  public Future<Long> purgeExpired() {
    String now = Times.now();
    return store.expired(now).compose(expired -> {
      expired.forEach(doc -> {
        cache.remove(doc);
        bus.publish(Addresses.KEY_CUD, new JsonObject().put("op", "delete").put("doc", doc));
      });
      return store.deleteExpired(now);
    });
  }

  private void fire(String triggerRef, JsonObject payload) {
    dispatcher.dispatch(triggerRef, payload, null);
  }
}
