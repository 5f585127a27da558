package dev.mlrs.agent.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlrs.agent.live.LiveQueries;
import dev.mlrs.agent.topology.StoreNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The JSON answers of the live view, routed across instances: a job's state lives on the instance that owns
 * its partition (KafkaStreams#queryMetadataForKey says which), so a question about a job another instance owns
 * is forwarded to that instance's HTTP server; the job list is this instance's jobs plus every other
 * instance's. "local" questions are answered from this instance only (that is what peers ask each other).
 */
final class LiveApi {
  /** An answer: HTTP status and a JSON-ready body. */
  record Reply(int status, Object body) {
  }

  private final KafkaStreams streams;
  private final LiveQueries queries;
  private final HostInfo self;
  private final Peers peers = new Peers();
  private final ObjectMapper json;

  LiveApi(KafkaStreams streams, HostInfo self, ObjectMapper json) {
    this.streams = streams;
    this.queries = new LiveQueries(streams);
    this.self = self;
    this.json = json;
  }

  Reply job(String job, boolean local) throws IOException, InterruptedException {
    if (!local) {
      KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.JOB_STATE, job, new StringSerializer());
      if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
        return new Reply(503, error("the owner of job '" + job + "' is not known yet (agent starting or rebalancing)"));
      }
      if (!owner.activeHost().equals(self)) {
        Peers.Answer answer = peers.job(owner.activeHost(), job);
        return new Reply(answer.status(), json.readValue(answer.body(), Object.class));
      }
    }
    Optional<Map<String, Object>> found = queries.localJob(job);
    if (found.isEmpty()) {
      return new Reply(404, error("no job '" + job + "' (it has not reported a step)"));
    }
    found.get().put("instance", self.host() + ":" + self.port());
    return new Reply(200, found.get());
  }

  Reply jobs(boolean local) throws IOException, InterruptedException {
    List<Map<String, Object>> jobs = new ArrayList<>(queries.localJobs());
    String here = self.host() + ":" + self.port();
    jobs.forEach(j -> j.put("instance", here));
    List<String> unreachable = new ArrayList<>();
    if (!local) {
      for (StreamsMetadata other : streams.metadataForAllStreamsClients()) {
        if (other.hostInfo().equals(self) || !other.stateStoreNames().contains(StoreNames.JOB_STATE)) {
          continue;
        }
        try {
          Peers.Answer answer = peers.jobs(other.hostInfo());
          if (answer.status() != 200) {
            unreachable.add(other.hostInfo() + " (HTTP " + answer.status() + ")");
            continue;
          }
          Map<String, List<Map<String, Object>>> theirs = json.readValue(answer.body(), new TypeReference<>() {
          });
          jobs.addAll(theirs.getOrDefault("jobs", List.of()));
        } catch (IOException e) {
          unreachable.add(other.hostInfo() + " (" + e.getMessage() + ")");
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobs", jobs);
    body.put("unreachable", unreachable);
    return new Reply(200, body);
  }

  Reply learners() {
    return new Reply(200, Map.of("learners", queries.learners()));
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }
}
