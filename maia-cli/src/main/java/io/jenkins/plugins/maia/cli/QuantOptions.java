package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.time.Duration;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * Where the Quant board is: {@code --quant-org} (which also turns the mirror on for {@code run}, {@code watch} and
 * {@code batch}),
 * {@code --quant-url}, {@code --quant-task-list}; the token only from {@code QUANT_TOKEN} (never an option, which
 * would end up in shell history and process lists).
 */
public final class QuantOptions {

    public static final String QUANT_TOKEN = "QUANT_TOKEN";

    @Option(names = "--quant-org", paramLabel = "ORG",
            description = "Mirror the task (batch: each task) to a Quant task list of organisation ORG (token from "
                    + "$QUANT_TOKEN). Off unless given.")
    String organisation;

    @Option(names = "--quant-url", paramLabel = "URL",
            description = "Quant's URL (default: " + QuantClient.DEFAULT_BASE_URL + "; with --sandbox, the sandbox's own "
                    + "Quant endpoints).")
    String url;

    @Option(names = "--quant-task-list", paramLabel = "ID",
            description = "The Quant task list (default: maia- and today's date, e.g. maia-2026-04-08; for batch, "
                    + "maia- and the batch file's name without its extension, e.g. maia-fix-pipelines).")
    String taskList;

    @Option(names = "--quant-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait at the end for the last state to reach Quant (default 30s); the exit code "
                    + "never depends on it.")
    Duration wait;

    @Option(names = "--quant-update-interval", paramLabel = "DURATION", converter = DurationConverter.class, hidden = true,
            description = "Shortest time between two writes of one task (default 5s; tests use a few ms).")
    Duration updateInterval;

    boolean enabled() {
        return organisation != null;
    }

    /** The Quant options other than {@code --quant-org} mean nothing without it. */
    void validate() {
        if (organisation == null && (url != null || taskList != null || wait != null)) {
            throw new UsageException((url != null ? "--quant-url" : taskList != null ? "--quant-task-list" : "--quant-wait")
                    + " only applies with --quant-org ORG (the Quant organisation to mirror to)");
        }
    }

    /** {@code --quant-wait}, else the mirror's default. */
    Duration closeWait() {
        return wait != null ? wait : QuantMirror.DEFAULT_CLOSE_GRACE;
    }

    /** {@code --quant-task-list}, else {@code maia-} and today's date. */
    String taskListId(LocalDate today) {
        return taskListIdOr("maia-" + today);
    }

    /** {@code --quant-task-list}, else {@code fallback}. */
    String taskListIdOr(String fallback) {
        return taskList != null ? taskList : fallback;
    }

    /**
     * A client for the configured Quant, or for {@code sandboxQuantUrl} (with the sandbox's token) when the command
     * runs an embedded sandbox and no {@code --quant-url} was given. Errors about a value name the option.
     */
    QuantClient connect(CliContext ctx, String sandboxQuantUrl, String sandboxToken) {
        ctx.nameField("quantUrl", "--quant-url");
        ctx.nameField("organisation", "--quant-org");
        ctx.nameField("quantToken", QUANT_TOKEN);
        ctx.nameField("taskListId", "--quant-task-list");
        boolean sandbox = url == null && sandboxQuantUrl != null;
        String token = sandbox ? sandboxToken : ctx.env().get(QUANT_TOKEN);
        ctx.addSecret(token);
        if (token == null) {
            throw new UsageException("--quant-org needs a Quant API token: set " + QUANT_TOKEN + " (QuantCDN dashboard, "
                    + "Profile > API Tokens)");
        }
        QuantClient.Builder b = QuantClient.builder().organisation(organisation).token(token).httpClient(ctx.http());
        if (sandbox || url != null) {
            b.baseUrl(sandbox ? sandboxQuantUrl : url);
        }
        return b.build();
    }
}
