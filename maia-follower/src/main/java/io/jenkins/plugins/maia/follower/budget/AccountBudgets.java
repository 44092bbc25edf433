package io.jenkins.plugins.maia.follower.budget;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link AccountBudget} per account key ({@code MaiaClient.accountKey()}: base URL + non-secret credential
 * identity). {@link #shared()} is the JVM-wide registry every follower uses by default, so all builds of one
 * Jenkins controller that use the same account share one budget.
 */
public final class AccountBudgets {

    private static final AccountBudgets SHARED = new AccountBudgets(InstantSource.system());

    private final InstantSource clock;
    private final ConcurrentMap<String, AccountBudget> budgets = new ConcurrentHashMap<>();

    /** A separate registry (tests, benchmarks); most callers want {@link #shared()}. */
    public AccountBudgets(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static AccountBudgets shared() {
        return SHARED;
    }

    /**
     * The budget of {@code accountKey}, created with {@code settings} on first use. When it exists with other
     * settings, the new settings apply from now on (the latest configuration wins).
     */
    public AccountBudget forAccount(String accountKey, BudgetSettings settings) {
        if (accountKey == null || accountKey.isBlank()) {
            throw new IllegalArgumentException("accountKey must not be blank (use MaiaClient.accountKey())");
        }
        Objects.requireNonNull(settings, "settings");
        AccountBudget budget = budgets.computeIfAbsent(accountKey, k -> new AccountBudget(settings, clock));
        if (!budget.settings().equals(settings)) {
            budget.updateSettings(settings);
        }
        return budget;
    }

    /** The budget of {@code accountKey} with the settings it has, or the defaults when it is new. */
    public AccountBudget forAccount(String accountKey) {
        if (accountKey == null || accountKey.isBlank()) {
            throw new IllegalArgumentException("accountKey must not be blank (use MaiaClient.accountKey())");
        }
        return budgets.computeIfAbsent(accountKey, k -> new AccountBudget(BudgetSettings.defaults(), clock));
    }
}
