/**
 * Internal: the scripted agents behind the sandbox's tasks. The classes are public only so that the HTTP layer
 * in {@code io.jenkins.plugins.maia.sandbox} can use them; they are not a supported API.
 */
package io.jenkins.plugins.maia.sandbox.agent;
