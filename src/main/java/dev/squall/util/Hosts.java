package dev.squall.util;

/** This machine's host name, as runner info and node names carry it. */
public final class Hosts {
  private static final String NAME = lookup();

  private Hosts() {
  }

  public static String name() {
    return NAME;
  }

  private static String lookup() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
