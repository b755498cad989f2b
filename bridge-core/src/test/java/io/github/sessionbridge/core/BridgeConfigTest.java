package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The configuration refuses what cannot work, at once, with a message naming it. */
class BridgeConfigTest {

    @Test
    void a_blank_or_padded_host_is_refused_when_set_not_at_the_first_connect() {
        for (String host : new String[] {"", "   ", " 10.0.0.5", "c-host\n"}) {
            assertThatThrownBy(() -> BridgeConfig.builder().host(host)).as("[%s]", host)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name or IP address");
        }
        assertThatThrownBy(() -> BridgeConfig.builder().host(null)).isInstanceOf(NullPointerException.class);
        assertThat(BridgeConfig.builder().host("c.example").tcp("SSH", 9001).build().addresses())
                .containsEntry("SSH", new CAddress("c.example", 9001, CAddress.Transport.TCP));
    }

    @Test
    void an_operations_type_mapped_twice_names_its_first_mapping() {
        BridgeConfig.Builder b = BridgeConfig.builder().udp("VNC", 9103);
        assertThatThrownBy(() -> b.tcp("VNC", 9001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operations type VNC is already mapped to UDP port 9103");
        assertThatThrownBy(() -> b.tcp(" ", 9001)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> b.tcp("SSH", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..65535, was 0");
    }

    @Test
    void notice_texts_default_and_refuse_a_null_reason() {
        BridgeConfig c = BridgeConfig.builder().tcp("SSH", 9001).noticeText(EndReason.SHUTDOWN, "maintenance").build();
        assertThat(c.noticeText(EndReason.SHUTDOWN)).isEqualTo("maintenance");
        assertThat(c.noticeText(EndReason.TRUNCATED)).isEqualTo(BridgeConfig.DEFAULT_NOTICE_TEXT);
        assertThatThrownBy(() -> c.noticeText(null)).isInstanceOf(NullPointerException.class).hasMessage("reason");
    }
}
