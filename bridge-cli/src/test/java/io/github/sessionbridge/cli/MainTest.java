package io.github.sessionbridge.cli;

import io.github.sessionbridge.testkit.internal.SampleSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private static final List<String> COMMANDS = List.of("demo", "fake-server", "play", "kick", "record", "replay", "sample");

    @TempDir
    Path dir;

    /** Asserts exit 64 with exactly one stderr line, containing {@code expected}, and nothing on stdout. */
    private static void assertUsageError(CliRun.Result r, String expected) {
        assertThat(r.status()).as("exit status; stderr: %s", r.stderr()).isEqualTo(64);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("bridge-cli").contains(expected);
        assertThat(r.stdoutBytes()).isEmpty();
    }

    @Test
    void noCommand() {
        assertUsageError(CliRun.run(), "missing command");
    }

    @Test
    void unknownCommand() {
        assertUsageError(CliRun.run("frobnicate"), "unknown command 'frobnicate'");
        assertUsageError(CliRun.run("--frob"), "unknown option '--frob'");
    }

    @Test
    void topLevelHelpListsEveryCommandAndTheExitStatuses() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            CliRun.Result r = CliRun.run(args);
            assertThat(r.status()).isZero();
            assertThat(r.stderr()).isEmpty();
            assertThat(r.stdout()).contains(COMMANDS).contains("64");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "fake-server", "play", "kick", "record", "replay", "sample"})
    void everyCommandHasHelp(String command) {
        CliRun.Result r = CliRun.run(command, "--help");
        assertThat(r.status()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).startsWith("usage: bridge-cli " + command).contains("--help");
        assertThat(CliRun.run("help", command).stdout()).isEqualTo(r.stdout());
        assertThat(CliRun.run(command, "-h").stdout()).isEqualTo(r.stdout());
    }

    @Test
    void helpWinsOverOtherErrors() {
        assertThat(CliRun.run("play", "--bogus", "--help").status()).isZero();
    }

    @Test
    void unknownOption() {
        assertUsageError(CliRun.run("replay", "x.rec", "--bogus"), "unknown option '--bogus'");
        assertUsageError(CliRun.run("play", "-x"), "unknown option '-x'");
        assertUsageError(CliRun.run("kick", "--format=jsonl", "--host", "h", "--port", "1", "--sid", "s"), "unknown option '--format'");
    }

    @Test
    void missingValue() {
        assertUsageError(CliRun.run("play", "--host"), "option --host needs a value");
        assertUsageError(CliRun.run("play", "--host", "--port", "1"), "option --host needs a value");
        assertUsageError(CliRun.run("demo", "--speed"), "option --speed needs a value");
    }

    @Test
    void flagWithValueRepeatedOptionAndStrayArgument() {
        assertUsageError(CliRun.run("kick", "--udp=yes"), "option --udp takes no value");
        assertUsageError(CliRun.run("demo", "--speed", "2", "--speed=3"), "option --speed given more than once");
        assertUsageError(CliRun.run("demo", "extra"), "unexpected argument 'extra'");
    }

    @Test
    void missingRequiredOption() {
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "1"), "missing required option --sid");
        assertUsageError(CliRun.run("kick", "--sid", "s-1", "--port", "1"), "missing required option --host");
        assertUsageError(CliRun.run("fake-server"), "missing required option --port");
        assertUsageError(CliRun.run("replay"), "missing argument FILE");
    }

    @Test
    void invalidSessionIdIsAUsageError() {
        assertUsageError(CliRun.run("play", "--host", "127.0.0.1", "--port", "9", "--sid", "s-42&[flag]=1"),
                "invalid session id: character '&' at position 4");
        assertUsageError(CliRun.run("kick", "--host", "127.0.0.1", "--port", "9", "--sid", ""), "invalid session id");
        assertUsageError(CliRun.run("record", "--host", "h", "--port", "9", "--sid", "x".repeat(129), "--out", "o.rec"),
                "129 characters long");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", "会话=x.rec"), "invalid session id");
    }

    @Test
    void badNumbersAndChoices() {
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "0", "--sid", "s"), "--port must be a whole number within 1..65535");
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "70000", "--sid", "s"), "--port");
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "1", "--sid", "s", "--format", "html"), "unknown format 'html'");
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "1", "--sid", "s", "--connect-timeout", "-5"), "--connect-timeout");
        assertUsageError(CliRun.run("play", "--host", "h", "--port", "1", "--sid", "s", "--width", "100"),
                "--width applies to --format asciicast only");
        assertUsageError(CliRun.run("demo", "--speed", "0"), "--speed must be a number above 0");
        assertUsageError(CliRun.run("demo", "--speed", "fast"), "--speed must be a number above 0");
        assertUsageError(CliRun.run("demo", "--speed", "NaN"), "--speed");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--split", "random:x"), "--split");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--split", "0"), "--split");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--ops", "SSH"), "--ops must be NAME=PORT");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--ops", "SSH=1", "--ops", "SSH=2"), "given more than once");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--udp-port", "x"), "--udp-port");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--realtime", "--live"), "give --realtime or --live, not both");
    }

    @Test
    void badServeOptions() throws IOException {
        Path rec = dir.resolve("s.rec");
        Files.write(rec, SampleSession.bytes());
        String r = "s-1=" + rec;
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s-1"), "--serve must be SID=fast|paced|live");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s-1=slow"),
                "--serve s-1: the way must be fast, paced or live, not 'slow'");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s-1=LIVE"), "--serve s-1");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s-2=live"),
                "--serve s-2: no --recording s-2=FILE to serve");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s&1=live"), "invalid session id");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", r, "--serve", "s-1=live", "--serve", "s-1=fast"),
                "--serve for session 's-1' given more than once");
    }

    @Test
    void unreadableOrWrongFiles() throws IOException {
        assertUsageError(CliRun.run("replay", dir.resolve("missing.rec").toString()), "no such file");
        assertUsageError(CliRun.run("replay", dir.toString()), "is a directory");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, world\n");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", "s-1=" + text), "is not a recording file");
        assertUsageError(CliRun.run("fake-server", "--port", "0", "--recording", "s-1=" + dir.resolve("nope.rec")), "no such file");
        assertUsageError(CliRun.run("record", "--host", "h", "--port", "1", "--sid", "s", "--out", dir.resolve("no/dir/x.rec").toString()),
                "no such directory");
        assertUsageError(CliRun.run("sample", "--out", dir.toString()), "is a directory");
    }

    @Test
    void errorMessagesAreOneLineEvenForFileNamesWithLineBreaks() {
        CliRun.Result r = CliRun.run("replay", dir.resolve("a\nb.rec").toString());
        assertUsageError(r, "no such file");
    }

    private static <O> O options(Command<O> command, String... args) throws UsageException {
        return command.options(command.parser().parse(List.of(args)));
    }

    @Test
    void validOptionsAreParsedForTheCommandBodies() throws Exception {
        Path rec = dir.resolve("s.rec");
        Files.write(rec, SampleSession.bytes());
        FakeServerCommand.Options fake = options(new FakeServerCommand(), "--port", "0", "--ops", "SSH=0", "--ops=RDP=9002",
                "--udp-port", "0", "--recording", "s-1=" + rec, "--recording", "s-2=" + rec, "--split", "random:-42", "--realtime");
        assertThat(fake.host()).isEqualTo("127.0.0.1");
        assertThat(fake.port()).isZero();
        assertThat(fake.opsPorts()).containsExactly(java.util.Map.entry("SSH", 0), java.util.Map.entry("RDP", 9002));
        assertThat(fake.udpPort()).isZero();
        assertThat(fake.recordings()).containsOnlyKeys("s-1", "s-2");
        assertThat(fake.split()).isEqualTo(new FakeServerCommand.Split(FakeServerCommand.Split.Mode.RANDOM, 0, -42));
        assertThat(fake.recordings().values()).extracting(FakeServerCommand.Served::serving)
                .containsOnly(FakeServerCommand.Serving.PACED);
        FakeServerCommand.Options plain = options(new FakeServerCommand(), "--port=9001", "--host", "0.0.0.0", "--split", "7");
        assertThat(plain.udpPort()).isEqualTo(-1);
        assertThat(plain.split()).isEqualTo(new FakeServerCommand.Split(FakeServerCommand.Split.Mode.FIXED, 7, 0));
        assertThat(plain.recordings()).isEmpty();
        FakeServerCommand.Options modes = options(new FakeServerCommand(), "--port", "0", "--live", "--recording", "a=" + rec,
                "--serve", "b=fast", "--recording", "b=" + rec, "--recording", "c=" + rec, "--serve=c=paced");
        assertThat(modes.recordings()).containsExactly(
                java.util.Map.entry("a", new FakeServerCommand.Served(rec, FakeServerCommand.Serving.LIVE)),
                java.util.Map.entry("b", new FakeServerCommand.Served(rec, FakeServerCommand.Serving.FAST)),
                java.util.Map.entry("c", new FakeServerCommand.Served(rec, FakeServerCommand.Serving.PACED)));
        assertThat(options(new FakeServerCommand(), "--port", "0", "--recording", "a=" + rec).recordings().get("a").serving())
                .isEqualTo(FakeServerCommand.Serving.FAST);

        PlayCommand.Options play = options(new PlayCommand(), "--host", "10.0.0.5", "--port", "9001", "--sid", "s-42",
                "--udp", "--format", "asciicast", "--connect-timeout", "250", "--width", "132");
        assertThat(play).isEqualTo(new PlayCommand.Options(new Target("10.0.0.5", 9001, "s-42", true),
                OutputFormat.ASCIICAST, 250, 132, 24, null));
        assertThat(options(new PlayCommand(), "--host", "h", "--port", "1", "--sid", "a.b:c_d-e")).isEqualTo(
                new PlayCommand.Options(new Target("h", 1, "a.b:c_d-e", false), OutputFormat.TERMINAL, 5000, 80, 24, null));
        assertThat(options(new PlayCommand(), "--host", "h", "--port", "1", "--sid", "s", "--paced").paced())
                .isEqualTo(new PlayCommand.Paced(1.0, 0));
        assertThat(options(new PlayCommand(), "--host", "h", "--port", "1", "--sid", "s", "--paced", "--speed", "0.25",
                "--from", "1.5").paced()).isEqualTo(new PlayCommand.Paced(0.25, 1500));
        assertThat(options(new PlayCommand(), "--host", "h", "--port", "1", "--sid", "s", "--paced", "--speed=16",
                "--from=0").paced()).isEqualTo(new PlayCommand.Paced(16, 0));
        assertThat(options(new KickCommand(), "--sid", "s", "--host", "h", "--port", "65535").target())
                .isEqualTo(new Target("h", 65535, "s", false));
        RecordCommand.Options record = options(new RecordCommand(), "--host", "h", "--port", "1", "--sid", "s",
                "--out", dir.resolve("out.rec").toString());
        assertThat(record.out()).isEqualTo(dir.resolve("out.rec"));
        assertThat(options(new DemoCommand()).speed()).isEqualTo(1.0);
        assertThat(options(new DemoCommand(), "--speed", "2.5").speed()).isEqualTo(2.5);
        ReplayCommand.Options replay = options(new ReplayCommand(), "--idle-limit", ".5", "--", "-");
        assertThat(replay.path()).isNull();
        assertThat(replay.idleLimitMillis()).isEqualTo(500);
    }

    @Test
    void sampleWritesTheRecording() throws IOException {
        Path out = dir.resolve("sample.rec");
        CliRun.Result r = CliRun.run("sample", "--out", out.toString());
        assertThat(r.status()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(SampleSession.bytes());
        CliRun.Result toStdout = CliRun.run("sample", "--graphical", "--out", "-");
        assertThat(toStdout.status()).isZero();
        assertThat(toStdout.stdoutBytes()).isEqualTo(SampleSession.graphicalBytes());
    }
}
