package dev.squall.rules;

import dev.squall.py.PyException;

/**
 * A criterion could not be evaluated (the Python exception StackStorm would raise). The message is the text
 * StackStorm puts after the last colon of a rule enforcement's {@code failure_reason}, e.g.
 * {@code '<' not supported between instances of 'str' and 'int'}.
 */
public final class CriteriaException extends PyException {
  public CriteriaException(String message) {
    super(message);
  }
}
