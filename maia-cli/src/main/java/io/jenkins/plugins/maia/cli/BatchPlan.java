package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.cli.BatchSpec.Settings;
import io.jenkins.plugins.maia.cli.BatchSpec.TaskEntry;
import io.jenkins.plugins.maia.cli.BatchSpec.Value;
import io.jenkins.plugins.maia.client.FieldRules;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import io.jenkins.plugins.maia.follower.graph.GraphValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch ready to run: each task's settings merged and checked before any call. A task's field wins over the same
 * field of {@code defaults}, which wins over the command line's option; the tool lists of the command line
 * ({@code --approve}, {@code --approve-for-task}, {@code --reject}) are added to every task's, and its answers give
 * way to the file's for the same question; its {@code --rules}, {@code --decision-timeout} and
 * {@code --on-decision-timeout} apply to a task whose file sets none. The batch-wide settings ({@code --on-decision},
 * {@code --on-waiting}, {@code --transcript}, {@code --requests-per-minute}) are the command line's, else those of
 * {@code defaults}.
 */
record BatchPlan(List<BatchTask> tasks, int maxConcurrent, boolean failFast, OnDecision onDecision, Path transcriptDir,
        int requestsPerMinute, String onWaiting, List<String> ruleWarnings) {

    /** API fields as the client names them, and the batch file's field for each. */
    private static final Map<String, String> FILE_FIELD = Map.of(
            "message", "message",
            "agentConfig.projectId", "projectId",
            "agentConfig.environmentName", "environment",
            "agentConfig.sourceBranchName", "sourceBranch",
            "agentConfig.targetBranchName", "targetBranch",
            "agentConfig.generateBranch", "generateBranch",
            "agentConfig.graphId", "graphId",
            "agentConfig.workingDirectory", "workingDirectory",
            "agentConfig.mode", "mode",
            "grantedPermissions", "grant");

    /** The plan of {@code spec} with the command line's {@code options}; {@link BatchFileProblems} names problems. */
    static BatchPlan of(BatchSpec spec, FollowSettings options, boolean sandbox, Environment env) {
        List<String> problems = new ArrayList<>();
        Settings defaults = spec.defaults();
        OnDecision onDecision = options.onDecision != null ? options.onDecision
                : defaults.has("onDecision") ? (OnDecision) defaults.get("onDecision").value()
                : options.onDecision(env);
        Path transcripts = options.transcriptDir != null ? options.transcriptDir
                : defaults.has("transcript") ? (Path) defaults.get("transcript").value() : null;
        int perMinute = options.requestsPerMinute != null ? options.requestsPerMinute
                : defaults.has("requestsPerMinute") ? (Integer) defaults.get("requestsPerMinute").value()
                : options.requestsPerMinute(sandbox);
        if (perMinute < 1 || perMinute > 100_000) {
            problems.add("defaults.requestsPerMinute: must be between 1 and 100000, was " + perMinute);
        }
        Fallback fallback = onDecision.fallback();
        // The graph's own checks too (ids, dependencies, cycles), so that one run lists every problem of the file.
        problems.addAll(GraphValidation.problems(spec.tasks().stream()
                .map(t -> new GraphValidation.Node(t.id(), t.dependsOn())).toList(), spec.maxConcurrent()));
        List<BatchTask> tasks = new ArrayList<>();
        Map<String, String> messages = new HashMap<>();
        for (TaskEntry entry : spec.tasks()) {
            TaskMerge merge = new TaskMerge(entry, defaults, problems);
            BatchTask task = merge.build(spec, options, sandbox, perMinute, fallback);
            if (task != null) {
                String key = task.request().agentConfig().projectId() + "\n" + task.request().message();
                String earlier = messages.putIfAbsent(key, entry.path());
                if (earlier != null) {
                    problems.add(entry.path() + ".message: the same message as " + earlier + " in the same project: "
                            + "a task is told apart from the others by its message when its create is retried, so make "
                            + "each message unique (name the pipeline it is about)");
                }
                tasks.add(task);
            }
        }
        if (!problems.isEmpty()) {
            throw new BatchFileProblems(problems);
        }
        String onWaiting = options.onWaiting != null ? options.onWaiting
                : defaults.has("onWaiting") ? (String) defaults.get("onWaiting").value() : null;
        return new BatchPlan(tasks, spec.maxConcurrent(), spec.failFast(), onDecision, transcripts, perMinute,
                onWaiting, ruleWarnings(spec, options));
    }

    /** The warnings of every rules list: the command line's, then the file's (a tool that is not documented). */
    private static List<String> ruleWarnings(BatchSpec spec, FollowSettings options) {
        Set<String> warnings = new LinkedHashSet<>(options.rules().warnings());
        List<Settings> all = new ArrayList<>(List.of(spec.defaults()));
        spec.tasks().forEach(t -> all.add(t.settings()));
        for (Settings settings : all) {
            if (settings.has("rules")) {
                warnings.addAll(((RulesFile) settings.get("rules").value()).warnings());
            }
        }
        return List.copyOf(warnings);
    }

    /** One task's settings over the defaults and the command line. */
    private record TaskMerge(TaskEntry entry, Settings defaults, List<String> problems) {

        Value value(String name) {
            Value own = entry.settings().get(name);
            return own != null ? own : defaults.get(name);
        }

        @SuppressWarnings("unchecked")
        <T> T get(String name, T otherwise) {
            Value v = value(name);
            return v == null ? otherwise : (T) v.value();
        }

        String where(String name) {
            Value v = value(name);
            return v != null ? v.path() : entry.path() + "." + name;
        }

        BatchTask build(BatchSpec spec, FollowSettings options, boolean sandbox, int perMinute, Fallback fallback) {
            int before = problems.size();
            String message = message();
            // The branch is one choice: a task that names either field makes it for itself.
            Settings branchLevel = entry.settings().has("targetBranch") || entry.settings().has("generateBranch")
                    ? entry.settings() : defaults;
            String target = branchLevel.has("targetBranch") ? (String) branchLevel.get("targetBranch").value() : null;
            boolean generate = branchLevel.has("generateBranch") ? (Boolean) branchLevel.get("generateBranch").value()
                    : sandbox && target == null;
            String projectId = get("projectId", sandbox ? RunCommand.SANDBOX_PROJECT_ID : null);
            String environment = get("environment", sandbox ? RunCommand.SANDBOX_ENVIRONMENT : null);
            String source = get("sourceBranch", sandbox ? RunCommand.SANDBOX_SOURCE_BRANCH : null);
            List<String> missing = new ArrayList<>();
            if (projectId == null) {
                missing.add("projectId");
            }
            if (environment == null) {
                missing.add("environment");
            }
            if (source == null) {
                missing.add("sourceBranch");
            }
            if (target == null && !generate) {
                missing.add("targetBranch or generateBranch: true");
            }
            if (!missing.isEmpty()) {
                problems.add(entry.path() + ": missing " + String.join(", ", missing) + ": set "
                        + (missing.size() == 1 ? "it" : "them") + " under defaults: (for every task) or in the task"
                        + " (or try maia batch --sandbox)");
            }
            List<String> grants = get("grant", List.of());
            CreateTaskRequest request = CreateTaskRequest.builder().message(message)
                    .mode(get("mode", Mode.ACT)).projectId(projectId).environmentName(environment)
                    .sourceBranchName(source).targetBranchName(target).generateBranch(generate)
                    .graphId(get("graphId", null)).workingDirectory(get("workingDirectory", null))
                    .grantedTools(grants.isEmpty() ? null : grants).build();
            if (missing.isEmpty() && message != null) {
                for (Violation v : FieldRules.createRequest(request)) {
                    problems.add(path(v.field()) + ": " + fileNames(v.message()));
                }
            }
            Map<String, List<String>> tools = new LinkedHashMap<>();
            tools.put("approve", joined("approve", options.approve));
            tools.put("approveForTask", joined("approveForTask", options.approveForTask));
            tools.put("reject", joined("reject", options.reject));
            checkDisjoint(tools, "approve", "reject", options);
            checkDisjoint(tools, "approveForTask", "reject", options);
            checkDisjoint(tools, "approve", "approveForTask", options);
            Map<Integer, String> answers = answers(options);
            Duration poll = get("pollInterval", options.pollInterval);
            Duration maxPoll = get("maxPollInterval", options.maxPollInterval);
            if (poll != null && maxPoll != null && poll.compareTo(maxPoll) > 0) {
                problems.add(where("pollInterval") + ": " + DurationConverter.format(poll) + " is longer than the "
                        + "longest wait, " + DurationConverter.format(maxPoll) + " (" + where("maxPollInterval") + ")");
            }
            Duration giveUpAfter = get("giveUpAfter", options.giveUpAfter);
            if (giveUpAfter != null && (giveUpAfter.isZero() || giveUpAfter.isNegative())) {
                problems.add(where("giveUpAfter") + ": must be longer than 0, was "
                        + DurationConverter.format(giveUpAfter));
            }
            Duration decisionTimeout = get("decisionTimeout", options.decisionTimeout);
            OnDecisionTimeout onTimeout = get("onDecisionTimeout", options.onDecisionTimeout);
            if (onTimeout != null && decisionTimeout == null) {
                problems.add(where("onDecisionTimeout") + ": applies only with decisionTimeout (e.g. decisionTimeout: "
                        + "10m)");
            }
            if (decisionTimeout != null && fallback != Fallback.ASK && fallback != Fallback.WAIT) {
                problems.add(where("decisionTimeout") + ": applies when a person is asked or waited for: set onDecision: "
                        + "prompt or wait under defaults, or pass --on-decision prompt|wait");
            }
            if (problems.size() > before) {
                return null;
            }
            FollowPlan plan = FollowPlan.builder().pollInterval(poll).maxPollInterval(maxPoll).giveUpAfter(giveUpAfter)
                    .requestsPerMinute(perMinute).approveOnce(tools.get("approve"))
                    .approveForTask(tools.get("approveForTask")).reject(tools.get("reject")).answers(answers)
                    .fallback(fallback).rules(this.<RulesFile>get("rules", options.rules()).rules())
                    .decisionTimeout(decisionTimeout).onDecisionTimeout(onTimeout).build();
            Map<String, List<String>> flags = new LinkedHashMap<>();
            flags.put("--approve", tools.get("approve"));
            flags.put("--approve-for-task", tools.get("approveForTask"));
            flags.put("--reject", tools.get("reject"));
            flags.put("--grant", grants);
            Duration timeout = get("timeout", options.timeout != null ? options.timeout : RunCommand.DEFAULT_TIMEOUT);
            boolean failOnRejection = get("failOnRejection", options.failOnRejection);
            return new BatchTask(entry.id(), entry.dependsOn(), request, plan, timeout, flags, answers,
                    failOnRejection);
        }

        private String message() {
            Value text = entry.settings().get("message");
            Value file = entry.settings().get("messageFile");
            if (text != null && file != null) {
                problems.add(entry.path() + ": give message or messageFile, not both");
                return null;
            }
            if (text == null && file == null) {
                problems.add(entry.path() + ": missing message: give message: (the instruction) or messageFile: "
                        + "(a file beside the batch file)");
                return null;
            }
            if (text != null) {
                return (String) text.value();
            }
            Path path = (Path) file.value();
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file.path() + ": cannot read " + path + " (" + e.getClass().getSimpleName()
                        + "): give a readable file, relative to the batch file's directory");
                return null;
            }
        }

        /** The file's list (the task's, else the defaults') with the command line's added. */
        private List<String> joined(String name, List<String> commandLine) {
            List<String> all = new ArrayList<>(get(name, List.<String>of()));
            commandLine.stream().filter(t -> !all.contains(t)).forEach(all::add);
            return all;
        }

        private void checkDisjoint(Map<String, List<String>> tools, String a, String b, FollowSettings options) {
            Set<String> both = new HashSet<>(tools.get(a));
            both.retainAll(tools.get(b));
            if (!both.isEmpty()) {
                problems.add(entry.path() + ": tool " + both.iterator().next() + " is given to both " + a + " ("
                        + from(a, options) + ") and " + b + " (" + from(b, options) + "): choose one");
            }
        }

        private String from(String name, FollowSettings options) {
            return value(name) != null ? value(name).path() : BatchFields.FIELDS.get(name).option();
        }

        private Map<Integer, String> answers(FollowSettings options) {
            Map<Integer, String> answers = new LinkedHashMap<>(options.answerMap());
            Map<Integer, String> file = new LinkedHashMap<>();
            for (AnswerOption a : get("answer", List.<AnswerOption>of())) {
                if (file.putIfAbsent(a.questionIndex(), a.option()) != null) {
                    problems.add(where("answer") + ": question " + a.questionIndex() + " is answered twice: give one "
                            + "answer per question (several options of a multi-select question: 1=Orders,Customers)");
                }
            }
            answers.putAll(file);
            return answers;
        }

        private String path(String apiField) {
            String key = apiField == null ? null : apiField.replaceAll("\\[\\d+].*", "");
            String name = key == null ? null : FILE_FIELD.get(key);
            if (name == null) {
                return entry.path();
            }
            if (name.equals("message") && entry.settings().has("messageFile")) {
                return entry.settings().get("messageFile").path();
            }
            return where(name);
        }

        private static String fileNames(String message) {
            String text = message;
            for (Map.Entry<String, String> e : FILE_FIELD.entrySet()) {
                if (e.getKey().contains(".")) {
                    text = text.replace(e.getKey(), e.getValue());
                }
            }
            return text;
        }
    }
}
