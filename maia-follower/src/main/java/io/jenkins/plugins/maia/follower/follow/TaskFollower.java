package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Task;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Follows many Maia tasks on one shared {@link ScheduledExecutorService}: no thread per task, no blocking sleep.
 * Each follow advances by short ticks, each making at most one API call (bounded by the HTTP client's timeouts)
 * after taking a token from its account's {@link AccountBudget}.
 *
 * <p>Follows of tasks in the same project of the same account share a {@link ProjectWatch}: one task list call per
 * interval tells which of their tasks changed, and only those read their task and messages (see
 * {@link Builder#projectWatch(boolean)}).
 *
 * <p>Thread-safe. Create one per process on a pool of its own (the CLI a small one) and {@link #close()} it on
 * shutdown. A call holds a scheduler thread while it is on the wire (at most the HTTP client's timeouts), so the
 * pool's size bounds the calls in flight; a pool shared with other work (Jenkins' {@code Timer}) should only hand
 * work over, through {@link #follow} and {@link #calls}, which never wait in the caller's thread.
 */
public final class TaskFollower implements AutoCloseable {

    private static final Logger LOG = System.getLogger(TaskFollower.class.getName());

    /** Events read per messages call. */
    public static final int DEFAULT_MESSAGE_PAGE_SIZE = 200;
    /** How long {@link #close()} waits for ticks already running (a listener saving state, a call under way). */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final AccountBudgets budgets;
    private final BudgetSettings budgetSettings;
    private final int messagePageSize;
    private final Duration closeGrace;
    private final boolean projectWatch;
    /** By account key and project id; a watch with no subscriber costs nothing but its few fields. */
    private final ConcurrentMap<String, ProjectWatch> watches = new ConcurrentHashMap<>();
    private final Set<Follow> follows = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TaskFollower(Builder b) {
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.clock = b.clock;
        this.budgets = b.budgets;
        this.budgetSettings = b.budgetSettings;
        this.messagePageSize = b.messagePageSize;
        this.closeGrace = b.closeGrace;
        this.projectWatch = b.projectWatch;
    }

    /** A follower on {@code scheduler}, the system clock and the JVM-wide {@link AccountBudgets#shared()}. */
    public static TaskFollower create(ScheduledExecutorService scheduler) {
        return builder().scheduler(scheduler).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts (or resumes) following the task of {@code state} through {@code client}. The client is used with no
     * retries inside a call (the follower reschedules) and draws on the shared budget of
     * {@code client.accountKey()}.
     */
    public FollowHandle follow(MaiaClient client, FollowState state, FollowOptions options, FollowListener listener) {
        return startThrough(client, state, options, listener, false, null);
    }

    /**
     * Like {@link #follow(MaiaClient, FollowState, FollowOptions, FollowListener)}, for a task that other work waits
     * on (a task graph's task that others depend on): the reads that confirm its end (the task read after its
     * project's watch saw its status change, and the final message read) go ahead of the account's whole queue
     * ({@link AccountBudget#whenAvailableFirst}), so that its dependents start sooner when the budget is saturated.
     * Nothing else changes: the same calls, the same rules, the same rate.
     */
    public FollowHandle followAwaited(MaiaClient client, FollowState state, FollowOptions options,
            FollowListener listener) {
        return startThrough(client, state, options, listener, true, null);
    }

    /**
     * Like {@link #follow(MaiaClient, FollowState, FollowOptions, FollowListener)} (or {@link #followAwaited} when
     * {@code awaited}), for a task this caller has just created: the create's answer ({@code created}, for
     * {@code request}) stands in for the follow's first read of the task when it can (a RUNNING task of a named
     * project), so the project's watch looks at it from its next round and the task costs one request less. When it
     * cannot, the task is read first as usual. {@code state} is {@link FollowState#start} of the created task.
     */
    public FollowHandle followCreated(MaiaClient client, CreatedTask created, CreateTaskRequest request,
            FollowState state, FollowOptions options, FollowListener listener, boolean awaited) {
        return startThrough(client, state, options, listener, awaited, firstRead(created, request, state));
    }

    /** Like {@link #followCreated(MaiaClient, CreatedTask, CreateTaskRequest, FollowState, FollowOptions,
     * FollowListener, boolean)} through any {@link TaskApi} (tests, other transports). */
    public FollowHandle followCreated(TaskApi api, String accountKey, CreatedTask created, CreateTaskRequest request,
            FollowState state, FollowOptions options, FollowListener listener, boolean awaited) {
        Objects.requireNonNull(api, "api");
        return start(api, accountKey, budgetFor(accountKey), state, options, listener, awaited,
                firstRead(created, request, state));
    }

    /**
     * Like {@link #follow(MaiaClient, FollowState, FollowOptions, FollowListener)} through any {@link TaskApi}
     * (tests, other transports); {@code accountKey} selects the budget, and the project watch when {@code api} is
     * also a {@link TaskLister}.
     */
    public FollowHandle follow(TaskApi api, String accountKey, FollowState state, FollowOptions options,
            FollowListener listener) {
        Objects.requireNonNull(api, "api");
        return start(api, accountKey, budgetFor(accountKey), state, options, listener, false, null);
    }

    /**
     * Like {@link #followAwaited(MaiaClient, FollowState, FollowOptions, FollowListener)} through any
     * {@link TaskApi} (tests, other transports).
     */
    public FollowHandle followAwaited(TaskApi api, String accountKey, FollowState state, FollowOptions options,
            FollowListener listener) {
        Objects.requireNonNull(api, "api");
        return start(api, accountKey, budgetFor(accountKey), state, options, listener, true, null);
    }

    /**
     * The launch-time calls of {@code client} (create, duplicate-safe create, follow-up message, stop) as scheduled
     * operations on this follower, so that a caller whose threads must never wait on Maia (a Jenkins controller's
     * shared timer) only hands them over. Every attempt takes a token of the account's budget through its fair queue,
     * a stop through the queue of priority calls, and runs on this follower's scheduler; a retry (the client's
     * {@link io.jenkins.plugins.maia.client.RetryPolicy}: which failures, how long, Retry-After) is a scheduled task.
     * No thread sleeps or blocks on the budget. The futures complete on the scheduler.
     *
     * @throws IllegalStateException when this follower is closed
     */
    public ScheduledMaiaClient calls(MaiaClient client) {
        Objects.requireNonNull(client, "client");
        if (closed) {
            throw new IllegalStateException("this TaskFollower is closed");
        }
        AccountBudget budget = budgetFor(client.accountKey());
        // The gate takes the tokens; the client's own view of the budget only reports 429s to the account.
        return client.withBudget(budget.preAuthorized()).scheduled(scheduler, new BudgetGate(budget, scheduler));
    }

    /**
     * Holds back a few tokens of {@code client}'s account budget for the calls that go ahead of the whole queue
     * ({@link AccountBudget#holdBackForFirst}) until the hold is closed: a task graph takes one while it has tasks
     * others wait on, so the chain that starts a dependent waits less for its tokens. The rate is the same.
     */
    public AccountBudget.Hold holdBackForFirst(MaiaClient client) {
        Objects.requireNonNull(client, "client");
        return budgetFor(client.accountKey()).holdBackForFirst();
    }

    /**
     * Like {@link #calls(MaiaClient)}, but every attempt goes ahead of the account's whole queue
     * ({@link AccountBudget#whenAvailableFirst}: before the follows' routine polls, and before the project watches'
     * rounds and the other urgent calls too). For the few calls that others wait on: a task graph's creates (the
     * tasks that depend on a task are held back until it exists and ends), which would otherwise wait behind the
     * urgent calls of every follow when the account's budget is saturated. The rate is the same budget's.
     *
     * @throws IllegalStateException when this follower is closed
     */
    public ScheduledMaiaClient priorityCalls(MaiaClient client) {
        Objects.requireNonNull(client, "client");
        if (closed) {
            throw new IllegalStateException("this TaskFollower is closed");
        }
        AccountBudget budget = budgetFor(client.accountKey());
        return client.withBudget(budget.preAuthorized()).scheduled(scheduler, new BudgetGate(budget, scheduler, true));
    }

    /**
     * This follower's budget for {@code accountKey}, with {@code settings} from now on (the latest settings win):
     * the one its follows of that account draw on. For the calls a caller makes beside its follows (create, a
     * follow-up message), so that they wait their turn in the same rate; see {@link FollowPlan#budgeted}.
     */
    public AccountBudget budget(String accountKey, BudgetSettings settings) {
        return budgets.forAccount(accountKey, settings);
    }

    /** How many follows are running. */
    public int activeFollows() {
        return follows.size();
    }

    /**
     * Cancels every follow (their results are cancelled) without touching the remote tasks, then waits, at most the
     * close grace (default {@link #DEFAULT_CLOSE_GRACE}), for ticks that were already running, so that a listener
     * saving a follow's state is not cut off half-way (a Jenkins controller shutting down saves its builds next).
     * After this returns, the listeners of these follows are not called again, even by a tick that outlived the
     * grace. Called from a follow's own tick, it does not wait for that tick.
     */
    @Override
    public void close() {
        closed = true;
        List<Follow> detached = List.copyOf(follows);
        for (Follow f : detached) {
            f.detach();
        }
        follows.removeAll(detached);
        long deadline = System.nanoTime() + closeGrace.toNanos();
        try {
            for (Follow f : detached) {
                if (!f.awaitRunningTick(deadline)) {
                    LOG.log(Level.INFO, () -> "Closed the task follower while a tick of " + f.taskId() + " was still "
                            + "running after " + closeGrace.toMillis() + " ms; it ends on its own without calling "
                            + "its listener");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The watch of a project of an account, or null if none was made (for tests). */
    ProjectWatch watch(String accountKey, String projectId) {
        return watches.get(watchKey(accountKey, projectId));
    }

    /** Starts a follow through {@code client}, without retries inside a call, on its account's budget. */
    private FollowHandle startThrough(MaiaClient client, FollowState state, FollowOptions options,
            FollowListener listener, boolean awaited, Task firstRead) {
        Objects.requireNonNull(client, "client");
        AccountBudget budget = budgetFor(client.accountKey());
        return start(new ClientTaskApi(client, budget.preAuthorized()), client.accountKey(), budget, state, options,
                listener, awaited, firstRead);
    }

    /** The create's answer as the first read, when it is of {@code state}'s task and can stand in; else null. */
    private static Task firstRead(CreatedTask created, CreateTaskRequest request, FollowState state) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        if (!state.taskId().equals(created.taskId()) || state.lastStatus() != null
                || !state.cursor().equals(FollowState.MessageCursor.start())) {
            return null; // another task, or a follow that read before: it reads the task as any resumed follow
        }
        return FirstRead.of(created, request);
    }

    private static String watchKey(String accountKey, String projectId) {
        return accountKey + '\n' + projectId;
    }

    private AccountBudget budgetFor(String accountKey) {
        return budgetSettings == null ? budgets.forAccount(accountKey) : budgets.forAccount(accountKey, budgetSettings);
    }

    private FollowHandle start(TaskApi api, String accountKey, AccountBudget budget, FollowState state,
            FollowOptions options, FollowListener listener, boolean awaited, Task firstRead) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("this TaskFollower is closed");
        }
        Function<String, ProjectWatch> watchOf = projectWatch
                ? projectId -> watches.computeIfAbsent(watchKey(accountKey, projectId),
                        k -> new ProjectWatch(projectId, budget, scheduler, clock))
                : null;
        Follow follow = new Follow(api, budget, scheduler, clock, state, options,
                listener == null ? new FollowListener() {} : listener, messagePageSize, watchOf, awaited);
        follows.add(follow);
        follow.result().whenComplete((r, e) -> follows.remove(follow));
        follow.start(firstRead);
        return follow;
    }

    /** Options of a follower; only the scheduler is required. */
    public static final class Builder {
        private ScheduledExecutorService scheduler;
        private InstantSource clock = InstantSource.system();
        private AccountBudgets budgets = AccountBudgets.shared();
        private BudgetSettings budgetSettings;
        private int messagePageSize = DEFAULT_MESSAGE_PAGE_SIZE;
        private Duration closeGrace = DEFAULT_CLOSE_GRACE;
        private boolean projectWatch = true;

        private Builder() {}

        /** Where every tick runs (required). */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** The clock for deadlines and the budget (tests pass a manual one). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The budget registry; default {@link AccountBudgets#shared()}. */
        public Builder budgets(AccountBudgets budgets) {
            this.budgets = Objects.requireNonNull(budgets, "budgets");
            return this;
        }

        /** Budget settings for every account this follower uses; null (default) keeps what the registry has. */
        public Builder budgetSettings(BudgetSettings settings) {
            this.budgetSettings = settings;
            return this;
        }

        /** Events per messages call, 1..1000 (default {@value TaskFollower#DEFAULT_MESSAGE_PAGE_SIZE}). */
        public Builder messagePageSize(int size) {
            if (size < 1 || size > MaiaClient.MAX_MESSAGES_LIMIT) {
                throw new IllegalArgumentException("messagePageSize must be 1.." + MaiaClient.MAX_MESSAGES_LIMIT
                        + ", was " + size);
            }
            this.messagePageSize = size;
            return this;
        }

        /** How long {@link TaskFollower#close()} waits for running ticks (default 5 s; zero = not at all). */
        public Builder closeGrace(Duration grace) {
            Objects.requireNonNull(grace, "closeGrace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("closeGrace must not be negative, was " + grace);
            }
            this.closeGrace = grace;
            return this;
        }

        /**
         * Whether follows of one project share a task list call per interval to learn which tasks changed (default
         * true), instead of each reading its own task every interval. Off, every follow polls its own task (the
         * benchmarks compare both). It only applies to follows whose {@link TaskApi} is a {@link TaskLister} (those
         * of {@link TaskFollower#follow(MaiaClient, FollowState, FollowOptions, FollowListener)} are); a token that
         * may not list tasks turns it off by itself, for its project, at the first refusal.
         */
        public Builder projectWatch(boolean enabled) {
            this.projectWatch = enabled;
            return this;
        }

        public TaskFollower build() {
            if (scheduler == null) {
                throw new IllegalArgumentException("scheduler is required: pass the ScheduledExecutorService every "
                        + "follow runs on");
            }
            return new TaskFollower(this);
        }
    }
}
