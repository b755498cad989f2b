/**
 * The command-line tools of {@code bridge-testkit-cli.jar} (see {@code tools.md}): {@link io.github.sessionbridge.testkit.cli.Main}
 * dispatches to one command class per command ({@code demo}, {@code fake-server}, {@code play},
 * {@code kick}, {@code record}, {@code replay}, {@code sample}).
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.testkit.cli.OutputFormatter} and its three implementations write a
 *       stream of records and its final notice as {@code terminal}, {@code jsonl} or {@code asciicast}
 *       ({@link io.github.sessionbridge.testkit.cli.OutputFormat}); {@link io.github.sessionbridge.testkit.cli.FormatterSink}
 *       feeds one from a bridge.</li>
 *   <li>{@link io.github.sessionbridge.testkit.cli.SampleSession} generates the bundled sample recording
 *       (a realistic SSH session) deterministically, from code, so nothing binary is committed.</li>
 *   <li>{@link io.github.sessionbridge.testkit.cli.ReplayClock} is the pacing clock, injectable through
 *       {@link io.github.sessionbridge.testkit.cli.CliContext} so tests never sleep.</li>
 * </ul>
 */
package io.github.sessionbridge.testkit.cli;
