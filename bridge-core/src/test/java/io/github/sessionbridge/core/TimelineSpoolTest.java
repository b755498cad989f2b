package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link TimelineSpool}'s bounds: each one checked, naming what was wrong. */
class TimelineSpoolTest {
    private static final Path DIR = Path.of("spool");

    @Test
    void the_defaults_and_the_extremes_of_every_bound_are_accepted() {
        TimelineSpool d = TimelineSpool.DEFAULT;
        assertThat(d.memoryBytes()).isEqualTo(1 << 20);
        assertThat(d.timelineBytes()).isEqualTo(256L << 20);
        assertThat(d.totalBytes()).isEqualTo(4L << 30);
        assertThat(new TimelineSpool(DIR, 64 * 1024, 256 * 1024, 256 * 1024).memoryBytes()).isEqualTo(65536);
        assertThat(new TimelineSpool(DIR, TimelineSpool.MAX_MEMORY_BYTES, 1L << 30, 1L << 30).memoryBytes())
                .isEqualTo(256L << 20);
    }

    @Test
    void a_bound_outside_its_range_is_refused_naming_it() {
        assertThatThrownBy(() -> new TimelineSpool(null, 1 << 20, 4 << 20, 4 << 20))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("directory");
        assertThatThrownBy(() -> new TimelineSpool(DIR, 65535, 1 << 20, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoryBytes must be within 65536..268435456 (64 KiB to 256 MiB), was 65535");
        // what waits for the disk is held in the heap: a bound past 256 MiB per timeline is refused
        assertThatThrownBy(() -> new TimelineSpool(DIR, TimelineSpool.MAX_MEMORY_BYTES + 1, 2L << 30, 2L << 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 268435457");
        assertThatThrownBy(() -> new TimelineSpool(DIR, 1 << 20, (4 << 20) - 1, 8 << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timelineBytes must be at least 4 * memoryBytes (4194304), was 4194303");
        assertThatThrownBy(() -> new TimelineSpool(DIR, 1 << 20, 4 << 20, (4 << 20) - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("totalBytes must be at least timelineBytes (4194304), was 4194303");
    }
}
