package io.jenkins.plugins.maia.sandbox.agent;

/** The contract's task statuses. STOPPED with pending decisions means paused; without, finished. */
public enum TaskStatus {
    RUNNING,
    STOPPING,
    STOPPED,
    ERRORED
}
