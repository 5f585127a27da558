package dev.mlrs.cli;

import dev.mlrs.agent.admin.ServiceAcls;
import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.schemas.TopicNames;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates the deployment's ACLs (docs/security.md) on a secured cluster, as an administrator. */
@Command(name = "acls", mixinStandardHelpOptions = true,
    description = "Create the ACLs of a deployment on a secured cluster: jobs write steps, validation and "
        + "run-results and read lr; only the agent writes lr, meta-gradients and meta-params (docs/security.md). "
        + "Run with an administrator's --config.")
final class AclsCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--agent-principal", required = true, paramLabel = "User:NAME",
      description = "The principal the agent logs in as.")
  String agent;

  @Option(names = "--job-principal", required = true, paramLabel = "User:NAME",
      description = "The principal training jobs log in as.")
  String jobs;

  @Option(names = "--print", description = "Print the ACLs and create nothing.")
  boolean print;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if (!print && !cluster.hasCluster()) {
      throw new IllegalArgumentException("the embedded broker has no authorizer: give the secured cluster with "
          + "--config (an administrator's settings), or --print");
    }
    Properties p = cluster.properties();
    String prefix = p.getProperty("mlrs.topic.prefix", "");
    ServiceAcls acls = new ServiceAcls(TopicNames.withPrefix(prefix),
        prefix + p.getProperty("mlrs.application.id", AgentSettings.DEFAULT_APPLICATION_ID), agent, jobs);
    try (Cluster kafka = print ? null : Cluster.open(cluster, System.err)) {
      TextTable table = new TextTable("principal", "operation", "resource", "name", "pattern");
      for (AclBinding b : acls.bindings()) {
        table.row(b.entry().principal(), b.entry().operation(), b.pattern().resourceType(), b.pattern().name(),
            b.pattern().patternType());
      }
      out.print(table);
      if (!print) {
        acls.apply(kafka.connection());
        out.println("Created " + acls.bindings().size() + " ACLs on " + kafka.bootstrapServers() + ".");
      }
    }
    return 0;
  }
}
