/**
 * The audit trail's delivery queue and thread, and the audited player. Not an API: the module does not
 * export it, and it may change in any release.
 */
package io.github.sessionbridge.core.audit.internal;
