/**
 * Implementation details of the Maia client: HTTP exchange, retries, JSON, URL and input rules.
 *
 * <p>Not part of the client's API. The types are public only because the {@code client} and {@code auth}
 * packages share them; other modules must not use them, and they may change without notice.
 */
package io.jenkins.plugins.maia.client.internal;
