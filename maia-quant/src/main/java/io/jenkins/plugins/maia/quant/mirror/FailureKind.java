package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.quant.client.QuantApiException;
import io.jenkins.plugins.maia.quant.client.QuantTransportException;

/** The kinds of Quant failure the mirror tells apart: one warning each, and what the mirror does about it. */
enum FailureKind {
    /** No answer: connection refused, DNS, timeout. Retried. */
    UNREACHABLE("Quant cannot be reached", true),
    /** 429. Retried after the Retry-After. */
    RATE_LIMITED("Quant asks to slow down (429)", true),
    /** 408, 425, 5xx. Retried. */
    SERVER_ERROR("Quant answers with server errors", true),
    /** A 2xx whose body is not what the document says. Retried (a create is looked for first). */
    BAD_RESPONSE("Quant's answers cannot be read", true),
    /** 401, 403: retrying cannot help, so the mirror stops writing for the rest of the run. */
    CREDENTIALS_REFUSED("Quant refuses the token", false),
    /** 400, 404, 409, 422 or a request refused before the call: that task's mirroring stops. */
    REQUEST_REFUSED("Quant refuses a request", false);

    private final String headline;
    private final boolean retried;

    FailureKind(String headline, boolean retried) {
        this.headline = headline;
        this.retried = retried;
    }

    String headline() {
        return headline;
    }

    boolean retried() {
        return retried;
    }

    static FailureKind of(RuntimeException e) {
        if (e instanceof QuantTransportException t) {
            if (t.status() == 429) {
                return RATE_LIMITED;
            }
            return t.status() == 0 ? UNREACHABLE : SERVER_ERROR;
        }
        if (e instanceof QuantApiException api) {
            if (api.status() == 401 || api.status() == 403) {
                return CREDENTIALS_REFUSED;
            }
            if (api.status() == 429) {
                return RATE_LIMITED;
            }
            return api.isTransient() ? SERVER_ERROR : REQUEST_REFUSED;
        }
        if (e instanceof InvalidRequestException) {
            return REQUEST_REFUSED;
        }
        return BAD_RESPONSE;
    }
}
