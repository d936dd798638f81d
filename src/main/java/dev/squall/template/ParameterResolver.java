package dev.squall.template;

import dev.squall.error.Validation;
import dev.squall.py.PyRepr;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns live parameters (from a request or a rule) into the final runner and action parameters, following
 * StackStorm: immutables from defaults, live over action default over runner default, Jinja rendered in
 * dependency order with the other parameters and the extra context in scope, then cast and validated
 * against each parameter's declared type. Stateless and thread-safe.
 */
public final class ParameterResolver {
  private final Jinja jinja;

  public ParameterResolver() {
    this(new Jinja());
  }

  public ParameterResolver(Jinja jinja) {
    this.jinja = jinja;
  }

  /**
   * Final parameter values. Every parameter of the schema appears in {@code all} (null when neither
   * supplied nor defaulted); {@code runner} and {@code action} split {@code all} by
   * {@link ParameterSchema#isRunnerParameter}.
   */
  public record Resolved(JsonObject runner, JsonObject action, JsonObject all) {
  }

  /**
   * Resolves live values against a schema.
   *
   * @param extraContext more template variables, e.g. {@code action_context}, {@code st2kv}, {@code trigger}
   * @throws Validation for unknown or immutable live parameters, render failures, missing required values,
   *     and values that cannot be cast to or do not satisfy their schema; its message never holds the value
   *     of a secret parameter (see {@link Secrets})
   */
  public Resolved resolve(ParameterSchema schema, JsonObject live, Map<String, Object> extraContext) {
    JsonObject given = live == null ? new JsonObject() : live;
    Map<String, Object> raw = new LinkedHashMap<>();
    Rendering rendering = new Rendering(raw, extraContext, schema.merged().fieldNames());
    try {
      return resolve(schema, given, raw, rendering);
    } catch (Validation e) {
      Set<String> secrets = new HashSet<>();
      for (String name : schema.merged().fieldNames()) {
        JsonObject p = schemaOf(schema.merged(), name);
        Secrets.collect(TemplateValues.plain(given.getValue(name)), p, secrets);
        Secrets.collect(TemplateValues.plain(raw.get(name)), p, secrets);
        Secrets.collect(TemplateValues.plain(rendering.done.get(name)), p, secrets);
      }
      String message = Secrets.scrub(e.getMessage(), secrets);
      throw message.equals(e.getMessage()) ? e : new Validation(message);
    }
  }

  private Resolved resolve(ParameterSchema schema, JsonObject given, Map<String, Object> raw, Rendering rendering) {
    JsonObject params = schema.merged();
    List<String> unexpected = given.fieldNames().stream().filter(n -> !params.containsKey(n)).toList();
    if (!unexpected.isEmpty()) {
      throw new Validation("Additional properties are not allowed (" + String.join(", ",
          unexpected.stream().map(PyRepr::repr).toList()) + (unexpected.size() == 1 ? " was" : " were")
          + " unexpected)");
    }
    List<String> immutable = given.fieldNames().stream()
        .filter(n -> Boolean.TRUE.equals(params.getJsonObject(n, new JsonObject()).getValue("immutable"))).toList();
    if (!immutable.isEmpty()) {
      throw new Validation("Override of immutable parameter(s) " + PyRepr.repr(immutable) + " is unsupported.");
    }

    for (String name : params.fieldNames()) {
      JsonObject p = schemaOf(params, name);
      Object value = given.getValue(name);
      if (value == null) {
        value = p.getValue("default");
      }
      raw.put(name, value);
      if (value == null && Boolean.TRUE.equals(p.getValue("required")) && !p.containsKey("default")) {
        throw new Validation(PyRepr.repr(name) + " is a required property");
      }
    }

    Map<String, Object> rendered = rendering.all();

    JsonObject all = new JsonObject();
    JsonObject runner = new JsonObject();
    JsonObject action = new JsonObject();
    for (String name : params.fieldNames()) {
      JsonObject p = schemaOf(params, name);
      Object value = ParameterCheck.castAndCheck(name, rendered.get(name), p);
      if (value == null && Boolean.TRUE.equals(p.getValue("required")) && !p.containsKey("default")) {
        throw new Validation(PyRepr.repr(name) + " is a required property");
      }
      Object json = TemplateValues.json(value);
      all.put(name, json);
      (schema.isRunnerParameter(name) ? runner : action).put(name, json);
    }
    return new Resolved(runner, action, all);
  }

  private static JsonObject schemaOf(JsonObject params, String name) {
    return params.getValue(name) instanceof JsonObject o ? o : new JsonObject();
  }

  /** One resolution: parameters rendered on first use, so dependencies resolve before their dependents. */
  private final class Rendering implements RenderScope.Lookup {
    private final Map<String, Object> raw;
    private final Map<String, Object> context = new HashMap<>();
    private final Map<String, Object> done = new HashMap<>();
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();

    /** {@code raw} is filled with every parameter's value before rendering starts. */
    Rendering(Map<String, Object> raw, Map<String, Object> extraContext, Set<String> parameterNames) {
      this.raw = raw;
      if (extraContext != null) {
        extraContext.forEach((k, v) -> {
          if (!parameterNames.contains(k)) {
            context.put(k, v);
          }
        });
      }
    }

    Map<String, Object> all() {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String name : raw.keySet()) {
        out.put(name, resolve(name));
      }
      return out;
    }

    @Override
    public Object find(String name) {
      return raw.containsKey(name) ? TemplateValues.plain(resolve(name)) : UNKNOWN;
    }

    private Object resolve(String name) {
      if (done.containsKey(name)) {
        return done.get(name);
      }
      if (inProgress.contains(name)) {
        List<String> members = new ArrayList<>(inProgress);
        Set<String> cycle = new TreeSet<>(members.subList(members.indexOf(name), members.size()));
        throw new Validation("Cyclic dependency found in the following variables: " + String.join(", ", cycle)
            + ". Likely the variable is referencing itself");
      }
      inProgress.add(name);
      Object value = raw.get(name);
      if (Jinja.containsTemplate(value)) {
        value = render(name, toJson(value));
      }
      inProgress.remove(name);
      done.put(name, value);
      return value;
    }

    private Object render(String name, Object value) {
      try {
        return jinja.renderValue(value, context, this,
            missing -> new Validation("Dependency unsatisfied in variable \"" + missing + "\""));
      } catch (Validation e) {
        if (Jinja.isSyntaxError(e)) {
          return value; // like StackStorm: text that does not parse as Jinja is a plain value
        }
        if (e.getMessage().startsWith("Dependency unsatisfied") || e.getMessage().startsWith("Cyclic dependency")
            || e.getMessage().startsWith("Failed to render parameter")) {
          throw e;
        }
        throw new Validation("Failed to render parameter \"" + name + "\": " + e.getMessage());
      }
    }

    private Object toJson(Object value) {
      return value instanceof Map<?, ?> || value instanceof List<?> ? TemplateValues.json(value) : value;
    }
  }

}
