package org.lnteller.ports.store;

/** An update named a record that does not exist. Nothing was written. */
public class NotFound extends StoreException {
    public NotFound(String message) {
        super(message);
    }
}
