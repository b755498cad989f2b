/**
 * The browser protocol's implementation: connections, views, the output queue and JSON. Not API: it may
 * change in any release.
 */
package io.github.sessionbridge.web.internal;
