package dev.squall.config;

/** {@code [webui]}: base of the execution {@code web_url}. */
public record WebUiConfig(String webuiBaseUrl) {
  static WebUiConfig from(Section s) {
    return new WebUiConfig(s.string("webui_base_url", "https://localhost"));
  }
}
