package dev.squall.rules;

import dev.squall.error.Validation;
import dev.squall.py.PyRepr;
import dev.squall.py.PyValues;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches trigger instance payloads against a rule's criteria, as StackStorm's rule filter does: every
 * criterion must hold; empty criteria always match; non-empty criteria never match an empty payload. Pattern
 * strings with Jinja are rendered with {@code trigger} (the payload) plus the caller's template context
 * (st2kv lookups), keeping the rendered value's JSON type. A criterion that cannot be evaluated does not
 * match and yields a failure reason for a failed rule enforcement. Compile once per rule; {@link Compiled} is
 * immutable apart from a benign cache and safe to share between threads.
 */
public final class RuleMatcher {
  private RuleMatcher() {
  }

  /**
   * The outcome of one match. {@code failureReason} is non-null when a criterion raised (StackStorm then
   * writes a failed rule enforcement). It can accompany {@code matched = true}: a failing child criterion of
   * {@code search} only counts as false, and the search may still hold.
   */
  public record Result(boolean matched, String failureReason) {
    public static final Result MATCHED = new Result(true, null);
    public static final Result NOT_MATCHED = new Result(false, null);
  }

  private static final Compiled EMPTY = new Compiled(List.of());

  /**
   * Validates and compiles a rule's {@code criteria} (null = none).
   *
   * @throws Validation StackStorm's rule-create message for a missing or unknown {@code type} or a missing
   *     (or null) {@code pattern}
   */
  public static Compiled compile(JsonObject criteria) {
    if (criteria == null || criteria.isEmpty()) {
      return EMPTY;
    }
    List<Criterion> compiled = new ArrayList<>(criteria.size());
    for (Map.Entry<String, Object> e : criteria.getMap().entrySet()) {
      String key = e.getKey();
      Object spec = PyValues.norm(e.getValue());
      if (!PyValues.isDict(spec)) {
        throw new Validation("Criteria for field: " + key + " should be a dict.");
      }
      Map<String, Object> m = PyValues.dict(spec);
      Object type = PyValues.norm(m.get("type"));
      if (type == null) {
        throw new Validation("Operator not specified for field: " + key);
      }
      if (!(type instanceof String name) || !CriteriaOperators.isKnown(name)) {
        throw new Validation("For field: " + key + ", operator " + PyRepr.str(type)
            + " not in list of allowed operators: " + PyRepr.repr(CriteriaOperators.names()));
      }
      if (m.get("pattern") == null) {
        throw new Validation("For field: " + key + ", no pattern specified for operator " + name);
      }
      compiled.add(new Criterion(key, spec));
    }
    return new Compiled(List.copyOf(compiled));
  }

  /** A rule's compiled criteria. */
  public static final class Compiled {
    private final Criterion[] criteria;

    private Compiled(List<Criterion> criteria) {
      this.criteria = criteria.toArray(new Criterion[0]);
    }

    /** Whether the rule has no criteria (matches every instance of its trigger). */
    public boolean isEmpty() {
      return criteria.length == 0;
    }

    /**
     * Matches one trigger instance.
     *
     * @param payload the trigger instance payload
     * @param templateContext extra Jinja variables for patterns ({@code st2kv}, legacy {@code system}); may be null
     * @param ruleRef the rule's ref, for the failure reason
     * @param triggerInstanceId the trigger instance id, for the failure reason
     */
    public Result match(JsonObject payload, Map<String, Object> templateContext, String ruleRef,
        String triggerInstanceId) {
      if (criteria.length == 0) {
        return Result.MATCHED;
      }
      if (payload == null || payload.isEmpty()) {
        return Result.NOT_MATCHED;
      }
      Criterion.Evaluation ev = new Criterion.Evaluation(ruleRef, triggerInstanceId,
          templateContext == null ? Map.of() : templateContext);
      for (Criterion c : criteria) {
        boolean ok;
        try {
          ok = c.check(payload, "trigger", ev);
        } catch (RuntimeException e) {
          ev.fail("There might be a problem with the criteria in rule " + ruleRef, e);
          ok = false;
        }
        if (!ok) {
          return ev.failure == null ? Result.NOT_MATCHED : new Result(false, ev.failure);
        }
      }
      return ev.failure == null ? Result.MATCHED : new Result(true, ev.failure);
    }
  }
}
