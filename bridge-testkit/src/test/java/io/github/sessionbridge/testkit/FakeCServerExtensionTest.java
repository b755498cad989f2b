package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension: a server per test, per class from {@code @BeforeAll}, configured when registered. */
class FakeCServerExtensionTest {

    static final List<FakeCServer> SEEN = new ArrayList<>();

    @Nested
    @ExtendWith(FakeCServerExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerTest {
        @Test
        @Order(1)
        void gets_a_started_server(FakeCServer c) {
            assertThat(c.isClosed()).isFalse();
            assertThat(c.opsTypes()).containsExactly("SSH");
            SEEN.add(c);
        }

        @Test
        @Order(2)
        void gets_a_fresh_one_and_the_previous_was_closed(FakeCServer c) {
            assertThat(SEEN).isNotEmpty();
            assertThat(SEEN.get(SEEN.size() - 1)).isNotSameAs(c);
            assertThat(SEEN.get(SEEN.size() - 1).isClosed()).isTrue();
        }

        @Test
        void the_same_one_for_every_parameter_of_a_test(FakeCServer a, FakeCServer b) {
            assertThat(a).isSameAs(b);
        }
    }

    @Nested
    class PerClass {
        @RegisterExtension
        static FakeCServerExtension servers = new FakeCServerExtension(b -> b.ops("SSH", "RDP").udp(true));
        static FakeCServer shared;

        @BeforeAll
        static void start(FakeCServer c) {
            shared = c;
        }

        @AfterAll
        static void closedAfterTheClass() {
            assertThat(shared.isClosed()).isFalse(); // closed right after this, by the extension
        }

        @Test
        void every_test_gets_the_class_server_configured_at_registration(FakeCServer c) {
            assertThat(c).isSameAs(shared);
            assertThat(c.opsTypes()).containsExactly("SSH", "RDP");
            assertThat(c.hasUdp("RDP")).isTrue();
        }

        @Test
        void still_the_same(FakeCServer c) {
            assertThat(c).isSameAs(shared);
        }
    }
}
