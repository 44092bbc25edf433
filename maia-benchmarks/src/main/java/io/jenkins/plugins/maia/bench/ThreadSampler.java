package io.jenkins.plugins.maia.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples the stacks of every thread of this JVM at a fixed interval and counts, per phase of a run, the threads of
 * two pools: the caller's (a stand-in for Jenkins' shared {@code Timer}) and the follower's. A thread is <em>busy
 * with Maia I/O</em> when its stack shows a blocking HTTP call (OkHttp's {@code RealCall.execute}), a socket read, a
 * sleep, or a wait for the rate budget ({@code RequestBudget.acquire}): the ways a thread can wait on Maia.
 */
final class ThreadSampler implements AutoCloseable {

    /** What the samples of one phase showed. */
    record PhaseFigures(String phase, int samples, int peakCallerBusy, int samplesWithCallerBusy,
            int peakFollowerThreads, int peakFollowerBusy, int peakOtherNewThreads) {}

    private final String callerPrefix;
    private final String followerPrefix;
    private final Set<Long> baseline;
    private final Duration interval;
    private final Map<String, PhaseFigures> phases = new LinkedHashMap<>();
    private final Thread thread;
    private final Set<String> otherThreadNames = new java.util.TreeSet<>();
    /** Null until the first phase: samples taken before it count for nothing. */
    private volatile String phase;
    private volatile boolean running = true;

    /**
     * @param baseline ids of the threads alive before the run: they are neither caller, follower nor "other new"
     */
    ThreadSampler(String callerPrefix, String followerPrefix, Set<Long> baseline, Duration interval) {
        this.callerPrefix = callerPrefix;
        this.followerPrefix = followerPrefix;
        this.baseline = baseline;
        this.interval = interval;
        this.thread = new Thread(this::loop, "bench-thread-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The samples from now on count for {@code name}. */
    void phase(String name) {
        phase = name;
    }

    /** The names (digits as N) of the threads that were neither in the baseline nor in either pool. */
    synchronized Set<String> otherThreadNames() {
        return Set.copyOf(otherThreadNames);
    }

    /** The figures of every phase so far, in order. */
    synchronized List<PhaseFigures> figures() {
        return List.copyOf(phases.values());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        String current = phase;
        if (current == null) {
            return;
        }
        List<String> otherNames = new java.util.ArrayList<>();
        int callerBusy = 0;
        int followers = 0;
        int followerBusy = 0;
        int others = 0;
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            String name = t.getName();
            if (name.startsWith(callerPrefix)) {
                callerBusy += busyWithMaia(e.getValue()) ? 1 : 0;
            } else if (name.startsWith(followerPrefix)) {
                followers++;
                followerBusy += busyWithMaia(e.getValue()) ? 1 : 0;
            } else if (t != self && !baseline.contains(t.getId())) {
                others++;
                otherNames.add(name.replaceAll("\\d+", "N"));
            }
        }
        record(current, callerBusy, followers, followerBusy, others, otherNames);
    }

    private synchronized void record(String name, int callerBusy, int followers, int followerBusy, int others,
            List<String> otherNames) {
        otherThreadNames.addAll(otherNames);
        PhaseFigures f = phases.getOrDefault(name, new PhaseFigures(name, 0, 0, 0, 0, 0, 0));
        phases.put(name, new PhaseFigures(name, f.samples() + 1, Math.max(f.peakCallerBusy(), callerBusy),
                f.samplesWithCallerBusy() + (callerBusy > 0 ? 1 : 0), Math.max(f.peakFollowerThreads(), followers),
                Math.max(f.peakFollowerBusy(), followerBusy), Math.max(f.peakOtherNewThreads(), others)));
    }

    /** Whether a stack waits on Maia: a blocking HTTP call or socket read, a sleep, or a wait for the budget. */
    static boolean busyWithMaia(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String cls = frame.getClassName();
            String method = frame.getMethodName();
            if (cls.equals("okhttp3.internal.connection.RealCall") && method.equals("execute")
                    || cls.startsWith("java.net.Socket") || cls.startsWith("sun.nio.ch.")
                    || cls.equals("java.lang.Thread") && method.equals("sleep")
                    || cls.endsWith("AccountBudget") && method.equals("acquire")) {
                return true;
            }
        }
        return false;
    }
}
