package dev.mlrs.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium in headless mode, driven through its command line (no WebDriver): --dump-dom prints the
 * DOM after the page's scripts ran for a while of virtual time, --screenshot writes a PNG.
 * scripts/setup-browser.sh installs it; {@link #find} says whether it is there.
 */
final class HeadlessChromium {
  private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome"};
  /** Virtual time the page's timers and fetches get before the DOM is dumped or the screenshot taken. */
  private static final int VIRTUAL_TIME_MS = 6000;
  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  static Optional<HeadlessChromium> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(new HeadlessChromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  String dumpDom(String url) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", url));
  }

  void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", url));
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu",
        "--no-sandbox",   // CI runs as root, where chromium refuses its sandbox
        "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
        "--virtual-time-budget=" + VIRTUAL_TIME_MS));
    command.addAll(args);
    Path stdout = Files.createTempFile("chromium", ".out");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s: " + command);
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + command + "\n" + out);
    }
    return out;
  }
}
