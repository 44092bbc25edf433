/**
 * A Jenkins-free client for Quant's AI Task Management API: {@link io.jenkins.plugins.maia.quant.client.QuantClient}
 * and its errors. Retries follow maia-client's {@link io.jenkins.plugins.maia.client.RetryPolicy}, every attempt draws
 * on a {@link io.jenkins.plugins.maia.client.RequestBudget}, and bad input is refused before any call with maia-client's
 * {@link io.jenkins.plugins.maia.client.InvalidRequestException}.
 */
package io.jenkins.plugins.maia.quant.client;
