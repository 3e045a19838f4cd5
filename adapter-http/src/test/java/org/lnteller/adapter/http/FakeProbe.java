package org.lnteller.adapter.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.usecase.DestinationProbe;

/** Records the addresses asked about; answers {@link #answer}. */
final class FakeProbe implements DestinationProbe {
    record Call(AppId app, String address) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Answer answer;

    void reset() {
        calls.clear();
        answer = null;
    }

    @Override
    public Answer probe(AppId app, String address) {
        calls.add(new Call(app, address));
        return answer;
    }
}
