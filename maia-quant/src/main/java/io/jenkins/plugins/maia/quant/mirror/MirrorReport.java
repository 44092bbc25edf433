package io.jenkins.plugins.maia.quant.mirror;

import java.util.List;

/**
 * What the mirror managed by the time it was closed: how many tasks it mirrored, and each task whose last state
 * could not be written, with the reason.
 *
 * @param taskListId the Quant task list
 * @param tasks      tasks added to the mirror
 * @param unwritten  the tasks whose last state is not on Quant
 */
public record MirrorReport(String taskListId, int tasks, List<Unwritten> unwritten) {

    public MirrorReport {
        unwritten = List.copyOf(unwritten);
    }

    /** A task whose last state ({@code status}, in Quant's spelling) is not on Quant, and why. */
    public record Unwritten(String key, String title, String status, String reason) {}

    public boolean complete() {
        return unwritten.isEmpty();
    }

    /** One line per unwritten task, to print at the end of a run, e.g. for the build log. */
    public List<String> lines() {
        return unwritten.stream().map(u -> "Quant mirror: the final state (" + u.status() + ") of \"" + u.title()
                + "\" could not be written to task list " + taskListId + ": " + u.reason()).toList();
    }
}
