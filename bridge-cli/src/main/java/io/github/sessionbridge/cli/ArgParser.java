package io.github.sessionbridge.cli;

import io.github.sessionbridge.protocol.InvalidSessionIdException;
import io.github.sessionbridge.protocol.RequestLine;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict parsing of one command's arguments: {@code --name value}, {@code --name=value}, flags,
 * repeatable options, positional arguments, and {@code --} to end the options. Anything it does not
 * know is a {@link UsageException}: an unknown option, a missing value, a value on a flag, an option
 * given twice, a value that starts with {@code --}. {@code -h} or {@code --help} anywhere before
 * {@code --} asks for the command's help instead.
 */
final class ArgParser {

    private enum Arity { FLAG, ONE, MANY }

    private record Spec(String name, Arity arity, String valueName, String help) {
    }

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{0,9})?|\\.[0-9]{1,9}");

    private final Map<String, Spec> specs = new LinkedHashMap<>();

    /** Declares a flag: an option without a value. */
    ArgParser flag(String name, String help) {
        return add(new Spec(name, Arity.FLAG, null, help));
    }

    /** Declares an option with one value, given at most once. */
    ArgParser option(String name, String valueName, String help) {
        return add(new Spec(name, Arity.ONE, valueName, help));
    }

    /** Declares an option with one value, given any number of times. */
    ArgParser repeatable(String name, String valueName, String help) {
        return add(new Spec(name, Arity.MANY, valueName, help));
    }

    private ArgParser add(Spec spec) {
        if (!spec.name.startsWith("--") || specs.putIfAbsent(spec.name, spec) != null) {
            throw new IllegalArgumentException("bad or duplicate option " + spec.name);
        }
        return this;
    }

    /** The options part of a help text: one line per option, help included. */
    String optionsHelp() {
        List<String[]> rows = new ArrayList<>();
        for (Spec s : specs.values()) {
            rows.add(new String[] {s.name + (s.valueName == null ? "" : " " + s.valueName), s.help});
        }
        rows.add(new String[] {"-h, --help", "show this help and exit"});
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        StringBuilder sb = new StringBuilder("options:\n");
        for (String[] r : rows) {
            sb.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        return sb.toString();
    }

    /** Parses {@code args}. */
    Parsed parse(List<String> args) throws UsageException {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--help") || a.equals("-h")) {
                return new Parsed(true, Map.of(), List.of());
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                positionals.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            Spec spec = specs.get(name);
            if (spec == null) {
                throw new UsageException("unknown option " + quote(name));
            }
            String value;
            if (spec.arity == Arity.FLAG) {
                if (eq > 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value (" + name + " " + spec.valueName + ")");
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && spec.arity != Arity.MANY) {
                throw new UsageException("option " + name + " given more than once");
            }
            list.add(value);
        }
        return new Parsed(false, values, positionals);
    }

    /** An argument as it appears in a message: quoted, one line. */
    static String quote(String arg) {
        return "'" + Main.oneLine(arg) + "'";
    }

    /** A session id, checked against protocol §1 before any connection is made. */
    static String sessionId(String option, String value) throws UsageException {
        try {
            return RequestLine.validateSessionId(value);
        } catch (InvalidSessionIdException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** A file that exists, is not a directory and can be read. */
    static Path readableFile(String what, String value) throws UsageException {
        Path path = path(what, value);
        if (!Files.exists(path)) {
            throw new UsageException(what + ": no such file: " + quote(value));
        }
        if (Files.isDirectory(path)) {
            throw new UsageException(what + ": " + quote(value) + " is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(what + ": cannot read " + quote(value) + " (permission denied)");
        }
        return path;
    }

    /** A file that can be created or replaced: its directory exists, and it is not itself a directory. */
    static Path writableFile(String what, String value) throws UsageException {
        Path path = path(what, value);
        if (Files.isDirectory(path)) {
            throw new UsageException(what + ": " + quote(value) + " is a directory, not a file");
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(what + ": cannot create " + quote(value) + ": no such directory");
        }
        if (Files.exists(path) ? !Files.isWritable(path) : !Files.isWritable(dir)) {
            throw new UsageException(what + ": cannot write " + quote(value) + " (permission denied)");
        }
        return path;
    }

    private static Path path(String what, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(what + ": the file name is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(what + ": invalid file name " + quote(value));
        }
    }

    /** An integer within {@code [min, max]}. */
    static int intValue(String option, String value, int min, int max) throws UsageException {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(option + " must be a whole number within " + min + ".." + max + ", not " + quote(value));
    }

    /** A decimal number above zero, such as {@code 2}, {@code 0.5} or {@code .25}. */
    static double positiveNumber(String option, String value) throws UsageException {
        if (DECIMAL.matcher(value).matches()) {
            double v = Double.parseDouble(value);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        }
        throw new UsageException(option + " must be a number above 0, not " + quote(value));
    }

    /** A decimal number, zero or more, such as {@code 0}, {@code 2} or {@code 1.5}. */
    static double nonNegativeNumber(String option, String value) throws UsageException {
        if (DECIMAL.matcher(value).matches()) {
            return Double.parseDouble(value);
        }
        throw new UsageException(option + " must be a number, 0 or more, not " + quote(value));
    }

    /** A host name or address: not empty, no spaces or control characters. */
    static String host(String option, String value) throws UsageException {
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
            throw new UsageException(option + " must be a host name or address, not " + quote(value));
        }
        return value;
    }

    /** The result of parsing one command's arguments. */
    static final class Parsed {

        private final boolean help;
        private final Map<String, List<String>> values;
        private final List<String> positionals;

        Parsed(boolean help, Map<String, List<String>> values, List<String> positionals) {
            this.help = help;
            this.values = values;
            this.positionals = List.copyOf(positionals);
        }

        /** Whether {@code -h} or {@code --help} was given. */
        boolean helpRequested() {
            return help;
        }

        /** Whether the option or flag was given. */
        boolean has(String name) {
            return values.containsKey(name);
        }

        /** The value of a single-valued option, or {@code null} when it was not given. */
        String value(String name) {
            List<String> list = values.get(name);
            return list == null ? null : list.get(0);
        }

        /** The value of a single-valued option that must be given. */
        String required(String name) throws UsageException {
            String v = value(name);
            if (v == null) {
                throw new UsageException("missing required option " + name);
            }
            return v;
        }

        /** Every value of a repeatable option, in order. */
        List<String> values(String name) {
            return Collections.unmodifiableList(values.getOrDefault(name, List.of()));
        }

        /** The positional arguments. */
        List<String> positionals() {
            return positionals;
        }

        /** Checks that there are exactly {@code names.length} positional arguments, naming the first missing one. */
        void expectPositionals(String... names) throws UsageException {
            if (positionals.size() > names.length) {
                throw new UsageException("unexpected argument " + quote(positionals.get(names.length)));
            }
            if (positionals.size() < names.length) {
                throw new UsageException("missing argument " + names[positionals.size()]);
            }
        }
    }
}
