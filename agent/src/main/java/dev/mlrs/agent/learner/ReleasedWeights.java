package dev.mlrs.agent.learner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlrs.agent.math.CellShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MLR-SNet weights released with the paper's code (resource mlrsnet-released-weights.json, MIT
 * licence, see NOTICE.md next to it): three snapshots of meta-training, at epochs 1, 100 and 200,
 * converted to our flat layout ({@link CellShape}).
 */
public final class ReleasedWeights {

  public static final String RESOURCE = "/dev/mlrs/agent/learner/mlrsnet-released-weights.json";

  /** PyTorch parameter names in the order of our flat layout. */
  private static final String[] LAYOUT = {
      "layer1.fc_i2h.0.weight", "layer1.fc_i2h.0.bias",
      "layer1.fc_i2h.2.weight", "layer1.fc_i2h.2.bias",
      "layer1.fc_h2h.0.weight", "layer1.fc_h2h.0.bias",
      "layer1.fc_h2h.2.weight", "layer1.fc_h2h.2.bias",
      "layer3.weight", "layer3.bias"};

  private final Map<String, double[]> snapshots;
  private final JsonNode referenceVectors;

  private ReleasedWeights(Map<String, double[]> snapshots, JsonNode referenceVectors) {
    this.snapshots = snapshots;
    this.referenceVectors = referenceVectors;
  }

  public static ReleasedWeights load() {
    try (InputStream in = ReleasedWeights.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the agent jar");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, double[]> snapshots = new LinkedHashMap<>();
      root.get("weights").fields().forEachRemaining(e -> snapshots.put(e.getKey(), flatten(e.getKey(), e.getValue())));
      return new ReleasedWeights(snapshots, root.get("reference_vectors"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Snapshot names: epoch_1, epoch_100, epoch_200. */
  public Iterable<String> snapshotNames() {
    return snapshots.keySet();
  }

  /** A copy of one snapshot's weights in the flat layout. */
  public double[] snapshot(String name) {
    double[] weights = snapshots.get(name);
    if (weights == null) {
      throw new IllegalArgumentException("no released snapshot " + name + "; known: " + snapshots.keySet());
    }
    return weights.clone();
  }

  /** The published test inputs (losses fed from zero state). */
  public double[] referenceInputs() {
    return toArray(referenceVectors.get("inputs"));
  }

  /** The published sigmoid outputs of the meta-test cell for one snapshot. */
  public double[] referenceOutputs(String snapshot) {
    return toArray(referenceVectors.get(snapshot).get("meta_test_cell"));
  }

  private static double[] flatten(String snapshot, JsonNode tensors) {
    CellShape shape = CellShape.REFERENCE;
    double[] flat = new double[shape.parameterCount()];
    int at = 0;
    for (String name : LAYOUT) {
      JsonNode tensor = tensors.get(name);
      if (tensor == null) {
        throw new IllegalStateException(snapshot + " lacks tensor " + name);
      }
      at = append(tensor, flat, at);
    }
    if (at != flat.length) {
      throw new IllegalStateException(snapshot + " has " + at + " weights, expected " + flat.length);
    }
    return flat;
  }

  private static int append(JsonNode node, double[] flat, int at) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        at = append(child, flat, at);
      }
      return at;
    }
    flat[at] = node.asDouble();
    return at + 1;
  }

  private static double[] toArray(JsonNode node) {
    double[] values = new double[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = node.get(i).asDouble();
    }
    return values;
  }
}
