package io.github.sessionbridge.core.integrity;

import java.util.Objects;

/**
 * What verifying a recording against its manifest found. Units are numbered from 1 (the first record
 * after the magic) and byte offsets from 0 (the first byte of the magic), as in the recording file.
 *
 * <pre>{@code
 * Verification v = recording.verify(ManifestKeys.load(List.of(Path.of("manifest.pub"))));
 * if (!v.intact()) log.warn("{}: {}", recording.name(), v.message());
 * }</pre>
 */
public sealed interface Verification {

    /**
     * Whether the recording is intact: every byte is covered by the manifest, whose final line is signed by a
     * trusted key.
     *
     * @return {@code true} only for {@link Intact}
     */
    default boolean intact() {
        return this instanceof Intact;
    }

    /**
     * One line saying what was found and where, for a log or a terminal.
     *
     * @return the message, without a line break
     */
    String message();

    /**
     * The recording matches its manifest to the last byte, and the final line is signed by a trusted key.
     *
     * @param units   the units covered
     * @param bytes   the recording's size, magic included
     * @param keyId   the id of the key that signed it
     * @param pinned  {@code false} when the key was trusted only because the manifest carries it
     *                ({@link ManifestKeys#embedded()})
     */
    record Intact(long units, long bytes, String keyId, boolean pinned) implements Verification {
        /**
         * Checks the arguments.
         *
         * @param units  the units covered
         * @param bytes  the size
         * @param keyId  the signing key's id; not {@code null}
         * @param pinned whether the key was one of the trusted keys given
         */
        public Intact {
            Objects.requireNonNull(keyId, "keyId");
        }

        @Override
        public String message() {
            return "intact: " + units + " units, " + bytes + " bytes, signed by key " + keyId
                    + (pinned ? "" : " (the manifest's own key: not checked against a trusted key)");
        }
    }

    /**
     * The recording, or its manifest, was altered: bytes differ from what the manifest's chain covers, bytes
     * follow the last signed one, or the manifest itself is malformed or contradicts itself.
     *
     * @param fromUnit the first unit of the range that does not match (for bytes appended: the unit after the
     *                 last signed one)
     * @param toUnit   the last unit of that range (equal to {@code fromUnit} for one unit or for bytes appended)
     * @param offset   the byte offset where that range starts in the recording
     * @param detail   what does not match, one line
     */
    record Tampered(long fromUnit, long toUnit, long offset, String detail) implements Verification {
        /**
         * Checks the arguments.
         *
         * @param fromUnit the first unit not matching
         * @param toUnit   the last unit of the range
         * @param offset   where the range starts
         * @param detail   what does not match; not {@code null}
         */
        public Tampered {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "tampered: " + detail;
        }
    }

    /**
     * The recording ends before what its manifest covers, or the manifest stops at a checkpoint (the recording
     * never ended cleanly: a crash, or the manifest was cut). The first {@code verifiedUnits} units are intact:
     * they match a checkpoint signed by a trusted key.
     *
     * @param verifiedUnits how many units, from the first, match a signed checkpoint (0 if none does)
     * @param verifiedBytes the bytes those units end at, magic included (0 if none)
     * @param detail        what ends where, one line
     */
    record Truncated(long verifiedUnits, long verifiedBytes, String detail) implements Verification {
        /**
         * Checks the arguments.
         *
         * @param verifiedUnits the units verified
         * @param verifiedBytes where they end
         * @param detail        what ends where; not {@code null}
         */
        public Truncated {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "truncated after unit " + verifiedUnits + " (byte " + verifiedBytes + "): " + detail;
        }
    }

    /**
     * There is no manifest, or it holds no signed line.
     *
     * @param detail which, one line
     */
    record Unsigned(String detail) implements Verification {
        /**
         * Checks the argument.
         *
         * @param detail which; not {@code null}
         */
        public Unsigned {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "unsigned: " + detail;
        }
    }

    /**
     * The manifest is signed by a key that is not trusted, or its signature does not verify with the key it
     * names.
     *
     * @param keyId  the key id the manifest names
     * @param detail which, one line
     */
    record WrongKey(String keyId, String detail) implements Verification {
        /**
         * Checks the arguments.
         *
         * @param keyId  the key id named; not {@code null}
         * @param detail which; not {@code null}
         */
        public WrongKey {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "wrong key: " + detail;
        }
    }
}
