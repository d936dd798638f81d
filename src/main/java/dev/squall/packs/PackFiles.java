package dev.squall.packs;

import dev.squall.error.NotFound;
import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files of a registered pack, as st2web shows them. A requested path must stay inside the pack
 * directory: {@code ..} segments, absolute paths, backslashes and NUL are refused (400), and a file reached
 * through a symlink that leads outside the pack is reported as missing (404). Blocking file I/O: call from
 * a worker, never an event loop.
 */
public final class PackFiles {
  /** Files above this size are left out of the listing and refused one by one, as StackStorm does. */
  public static final long MAX_FILE_SIZE = 500_000;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("yaml", "application/x-yaml"), Map.entry("yml", "application/x-yaml"),
      Map.entry("json", "application/json"), Map.entry("py", "text/x-python"), Map.entry("sh", "application/x-sh"),
      Map.entry("md", "text/markdown"), Map.entry("txt", "text/plain"), Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
      Map.entry("svg", "image/svg+xml"), Map.entry("html", "text/html"), Map.entry("j2", "text/plain"),
      Map.entry("cfg", "text/plain"), Map.entry("ini", "text/plain"), Map.entry("js", "application/javascript"));

  private PackFiles() {
  }

  /** One file read for an answer: its bytes, media type and modification time (epoch milliseconds). */
  public record FileView(byte[] content, String contentType, long modifiedMillis) {
  }

  /**
   * Every text file of the pack with its content: {@code [{file_path, content}]}, in the pack's file order.
   * Files gone from disk, over {@link #MAX_FILE_SIZE}, binary, or leading outside the pack are left out.
   */
  public static List<JsonObject> contents(JsonObject pack) {
    Path base = baseDir(pack);
    List<JsonObject> out = new ArrayList<>();
    for (Object entry : pack.getJsonArray("files", new JsonArray())) {
      if (!(entry instanceof String filePath)) {
        continue;
      }
      Path file;
      try {
        file = inside(base, filePath);
      } catch (Validation | NotFound e) {
        continue;
      }
      try {
        if (Files.size(file) > MAX_FILE_SIZE) {
          continue;
        }
        String text = utf8(Files.readAllBytes(file));
        if (text != null) {
          out.add(new JsonObject().put("file_path", filePath).put("content", text));
        }
      } catch (IOException e) {
        // gone or unreadable since registration: not listed
      }
    }
    return out;
  }

  /** One file of the pack for download. */
  public static FileView read(JsonObject pack, String filePath) {
    Path file = inside(baseDir(pack), filePath);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.size() > MAX_FILE_SIZE) {
        throw new Validation("File " + filePath + " exceeds maximum allowed file size (" + MAX_FILE_SIZE + " bytes)");
      }
      return new FileView(Files.readAllBytes(file), contentType(filePath), attributes.lastModifiedTime().toMillis());
    } catch (IOException e) {
      throw notFound(filePath);
    }
  }

  /**
   * The real path of {@code filePath} inside {@code base} (itself a real path): refused when it is not a
   * plain relative path, missing when it is no regular file or resolves (through links) outside the pack.
   */
  static Path inside(Path base, String filePath) {
    if (filePath == null || filePath.isBlank()) {
      throw new Validation("Missing file path");
    }
    if (filePath.indexOf('\0') >= 0 || filePath.indexOf('\\') >= 0 || filePath.startsWith("/")
        || DRIVE.matcher(filePath).find()) {
      throw new Validation("Invalid file path: \"" + printable(filePath) + "\"");
    }
    for (String segment : filePath.split("/")) {
      if (segment.equals("..")) {
        throw new Validation("Invalid file path: \"" + printable(filePath) + "\"");
      }
    }
    Path candidate = base.resolve(filePath).normalize();
    if (!candidate.startsWith(base) || candidate.equals(base)) {
      throw new Validation("Invalid file path: \"" + printable(filePath) + "\"");
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException | RuntimeException e) {
      throw notFound(filePath);
    }
    if (!real.startsWith(base) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
        || base.relativize(real).startsWith(".git")) {
      throw notFound(filePath);
    }
    return real;
  }

  private static Path baseDir(JsonObject pack) {
    String path = pack.getString("path");
    if (path == null) {
      throw new NotFound("Pack \"" + pack.getString("ref") + "\" has no files on disk");
    }
    try {
      return Path.of(path).toRealPath();
    } catch (IOException | RuntimeException e) {
      throw new NotFound("Pack \"" + pack.getString("ref") + "\" has no files on disk");
    }
  }

  private static NotFound notFound(String filePath) {
    return new NotFound("File \"" + printable(filePath) + "\" not found");
  }

  /** The path as a message may repeat it: control characters replaced, long paths cut. */
  private static String printable(String filePath) {
    String clean = filePath.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
  }

  static String contentType(String filePath) {
    int dot = filePath.lastIndexOf('.');
    String ext = dot < 0 ? "" : filePath.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /** The bytes as UTF-8 text, or null when they are binary (NUL bytes, or not UTF-8). */
  private static String utf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
