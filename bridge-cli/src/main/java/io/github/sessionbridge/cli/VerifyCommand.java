package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify FILE [--key PUBLIC_KEY_FILE]...}: checks a recording against its integrity manifest
 * ({@code FILE.manifest}). Exit status: 0 intact (one line on stdout), 1 tampered, truncated, unsigned or
 * signed by another key (one line on stderr saying what and where), 64 usage.
 */
final class VerifyCommand extends Command<VerifyCommand.Options> {

    /**
     * The parsed options.
     *
     * @param file the recording file
     * @param keys the trusted public keys
     */
    record Options(Path file, ManifestKeys keys) {
    }

    @Override
    String name() {
        return "verify";
    }

    @Override
    String summary() {
        return "check a recording against its signed integrity manifest";
    }

    @Override
    String synopsis() {
        return "verify FILE [--key PUBLIC_KEY_FILE]...";
    }

    @Override
    String description() {
        return """
                Checks that FILE is exactly what its manifest FILE.manifest covers (a SHA-256 chain, one
                link per chunk of units) and that the manifest is signed (Ed25519) by a trusted key: each
                --key file (PEM or DER public key; repeat it to trust old and new keys). Without --key, the
                manifest's own key is used, which catches corruption but not a forged manifest.
                Exit status: 0 intact (stdout says so), 1 tampered, truncated, unsigned or wrong key (one
                line on stderr saying what and where), 64 usage error.""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser().repeatable("--key", "PUBLIC_KEY_FILE", "a trusted Ed25519 public key (PEM or DER); repeatable");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals("FILE");
        Path file = ArgParser.readableFile("FILE", p.positionals().get(0));
        List<Path> keyFiles = new ArrayList<>();
        for (String k : p.values("--key")) {
            keyFiles.add(ArgParser.readableFile("--key", k));
        }
        ManifestKeys keys;
        try {
            keys = keyFiles.isEmpty() ? ManifestKeys.embedded() : ManifestKeys.load(keyFiles);
        } catch (IOException e) {
            throw new UsageException("--key: " + Main.oneLine(String.valueOf(e.getMessage())));
        }
        return new Options(file, keys);
    }

    @Override
    int execute(Options o, CliContext ctx) throws UsageException, IOException {
        Recording rec;
        try {
            rec = Recording.open(o.file());
        } catch (ProtocolException e) {
            if (Files.exists(o.file().resolveSibling(o.file().getFileName() + ".manifest"))) {
                ctx.err().println(o.file() + ": tampered: it does not start with SESSREC1 (byte 0), but has a manifest");
                return ExitStatus.FAILED;
            }
            throw new UsageException(ArgParser.quote(o.file().toString()) + " is not a recording file (it does not start with SESSREC1)");
        }
        Verification v = rec.verify(o.keys());
        if (v.intact()) {
            ctx.out().println(o.file() + ": " + v.message());
            return ExitStatus.OK;
        }
        ctx.err().println(o.file() + ": " + v.message());
        return ExitStatus.FAILED;
    }
}
