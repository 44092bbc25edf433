package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Task;

/**
 * What to do next after Ctrl-C, in a sentence whose commands carry the server, token URL and transcript directory of
 * this run ({@link NextSteps}), so they work pasted. How a follow's end reads (exit 3 to 7, unread messages) is the
 * engine's {@code OutcomeText}, with the CLI's {@link CliOutcomeWords}.
 */
final class ResumeHints {

    private static final String SANDBOX_GONE = CliOutcomeWords.SANDBOX_GONE;

    private final NextSteps next;
    private final boolean sandbox;

    ResumeHints(NextSteps next, boolean sandbox) {
        this.next = next;
        this.sandbox = sandbox;
    }

    /**
     * After Ctrl-C: whether the task runs on or waits paused (as last seen), and the command that follows it again.
     * The follower never stops a task on its own.
     */
    String interrupted(String taskId, Task lastSeen) {
        if (sandbox) {
            return "interrupted; " + SANDBOX_GONE;
        }
        if (lastSeen != null && lastSeen.isPaused()) {
            StringBuilder resume = new StringBuilder();
            lastSeen.pendingDecisions().forEach(p -> resume.append(' ').append(DecisionText.resumeOptions(p)));
            return "interrupted; task " + taskId + " is paused on the server, waiting for "
                    + lastSeen.pendingDecisions().size() + " decision(s). Resume it with '"
                    + next.watch(taskId, resume.toString()) + "'.";
        }
        String state = lastSeen == null || lastSeen.status() == null ? "running" : TaskFormat.status(lastSeen);
        boolean ended = lastSeen != null && (lastSeen.isFinished() || "ERRORED".equals(String.valueOf(lastSeen.status())));
        return "interrupted; task " + taskId + (ended ? " was last seen " + state + "."
                : " keeps running on the server (last seen " + state + "). Follow it again with '"
                        + next.watch(taskId, null) + "' or stop it with '" + next.task("stop", taskId, null) + "'.");
    }
}
