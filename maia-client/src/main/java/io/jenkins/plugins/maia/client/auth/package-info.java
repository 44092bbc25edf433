/**
 * Where the bearer token comes from: {@link io.jenkins.plugins.maia.client.auth.StaticToken} or OAuth2 client
 * credentials ({@link io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource}). No token or secret
 * ever appears in a {@code toString()}, a log line or an exception message.
 */
package io.jenkins.plugins.maia.client.auth;
