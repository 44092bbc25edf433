package io.jenkins.plugins.maia.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Tells whether an attempt got as far as a connection to the server. It rides on the request as a tag and is
 * set by a network interceptor, which OkHttp runs only once a connection is established and just before the
 * request is written. A failure while the marker is still clear (DNS, refused connection, TLS handshake)
 * means the server cannot have seen the request, so even a create may be retried safely.
 */
public final class SendMarker {
    private volatile boolean sent;

    public boolean sent() {
        return sent;
    }

    /** Added to the client's OkHttpClient (after the caller's own network interceptors). */
    public static final Interceptor NETWORK_INTERCEPTOR = new Interceptor() {
        @Override
        public Response intercept(Chain chain) throws IOException {
            SendMarker marker = chain.request().tag(SendMarker.class);
            if (marker != null) {
                marker.sent = true;
            }
            return chain.proceed(chain.request());
        }

        @Override
        public String toString() {
            return "SendMarker.NETWORK_INTERCEPTOR";
        }
    };
}
