package dev.squall.config;

/** {@code [action_sensor]}: whether completed executions fire {@code core.st2.generic.actiontrigger}. */
public record ActionSensorConfig(boolean enable) {
  static ActionSensorConfig from(Section s) {
    return new ActionSensorConfig(s.bool("enable", true));
  }
}
