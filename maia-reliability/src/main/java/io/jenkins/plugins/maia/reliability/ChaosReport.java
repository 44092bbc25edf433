package io.jenkins.plugins.maia.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one chaos run. The first five are issue 6's correctness targets; the rest explain them.
 *
 * @param settings             what ran
 * @param tasksRequested       tasks the harness asked to create
 * @param trueOutcomes         tasks whose follow ended with the designed outcome and whose sandbox state agrees
 * @param outcomeProblems      one line per task that did not (task, kind, why)
 * @param tasksCreated         tasks the sandbox created
 * @param duplicates           tasks created beyond one per requested task
 * @param orphans              created tasks that no follow took up (a second agent nobody watches)
 * @param transcriptsEqual     tasks whose transcript holds exactly the server's events, in order, once each
 * @param transcriptsIncomplete tasks whose transcript is a true beginning of the history but misses its end
 * @param transcriptProblems   one line per task whose transcript is not equal (written vs server count, where)
 * @param eventsOnServer       events the sandbox recorded over all tasks
 * @param eventsInTranscripts  event lines written to the transcripts
 * @param uncaughtExceptions   exceptions that reached a thread's uncaught-exception handler
 * @param schedulerFailures    exceptions thrown by work on the follower's scheduler (lost unless counted)
 * @param failedFollows        follows whose result future completed exceptionally
 * @param failedLaunches       tasks the harness could not create (after its retries)
 * @param unhandledDetails     one line per unhandled exception of any of the four kinds
 * @param warnings             WARNING or SEVERE log records of the Maia modules (message and exception)
 * @param totalRequests        HTTP requests the sandbox received for the run (verification reads excluded)
 * @param requestsByEndpoint   the same per endpoint
 * @param faultsInjected       faults the sandbox injected, by kind
 * @param elapsed              wall time of the run (creation to last outcome)
 */
public record ChaosReport(
        ChaosSettings settings,
        int tasksRequested,
        int trueOutcomes,
        List<String> outcomeProblems,
        int tasksCreated,
        int duplicates,
        List<String> orphans,
        int transcriptsEqual,
        int transcriptsIncomplete,
        List<String> transcriptProblems,
        long eventsOnServer,
        long eventsInTranscripts,
        int uncaughtExceptions,
        int schedulerFailures,
        int failedFollows,
        int failedLaunches,
        List<String> unhandledDetails,
        List<String> warnings,
        long totalRequests,
        Map<String, Long> requestsByEndpoint,
        Map<String, Long> faultsInjected,
        Duration elapsed) {

    public ChaosReport {
        outcomeProblems = List.copyOf(outcomeProblems);
        orphans = List.copyOf(orphans);
        transcriptProblems = List.copyOf(transcriptProblems);
        unhandledDetails = List.copyOf(unhandledDetails);
        warnings = List.copyOf(warnings);
        requestsByEndpoint = Map.copyOf(requestsByEndpoint);
        faultsInjected = Map.copyOf(faultsInjected);
    }

    /** Transcripts holding an event that is not the server's, a repeated one, or one out of order. */
    public int transcriptsWrong() {
        return tasksRequested - transcriptsEqual - transcriptsIncomplete;
    }

    /** Exceptions nobody handled: uncaught, lost on the scheduler, failed follows, failed launches. */
    public int unhandledExceptions() {
        return uncaughtExceptions + schedulerFailures + failedFollows + failedLaunches;
    }

    public double callsPerTask() {
        return (double) totalRequests / tasksRequested;
    }

    /** True when every correctness target of issue 6 is met. */
    public boolean targetsMet() {
        return trueOutcomes == tasksRequested && duplicates == 0 && orphans.isEmpty()
                && transcriptsEqual == tasksRequested && unhandledExceptions() == 0;
    }

    /** The figures as the Markdown table docs/RELIABILITY.md quotes, with the problems listed below it. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Figure | Measured | Target |\n|---|---|---|\n");
        row(sb, "Tasks reaching their true outcome", trueOutcomes + " / " + tasksRequested
                + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * trueOutcomes / tasksRequested), "100%");
        row(sb, "Duplicate tasks created", duplicates + " (" + tasksCreated + " created for " + tasksRequested
                + " requested; " + orphans.size() + " orphaned)", "0");
        row(sb, "Transcripts equal to the server's history", transcriptsEqual + " / " + tasksRequested
                + " (" + eventsInTranscripts + " events written, " + eventsOnServer + " on the server; "
                + transcriptsIncomplete + " cut short, " + transcriptsWrong() + " wrong)", "all");
        row(sb, "Unhandled exceptions", unhandledExceptions() + " (uncaught " + uncaughtExceptions + ", scheduler "
                + schedulerFailures + ", failed follows " + failedFollows + ", failed launches " + failedLaunches + ")",
                "0");
        row(sb, "HTTP calls per task", String.format(Locale.ROOT, "%.1f", callsPerTask()) + " (" + totalRequests
                + " in all)", "(reported)");
        row(sb, "Warnings logged by the Maia modules", Integer.toString(warnings.size()), "(reported)");
        row(sb, "Wall time", elapsed.toSeconds() + " s", "(reported)");
        sb.append('\n');
        sb.append("Faults injected: ").append(new java.util.TreeMap<>(faultsInjected)).append('\n');
        sb.append("Requests by endpoint: ").append(new java.util.TreeMap<>(requestsByEndpoint)).append('\n');
        sb.append("Settings: ").append(settings.tasks()).append(" tasks, seed ").append(settings.seed())
                .append(String.format(Locale.ROOT, ", 5xx %.0f%%, 429 %.0f%% (Retry-After %d s), dropped %.0f%%,"
                                + " slow %.0f%% (%d ms against a %d ms read timeout)",
                        100 * settings.serverErrors(), 100 * settings.tooManyRequests(), settings.retryAfterSeconds(),
                        100 * settings.droppedConnections(), 100 * settings.slowResponses(),
                        settings.slowResponseDelay().toMillis(), settings.readTimeout().toMillis()))
                .append('\n');
        list(sb, "Wrong outcomes", outcomeProblems);
        list(sb, "Orphaned tasks", orphans);
        list(sb, "Transcript differences", transcriptProblems);
        list(sb, "Unhandled exceptions", unhandledDetails);
        list(sb, "Warnings", warnings);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String figure, String measured, String target) {
        sb.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(target).append(" |\n");
    }

    private static void list(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append('\n').append(title).append(" (").append(items.size()).append("):\n");
        items.stream().limit(20).forEach(i -> sb.append("- ").append(i).append('\n'));
        if (items.size() > 20) {
            sb.append("- ... ").append(items.size() - 20).append(" more\n");
        }
    }
}
