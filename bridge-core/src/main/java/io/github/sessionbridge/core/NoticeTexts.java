package io.github.sessionbridge.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The notice texts by end reason, shared by {@link BridgeConfig} and {@link PlaybackOptions}: a builder's
 * {@link #put} checks, {@link #copy} freezes, {@link #text} answers with {@link BridgeConfig#DEFAULT_NOTICE_TEXT}
 * where none was set.
 */
final class NoticeTexts {
    private final Map<EndReason, String> texts;

    NoticeTexts() {
        this(new EnumMap<>(EndReason.class));
    }

    private NoticeTexts(Map<EndReason, String> texts) {
        this.texts = texts;
    }

    void put(EndReason reason, String text) {
        if (!Objects.requireNonNull(reason, "reason").notifiesClient()) {
            throw new IllegalArgumentException(reason + " sends no notice");
        }
        texts.put(reason, Objects.requireNonNull(text, "text"));
    }

    String text(EndReason reason) {
        return texts.getOrDefault(Objects.requireNonNull(reason, "reason"), BridgeConfig.DEFAULT_NOTICE_TEXT);
    }

    /** A copy no later {@link #put} on this one changes. */
    NoticeTexts copy() {
        return new NoticeTexts(new EnumMap<>(texts));
    }
}
