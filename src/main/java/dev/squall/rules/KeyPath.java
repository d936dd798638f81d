package dev.squall.rules;

import dev.squall.py.PyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** jsonpath-rw: its lexer, its grammar (with its operator precedences) and its matching rules. */
final class KeyPath {
  private KeyPath() {
  }

  /** A matched node and the node it was found in (for `parent`). */
  record Datum(Object value, Datum parent) {
  }

  /** What `parent` of the top node yields: Python's None in place of a datum. */
  static final Datum NONE = new Datum(null, null);
  static final Object NO_MATCH = new Object();

  interface Node {
    List<Datum> find(Datum d);
  }

  // ---------------------------------------------------------------- matching

  record Fields(String[] names) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      List<Datum> out = new ArrayList<>(names.length);
      if (!PyValues.isDict(d.value())) {
        return out;
      }
      Map<String, Object> m = PyValues.dict(d.value());
      boolean star = false;
      for (String n : names) {
        star |= n.equals("*");
      }
      for (String n : star ? m.keySet().toArray(new String[0]) : names) {
        if (m.containsKey(n)) {
          out.add(new Datum(m.get(n), d));
        }
      }
      return out;
    }
  }

  record Index(int index) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      Object v = KeyPath.index(d.value(), index);
      return v == NO_MATCH ? List.of() : List.of(new Datum(v, d));
    }
  }

  /** Index semantics: falsy or too short → no match; a dict raises KeyError, a number TypeError. */
  static Object index(Object value, int i) {
    Object v = PyValues.norm(value);
    if (!PyValues.truthy(v)) {
      return NO_MATCH;
    }
    if (PyValues.isList(v)) {
      List<Object> l = PyValues.list(v);
      if (l.size() <= i) {
        return NO_MATCH;
      }
      int at = i < 0 ? l.size() + i : i;
      if (at < 0) {
        throw new CriteriaException("list index out of range");
      }
      return l.get(at);
    }
    if (v instanceof String s) {
      int len = s.codePointCount(0, s.length());
      if (len <= i) {
        return NO_MATCH;
      }
      int at = i < 0 ? len + i : i;
      if (at < 0) {
        throw new CriteriaException("string index out of range");
      }
      return Character.toString(s.codePointAt(s.offsetByCodePoints(0, at)));
    }
    if (PyValues.isDict(v)) {
      if (PyValues.dict(v).size() <= i) {
        return NO_MATCH;
      }
      throw new CriteriaException(String.valueOf(i)); // KeyError: dict keys are strings
    }
    throw new CriteriaException("object of type '" + PyValues.typeName(v) + "' has no len()");
  }

  record Slice(Integer start, Integer end) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      Object v = PyValues.norm(d.value());
      List<Object> items;
      if (PyValues.isDict(v) || PyValues.isIntegral(v) || v instanceof String) {
        items = java.util.Collections.singletonList(d.value()); // jsonpath-rw's coercion of a scalar to a list
      } else if (PyValues.isList(v)) {
        items = PyValues.list(v);
      } else {
        throw new CriteriaException("object of type '" + PyValues.typeName(v) + "' has no len()");
      }
      int len = items.size();
      int from = bound(start, len, 0);
      int to = bound(end, len, len);
      List<Datum> out = new ArrayList<>(Math.max(0, to - from));
      for (int i = from; i < to; i++) {
        out.add(new Datum(items.get(i), d));
      }
      return out;
    }

    private static int bound(Integer x, int len, int dflt) {
      if (x == null) {
        return dflt;
      }
      int v = x < 0 ? x + len : x;
      return Math.max(0, Math.min(len, v));
    }
  }

  record Root() implements Node {
    @Override
    public List<Datum> find(Datum d) {
      if (d == NONE) {
        return List.of(new Datum(null, null));
      }
      while (d.parent() != null) {
        d = d.parent();
      }
      return List.of(d);
    }
  }

  record This() implements Node {
    @Override
    public List<Datum> find(Datum d) {
      return List.of(d == NONE ? new Datum(null, null) : d);
    }
  }

  record Parent() implements Node {
    @Override
    public List<Datum> find(Datum d) {
      return List.of(d.parent() == null ? NONE : d.parent());
    }
  }

  record Child(Node left, Node right) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      List<Datum> out = new ArrayList<>();
      for (Datum l : left.find(d)) {
        out.addAll(right.find(l));
      }
      return out;
    }
  }

  record Descendants(Node left, Node right) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      List<Datum> out = new ArrayList<>();
      for (Datum l : left.find(d)) {
        recurse(l, out);
      }
      return out;
    }

    private void recurse(Datum d, List<Datum> out) {
      out.addAll(right.find(d));
      Object v = d.value();
      if (PyValues.isList(v)) {
        for (Object x : PyValues.list(v)) {
          recurse(new Datum(x, d), out);
        }
      } else if (PyValues.isDict(v)) {
        for (Object x : PyValues.dict(v).values()) {
          recurse(new Datum(x, d), out);
        }
      }
    }
  }

  record Where(Node left, Node right) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      List<Datum> out = new ArrayList<>();
      for (Datum l : left.find(d)) {
        if (!right.find(l).isEmpty()) {
          out.add(l);
        }
      }
      return out;
    }
  }

  record Union(Node left, Node right) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      List<Datum> out = new ArrayList<>(left.find(d));
      out.addAll(right.find(d));
      return out;
    }
  }

  record Intersect(Node left, Node right) implements Node {
    @Override
    public List<Datum> find(Datum d) {
      throw new CriteriaException(""); // jsonpath-rw raises NotImplementedError()
    }
  }

  /** The path as fields and indexes when it is a plain chain starting with a field, else null. */
  static Object[] simpleSteps(Node node) {
    List<Object> steps = new ArrayList<>();
    if (!flatten(node, steps) || steps.isEmpty() || !(steps.get(0) instanceof String)) {
      return null;
    }
    return steps.toArray();
  }

  private static boolean flatten(Node node, List<Object> steps) {
    if (node instanceof Child c) {
      return flatten(c.left(), steps) && flatten(c.right(), steps);
    }
    if (node instanceof Fields f && f.names().length == 1 && !f.names()[0].equals("*")) {
      steps.add(f.names()[0]);
      return true;
    }
    if (node instanceof Index i) {
      steps.add(i.index());
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- lexing

  private enum Kind { ID, NUMBER, DOUBLEDOT, WHERE, NAMED, LITERAL, EOF }

  private record Token(Kind kind, String text, int line, int col, int pos) {
    String typeName() {
      return switch (kind) {
        case ID -> "ID";
        case NUMBER -> "NUMBER";
        case DOUBLEDOT -> "DOUBLEDOT";
        case WHERE -> "WHERE";
        case NAMED -> "NAMED_OPERATOR";
        default -> text;
      };
    }

    boolean is(String literal) {
      return kind == Kind.LITERAL && text.equals(literal);
    }
  }

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int line = 1;
    int lineStart = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int col = i - lineStart;
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '\n') {
        line++;
        lineStart = i;
        i++;
      } else if (Character.isLetter(c) && c < 0x80 || c == '_' || c == '@') {
        int j = i + 1;
        while (j < s.length() && isIdPart(s.charAt(j))) {
          j++;
        }
        String id = s.substring(i, j);
        out.add(new Token(id.equals("where") ? Kind.WHERE : Kind.ID, id, line, col, i));
        i = j;
      } else if (c >= '0' && c <= '9' || c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))
          && s.charAt(i + 1) < 0x80) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
          j++;
        }
        out.add(new Token(Kind.NUMBER, String.valueOf(Long.parseLong(s.substring(i, j))), line, col, i));
        i = j;
      } else if (c == '\'' || c == '"' || c == '`') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          text.append(s.charAt(j++));
        }
        if (j >= s.length()) {
          throw new CriteriaException("Unexpected EOF in string literal or identifier");
        }
        out.add(new Token(c == '`' ? Kind.NAMED : Kind.ID, text.toString(), line, col, i));
        i = j + 1;
      } else if (c == '.' && s.startsWith("..", i)) {
        out.add(new Token(Kind.DOUBLEDOT, "..", line, col, i));
        i += 2;
      } else if ("*.[]()$,:|&".indexOf(c) >= 0) {
        out.add(new Token(Kind.LITERAL, String.valueOf(c), line, col, i));
        i++;
      } else {
        throw new CriteriaException("Error on line " + line + ", col " + col + ": Unexpected character: " + c + " ");
      }
    }
    out.add(new Token(Kind.EOF, "", line, 0, s.length()));
    return out;
  }

  private static boolean isIdPart(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '-');
  }

  // ---------------------------------------------------------------- parsing

  static Node parse(String expression) {
    Parser p = new Parser(lex(expression));
    Node node = p.expression(0);
    p.expectEnd();
    return node;
  }

  private static final class Parser {
    private final List<Token> tokens;
    private int at;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    Token peek() {
      return tokens.get(at);
    }

    Token next() {
      return tokens.get(at++);
    }

    CriteriaException error(Token t) {
      if (t.kind() == Kind.EOF) {
        return new CriteriaException("'NoneType' object has no attribute 'lineno'"); // PLY hands p_error None
      }
      return new CriteriaException("Parse error at " + t.line() + ":" + t.col() + " near token " + t.text() + " ("
          + t.typeName() + ")");
    }

    void expectEnd() {
      if (peek().kind() != Kind.EOF) {
        throw error(peek());
      }
    }

    void expect(String literal) {
      Token t = next();
      if (!t.is(literal)) {
        throw error(t);
      }
    }

    /** jsonpath-rw's precedences, loosest first: '..', '.', '|', '&', 'where'; all left-associative. */
    private static int precedence(Token t) {
      if (t.kind() == Kind.DOUBLEDOT) {
        return 1;
      }
      if (t.kind() == Kind.WHERE) {
        return 5;
      }
      if (t.is(".")) {
        return 2;
      }
      if (t.is("|")) {
        return 3;
      }
      if (t.is("&")) {
        return 4;
      }
      return -1;
    }

    Node expression(int minPrecedence) {
      Node left = primary();
      while (true) {
        Token t = peek();
        if (t.is("[")) {
          next();
          left = new Child(left, bracket());
          continue;
        }
        int prec = precedence(t);
        if (prec < 0 || prec < minPrecedence) {
          return left;
        }
        next();
        Node right = expression(prec + 1);
        left = switch (t.kind()) {
          case DOUBLEDOT -> new Descendants(left, right);
          case WHERE -> new Where(left, right);
          default -> switch (t.text()) {
            case "." -> new Child(left, right);
            case "|" -> new Union(left, right);
            default -> new Intersect(left, right);
          };
        };
      }
    }

    Node primary() {
      Token t = next();
      if (t.kind() == Kind.ID) {
        at--;
        return new Fields(fields());
      }
      if (t.is("*")) {
        return new Fields(new String[] {"*"});
      }
      if (t.is("$")) {
        return new Root();
      }
      if (t.kind() == Kind.NAMED) {
        return switch (t.text()) {
          case "this" -> new This();
          case "parent" -> new Parent();
          default -> throw new CriteriaException("Unknown named operator `" + t.text() + "` at " + t.line() + ":"
              + t.pos());
        };
      }
      if (t.is("[")) {
        return bracket();
      }
      if (t.is("(")) {
        Node inner = expression(0);
        expect(")");
        return inner;
      }
      throw error(t);
    }

    String[] fields() {
      List<String> names = new ArrayList<>();
      do {
        Token id = next();
        if (id.kind() != Kind.ID) {
          throw error(id);
        }
        names.add(id.text());
      } while (peek().is(",") && next() != null);
      return names.toArray(new String[0]);
    }

    /** After '[': an index, a slice, '*' or field names, then ']'. */
    Node bracket() {
      Token t = peek();
      Node node;
      if (t.is("*")) {
        next();
        node = new Slice(null, null);
      } else if (t.kind() == Kind.ID) {
        node = new Fields(fields());
      } else if (t.kind() == Kind.NUMBER || t.is(":")) {
        Integer start = t.kind() == Kind.NUMBER ? number(next()) : null;
        if (peek().is(":")) {
          next();
          Integer end = peek().kind() == Kind.NUMBER ? number(next()) : null;
          node = new Slice(start, end);
        } else if (start == null) {
          throw error(peek());
        } else {
          node = new Index(start);
        }
      } else {
        throw error(t);
      }
      expect("]");
      return node;
    }

    private static int number(Token t) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(t.text())));
    }
  }
}
