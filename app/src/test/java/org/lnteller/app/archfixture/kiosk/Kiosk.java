package org.lnteller.app.archfixture.kiosk;

import org.lnteller.app.archfixture.adapter.serial.SerialLink;
import org.lnteller.app.archfixture.app.Main;
import org.lnteller.app.archfixture.core.tx.Rules;
import org.lnteller.app.archfixture.ports.Amount;

/** Breaks the adapters' rule, which holds the kiosk too, with core, the app and an adapter. */
public class Kiosk {
    public Amount amount;
    public Rules core;
    public Main app;
    public SerialLink serial;
}
