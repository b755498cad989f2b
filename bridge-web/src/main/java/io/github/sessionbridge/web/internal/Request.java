package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.PlaybackOptions;
import java.util.Map;
import java.util.regex.Pattern;

/** One request's fields, with typed getters that name what was wrong. */
final class Request {
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private final Map<String, Object> fields;
    final String op;
    final Object id;   // Long or String, echoed

    private Request(Map<String, Object> fields, String op, Object id) {
        this.fields = fields;
        this.op = op;
        this.id = id;
    }

    static Request parse(String text) {
        Map<String, Object> fields = Json.parse(text);
        Object id = fields.get("id");
        if (id != null && !(id instanceof Long) && !(id instanceof String s && s.length() <= 64)) {
            throw new RequestException("MALFORMED", "field \"id\" must be an integer or a string of at most 64 characters");
        }
        Object op = fields.get("op");
        if (!(op instanceof String s)) {
            throw new RequestException("MALFORMED", op == null ? "a request needs an \"op\"" : "field \"op\" must be a string");
        }
        return new Request(fields, s, id);
    }

    /** The view number, 1 to 2^31-1. */
    int view() {
        Object v = fields.get("view");
        if (!(v instanceof Long l) || l < 1 || l > Integer.MAX_VALUE) {
            throw bad("field \"view\" must be an integer from 1 to 2147483647" + got(v));
        }
        return (int) (long) l;
    }

    /** Whether field {@code name} is given (and not null). */
    boolean has(String name) {
        return fields.get(name) != null;
    }

    String string(String name, int maxLength) {
        Object v = fields.get(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw bad("field \"" + name + "\" must be a non-empty string" + got(v));
        }
        if (s.length() > maxLength) {
            throw bad("field \"" + name + "\" is longer than " + maxLength + " characters");
        }
        return s;
    }

    /** An optional string, or null. */
    String optionalString(String name, int maxLength) {
        return fields.get(name) == null ? null : string(name, maxLength);
    }

    long integer(String name) {
        Object v = fields.get(name);
        if (!(v instanceof Long l)) {
            throw bad("field \"" + name + "\" must be an integer" + got(v));
        }
        return l;
    }

    /** A number, or {@code fallback} if absent. */
    double number(String name, double fallback) {
        Object v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw bad("field \"" + name + "\" must be a number" + got(v));
        }
        return n.doubleValue();
    }

    boolean flag(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw bad("field \"" + name + "\" must be true or false" + got(v));
        }
        return b;
    }

    private static String got(Object v) {
        if (v == null) {
            return "";
        }
        String s = String.valueOf(v);
        return " (got " + (v instanceof String ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"" : s) + ")";
    }

    /** Field {@code ops}: one of {@code configured}. */
    String ops(java.util.Set<String> configured) {
        String ops = string("ops", 64);
        if (!configured.contains(ops)) {
            throw bad("unknown operations type \"" + ops + "\": this server has " + new java.util.TreeSet<>(configured));
        }
        return ops;
    }

    /** Field {@code session}: a valid session id. */
    String session() {
        String session = string("session", 128);
        if (!SESSION_ID.matcher(session).matches()) {
            throw bad("field \"session\" must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        return session;
    }

    /** A speed field, {@code fallback} if absent. */
    double speed(String name, double fallback) {
        double s = number(name, fallback);
        if (!(s >= PlaybackOptions.MIN_SPEED && s <= PlaybackOptions.MAX_SPEED)) {
            throw bad("field \"" + name + "\" must be a speed from " + PlaybackOptions.MIN_SPEED + " to "
                    + PlaybackOptions.MAX_SPEED);
        }
        return s;
    }

    static RequestException bad(String message) {
        return new RequestException("BAD_ARGUMENT", message);
    }
}
