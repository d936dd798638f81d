package dev.squall.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code [content]}: where packs are found besides the bundled ones, where their configs and virtualenvs live
 * (empty: under the data dir), and whether a pack's {@code lib/} is on its Python actions' path.
 */
public record ContentConfig(List<Path> packsBasePaths, String configsPath, String virtualenvsPath,
    boolean enableCommonLibs) {
  static ContentConfig from(Section s) {
    return new ContentConfig(s.list("packs_base_paths", "[:,]").stream().map(Path::of).toList(),
        s.string("configs_path", ""), s.string("virtualenvs_path", ""), s.bool("enable_common_libs", false));
  }
}
