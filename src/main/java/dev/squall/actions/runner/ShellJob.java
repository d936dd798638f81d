package dev.squall.actions.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * One shell command to run for an execution.
 *
 * @param command the text given to {@code /bin/sh -c} (or {@code bash -c} under sudo)
 * @param cwd working directory, or null for this process's
 * @param env variables added to this process's environment
 * @param sudo run through {@code sudo -E} (skipped when already root)
 * @param sudoPassword fed to {@code sudo -S} on stdin, or null
 * @param timeoutSeconds kill the process tree after this long; 0 or less means no limit
 * @param makeExecutable a script to {@code chmod +x} before running, or null
 */
record ShellJob(
    String command,
    Path cwd,
    Map<String, String> env,
    boolean sudo,
    String sudoPassword,
    long timeoutSeconds,
    Path makeExecutable) {

  /** Without the command line, environment and sudo password: rendered secrets live there. */
  @Override
  public String toString() {
    return "ShellJob[cwd=" + cwd + ", sudo=" + sudo + ", timeoutSeconds=" + timeoutSeconds + "]";
  }
}
