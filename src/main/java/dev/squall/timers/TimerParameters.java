package dev.squall.timers;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;

/** The parameters of one timer Trigger, with checks whose messages name the trigger type and the parameter. */
final class TimerParameters {
  private final String typeRef;
  private final JsonObject values;

  TimerParameters(String typeRef, JsonObject values) {
    this.typeRef = typeRef;
    this.values = values;
  }

  /** Rejects names the type's schema does not declare (its {@code additionalProperties} is false). */
  void allowOnly(Set<String> names) {
    for (String name : values.fieldNames()) {
      if (!names.contains(name)) {
        throw invalid(name, "is not a parameter of this trigger type");
      }
    }
  }

  Object value(String name) {
    return values.getValue(name);
  }

  Object required(String name) {
    Object value = values.getValue(name);
    if (value == null) {
      throw invalid(name, "is required");
    }
    return value;
  }

  /** The {@code timezone} parameter, else the default. */
  ZoneId zone(ZoneId defaultZone) {
    Object value = values.getValue("timezone");
    if (value == null) {
      return defaultZone;
    }
    if (!(value instanceof String name)) {
      throw invalid("timezone", "must be a string");
    }
    try {
      return ZoneId.of(name.strip());
    } catch (DateTimeException e) {
      throw invalid("timezone", "is not a known time zone: \"" + name + "\"");
    }
  }

  Validation invalid(String name, String problem) {
    return new Validation(typeRef + " parameter \"" + name + "\" " + problem);
  }
}
