package org.lnteller.app.archfixture.core.internal.tx;

/** An internal class of core: its rules may use it, nothing outside core may. */
public class Draft {}
