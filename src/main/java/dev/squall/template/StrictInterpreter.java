package dev.squall.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.util.Variable;
import dev.squall.error.SquallException;

/**
 * Jinja2's StrictUndefined for Jinjava: a top-level name that is neither bound (even to null) nor known to
 * the lazy lookup fails the render. Jinjava's own fail-on-unknown-tokens cannot be used: it also fails on
 * bound null values and on whole expressions that evaluate to null ({@code x | use_none}).
 */
final class StrictInterpreter extends JinjavaInterpreter {
  static final InterpreterFactory FACTORY = new InterpreterFactory() {
    @Override
    public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
      return new StrictInterpreter(orig);
    }

    @Override
    public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
      return new StrictInterpreter(application, context, config);
    }
  };

  private StrictInterpreter(Jinjava application, Context context, JinjavaConfig config) {
    super(application, context, config);
  }

  private StrictInterpreter(JinjavaInterpreter orig) {
    super(orig);
  }

  @Override
  public Object retraceVariable(String variable, int lineNumber, int startPosition) {
    Object value = super.retraceVariable(variable, lineNumber, startPosition);
    RenderScope scope = RenderScope.current();
    if (value != null || scope == null) {
      return value;
    }
    Variable parsed = new Variable(this, variable);
    String root = parsed.getName();
    if (getContext().get(root) != null || scope.boundNames.contains(root)) {
      return null; // bound to null, or a missing nested property (rendered empty)
    }
    Object found;
    try {
      found = scope.lookup == null ? RenderScope.Lookup.UNKNOWN : scope.lookup.find(root);
    } catch (SquallException e) {
      throw scope.fail(e);
    }
    if (found == RenderScope.Lookup.UNKNOWN) {
      throw scope.fail(scope.undefined.apply(root));
    }
    if (found == null) {
      return null;
    }
    getContext().put(root, found);
    return parsed.resolve(found);
  }
}
