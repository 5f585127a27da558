package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.LearnerMode;
import java.time.Duration;

/** LR round trips of one job reporting back to back, through an agent started with the given settings. */
final class RoundTripBenchmark {
  private RoundTripBenchmark() {
  }

  static double[] roundTripsMillis(AgentSettings settings, int count) {
    try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2))) {
      ClientSettings cluster = ClientSettings.of(settings.connection()).withTopicPrefix(settings.topicPrefix());
      JobOptions options = JobOptions.builder("bench-" + settings.topicPrefix().replace(".", ""))
          .mode(LearnerMode.FROZEN).numClasses(10).referenceLoss(2.3).initialFallbackLr(0.1).build();
      double[] rtt = new double[count];
      try (LrClient client = LrClient.attach(cluster, options)) {
        for (int i = -PingPong.WARM_UP; i < count; i++) {
          LrReply reply = client.report(i + PingPong.WARM_UP, 2.0);
          if (reply.fallback()) {
            throw new IllegalStateException("benchmark step not served: " + reply.reason());
          }
          if (i >= 0) {
            rtt[i] = reply.roundTripNanos() / 1e6;
          }
        }
      }
      return rtt;
    }
  }
}
