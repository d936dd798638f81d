package dev.squall.keyvalue;

import dev.squall.error.Validation;
import dev.squall.template.Secrets;
import dev.squall.util.Ids;
import dev.squall.util.SymmetricCrypto;
import dev.squall.util.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Pure functions over datastore documents (StackStorm's KeyValuePair). A stored document holds
 * {@code id, uid, name, scope, value, secret} and optionally {@code expire_timestamp, description}; user-scope
 * keys are stored under the name {@code <user>:<key>}, and secret values only as ciphertext.
 */
public final class KeyValues {
  public static final String SYSTEM = "st2kv.system";
  public static final String USER = "st2kv.user";
  /** Listing only: both scopes. */
  public static final String ALL = "all";
  private static final String ALLOWED = "['system', 'user', 'st2kv.system', 'st2kv.user']";
  private static final String USER_SEPARATOR = ":";

  private KeyValues() {
  }

  /**
   * The full scope of a key (for get, put and delete): empty means {@value #SYSTEM}; {@code system} and
   * {@code user} gain their {@code st2kv.} prefix.
   *
   * @throws Validation for anything else, with StackStorm's message
   */
  public static String scope(String input) {
    String full = fullScope(input);
    if (!SYSTEM.equals(full) && !USER.equals(full)) {
      throw new Validation("Scope " + full + " is not in allowed scopes list: " + ALLOWED + ".");
    }
    return full;
  }

  /**
   * The scope of a listing: like {@link #scope} but {@value #ALL} is allowed too.
   *
   * @throws Validation {@code Invalid scope: <scope>} for anything else
   */
  public static String listScope(String input) {
    String full = fullScope(input);
    if (!SYSTEM.equals(full) && !USER.equals(full) && !ALL.equals(full)) {
      throw new Validation("Invalid scope: " + full);
    }
    return full;
  }

  private static String fullScope(String input) {
    if (input == null || input.isEmpty()) {
      return SYSTEM;
    }
    // StackStorm prefixes anything not already naming the datastore, so errors show "st2kv.<input>".
    return ALL.equals(input) || input.contains("st2kv") ? input : "st2kv." + input;
  }

  /**
   * The name a key is stored under: the key itself in the system scope, {@code <user>:<key>} in the user scope.
   *
   * @throws Validation when the scope is the user scope and there is no user
   */
  public static String storedName(String scope, String key, String user) {
    if (!USER.equals(scope)) {
      return key;
    }
    if (user == null || user.isEmpty()) {
      throw new Validation("A valid user must be specified for user key ref.");
    }
    return user + USER_SEPARATOR + key;
  }

  /** {@code key_value_pair:<scope>:<stored name>}. */
  public static String uid(String scope, String storedName) {
    return "key_value_pair:" + scope + ":" + storedName;
  }

  /**
   * The document to store for {@code PUT /keys/{name}}: a new id (replace it with the existing one when the
   * key exists), value encrypted when {@code secret}, {@code expire_timestamp} = now + {@code ttl} seconds.
   * A pre-{@code encrypted} value is checked against the key and stored as given, and implies {@code secret}.
   *
   * @param key the key name (path parameter); body {@code name} is ignored
   * @param body {@code {value (string, required), secret, encrypted, scope, ttl, user, description}}
   * @param requester the user a user-scope key belongs to when the body names none
   * @param crypto the datastore key; null when encryption is not set up
   * @param keyPath where the key file is expected, for the error when {@code crypto} is null
   * @throws Validation on a bad value, scope or ttl, a secret without a crypto key, or a pre-encrypted value
   *     that does not verify
   */
  public static JsonObject stored(String key, JsonObject body, String requester, SymmetricCrypto crypto,
      String keyPath, Instant now) {
    if (key == null || key.isEmpty()) {
      throw new Validation("'name' is a required property");
    }
    Object rawValue = body.getValue("value");
    if (rawValue == null) {
      throw new Validation("'value' is a required property");
    }
    if (!(rawValue instanceof String value)) {
      boolean secretAsked = Boolean.TRUE.equals(body.getValue("secret")) || Boolean.TRUE.equals(body.getValue("encrypted"));
      throw new Validation((secretAsked ? "'" + Secrets.MASK + "'" : pyRepr(rawValue)) + " is not of type 'string'");
    }
    String scope = scope(body.getString("scope"));
    String user = body.getValue("user") instanceof String u && !u.isEmpty() ? u : requester;
    String name = storedName(scope, key, user);
    boolean encrypted = flag(body, "encrypted");
    boolean secret = encrypted || flag(body, "secret");
    String storedValue = value;
    if (secret) {
      if (crypto == null) {
        throw new Validation("Crypto key not found in " + keyPath + ". Unable to encrypt / decrypt value for key "
            + name + ".");
      }
      if (encrypted) {
        try {
          crypto.decrypt(value);
        } catch (Validation e) {
          throw new Validation("Failed to verify the integrity of the provided value for key \"" + name
              + "\". Ensure that the value is encrypted with the correct key and not corrupted.");
        }
      } else {
        storedValue = crypto.encrypt(value);
      }
    }
    JsonObject doc = new JsonObject()
        .put("id", Ids.next())
        .put("uid", uid(scope, name))
        .put("name", name)
        .put("scope", scope)
        .put("value", storedValue)
        .put("secret", secret);
    long ttl = ttl(body.getValue("ttl"));
    if (ttl != 0) {
      doc.put("expire_timestamp", Times.format(now.plusSeconds(ttl)));
    }
    if (body.getValue("description") instanceof String description) {
      doc.put("description", description);
    }
    return doc;
  }

  /**
   * What the API shows for a stored document: user-scope names split into {@code name} + {@code user},
   * {@code encrypted: true} with the ciphertext for secrets unless {@code decrypt}, null fields left out.
   *
   * @param crypto used only when decrypting a secret
   * @throws Validation when a secret must be decrypted without a crypto key, or does not decrypt
   */
  public static JsonObject view(JsonObject stored, boolean decrypt, SymmetricCrypto crypto) {
    JsonObject out = new JsonObject();
    for (String field : List.of("id", "uid", "name", "scope", "value", "secret", "expire_timestamp", "description")) {
      Object v = stored.getValue(field);
      if (v != null) {
        out.put(field, v);
      }
    }
    boolean secret = Boolean.TRUE.equals(stored.getValue("secret"));
    boolean encrypted = secret;
    if (secret && decrypt && stored.getValue("value") instanceof String ciphertext) {
      if (crypto == null) {
        throw new Validation("Crypto key not set up: unable to decrypt value for key " + stored.getString("name"));
      }
      out.put("value", crypto.decrypt(ciphertext));
      encrypted = false;
    }
    String name = stored.getString("name");
    if (USER.equals(stored.getString("scope")) && name != null) {
      int sep = name.indexOf(USER_SEPARATOR);
      if (sep >= 0) {
        out.put("user", name.substring(0, sep));
        out.put("name", name.substring(sep + 1));
      }
    }
    out.put("encrypted", encrypted);
    return out;
  }

  /** Whether the document has an {@code expire_timestamp} at or before {@code now}. */
  public static boolean isExpired(JsonObject doc, Instant now) {
    String expires = doc.getString("expire_timestamp");
    return expires != null && !Times.parse(expires).isAfter(now);
  }

  private static boolean flag(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw new Validation(pyRepr(v) + " is not of type 'boolean'");
    }
    return b;
  }

  private static long ttl(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    throw new Validation(pyRepr(v) + " is not of type 'integer'");
  }

  private static String pyRepr(Object v) {
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    return String.valueOf(v);
  }
}
