/**
 * The Maia AI Agent Tasks API client: {@link io.jenkins.plugins.maia.client.MaiaClient} and its errors.
 * Jenkins-free; models are in {@code .model}, authentication in {@code .auth}. The {@code .internal} package
 * holds implementation details (HTTP exchange, retries, JSON, input rules) and is not part of the API.
 */
package io.jenkins.plugins.maia.client;
