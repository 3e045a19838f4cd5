package org.lnteller.adapter.serial;

import java.util.Objects;
import org.lnteller.ports.validator.BillValidator;

/** Makes {@link BillValidator}s that drive a JCM ID-003 acceptor. */
public final class Id003BillValidators {
    private Id003BillValidators() {}

    /**
     * A validator on the serial port at {@code path} (9600 8E1), with the default settings.
     * Nothing is opened until {@link BillValidator#start}.
     */
    public static BillValidator serialPort(String path) {
        return over(SerialLinks.serialPort(path), Id003Settings.defaults());
    }

    /**
     * A validator speaking ID-003 over the links {@code opener} makes: once at
     * {@link BillValidator#start} (a failure there is a
     * {@link org.lnteller.ports.validator.BillValidatorException}), and again whenever the port went
     * away. Nothing is opened until then.
     */
    public static BillValidator over(SerialLinkOpener opener, Id003Settings settings) {
        return new Id003Driver(Objects.requireNonNull(opener, "opener"), Objects.requireNonNull(settings, "settings"));
    }
}
