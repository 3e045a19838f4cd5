package org.lnteller.app.archfixture.adapter.serial;

import org.lnteller.app.archfixture.adapter.serial.internal.Frame;

/** Uses its own module's internal package, as it may. */
public class SerialLink {
    public Frame frame;
}
