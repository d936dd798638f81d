package dev.squall.triggers;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** JSON-schema checks of trigger parameters and payloads (draft 4, as StackStorm validates them). */
public final class SchemaCheck {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT4)
      .setBaseUri("urn:squall:schema").setOutputFormat(OutputFormat.Basic);
  private static final Map<String, Validator> CACHE = new ConcurrentHashMap<>();

  private SchemaCheck() {
  }

  /** Fails with a Validation starting with {@code what} when the value does not fit the schema. */
  public static void check(JsonObject schema, Object value, String what) {
    if (schema == null || schema.isEmpty()) {
      return;
    }
    Validator validator = CACHE.computeIfAbsent(schema.encode(), k -> Validator.create(JsonSchema.of(schema.copy()), OPTIONS));
    OutputUnit result = validator.validate(value);
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    List<OutputUnit> errors = result.getErrors();
    OutputUnit worst = errors == null || errors.isEmpty() ? result : errors.stream()
        .filter(e -> e.getError() != null && !e.getError().startsWith("A subschema had errors"))
        .max(Comparator.comparingInt((OutputUnit e) -> String.valueOf(e.getInstanceLocation()).length())
            .thenComparingInt(e -> String.valueOf(e.getKeywordLocation()).length()))
        .orElse(errors.get(0));
    String location = String.valueOf(worst.getInstanceLocation()).replaceFirst("^#/?", "").replace('/', '.');
    throw new Validation(what + ": " + (location.isEmpty() || "null".equals(location) ? "" : "'" + location + "': ")
        + worst.getError());
  }
}
