package dev.squall.util;

/** StackStorm refs ({@code <pack>.<name>}, split on the first dot) and uids. */
public final class Refs {
  private Refs() {
  }

  public static String ref(String pack, String name) {
    return pack + "." + name;
  }

  /** A string with a dot is a ref, without one an id. */
  public static boolean isRef(String refOrId) {
    return refOrId.indexOf('.') > 0;
  }

  public static String pack(String ref) {
    int dot = ref.indexOf('.');
    return dot < 0 ? null : ref.substring(0, dot);
  }

  public static String name(String ref) {
    int dot = ref.indexOf('.');
    return dot < 0 ? ref : ref.substring(dot + 1);
  }
}
