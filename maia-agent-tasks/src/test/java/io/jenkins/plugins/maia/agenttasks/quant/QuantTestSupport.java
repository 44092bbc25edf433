package io.jenkins.plugins.maia.agenttasks.quant;

import static org.awaitility.Awaitility.await;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.maia.agenttasks.config.QuantMirrorConfiguration;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskSummary;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** A sandbox that also serves Quant's endpoints, the mirror configured to it, and a reader of its board. */
final class QuantTestSupport {

    static final String ORGANISATION = "acme";
    static final String QUANT_CREDENTIALS = "quant-token";

    private QuantTestSupport() {}

    static SandboxServer startSandboxWithQuant(String defaultScenario) {
        return SandboxServer.start(SandboxOptions.builder().port(0).defaultScenario(defaultScenario)
                .pacing(Duration.ofMillis(10)).quant(true).build());
    }

    /** Turns the mirror on: Quant at {@code url}, organisation acme, a Secret text with the sandbox's token. */
    static void configureQuant(String url) throws IOException {
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, QUANT_CREDENTIALS,
                "Quant token", Secret.fromString(SandboxOptions.DEFAULT_TOKEN)));
        credentials.save();
        QuantMirrorConfiguration config = GlobalConfiguration.all().get(QuantMirrorConfiguration.class);
        config.setUrl(url);
        config.setOrganisation(ORGANISATION);
        config.setCredentialsId(QUANT_CREDENTIALS);
    }

    static QuantClient board(SandboxServer sandbox) {
        return QuantClient.builder().baseUrl(sandbox.quantUrl().orElseThrow()).organisation(ORGANISATION)
                .token(SandboxOptions.DEFAULT_TOKEN).build();
    }

    static List<QuantTaskSummary> tasks(QuantClient board, String taskList) {
        return board.listTasks(QuantTaskQuery.inList(taskList)).tasks();
    }

    /** Waits (the mirror writes on its own threads, after the build too) for the list's only task to reach {@code status}. */
    static QuantTask awaitOnlyTask(QuantClient board, String taskList, QuantStatus status) {
        QuantTaskSummary summary = await().atMost(Duration.ofSeconds(60)).until(() -> tasks(board, taskList),
                l -> l.size() == 1 && l.get(0).status() == status).get(0);
        return board.getTask(summary.taskId());
    }
}
