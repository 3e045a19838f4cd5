package org.lnteller.app.cli;

import java.util.Objects;
import org.lnteller.adapter.serial.Id003BillValidators;
import org.lnteller.adapter.serial.Id003Settings;
import org.lnteller.adapter.serial.SerialLinks;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.kiosk.Acceptor;
import org.lnteller.kiosk.NoteSlot;

/** Makes the acceptor of a kiosk session: the factory its command is given, so tests can choose. */
public interface Acceptors {

    /** A JCM ID-003 acceptor on the serial port at {@code path}; nothing is opened until the validator starts. */
    Acceptor serialPort(String path);

    /** A simulated ID-003 acceptor in this process, driven by the real driver over an in-memory cable. */
    Acceptor simulated();

    /** JCM ID-003 for both: hardware through jSerialComm, the simulator ({@link Id003Simulator#usd()}) over {@link SerialLinks#pipe()}. */
    static Acceptors id003(Id003Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Acceptors() {
            @Override
            public Acceptor serialPort(String path) {
                return Acceptor.hardware(Id003BillValidators.over(SerialLinks.serialPort(path), settings));
            }

            @Override
            public Acceptor simulated() {
                Id003Simulator simulator = Id003Simulator.usd();
                SerialLinks.Pipe pipe = SerialLinks.pipe();
                simulator.serve(pipe.device());
                NoteSlot slot = note -> {
                    // script() reads a comma list; one command presents one note
                    if (note.isBlank() || note.contains(","))
                        throw new IllegalArgumentException("one note at a time, e.g. insert 20");
                    simulator.script(note);
                };
                return Acceptor.simulated(Id003BillValidators.over(pipe::host, settings), slot, simulator::close);
            }
        };
    }
}
