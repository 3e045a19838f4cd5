package org.lnteller.app.archfixture.app;

import org.lnteller.app.archfixture.adapter.serial.internal.Frame;
import org.lnteller.app.archfixture.core.internal.tx.Draft;
import org.lnteller.app.archfixture.core.tx.Rules;

/** May use every module, but not another module's internal package. */
public class Main {
    public Rules core;
    public Frame frame;
    public Draft draft;
}
