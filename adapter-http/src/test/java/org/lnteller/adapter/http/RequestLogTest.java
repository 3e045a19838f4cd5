package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

    @Test
    void theRequestLogLineNamesTheClientAddressAndTheCodeOfAnError() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpApi.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (ApiHarness api = ApiHarness.started(builder -> {})) {
            api.machine("POST", "/tx", "{\"direction\":\"sideways\"}");
            api.send("GET", "/rates", "nobody-has-this-token", null);
            api.machine("GET", "/rates", null);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("POST /tx 400")
                        .contains("client=127.0.0.1")
                        .contains("code=invalidRequest"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("GET /rates 401")
                        .contains("client=127.0.0.1")
                        .contains("code=unauthorized"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("GET /rates 200")
                        .contains("client=127.0.0.1")
                        .doesNotContain("code="))
                .allSatisfy(line -> assertThat(line).doesNotContain("nobody-has-this-token"));
    }
}
