package dev.squall.config;

/** {@code [keyvalue]}: datastore encryption; an empty key path means {@code <data dir>/keys/datastore_key.json}. */
public record KeyValueConfig(boolean enableEncryption, String encryptionKeyPath) {
  static KeyValueConfig from(Section s) {
    return new KeyValueConfig(s.bool("enable_encryption", true), s.string("encryption_key_path", "").trim());
  }
}
