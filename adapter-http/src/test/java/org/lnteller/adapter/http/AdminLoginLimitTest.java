package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Wrong admin tokens: each one logged with the client address, and only so many per address. */
class AdminLoginLimitTest {

    @Test
    void wrongAdminTokensAreLoggedWithTheClientAddressAndNeverTheToken() {
        ListAppender<ILoggingEvent> appender = attach();
        try (ApiHarness api = ApiHarness.started(builder -> {})) {
            assertThat(api.send("GET", "/api/admin/apps", "guess-number-one", null)
                            .status())
                    .isEqualTo(401);
        } finally {
            detach(appender);
        }

        assertThat(appender.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .contains("wrong admin token")
                        .contains("127.0.0.1")
                        .contains("/api/admin/apps"))
                .allSatisfy(line -> assertThat(line).doesNotContain("guess-number-one"));
    }

    @Test
    void afterTenWrongTokensAnAddressIsAnswered429WithRetryAfterEvenWithTheRightOne() {
        try (ApiHarness api = ApiHarness.started(builder -> {})) {
            for (int i = 0; i < FailedLoginLimiter.DEFAULT_BURST; i++) {
                assertThat(api.send("GET", "/api/admin/apps", "guess-" + i, null)
                                .status())
                        .as("guess " + i)
                        .isEqualTo(401);
            }

            var limited = api.send("GET", "/api/admin/apps", "guess-10", null);
            var right = api.admin("GET", "/api/admin/apps", null);
            var purchases = api.admin("GET", "/api/admin/purchases", null);

            assertThat(List.of(limited.status(), right.status())).containsOnly(429);
            assertThat(limited.json().get("code").asText()).isEqualTo("rateLimited");
            assertThat(right.header("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
            assertThat(purchases.status())
                    .as("provisioning listing shares the limit")
                    .isIn(404, 429);
            // machines are not affected
            assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);
        }
    }

    @Test
    void requestsWithoutAnyTokenAreNotCountedAsGuesses() {
        try (ApiHarness api = ApiHarness.started(builder -> {})) {
            for (int i = 0; i < 3 * FailedLoginLimiter.DEFAULT_BURST; i++) {
                assertThat(api.send("GET", "/api/admin/apps", null, null).status())
                        .isEqualTo(401);
            }
            assertThat(api.admin("GET", "/api/admin/apps", null).status()).isEqualTo(200);
        }
    }

    private static ListAppender<ILoggingEvent> attach() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.lnteller.adapter.http");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger("org.lnteller.adapter.http")).detachAppender(appender);
    }
}
