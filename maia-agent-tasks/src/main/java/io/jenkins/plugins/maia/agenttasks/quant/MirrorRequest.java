package io.jenkins.plugins.maia.agenttasks.quant;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * What a step knows of the Maia task it follows, for its Quant task.
 *
 * @param quantTaskList the step's {@code quantTaskList}; null = {@code <job full name>#<build number>}
 * @param placement     its place in a task graph; null = keyed by the Maia task id, no dependencies
 * @param message       the instruction (title and description)
 * @param continuing    the task was created before this follow (a resumed follow, an answered input): a Quant task
 *                      for it may exist already
 * @param whoMayAnswer  see {@link BuildQuantMirror#whoMayAnswer}
 */
public record MirrorRequest(@CheckForNull String quantTaskList, @CheckForNull QuantPlacement placement,
        String maiaTaskId, String message, @CheckForNull String projectId, @CheckForNull String mode,
        @CheckForNull String targetBranchName, boolean continuing, String whoMayAnswer) {}
