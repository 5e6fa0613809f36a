package org.midihost.driver.loopback;

import java.util.List;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MidiDriverProperties;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Virtual MIDI cables, like loopMIDI on Windows or the IAC driver on macOS: cable {@code k} is
 * output device {@code k} and input device {@code k}, both with device id {@code "k"} (endpoint
 * ids {@code loopback/0}, {@code loopback/1}, …). Whatever any client writes to output {@code k}
 * arrives at every started input of cable {@code k}, time-stamped with {@link System#nanoTime()}
 * at the send, on the sender's thread. Both ends take several clients at once unless the
 * configuration says {@link Config#exclusive() exclusive}.
 *
 * <p>Configuration: PID {@value #PID}, optional. With no configuration there is one instance with
 * one cable; each factory configuration of that PID makes an instance of its own (give each a
 * different {@link Config#midihost_driver_id() driver id}). A configuration change
 * ({@code @Modified}) changes the cables in place: cables that stay keep their open instances and
 * started inputs; removed cables stop delivering at once, and their instances answer
 * {@link MmResult#MMSYSERR_NODRIVER}.
 *
 * <p>Threads: every method may be called from any thread. The send paths take no lock shared
 * with other cables and allocate nothing.
 */
@Component(service = MidiDriver.class, immediate = true, configurationPid = LoopbackDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LoopbackDriver.Config.class, factory = true)
@MidiDriverProperties(id = LoopbackDriver.DEFAULT_ID)
public final class LoopbackDriver implements MidiDriver {
    /** The configuration PID, also the factory PID. */
    public static final String PID = "org.midihost.driver.loopback";
    /** The driver id of an instance whose configuration gives none. */
    public static final String DEFAULT_ID = "loopback";

    /**
     * The configuration of one loopback driver instance (metatype, so that the Felix web console
     * and Karaf can show and edit it).
     */
    @ObjectClassDefinition(id = LoopbackDriver.PID, name = "midihost loopback driver",
            description = "Virtual MIDI cables: what a client writes to output k arrives at input k.")
    public @interface Config {
        /**
         * @return the number of cables, 1..1024; raised to the number of {@link #names()} if
         *         there are more names
         */
        @AttributeDefinition(name = "Cables", description = "Number of cables (1..1024); at least the number of names.",
                min = "1", max = "1024")
        int cables() default 1;

        /**
         * @return the cable names, cable {@code i} getting {@code names[i]}; a cable without a
         *         name, or with a blank one, is called {@code "Loopback <i+1>"}
         */
        @AttributeDefinition(name = "Names", description = "Cable names in order; missing ones are \"Loopback <n>\".",
                required = false)
        String[] names() default {};

        /**
         * @return whether each cable's output and input take one client at a time
         *         ({@code multiClient=false}); a second opener gets {@link MmResult#MMSYSERR_ALLOCATED}
         */
        @AttributeDefinition(name = "Exclusive", description = "Each cable end takes one client at a time.")
        boolean exclusive() default false;

        /**
         * @return the driver id, service property {@value MidiDriver#ID}: non-empty, no '/', no
         *         whitespace, unique among the drivers present
         */
        @AttributeDefinition(name = "Driver id", description = "First half of the endpoint ids; unique per instance.")
        String midihost_driver_id() default DEFAULT_ID;

        /** @return the driver's place in the numbering, service property {@value MidiDriver#ORDER} */
        @AttributeDefinition(name = "Driver order", description = "Place in the device numbering; lower first.")
        int midihost_driver_order() default MidiDriver.DEFAULT_ORDER;
    }

    // Replaced whole by @Modified; readers take one snapshot per call.
    private volatile CableTable table;

    /**
     * Creates the cables of {@code config}.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if the configuration is out of range (the message names
     *         the value); DS then does not activate the instance
     */
    @Activate
    public LoopbackDriver(Config config) {
        table = CableTable.of(config, CableTable.EMPTY);
    }

    /**
     * Changes the cable set to what {@code config} says, in place. The host re-reads the device
     * lists after DS has updated the service properties.
     *
     * @param config the new configuration
     * @throws IllegalArgumentException if it is out of range or not a number (the message names the
     *         value): the instance then offers no device until a good configuration comes, rather
     *         than go on half-configured under the new service properties (Declarative Services
     *         keeps an instance whose {@code @Modified} throws, with the new properties)
     */
    @Modified
    void modified(Config config) {
        CableTable old = table;
        CableTable next;
        try {
            next = CableTable.of(config, old);
        } catch (IllegalArgumentException e) {
            next = CableTable.EMPTY;
            table = next;
            for (int i = 0; i < old.size(); i++) {
                old.cable(i).remove();
            }
            throw e;
        }
        table = next;
        // Published first, so that new opens of a removed cable already fail.
        for (int i = next.size(); i < old.size(); i++) {
            old.cable(i).remove();
        }
    }

    /** No call into a client starts after this returns. */
    @Deactivate
    void deactivate() {
        CableTable old = table;
        table = CableTable.EMPTY;
        for (int i = 0; i < old.size(); i++) {
            old.cable(i).remove();
        }
    }

    /** @return one output device per cable, device id the cable index */
    @Override
    public List<OutDevice> outDevices() {
        return table.outDevices();
    }

    /** @return one input device per cable, device id the cable index */
    @Override
    public List<InDevice> inDevices() {
        return table.inDevices();
    }

    /**
     * Opens the output of the cable whose device id is {@code deviceId} (its index).
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} if there is no such cable;
     *         {@link MmResult#MMSYSERR_ALLOCATED} if the driver is exclusive and the output is open
     */
    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        CableTable t = table;
        return t.cable(deviceId, "output").openOutput(client, t.exclusive());
    }

    /**
     * Opens the input of the cable whose device id is {@code deviceId}; it delivers nothing until
     * started.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} if there is no such cable;
     *         {@link MmResult#MMSYSERR_ALLOCATED} if the driver is exclusive and the input is open
     */
    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        CableTable t = table;
        return t.cable(deviceId, "input").openInput(client, t.exclusive());
    }

    /**
     * Output {@code k} feeds input {@code k}: the cable's two ends.
     *
     * @param outDeviceId an output's device id (a cable index)
     * @return the same id, the input of that cable; {@code null} if there is no such cable
     */
    @Override
    public String feeds(String outDeviceId) {
        try {
            table.cable(outDeviceId, "output");
            return outDeviceId;
        } catch (MidiException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "LoopbackDriver" + table;
    }
}
