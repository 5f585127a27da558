package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key pair with a self-signed certificate (PKCS12 key store) and a trust store holding that certificate,
 * made with the JDK's {@code keytool}, so that tests and local set-ups get TLS without a certificate authority or a
 * new dependency. The certificate names {@code localhost} and {@code 127.0.0.1} (where the embedded broker
 * listens), so clients verify the host name as they would against a real cluster.
 *
 * @param keyStore   the broker's private key and certificate
 * @param trustStore the certificate alone, for the clients (and the broker's own connections to its controller)
 * @param password   the password of both stores
 * @param subject    the certificate's distinguished name: the principal of a TLS client presenting it
 *                   ({@code User:CN=...})
 */
public record SelfSignedKeyStores(Path keyStore, Path trustStore, String password, String subject) {
  public static final String TYPE = "PKCS12";
  static final String DEFAULT_SUBJECT = "CN=mlrs-broker";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  /** Makes {@code broker.p12} and {@code truststore.p12} in {@code dir} with a fresh random password. */
  public static SelfSignedKeyStores create(Path dir) {
    return create(dir, DEFAULT_SUBJECT);
  }

  public static SelfSignedKeyStores create(Path dir, String subject) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    SelfSignedKeyStores stores = new SelfSignedKeyStores(dir.resolve("broker.p12"), dir.resolve("truststore.p12"),
        randomSecret(), subject);
    Path certificate = dir.resolve("broker.crt");
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
        "-dname", subject, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", stores.keyStore.toString(),
        "-storetype", TYPE, "-storepass", stores.password, "-keypass", stores.password);
    keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(), "-keystore",
        stores.keyStore.toString(), "-storetype", TYPE, "-storepass", stores.password);
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore",
        stores.trustStore.toString(), "-storetype", TYPE, "-storepass", stores.password);
    return stores;
  }

  /** Letters and digits only: it goes into JAAS lines and StorageTool arguments unquoted. */
  static String randomSecret() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return secret.toString();
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed (exit code " + process.exitValue() + "): "
            + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
