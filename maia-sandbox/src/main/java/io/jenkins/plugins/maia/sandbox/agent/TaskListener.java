package io.jenkins.plugins.maia.sandbox.agent;

/** Told about every change, so that the server's statistics can follow tasks without polling them. */
public interface TaskListener {
    void eventsRecorded(String taskId, int totalEvents);

    void statusChanged(String taskId, TaskStatus status, int pendingDecisions);

    TaskListener NONE = new TaskListener() {
        @Override
        public void eventsRecorded(String taskId, int totalEvents) {}

        @Override
        public void statusChanged(String taskId, TaskStatus status, int pendingDecisions) {}
    };
}
