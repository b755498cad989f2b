/**
 * Tamper-evident recordings: every recording can carry a sidecar <em>manifest</em>, a SHA-256 hash chain
 * over its bytes with one link per chunk of units, whose checkpoints and end are signed with Ed25519.
 *
 * <p>The host gives a {@link io.github.sessionbridge.core.integrity.ManifestSigner} (its key pair) to the
 * recorder, and a verifier gives the public keys it trusts ({@link io.github.sessionbridge.core.integrity.ManifestKeys})
 * to {@code Recording.verify}, which streams the recording once and answers with a
 * {@link io.github.sessionbridge.core.integrity.Verification}: intact, tampered (where), truncated (after
 * which unit), unsigned, or signed by a key not trusted.
 *
 * <h2>The manifest</h2>
 * A manifest is a UTF-8 text file of lines, written beside the recording ({@code <recording>.manifest}); the
 * recording itself stays exactly protocol §5. Its lines:
 * <pre>
 * session-bridge-manifest 1
 * key KEYID SPKI
 * chunk INDEX UNITS-BEFORE UNITS OFFSET LENGTH CHAIN
 * checkpoint UNITS BYTES CHAIN SIGNATURE
 * final UNITS BYTES CHAIN SIGNATURE
 * </pre>
 * {@code KEYID} is the first 16 bytes, in hex, of the SHA-256 of the signing key's X.509 encoding
 * ({@code SPKI}, base64). Chunk {@code i} (from 1) covers {@code LENGTH} bytes of the recording from byte
 * {@code OFFSET}: chunk 1 starts at byte 0 (the magic), each next one where the previous ended, always at a
 * unit boundary; a chunk ends after 1,024 units or 1 MiB, or at a checkpoint. Its {@code CHAIN} (hex) is
 * {@code SHA-256(previous CHAIN || the chunk's bytes || INDEX || UNITS-BEFORE || UNITS || OFFSET || LENGTH)},
 * the numbers as 8-byte big-endian, the chain before chunk 1 being {@code SHA-256("session-bridge-manifest 1")}.
 * A {@code checkpoint} (every 10 s of recording by default, after the chunk it closes) and the {@code final}
 * line (when the recording ends) sign, with Ed25519, the ASCII text
 * {@code "session-bridge-manifest 1\n" KIND " " UNITS " " BYTES " " CHAIN " " KEYID "\n"} ({@code KIND} being
 * {@code checkpoint} or {@code final}); {@code SIGNATURE} is base64. So a recording cut short by a crash
 * still verifies up to its last checkpoint.
 */
package io.github.sessionbridge.core.integrity;
