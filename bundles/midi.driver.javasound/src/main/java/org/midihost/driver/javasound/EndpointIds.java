package org.midihost.driver.javasound;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.sound.midi.MidiDevice;

/**
 * Device ids made from what a port says about itself, never from its place in Java Sound's list.
 *
 * <p>Java Sound numbers nothing stably: {@code MidiSystem.getMidiDeviceInfo()} lists devices in
 * whatever order its providers give, and openjdk's {@code AbstractMidiDeviceProvider} even keeps
 * stale entries at an index when the count did not change. So the id of a port is the slug of its
 * name, vendor, description and version ({@code um-one-roland-usb-midi-interface-1-0}): lower case
 * ASCII letters and digits, every other run of characters one {@code -}; a field equal to an
 * earlier one or blank is left out. A slug longer than {@value #MAX_SLUG} characters, or one from
 * text with letters outside ASCII, ends in {@code -} and 8 hex digits of the text's CRC-32, so that
 * it stays short and distinct. Identical devices (same four fields) get {@code #2}, {@code #3}, …
 * after the slug in the order they first appeared, and keep their number while they stay.
 */
final class EndpointIds {
    /** The longest slug, hash included. */
    static final int MAX_SLUG = 80;

    private EndpointIds() {
    }

    /**
     * @param info a device's info
     * @return the slug of its name, vendor, description and version
     */
    static String slug(MidiDevice.Info info) {
        return slug(info.getName(), info.getVendor(), info.getDescription(), info.getVersion());
    }

    /**
     * @param fields the texts, blanks and repeats left out
     * @return their slug
     */
    static String slug(String... fields) {
        List<String> kept = new ArrayList<>();
        for (String f : fields) {
            String s = f == null ? "" : f.strip();
            if (!s.isEmpty() && kept.stream().noneMatch(k -> k.equalsIgnoreCase(s))) {
                kept.add(s);
            }
        }
        String text = String.join(" ", kept);
        // é → e: decompose, then drop the combining marks.
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder slug = new StringBuilder(plain.length());
        boolean dash = false;
        boolean foreign = false;
        for (int i = 0; i < plain.length(); i++) {
            char ch = Character.toLowerCase(plain.charAt(i));
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                if (dash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(ch);
                dash = false;
            } else {
                foreign |= Character.isLetterOrDigit(ch);
                dash = true;
            }
        }
        if (!foreign && slug.length() > 0 && slug.length() <= MAX_SLUG) {
            return slug.toString();
        }
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
        String head = slug.length() > MAX_SLUG - 9 ? slug.substring(0, MAX_SLUG - 9) : slug.toString();
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head.isEmpty() ? "device-" + hash : head + "-" + hash;
    }

    /**
     * @param slug the slug
     * @param occurrence 1 for the first device with that slug, 2 for the second, …
     * @return the device id
     */
    static String id(String slug, int occurrence) {
        return occurrence == 1 ? slug : slug + "#" + occurrence;
    }

    /**
     * @param id a device id
     * @return the slug it was made from
     */
    static String slugOf(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }
}
