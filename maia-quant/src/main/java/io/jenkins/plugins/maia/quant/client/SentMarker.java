package io.jenkins.plugins.maia.quant.client;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Whether an attempt got as far as a connection: set by a network interceptor, which OkHttp runs only once connected
 * and just before writing the request. A failure while it is still clear (DNS, refused connection, TLS) means Quant
 * cannot have seen the request, so even a create may be tried again.
 */
final class SentMarker {
    private volatile boolean sent;

    boolean sent() {
        return sent;
    }

    static final Interceptor NETWORK_INTERCEPTOR = new Interceptor() {
        @Override
        public Response intercept(Chain chain) throws IOException {
            SentMarker marker = chain.request().tag(SentMarker.class);
            if (marker != null) {
                marker.sent = true;
            }
            return chain.proceed(chain.request());
        }

        @Override
        public String toString() {
            return "SentMarker.NETWORK_INTERCEPTOR";
        }
    };
}
