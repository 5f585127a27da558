package dev.mlrs.client.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

class ServedLrScheduleTest {

  @TempDir
  Path dir;

  @Test
  void readsTheHolderAndClonesShareIt() {
    ServedLearningRate lr = new ServedLearningRate(0.1);
    ServedLrSchedule schedule = new ServedLrSchedule(lr);
    ISchedule clone = schedule.clone();
    lr.set(0.37);
    assertEquals(0.37, schedule.valueAt(0, 0));
    assertEquals(0.37, clone.valueAt(12, 3), "a clone sees later values");
    assertEquals(schedule, clone);
    assertThrows(IllegalArgumentException.class, () -> lr.set(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> lr.set(-1));
  }

  @Test
  void dl4jConfigurationClonesKeepSharingTheHolder() {
    ServedLearningRate lr = new ServedLearningRate(0.1);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    MultiLayerConfiguration copy = net.getLayerWiseConfigurations().clone();
    lr.set(0.42);
    for (int i = 0; i < 2; i++) {
      assertEquals(0.42, copy.getConf(i).getLayer().getUpdaterByParam("W").getLearningRate(5, 0), "layer " + i);
      assertEquals(0.42, net.getLayer(i).conf().getLayer().getUpdaterByParam("b").getLearningRate(5, 0));
    }
    assertEquals(List.of(lr), MlrsDl4j.servedLearningRates(net.clone()));
  }

  @Test
  void configurationJsonRoundTripsWithTheCurrentValue() {
    ServedLearningRate lr = new ServedLearningRate(0.1);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    lr.set(0.25);

    String json = net.getLayerWiseConfigurations().toJson();
    assertTrue(json.contains("ServedLrSchedule"), json);
    MultiLayerConfiguration read = MultiLayerConfiguration.fromJson(json);

    Sgd updater = (Sgd) ((BaseLayer) read.getConf(0).getLayer()).getIUpdater();
    ServedLrSchedule schedule = assertInstanceOf(ServedLrSchedule.class, updater.getLearningRateSchedule());
    assertEquals(0.25, schedule.valueAt(0, 0));
    assertNotSame(lr, schedule.servedLearningRate(), "JSON cannot keep the shared holder");
  }

  @Test
  void modelSerializerRoundTripWorks() throws Exception {
    ServedLearningRate lr = new ServedLearningRate(0.1);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    net.fit(SmallNets.batch(10, 3));
    File file = dir.resolve("net.zip").toFile();
    ModelSerializer.writeModel(net, file, true);

    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
    assertEquals(net.params(), restored.params());
    for (ServedLearningRate restoredLr : MlrsDl4j.servedLearningRates(restored)) {
      assertEquals(0.1, restoredLr.get());
      assertNotSame(lr, restoredLr);
    }
  }
}
