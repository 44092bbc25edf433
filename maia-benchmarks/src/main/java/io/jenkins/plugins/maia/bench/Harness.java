package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/** Small pieces every benchmark uses: the follower's scheduler, clients, waiting. */
final class Harness {

    /** Threads of the follower's scheduler: what the CLI uses (Jenkins passes its shared Timer instead). */
    static final int SCHEDULER_THREADS = 1;

    private Harness() {}

    /** The follower's shared scheduler, daemon threads named {@code name-N}. */
    static ScheduledExecutorService scheduler(String name) {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /** An OkHttp client like the Maia client's default (same timeouts), counting into {@code log}. */
    static OkHttpClient loggedHttp(RequestLog log) {
        return new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .addInterceptor(log)
                .build();
    }

    /** A client of the sandbox at {@code baseUrl}; {@code http} null = the client's shared default. */
    static MaiaClient client(String baseUrl, OkHttpClient http) {
        MaiaClient.Builder b = MaiaClient.builder().baseUrl(baseUrl).tokenSource(StaticToken.of(RemoteSandbox.TOKEN));
        if (http != null) {
            b.httpClient(http);
        }
        return b.build();
    }

    static String create(MaiaClient client, CreateTaskRequest request) {
        return client.createTask(request).taskId();
    }

    static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void shutdown(ScheduledExecutorService scheduler) {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
