package io.jenkins.plugins.maia.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts the HTTP requests one client sends, by kind and answer, with their times: the client's own view of its
 * API calls (what a rate limit counts), installed as an OkHttp interceptor on the client under test.
 */
final class RequestLog implements Interceptor {

    enum Kind { CREATE, LIST_TASKS, GET_TASK, GET_MESSAGES, DECISIONS, STOP, OTHER }

    private record Entry(long startNanos, Kind kind, int status) {}

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long start = System.nanoTime();
        Kind kind = kind(request.method(), request.url().encodedPath());
        try {
            Response response = chain.proceed(request);
            add(start, kind, response.code());
            return response;
        } catch (IOException | RuntimeException e) {
            add(start, kind, -1);
            throw e;
        }
    }

    /** Records a request that started at {@code startNanos} ({@link System#nanoTime()}); -1 = no answer. */
    synchronized void add(long startNanos, Kind kind, int status) {
        entries.add(new Entry(startNanos, kind, status));
    }

    synchronized long total() {
        return entries.size();
    }

    synchronized long count(Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).count();
    }

    /** Requests answered with {@code status} (429: refused by the rate limit). */
    synchronized long answered(int status) {
        return entries.stream().filter(e -> e.status() == status).count();
    }

    synchronized Map<Kind, Long> byKind() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Entry e : entries) {
            counts.merge(e.kind(), 1L, Long::sum);
        }
        return counts;
    }

    /** The most requests started within any {@code window} (sliding, over the whole log). */
    synchronized int peakIn(Duration window) {
        long[] starts = entries.stream().mapToLong(Entry::startNanos).sorted().toArray();
        long span = window.toNanos();
        int best = 0;
        int from = 0;
        for (int to = 0; to < starts.length; to++) {
            while (starts[to] - starts[from] >= span) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    /**
     * Each request answered with {@code status}: its kind and when it started, in seconds after the first request
     * of the log (e.g. {@code get_task at 42.1 s}).
     */
    synchronized List<String> whenAnswered(int status) {
        long first = entries.stream().mapToLong(Entry::startNanos).min().orElse(0);
        return entries.stream().filter(e -> e.status() == status)
                .map(e -> e.kind().name().toLowerCase(java.util.Locale.ROOT) + " at "
                        + Format.seconds((e.startNanos() - first) / 1e6))
                .toList();
    }

    /**
     * How far the requests went beyond a steady {@code perMinute} rate: the largest, over every stretch of
     * consecutive requests, of (requests in the stretch - perMinute x its duration). A sequence keeps to a token
     * bucket of that rate and burst {@code b} exactly when this is at most {@code b}.
     */
    synchronized double largestBurst(double perMinute) {
        long[] starts = entries.stream().mapToLong(Entry::startNanos).sorted().toArray();
        double perNano = perMinute / 60e9;
        double worst = 0;
        for (int i = 0; i < starts.length; i++) {
            for (int j = i; j < starts.length; j++) {
                worst = Math.max(worst, (j - i + 1) - perNano * (starts[j] - starts[i]));
            }
        }
        return worst;
    }

    /** Time from the first to the last request. */
    synchronized Duration span() {
        if (entries.size() < 2) {
            return Duration.ZERO;
        }
        long min = entries.stream().mapToLong(Entry::startNanos).min().orElse(0);
        long max = entries.stream().mapToLong(Entry::startNanos).max().orElse(0);
        return Duration.ofNanos(max - min);
    }

    static Kind kind(String method, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int tasks = p.indexOf("/v1/ai/agents/tasks");
        if (tasks < 0) {
            return Kind.OTHER;
        }
        String rest = p.substring(tasks + "/v1/ai/agents/tasks".length());
        if (rest.isEmpty()) {
            return switch (method) {
                case "POST" -> Kind.CREATE;
                case "GET" -> Kind.LIST_TASKS;
                default -> Kind.OTHER;
            };
        }
        String[] parts = rest.substring(1).split("/");
        if (parts.length == 1) {
            return method.equals("GET") ? Kind.GET_TASK : Kind.OTHER;
        }
        return switch (parts[1]) {
            case "messages" -> method.equals("GET") ? Kind.GET_MESSAGES : Kind.OTHER;
            case "decisions" -> Kind.DECISIONS;
            case "stop" -> Kind.STOP;
            default -> Kind.OTHER;
        };
    }
}
