package dev.squall.config;

import java.nio.file.Path;
import java.util.List;

/** {@code [content]}: where packs are found besides the bundled ones. */
public record ContentConfig(List<Path> packsBasePaths) {
  static ContentConfig from(Section s) {
    return new ContentConfig(s.list("packs_base_paths", "[:,]").stream().map(Path::of).toList());
  }
}
