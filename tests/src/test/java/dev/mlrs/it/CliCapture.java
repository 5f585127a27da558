package dev.mlrs.it;

import dev.mlrs.cli.Mlrs;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the mlrs command line in this JVM, the way the launcher would, and keeps what it printed. */
record CliCapture(int status, String out, String err) {

  static CliCapture run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try {
      // Shown as it happens too: these runs take minutes.
      System.setOut(new PrintStream(new Tee(out, originalOut), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, originalErr), true, StandardCharsets.UTF_8));
      status = Mlrs.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new CliCapture(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
  }

  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
