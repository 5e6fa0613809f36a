package org.example.javasoundapp;

import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.midi.Transmitter;

/**
 * A Java Sound program, nothing but {@code javax.sound.midi}: it plays a MIDI file with the JDK's
 * sequencer to a MIDI output port and prints what a MIDI input port receives (the notes, and the
 * controllers the JDK's sequencer sends when it stops: all notes off, sustain off, reset). With midihost's
 * provider on the class path, its loopback cable is such a pair of ports: what goes out comes back in.
 *
 * <p>Argument: a MIDI file to play; without one it writes a short tune to a temporary file and plays that.
 */
public final class JavaSoundApp {
    public static void main(String[] args) throws Exception {
        File file = args.length > 0 ? new File(args[0]) : shortTune();

        MidiDevice out = null;
        MidiDevice in = null;
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            System.out.println("device: " + info.getName() + " | " + info.getVendor() + " | " + info.getDescription());
            MidiDevice d = MidiSystem.getMidiDevice(info);
            if (info.getDescription().endsWith("loopback/0")) {
                if (d.getMaxReceivers() != 0) {
                    out = d;
                } else if (d.getMaxTransmitters() != 0) {
                    in = d;
                }
            }
        }
        if (out == null || in == null) {
            System.out.println("no loopback/0 ports: is midihost's provider on the class path?");
            System.exit(1);
        }

        in.open();
        Transmitter transmitter = in.getTransmitter();
        transmitter.setReceiver(new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                if (message instanceof ShortMessage m) {
                    String what = switch (m.getCommand()) {
                        case ShortMessage.NOTE_ON -> "note on  ch " + (m.getChannel() + 1) + " note " + m.getData1() + " vel " + m.getData2();
                        case ShortMessage.NOTE_OFF -> "note off ch " + (m.getChannel() + 1) + " note " + m.getData1() + " vel " + m.getData2();
                        case ShortMessage.CONTROL_CHANGE -> "control  ch " + (m.getChannel() + 1) + " cc " + m.getData1() + " value " + m.getData2();
                        default -> String.format("status %02X", m.getStatus());
                    };
                    System.out.printf("received at %7.3f s: %s%n", timeStamp / 1e6, what);
                }
            }

            @Override
            public void close() {
            }
        });
        out.open();

        Sequencer sequencer = MidiSystem.getSequencer(false); // not connected to the synthesizer
        sequencer.open();
        sequencer.getTransmitter().setReceiver(out.getReceiver());
        sequencer.setSequence(MidiSystem.getSequence(file));
        CountDownLatch end = new CountDownLatch(1);
        sequencer.addMetaEventListener(meta -> {
            if (meta.getType() == 0x2F) { // end of track
                end.countDown();
            }
        });
        System.out.println("playing " + file.getName() + " to " + out.getDeviceInfo().getName() + " ("
                + out.getDeviceInfo().getDescription() + ")");
        sequencer.start();
        end.await(60, TimeUnit.SECONDS);
        Thread.sleep(200); // the last events' way back
        sequencer.close();
        out.close();
        in.close();
        System.out.println("done");
    }

    /** A C major scale, eighth notes at 120 beats per minute, as a Standard MIDI File. */
    private static File shortTune() throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        Track track = sequence.createTrack();
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        for (int i = 0; i < scale.length; i++) {
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, scale[i], 100), i * 240L));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, scale[i], 0), i * 240L + 200));
        }
        File file = File.createTempFile("scale", ".mid");
        file.deleteOnExit();
        MidiSystem.write(sequence, 0, file);
        return file;
    }
}
