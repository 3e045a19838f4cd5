package org.lnteller.ports.store;

/** A create met a record that already has that key. Nothing was written. */
public class AlreadyExists extends StoreException {
    public AlreadyExists(String message) {
        super(message);
    }
}
