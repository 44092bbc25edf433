package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.MirrorEntry;
import io.jenkins.plugins.maia.quant.mirror.MirroredTask;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.time.Duration;
import java.time.LocalDate;

/**
 * {@code --quant-org} for {@code run} and {@code watch}: the followed task mirrored to a Quant task list. The mirror
 * writes on its own thread and budget, so a slow or failing Quant never slows the follow; its warnings and, at the
 * end, a line for a last state it could not write go to stderr. The command's exit code never depends on Quant.
 */
final class QuantMirrorSession implements AutoCloseable {

    private final CliContext ctx;
    private final QuantMirror mirror;
    private final Duration closeWait;
    private MirroredTask task;

    private QuantMirrorSession(CliContext ctx, QuantMirror mirror, Duration closeWait) {
        this.ctx = ctx;
        this.mirror = mirror;
        this.closeWait = closeWait;
    }

    /**
     * The session, or null without {@code --quant-org}. Bad Quant settings are refused here, before any Maia call.
     *
     * @param sandboxQuantUrl the embedded sandbox's Quant endpoints, or null
     */
    static QuantMirrorSession open(CliContext ctx, QuantOptions options, String sandboxQuantUrl, String sandboxToken,
            String command) {
        options.validate();
        if (!options.enabled()) {
            return null;
        }
        QuantMirror mirror = mirror(ctx, options, options.connect(ctx, sandboxQuantUrl, sandboxToken),
                options.taskListId(LocalDate.now()), command);
        return new QuantMirrorSession(ctx, mirror, options.closeWait());
    }

    /**
     * The mirror of {@code run}, {@code watch} and {@code batch}: created by maia-cli, the command's secrets masked,
     * its warnings on stderr under the command's name; says where it mirrors to.
     */
    static QuantMirror mirror(CliContext ctx, QuantOptions options, QuantClient client, String taskListId,
            String command) {
        QuantMirror mirror = QuantMirror.builder()
                .client(client)
                .minUpdateInterval(options.updateInterval != null ? options.updateInterval : QuantMirror.MIN_UPDATE_INTERVAL)
                .taskListId(taskListId)
                .createdBy("maia-cli")
                .redactor(ctx::redact)
                .warnings(line -> ctx.err().println(command + ": " + line))
                .build();
        ctx.human().println("Mirroring to Quant task list " + TerminalText.oneLine(mirror.taskListId(), 200)
                + " (organisation " + TerminalText.oneLine(client.organisation(), 100) + " at " + client.baseUrl() + ")");
        return mirror;
    }

    /** {@code run}: the task was just created from {@code request}. */
    void created(String taskId, CreateTaskRequest request, String whoMayAnswer) {
        AgentConfig config = request.agentConfig();
        task = mirror.add(MirrorEntry.of(taskId, request.message(), config.projectId(),
                config.mode() == null ? null : config.mode().name(), config.targetBranchName(), null, whoMayAnswer));
        task.started(taskId);
    }

    /** {@code watch}: an existing task, whose Quant task an earlier run may have created. */
    void resumed(Task followed, String whoMayAnswer) {
        AgentConfig config = followed.agentConfig();
        String description = followed.description() == null ? "Maia task " + followed.taskId() : followed.description();
        task = mirror.addStarted(MirrorEntry.of(followed.taskId(), description,
                config == null ? null : config.projectId(),
                config == null || config.mode() == null ? null : config.mode().name(),
                config == null ? null : config.targetBranchName(), null, whoMayAnswer), followed.taskId());
    }

    FollowListener listener() {
        return task == null ? null : task.listener();
    }

    void ended(FollowResult result, Transcripts files) {
        if (task != null) {
            task.ended(result, files == null ? null : files.markdown().toString());
        }
    }

    void gaveUp(Throwable failure) {
        if (task != null) {
            task.gaveUp(ctx.redact(String.valueOf(ErrorReporter.unwrap(failure).getMessage())));
        }
    }

    /** Waits (at most {@code --quant-wait}) for the last state; says so when it is not written. */
    @Override
    public void close() {
        mirror.close(closeWait);
    }

    /** Who may answer a paused task's decisions, for its blocked reason on the board. */
    static String whoMayAnswer(OnDecision onDecision, String taskId) {
        return onDecision == OnDecision.PROMPT ? "the user at the terminal running maia"
                : "anyone with the credentials, with: maia watch " + taskId + " --approve TOOL | --reject TOOL"
                        + " | --answer N=OPTION";
    }
}
