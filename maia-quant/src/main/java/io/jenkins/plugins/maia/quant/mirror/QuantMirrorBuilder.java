package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** Options of a {@link QuantMirror}: required are the client, the task list and who creates the tasks. */
public final class QuantMirrorBuilder {
    private static final Logger LOG = Logger.getLogger(QuantMirror.class.getName());

    private QuantClient client;
    private String taskListId;
    private String createdBy;
    private TextRedactor redactor = TextRedactor.none();
    private Consumer<String> warnings = line -> LOG.warning(line);
    private BudgetSettings budget = QuantMirror.DEFAULT_BUDGET;
    private ScheduledExecutorService scheduler;
    private InstantSource clock = InstantSource.system();
    private Duration minUpdateInterval = QuantMirror.MIN_UPDATE_INTERVAL;
    private int maxTasks = QuantMirror.DEFAULT_MAX_TASKS;

    QuantMirrorBuilder() {}

    /** The Quant client; the mirror uses it without retries inside a call (it reschedules instead). */
    public QuantMirrorBuilder client(QuantClient client) {
        this.client = client;
        return this;
    }

    public QuantMirrorBuilder taskListId(String taskListId) {
        this.taskListId = taskListId;
        return this;
    }

    /** The Quant tasks' {@code createdByAgentId}: {@code maia-cli} or {@code jenkins}. */
    public QuantMirrorBuilder createdBy(String createdBy) {
        this.createdBy = createdBy;
        return this;
    }

    /** Masks secrets in every text sent to Quant (pass the same as the transcripts'). */
    public QuantMirrorBuilder redactor(TextRedactor redactor) {
        this.redactor = redactor;
        return this;
    }

    /** Where the warnings and the closing lines go (a console, a build log). Default: java.util.logging. */
    public QuantMirrorBuilder warnings(Consumer<String> warnings) {
        this.warnings = warnings;
        return this;
    }

    public QuantMirrorBuilder budget(BudgetSettings budget) {
        this.budget = budget;
        return this;
    }

    /** Tests and hosts with their own: the scheduler to write on. Default: a daemon thread of its own. */
    public QuantMirrorBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    public QuantMirrorBuilder clock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    public QuantMirrorBuilder minUpdateInterval(Duration interval) {
        this.minUpdateInterval = interval;
        return this;
    }

    public QuantMirrorBuilder maxTasks(int maxTasks) {
        this.maxTasks = maxTasks;
        return this;
    }

    public QuantMirror build() {
        List<Violation> v = new ArrayList<>();
        if (client == null) {
            v.add(new Violation("client", "is missing; build one with QuantClient.builder()"));
        }
        if (taskListId == null || taskListId.isBlank() || taskListId.length() > 500
                || taskListId.chars().anyMatch(Character::isISOControl)) {
            v.add(new Violation("taskListId", "must be one line of 1 to 500 characters, e.g. maia-2026-04-08"));
        }
        if (createdBy == null || createdBy.isBlank()) {
            v.add(new Violation("createdByAgentId", "is missing; give maia-cli or jenkins"));
        }
        if (redactor == null || warnings == null || budget == null || clock == null) {
            v.add(new Violation("options", "redactor, warnings, budget and clock must not be null"));
        }
        if (minUpdateInterval == null || minUpdateInterval.isNegative() || maxTasks < 1) {
            v.add(new Violation("options", "minUpdateInterval must not be negative and maxTasks at least 1"));
        }
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        AccountBudget own = new AccountBudget(budget, clock);
        QuantClient quiet = client.withRetryPolicy(RetryPolicy.none()).withBudget(own.preAuthorized());
        boolean owned = scheduler == null;
        ScheduledExecutorService s = owned ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maia-quant-mirror");
            t.setDaemon(true);
            return t;
        }) : scheduler;
        return new QuantMirror(new MirrorWrites(quiet, taskListId, createdBy), own, s, owned, clock, taskListId,
                redactor, warnings, minUpdateInterval, maxTasks);
    }
}
