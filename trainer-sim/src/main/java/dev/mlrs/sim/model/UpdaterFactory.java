package dev.mlrs.sim.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The DL4J updater for the options, with the caller's schedule passed through untouched. */
final class UpdaterFactory {

  private UpdaterFactory() {
  }

  static IUpdater create(ModelOptions options) {
    ISchedule schedule = options.learningRateSchedule();
    double lr = options.learningRate();
    return switch (options.optimizer()) {
      case SGD -> schedule != null ? new Sgd(schedule) : new Sgd(lr);
      case MOMENTUM -> schedule != null ? new Nesterovs(schedule, options.momentum())
          : new Nesterovs(lr, options.momentum());
      case ADAM -> schedule != null ? new Adam(schedule) : new Adam(lr);
    };
  }
}
