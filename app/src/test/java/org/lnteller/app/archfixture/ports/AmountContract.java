package org.lnteller.app.archfixture.ports;

import org.junit.jupiter.api.Assertions;

/** Uses a test framework: fine in the ports' test code, not in their main code. */
public class AmountContract {
    public void amountsAreEqual() {
        Assertions.assertEquals(1, 1);
    }
}
