/**
 * A command-line application, not an API (the module is never published); it may change in any release.
 *
 * The command-line tools of {@code bridge-cli.jar} (see {@code tools.md}): {@link Main}
 * dispatches to one command class per command ({@code demo}, {@code fake-server}, {@code play},
 * {@code kick}, {@code record}, {@code replay}, {@code find}, {@code sample}).
 *
 * <ul>
 *   <li>{@link OutputFormatter} and its four implementations write a
 *       stream of records and its final notice as {@code terminal}, {@code jsonl}, {@code asciicast} or {@code text}
 *       ({@link OutputFormat}); {@link FormatterSink}
 *       feeds one from a bridge.</li>
 *   <li>The bundled sample recording comes from the testkit's
 *       {@link io.github.sessionbridge.testkit.internal.SampleSession}.</li>
 *   <li>{@link ReplayClock} is the pacing clock, injectable through
 *       {@link CliContext} so tests never sleep.</li>
 * </ul>
 */
package io.github.sessionbridge.cli;
