package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code watch} share: how decisions are made, transcripts, pacing, output. */
public final class FollowSettings {

    @Option(names = "--approve", paramLabel = "TOOL", description = "Approve TOOL once each time the agent asks (repeatable).")
    List<String> approve = new ArrayList<>();

    @Option(names = "--approve-for-task", paramLabel = "TOOL",
            description = "Approve TOOL for the rest of the task when first asked (scope CONVERSATION; repeatable).")
    List<String> approveForTask = new ArrayList<>();

    @Option(names = "--reject", paramLabel = "TOOL", description = "Reject TOOL whenever the agent asks (repeatable).")
    List<String> reject = new ArrayList<>();

    @Option(names = "--answer", paramLabel = "N=OPTION", converter = AnswerOption.Converter.class,
            description = "Answer question N with the option labelled OPTION (repeatable). N is zero-based, as the API's "
                    + "questionIndex: the first question of a prompt is 0. Several labels separated by commas answer a "
                    + "multi-select question.")
    List<AnswerOption> answers = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Decision rules from FILE, a YAML list (or a map whose rules key holds the list), matched "
                    + "in order before --approve, --reject and --answer; the first match wins. Each rule: tool (a name "
                    + "or glob), field and inputMatches (a regular expression found in that input field, or in the "
                    + "whole input as JSON), verdict approve|approveForTask|reject|ask; or question (a regular "
                    + "expression) with answer OPTION. E.g. - {tool: query_warehouse, field: query, inputMatches: "
                    + "'(?is)^\\s*select\\b', verdict: approve} then - {tool: '*', verdict: ask}.")
    Path rulesFile;

    @Option(names = "--on-decision", paramLabel = "prompt|fail|reject|wait",
            description = "What to do with a decision that no rule, --approve, --reject or --answer settles: prompt "
                    + "(ask here), fail (exit 4, the task is left paused), reject (reject the tool; a question fails), "
                    + "wait (keep following while a person answers elsewhere: the Maia UI, maia task decide). "
                    + "Default: prompt on a terminal, fail otherwise.")
    OnDecision onDecision;

    @Option(names = "--on-waiting", paramLabel = "CMD",
            description = "Run 'sh -c CMD' once each time decisions are left to a person, with MAIA_TASK_ID, "
                    + "MAIA_DECISION_SUMMARY, MAIA_DECISIONS_JSON and MAIA_RESUME_COMMAND set (no Maia credentials); "
                    + "its output is shown with the prefix [on-waiting], a non-zero exit is reported, not fatal. "
                    + "E.g. --on-waiting 'notify-send \"Maia waits: $MAIA_DECISION_SUMMARY\"'.")
    String onWaiting;

    @Option(names = "--decision-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a person (--on-decision prompt or wait) may take to answer, e.g. 2s or 10m; then "
                    + "--on-decision-timeout applies. Default: no limit.")
    Duration decisionTimeout;

    @Option(names = "--on-decision-timeout", paramLabel = "reject|fail|stop",
            description = "When nobody answered within --decision-timeout: reject (reject the tools and go on; a "
                    + "question fails), fail (exit 4, the task is left paused and resumable; the default), stop "
                    + "(stop the task).")
    OnDecisionTimeout onDecisionTimeout;

    @Option(names = "--transcript", paramLabel = "DIR",
            description = "Write the transcript to DIR as maia-transcript-<task>.jsonl, .md and .html.")
    Path transcriptDir;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "First wait between polls, e.g. 500ms or 2s (default 1s; it grows while nothing changes).")
    Duration pollInterval;

    @Option(names = "--max-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest wait between polls (default 15s).")
    Duration maxPollInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up following after DURATION, e.g. 30m or PT1H: exit 5, the task keeps running. "
                    + "Default: 120m for run (as the Jenkins step), none for watch.")
    Duration timeout;

    @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up following after DURATION of failed calls in a row (server down, 5xx, 429): exit 1 "
                    + "with the last cause. Each failed call prints one line on stderr meanwhile. Default: 5m.")
    Duration giveUpAfter;

    @Option(names = "--fail-on-rejection",
            description = "Exit 7 when the task finishes after a tool call was rejected (by --reject, "
                    + "--on-decision reject or at the prompt), instead of 0.")
    boolean failOnRejection;

    @Option(names = "--requests-per-minute", paramLabel = "N",
            description = "Most API requests a minute this command sends (default 60, the vendor's documented limit; 600 with --sandbox).")
    Integer requestsPerMinute;

    @Option(names = "--json",
            description = "Print one JSON result object on stdout (indented on a terminal, one line otherwise); human "
                    + "output goes to stderr. A failure prints an object with error and exitCode.")
    boolean json;

    @Option(names = "--jsonl",
            description = "Stream JSON Lines on stdout while following: one object per event, status change and "
                    + "decision, then the result (type: event|status|decision|result); human output goes to stderr.")
    boolean jsonl;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Append a Markdown summary (outcome, branch, decisions, last message, error, transcripts) to "
                    + "FILE. Default: $GITHUB_STEP_SUMMARY when set (GitHub Actions).")
    Path summaryFile;

    /** {@code --rules FILE} as read (once), or no rules. */
    private RulesFile rules;

    /** The rules of {@code --rules}, read and checked once; a problem is a usage error naming the rule and field. */
    RulesFile rules() {
        if (rules == null) {
            rules = RulesFile.read(rulesFile);
        }
        return rules;
    }

    /**
     * What stdout carries: human output, one JSON object, or JSON Lines. Both options at once is a usage error with
     * nothing on stdout, since it is not known which of the two a reader expects.
     */
    JsonMode jsonMode() {
        if (json && jsonl) {
            throw new UsageException("--json and --jsonl both print on stdout: choose one (--jsonl ends with the result "
                    + "object that --json prints)");
        }
        return jsonl ? JsonMode.LINES : json ? JsonMode.OBJECT : JsonMode.NONE;
    }

    /** The effective decision fallback: explicit, else prompt on a terminal and fail elsewhere. */
    OnDecision onDecision(Environment env) {
        if (onDecision != null) {
            return onDecision;
        }
        return env.isTerminal() ? OnDecision.PROMPT : OnDecision.FAIL;
    }

    int requestsPerMinute(boolean sandbox) {
        return requestsPerMinute != null ? requestsPerMinute : sandbox ? 600 : 60;
    }

    /** Answers by question index; a repeated index is refused (use {@code maia task decide} for multi-select). */
    Map<Integer, String> answerMap() {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (AnswerOption a : answers) {
            if (map.putIfAbsent(a.questionIndex(), a.option()) != null) {
                throw new UsageException("--answer " + a.questionIndex() + "=... is given twice: give one option per question");
            }
        }
        return map;
    }

    /** Checks what can be checked before any call. */
    void validate() {
        jsonMode();
        if (summaryFile != null && (Files.isDirectory(summaryFile) || summaryFile.toAbsolutePath().getParent() == null
                || !Files.isDirectory(summaryFile.toAbsolutePath().getParent()))) {
            throw new UsageException("Cannot use --summary " + summaryFile + ": give a file in an existing directory");
        }
        checkDisjoint("--approve", approve, "--reject", reject);
        checkDisjoint("--approve-for-task", approveForTask, "--reject", reject);
        checkDisjoint("--approve", approve, "--approve-for-task", approveForTask);
        answerMap();
        rules();
        if (giveUpAfter != null && (giveUpAfter.isZero() || giveUpAfter.isNegative())) {
            throw new UsageException("--give-up-after must be longer than 0, was " + DurationConverter.format(giveUpAfter)
                    + " (e.g. 30s or 10m; the default is 5m)");
        }
        if (requestsPerMinute != null && (requestsPerMinute < 1 || requestsPerMinute > 100_000)) {
            throw new UsageException("--requests-per-minute must be between 1 and 100000, was " + requestsPerMinute);
        }
        if (transcriptDir != null) {
            TranscriptSession.checkWritable(transcriptDir);
        }
        if (onDecisionTimeout != null && decisionTimeout == null) {
            throw new UsageException("--on-decision-timeout applies only with --decision-timeout DURATION (e.g. "
                    + "--decision-timeout 10m --on-decision-timeout " + onDecisionTimeout.word() + ")");
        }
        if (onWaiting != null && onWaiting.isBlank()) {
            throw new UsageException("--on-waiting needs a command, e.g. --on-waiting 'echo \"$MAIA_DECISION_SUMMARY\"'");
        }
        if (pollInterval != null && maxPollInterval != null && pollInterval.compareTo(maxPollInterval) > 0) {
            throw new UsageException("--poll-interval (" + DurationConverter.format(pollInterval)
                    + ") is longer than --max-poll-interval (" + DurationConverter.format(maxPollInterval) + ")");
        }
    }

    /**
     * The decision timeout applies only where a person is asked or waited for: with {@code onDecision} fail or reject
     * nobody is, so the option would do nothing.
     */
    void checkDecisionTimeout(OnDecision effective) {
        if (decisionTimeout != null && !effective.waitsForPerson()) {
            throw new UsageException("--decision-timeout applies when a person is asked or waited for: add "
                    + "--on-decision prompt or --on-decision wait (now " + effective.name().toLowerCase(Locale.ROOT)
                    + ")");
        }
    }

    private static void checkDisjoint(String aName, List<String> a, String bName, List<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        if (!both.isEmpty()) {
            throw new UsageException("Tool " + both.iterator().next() + " is given to both " + aName + " and " + bName + ": choose one");
        }
    }
}
