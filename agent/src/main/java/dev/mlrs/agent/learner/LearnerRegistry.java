package dev.mlrs.agent.learner;

import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decoded learners of one agent instance, by name and version. The global store holds learners as
 * encoded bytes; decoding 11,776 weights per step would dominate the step, so each version is decoded
 * once and the step only peeks at the name and version at the front of the record. The last few
 * versions of each name stay available for the backward pass of steps served with an older version; older
 * ones are found through the learner-history topic (key "name@version", {@link #historyKey}), which keeps the
 * versions that enrolled fleet jobs are still served after their learner has moved on.
 */
public final class LearnerRegistry {
  private static final int HEADER = 10;   // single-object encoding: 2 marker bytes + 8-byte fingerprint
  private static final long CURRENT_FINGERPRINT =
      SchemaNormalization.parsingFingerprint64(LearnerParams.getClassSchema());

  private final int versionsKept;
  private final Map<String, ConcurrentNavigableMap<Long, Learner>> byName = new ConcurrentHashMap<>();

  public LearnerRegistry(int versionsKept) {
    if (versionsKept < 1) {
      throw new IllegalArgumentException("versionsKept must be at least 1");
    }
    this.versionsKept = versionsKept;
  }

  /** The learner encoded in {@code bytes} (a LearnerParams record), decoding it only the first time. */
  public Learner resolve(byte[] bytes) {
    long[] version = new long[1];
    String name = peek(bytes, version);
    if (name != null) {
      Learner known = find(name, version[0]);
      if (known != null) {
        return known;
      }
    }
    return register(Learner.of(MlrsSerdes.LEARNER_PARAMS.decode(bytes)));
  }

  /** Adds a decoded learner (e.g. one this instance just published). */
  public Learner register(Learner learner) {
    ConcurrentNavigableMap<Long, Learner> versions =
        byName.computeIfAbsent(learner.name(), n -> new ConcurrentSkipListMap<>());
    Learner existing = versions.putIfAbsent(learner.version(), learner);
    while (versions.size() > versionsKept) {
      versions.pollFirstEntry();
    }
    return existing != null ? existing : learner;
  }

  /** The key of a version on the learner-history topic and in its global store. */
  public static String historyKey(String name, long version) {
    return name + "@" + version;
  }

  /**
   * Version {@code version} of {@code name}: held here, else decoded from its learner-history record, else
   * the published (latest) record when that is the version asked for; null when none of them has it.
   *
   * @param history   the learner-history record of a key, or null
   * @param published the current meta-params record of the learner, or null
   */
  public Learner at(String name, long version, Function<String, byte[]> history, byte[] published) {
    Learner known = find(name, version);
    if (known != null) {
      return known;
    }
    byte[] kept = history.apply(historyKey(name, version));
    if (kept != null) {
      Learner learner = resolve(kept);
      if (learner.name().equals(name) && learner.version() == version) {
        return learner;
      }
    }
    if (published != null) {
      Learner latest = resolve(published);
      return latest.version() == version ? latest : null;
    }
    return null;
  }

  /** A version seen recently, or null. */
  public Learner find(String name, long version) {
    ConcurrentNavigableMap<Long, Learner> versions = byName.get(name);
    return versions == null ? null : versions.get(version);
  }

  /** Reads name and version from the front of a current-schema record without decoding the weights. */
  private static String peek(byte[] bytes, long[] version) {
    if (bytes == null || bytes.length <= HEADER || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
      return null;
    }
    long fingerprint = 0;
    for (int i = 9; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
    }
    if (fingerprint != CURRENT_FINGERPRINT) {
      return null;   // an older writer schema: let the full decoder resolve it
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, null);
      String name = decoder.readString();
      version[0] = decoder.readLong();
      return name;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
