package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * The status field of a task. {@link #STOPPED} alone does not mean "finished": a stopped task with
 * pending decisions is paused for a human (see {@link Task#isPaused()}). Values the API adds later
 * parse as {@link #UNKNOWN} instead of failing.
 */
public enum TaskStatus {
    RUNNING,
    STOPPING,
    STOPPED,
    ERRORED,
    @JsonEnumDefaultValue
    UNKNOWN
}
