package org.lnteller.app.archfixture.adapter.serial.internal;

/** An internal class of the serial adapter. */
public class Frame {}
