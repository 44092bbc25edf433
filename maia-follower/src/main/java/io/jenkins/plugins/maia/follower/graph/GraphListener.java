package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.follower.follow.FollowListener;

/**
 * What a {@link GraphRun} reports. Every method has a no-op default. Calls come from the follower's threads, one at
 * a time for the whole graph (the run's lock is held), so they must return quickly: print, save a small file, no
 * network, no waiting for a person. An exception thrown here is logged and ignored.
 */
public interface GraphListener {

    /** {@code task} starts: its create is asked for, or (resumed) its follow starts again. */
    default void onTaskStarted(GraphTask task, boolean resumed) {}

    /** {@code task}'s Maia task exists: created now, or found after an earlier attempt. */
    default void onTaskCreated(GraphTask task, String taskId) {}

    /** A task ended: finished, ended otherwise, stopped, failed or skipped. */
    default void onTaskEnded(GraphTaskResult result) {}

    /** The run's progress moved on: save it now for a later run to continue. */
    default void onStateChanged(GraphState state) {}

    /**
     * The listener of {@code task}'s follow (console, transcript, a mirror), asked once its Maia task id is known;
     * null for none. Called before the follow starts, outside the run's lock (it may open files).
     */
    default FollowListener followListener(GraphTask task, String taskId) {
        return null;
    }
}
