package io.jenkins.plugins.maia.sandbox;

import io.jenkins.plugins.maia.sandbox.agent.TaskListener;
import io.jenkins.plugins.maia.sandbox.agent.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the sandbox saw and did, for tests and benchmarks to assert on. Thread-safe; {@link #snapshot()} gives a
 * consistent copy. Counts cover every request, including those answered by an injected fault. Per-task figures
 * survive the task's deletion.
 */
public final class SandboxStats {

    private final List<String> tasksCreated = new ArrayList<>();
    private final Map<Endpoint, Long> requestsByEndpoint = new EnumMap<>(Endpoint.class);
    private final Map<String, Long> requestsByTask = new LinkedHashMap<>();
    private final Map<String, Long> stopRequestsByTask = new LinkedHashMap<>();
    private final Map<String, Long> eventsByTask = new LinkedHashMap<>();
    private final Map<String, String> statusByTask = new LinkedHashMap<>();
    private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    private final Map<Integer, Long> responsesByStatus = new TreeMap<>();
    private long requests;

    SandboxStats() {}

    // ------------------------------------------------------------ reading

    /** Ids of the tasks created, in creation order. */
    public synchronized List<String> tasksCreated() {
        return List.copyOf(tasksCreated);
    }

    public synchronized long totalRequests() {
        return requests;
    }

    public synchronized long requests(Endpoint endpoint) {
        return requestsByEndpoint.getOrDefault(endpoint, 0L);
    }

    /** Requests whose path named this task (get, messages, decisions, stop, delete, permissions). */
    public synchronized long requestsForTask(String taskId) {
        return requestsByTask.getOrDefault(taskId, 0L);
    }

    public synchronized long stopRequests(String taskId) {
        return stopRequestsByTask.getOrDefault(taskId, 0L);
    }

    /** Events the task has recorded (what a complete message history holds). */
    public synchronized long eventCount(String taskId) {
        return eventsByTask.getOrDefault(taskId, 0L);
    }

    /**
     * The task's status as the server last set it, with {@code "+PENDING"} appended while it is STOPPED with
     * pending decisions, and {@code "DELETED"} after deletion; empty if the task was never created.
     */
    public synchronized Optional<String> taskStatus(String taskId) {
        return Optional.ofNullable(statusByTask.get(taskId));
    }

    public synchronized long faults(FaultKind kind) {
        return faults.getOrDefault(kind, 0L);
    }

    /** Every 429 sent: injected ones and rate-limit ones. */
    public synchronized long tooManyRequestsSent() {
        return faults(FaultKind.TOO_MANY_REQUESTS) + faults(FaultKind.RATE_LIMITED);
    }

    public synchronized long responses(int status) {
        return responsesByStatus.getOrDefault(status, 0L);
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(tasksCreated, requests, requestsByEndpoint, requestsByTask, stopRequestsByTask,
                eventsByTask, statusByTask, faults, responsesByStatus);
    }

    /** An immutable copy of all figures at one instant. */
    public record Snapshot(
            List<String> tasksCreated,
            long totalRequests,
            Map<Endpoint, Long> requestsByEndpoint,
            Map<String, Long> requestsByTask,
            Map<String, Long> stopRequestsByTask,
            Map<String, Long> eventsByTask,
            Map<String, String> statusByTask,
            Map<FaultKind, Long> faults,
            Map<Integer, Long> responsesByStatus) {

        public Snapshot {
            tasksCreated = List.copyOf(tasksCreated);
            requestsByEndpoint = Collections.unmodifiableMap(new TreeMap<>(requestsByEndpoint));
            requestsByTask = Collections.unmodifiableMap(new LinkedHashMap<>(requestsByTask));
            stopRequestsByTask = Collections.unmodifiableMap(new LinkedHashMap<>(stopRequestsByTask));
            eventsByTask = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByTask));
            statusByTask = Collections.unmodifiableMap(new LinkedHashMap<>(statusByTask));
            faults = Collections.unmodifiableMap(new TreeMap<>(faults));
            responsesByStatus = Collections.unmodifiableMap(new TreeMap<>(responsesByStatus));
        }

        public long tooManyRequestsSent() {
            return faults.getOrDefault(FaultKind.TOO_MANY_REQUESTS, 0L) + faults.getOrDefault(FaultKind.RATE_LIMITED, 0L);
        }
    }

    // ------------------------------------------------------------ recording (the server only)

    synchronized void request(Endpoint endpoint, String taskId) {
        requests++;
        requestsByEndpoint.merge(endpoint, 1L, Long::sum);
        if (taskId != null) {
            requestsByTask.merge(taskId, 1L, Long::sum);
            if (endpoint == Endpoint.STOP_TASK) {
                stopRequestsByTask.merge(taskId, 1L, Long::sum);
            }
        }
    }

    synchronized void response(int status) {
        responsesByStatus.merge(status, 1L, Long::sum);
    }

    synchronized void fault(FaultKind kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    synchronized void taskCreated(String taskId) {
        tasksCreated.add(taskId);
    }

    synchronized void taskDeleted(String taskId) {
        statusByTask.put(taskId, "DELETED");
    }

    /** Keeps event counts and statuses current as tasks change. */
    TaskListener taskListener() {
        return new TaskListener() {
            @Override
            public void eventsRecorded(String taskId, int totalEvents) {
                synchronized (SandboxStats.this) {
                    eventsByTask.put(taskId, (long) totalEvents);
                }
            }

            @Override
            public void statusChanged(String taskId, TaskStatus status, int pendingDecisions) {
                synchronized (SandboxStats.this) {
                    statusByTask.put(taskId, status == TaskStatus.STOPPED && pendingDecisions > 0
                            ? "STOPPED+PENDING" : status.name());
                }
            }
        };
    }
}
