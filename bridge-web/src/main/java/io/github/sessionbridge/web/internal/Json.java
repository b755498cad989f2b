package io.github.sessionbridge.web.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests in, messages out: flat JSON objects through Jackson's streaming API. */
final class Json {
    /** Fields a request may have. */
    static final int MAX_FIELDS = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxNumberLength(32).build())
            .build();

    private Json() {
    }

    /**
     * The fields of one request: a JSON object whose values are strings, numbers ({@code Long} or
     * {@code Double}), booleans or null.
     *
     * @throws RequestException {@code MALFORMED} for anything else
     */
    static Map<String, Object> parse(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("a request is one JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                Object value = switch (v) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                            throw malformed("field \"" + name + "\": the number is too large");
                        }
                        yield p.getLongValue();
                    }
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    default -> throw malformed("field \"" + name + "\": a request's values are strings, numbers, "
                            + "booleans or null, not objects or arrays");
                };
                if (fields.containsKey(name)) {
                    throw malformed("field \"" + name + "\" is given twice");
                }
                if (fields.size() == MAX_FIELDS) {
                    throw malformed("a request has at most " + MAX_FIELDS + " fields");
                }
                fields.put(name, value);
            }
            if (p.nextToken() != null) {
                throw malformed("a request is one JSON object, with nothing after it");
            }
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // reading a String does not fail
        }
        return fields;
    }

    private static RequestException malformed(String message) {
        return new RequestException("MALFORMED", message);
    }

    /** A message being built: {@code type} first, then fields in order. */
    static Msg msg(String type) {
        return new Msg().put("type", type);
    }

    /** An object of fields, written in order. */
    static final class Msg {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Msg put(String name, Object value) {
            fields.put(name, value);
            return this;
        }

        /** The message as JSON text. */
        String json() {
            StringWriter out = new StringWriter(64);
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                write(g, fields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // writing a String does not fail
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return json();
        }

        private static void write(JsonGenerator g, Object value) throws IOException {
            if (value == null) {
                g.writeNull();
            } else if (value instanceof String s) {
                g.writeString(s);
            } else if (value instanceof Integer || value instanceof Long) {
                g.writeNumber(((Number) value).longValue());
            } else if (value instanceof Number n) {
                g.writeNumber(n.doubleValue());
            } else if (value instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (value instanceof Map<?, ?> m) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            } else if (value instanceof Msg m) {
                write(g, m.fields);
            } else if (value instanceof List<?> l) {
                g.writeStartArray();
                for (Object o : l) {
                    write(g, o);
                }
                g.writeEndArray();
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass());
            }
        }
    }
}
