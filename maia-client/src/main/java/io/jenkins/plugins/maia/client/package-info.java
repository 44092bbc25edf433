/**
 * The Maia AI Agent Tasks API client: {@link io.jenkins.plugins.maia.client.MaiaClient} and its errors.
 * Jenkins-free; models are in {@code .model}, authentication in {@code .auth}.
 */
package io.jenkins.plugins.maia.client;
