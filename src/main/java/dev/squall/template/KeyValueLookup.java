package dev.squall.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import dev.squall.py.PyRepr;
import dev.squall.util.SymmetricCrypto;
import java.util.AbstractMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One scope of the datastore as a Jinja variable ({@code st2kv.system}, {@code st2kv.user}), resolved lazily:
 * every attribute step reads one key, so {@code st2kv.system.a.b} reads key {@code a.b}. Each step is itself
 * a lookup that prints as the value of the key read so far (empty when it does not exist) and can go one
 * level deeper. Secret values print as stored (ciphertext); the {@code decrypt_kv} filter decrypts them with
 * the crypto this lookup carries.
 */
public final class KeyValueLookup extends AbstractMap<String, Object>
    implements PyishSerializable, HasObjectTruthValue {
  private final String scope;
  private final String userPrefix;
  private final String key;
  private final String value;
  private final Function<String, Optional<String>> values;
  private final SymmetricCrypto crypto;

  private KeyValueLookup(String scope, String userPrefix, String key, String value,
      Function<String, Optional<String>> values, SymmetricCrypto crypto) {
    this.scope = scope;
    this.userPrefix = userPrefix;
    this.key = key;
    this.value = value;
    this.values = values;
    this.crypto = crypto;
  }

  /**
   * The {@code st2kv.system} variable.
   *
   * @param values stored value of a system key by its name (ciphertext for secrets); empty when missing
   * @param crypto decrypts for {@code decrypt_kv}; null when encryption is not set up
   */
  public static KeyValueLookup system(Function<String, Optional<String>> values, SymmetricCrypto crypto) {
    return new KeyValueLookup("system", "", "", "", values, crypto);
  }

  /**
   * The {@code st2kv.user} variable of one user: {@code st2kv.user.k} reads the stored name {@code <user>:k}.
   *
   * @param values stored value of a user-scope key by its stored name ({@code <user>:<key>})
   */
  public static KeyValueLookup user(String user, Function<String, Optional<String>> values, SymmetricCrypto crypto) {
    return new KeyValueLookup("user", user + ":", "", "", values, crypto);
  }

  /** The next step down: reads the key {@code <this key>.<name>} (or {@code name} at the top). */
  @Override
  public Object get(Object name) {
    if (name == null) {
      return null;
    }
    String next = key.isEmpty() ? userPrefix + name : key + "." + name;
    return new KeyValueLookup(scope, userPrefix, next, values.apply(next).orElse(""), values, crypto);
  }

  @Override
  public boolean containsKey(Object name) {
    return name != null; // every name resolves, missing keys to an empty value
  }

  /** Not enumerable: a scope is looked up key by key, never listed into a template. */
  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Set.of();
  }

  /** Truthy when the key read so far has a non-empty value (StackStorm's lookup object is always truthy). */
  @Override
  public boolean getObjectTruthValue() {
    return !value.isEmpty();
  }

  /** The stored value of the key read so far ("" when missing, ciphertext when secret). */
  public String value() {
    return value;
  }

  /** The key as StackStorm names it in errors: {@code st2kv.system.a.b}, {@code st2kv.user.k}. */
  public String keyName() {
    return "st2kv." + scope + "." + key.substring(Math.min(userPrefix.length(), key.length()));
  }

  /** The crypto that decrypts this lookup's secrets, or null. */
  SymmetricCrypto crypto() {
    return crypto;
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws java.io.IOException {
    appendable.append(PyRepr.repr(value));
    return appendable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValueLookup other && other.key.equals(key) && other.value.equals(value)
        && other.scope.equals(scope);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + value.hashCode();
  }
}
