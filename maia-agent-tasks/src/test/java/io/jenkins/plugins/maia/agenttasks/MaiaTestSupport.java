package io.jenkins.plugins.maia.agenttasks;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.maia.agenttasks.config.MaiaGlobalConfiguration;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * What every Jenkins test of the plugin needs: the project's Maia sandbox on a free loopback port, the global
 * configuration pointing at it, and the two kinds of credential.
 */
public final class MaiaTestSupport {

    /** A Secret text credential holding the sandbox's bearer token. */
    public static final String TOKEN_CREDENTIALS = "maia-token";
    /** A Username with password credential holding the sandbox's OAuth client id and secret. */
    public static final String CLIENT_CREDENTIALS = "maia-client";
    public static final String PROJECT_ID = "550e8400-e29b-41d4-a716-446655440001";

    private MaiaTestSupport() {}

    /** A sandbox whose agents move quickly (10 ms between scripted steps). */
    public static SandboxServer startSandbox(String defaultScenario) {
        return SandboxServer.start(SandboxOptions.builder()
                .port(0)
                .defaultScenario(defaultScenario)
                .pacing(Duration.ofMillis(10))
                .build());
    }

    /** Points the global configuration at {@code sandbox} and adds both credentials, the token one as default. */
    public static void configure(SandboxServer sandbox) throws IOException {
        MaiaGlobalConfiguration config = MaiaGlobalConfiguration.get();
        config.setBaseUrl(sandbox.baseUrl());
        config.setTokenUrl(sandbox.tokenUrl());
        config.setCredentialsId(TOKEN_CREDENTIALS);
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, TOKEN_CREDENTIALS,
                "Maia sandbox token", Secret.fromString(SandboxOptions.DEFAULT_TOKEN)));
        try {
            credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL,
                    CLIENT_CREDENTIALS, "Maia sandbox OAuth client", SandboxOptions.DEFAULT_CLIENT_ID,
                    SandboxOptions.DEFAULT_CLIENT_SECRET));
        } catch (hudson.model.Descriptor.FormException e) {
            throw new IOException(e);
        }
        credentials.save();
    }

    /** The arguments every {@code maiaAgentTask} in the tests shares, as Groovy named arguments. */
    public static String taskArgs(String scenario, String extra) {
        return "projectId: '" + PROJECT_ID + "', environmentName: 'development', sourceBranchName: 'main', "
                + "message: '[scenario:" + scenario + "] work for the tests'" + (extra.isEmpty() ? "" : ", " + extra);
    }

    /** The text of an archived artifact. */
    public static String artifact(Run<?, ?> run, String path) throws IOException {
        VirtualFile file = run.getArtifactManager().root();
        for (String part : path.split("/")) {
            file = file.child(part);
        }
        try (InputStream in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The artifact paths of a task's transcript, in the order the plugin archives them. */
    public static List<String> transcriptPaths(String taskId) {
        String base = "maia/maia-transcript-" + taskId;
        return List.of(base + ".jsonl", base + ".md", base + ".html");
    }
}
