package io.jenkins.plugins.maia.client.internal;

import java.util.function.Function;

/**
 * One endpoint call, ready to send: the request (its input already checked) and how to read its 2xx answer. The
 * same call is sent in the caller's thread or as a scheduled operation.
 */
public record ApiCall<T>(ApiRequest request, Function<ApiResponse, T> reader) {

    /** The answer as the caller's type; a body that cannot be read gives a {@code MaiaException} saying so. */
    public T read(ApiResponse response) {
        return reader.apply(response);
    }
}
