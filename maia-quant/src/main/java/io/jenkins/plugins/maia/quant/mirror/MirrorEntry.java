package io.jenkins.plugins.maia.quant.mirror;

import java.util.List;

/**
 * One Maia task to mirror, as its caller knows it when it adds it (a batch adds a task before its Maia task exists).
 *
 * @param key              the caller's name for the task, unique in the mirror (a batch task id, or the Maia task id)
 * @param message          the instruction; the Quant title is its first line, the description all of it (masked)
 * @param projectId        the Maia project, for the metadata (may be null)
 * @param mode             ACT or PLAN, for the metadata (may be null)
 * @param targetBranchName the target branch if known now (a generated one is taken from the follow later)
 * @param buildUrl         the build that runs the task, for the metadata (null outside CI)
 * @param dependsOn        keys of tasks added earlier that this one waits for; their Quant ids become its dependsOn
 * @param whoMayAnswer     who may answer the task's decisions, for a blocked task's reason (e.g. "users in group
 *                         data-leads, on the build's input page")
 */
public record MirrorEntry(
        String key,
        String message,
        String projectId,
        String mode,
        String targetBranchName,
        String buildUrl,
        List<String> dependsOn,
        String whoMayAnswer) {

    public MirrorEntry {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** A task without dependencies. */
    public static MirrorEntry of(String key, String message, String projectId, String mode, String targetBranchName,
            String buildUrl, String whoMayAnswer) {
        return new MirrorEntry(key, message, projectId, mode, targetBranchName, buildUrl, List.of(), whoMayAnswer);
    }
}
