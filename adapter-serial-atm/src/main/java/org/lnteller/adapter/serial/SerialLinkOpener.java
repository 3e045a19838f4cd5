package org.lnteller.adapter.serial;

import java.io.IOException;

/**
 * Opens a {@link SerialLink}; the driver calls it again to reconnect after the port went away.
 */
@FunctionalInterface
public interface SerialLinkOpener {

    /**
     * @throws IOException when the port cannot be opened now (absent, busy, no permission); the
     *     message says which port and why
     */
    SerialLink open() throws IOException;
}
