package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

/** A failure's one line for the operator. */
class FailuresTest {
    @Test
    void aRefusedConnectionWithoutAMessageReadsConnectionRefused() {
        assertThat(Failures.describe(new IOException(new ConnectException()))).isEqualTo("connection refused");
    }

    @Test
    void fileErrorsNameTheFileAndSayWhatIsWrongInWords() {
        assertThat(Failures.describe(new UncheckedIOException(
                        "cannot write the admin token", new AccessDeniedException("/srv/data/admin-token"))))
                .isEqualTo("cannot write the admin token: /srv/data/admin-token: permission denied");
        assertThat(Failures.describe(new NotDirectoryException("/srv/data"))).isEqualTo("/srv/data: not a folder");
    }

    @Test
    void aWrapperRepeatingItsCausesMessageIsSaidOnce() {
        IOException cause = new IOException("disk full");
        assertThat(Failures.describe(new RuntimeException(cause))).isEqualTo("disk full");
        assertThat(Failures.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
