package dev.squall.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code [content]}: where packs are found besides the bundled ones, where their configs and virtualenvs live
 * (empty: under the data dir), whether a pack's {@code lib/} is on its Python actions' path, and the pack
 * indexes ({@code index_url}, comma-separated) that name packs to install.
 */
public record ContentConfig(List<Path> packsBasePaths, String configsPath, String virtualenvsPath,
    boolean enableCommonLibs, List<String> indexUrls) {
  /** StackStorm's public pack index. */
  public static final String DEFAULT_INDEX_URL = "https://index.stackstorm.org/v1/index.json";

  static ContentConfig from(Section s) {
    List<String> index = s.list("index_url", ",");
    return new ContentConfig(s.list("packs_base_paths", "[:,]").stream().map(Path::of).toList(),
        s.string("configs_path", ""), s.string("virtualenvs_path", ""), s.bool("enable_common_libs", true),
        index.isEmpty() ? List.of(DEFAULT_INDEX_URL) : index);
  }
}
