package io.jenkins.plugins.maia.client.internal;

import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The HTTP client used when the caller hands in none: connect 10 s, read 30 s, write 30 s, whole call 60 s.
 * One shared instance, so all clients of a JVM share its connection pool. TLS verification is OkHttp's
 * default (the platform trust store) and is never relaxed.
 */
public final class DefaultHttpClient {
    private DefaultHttpClient() {}

    public static OkHttpClient shared() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .build();
    }
}
