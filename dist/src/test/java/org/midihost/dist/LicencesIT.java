package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code target/midihost.jar} says about licences: every midihost bundle in it carries the
 * descriptive headers and {@code META-INF/LICENSE}/{@code NOTICE}; every other bundle in it is
 * listed, at its version, in {@code THIRD-PARTY.md}, which the jar carries too. A bundle added to
 * the distribution without its row, or a row left behind, fails here.
 */
class LicencesIT {
    /** The prefix of midihost's own bundles; every other bundle is third-party. */
    private static final String OURS = "org.midihost";
    /** A row of the table in THIRD-PARTY.md: | `symbolic name` ... | version | ... */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`[^|]*\\|\\s*([0-9][^|\\s]*)\\s*\\|.*");

    /** One bundle inside the distribution jar. */
    private record Bundle(String path, Attributes headers, Set<String> entries, byte[] license) {
        String header(String name) {
            return headers.getValue(name);
        }

        String symbolicName() {
            String bsn = header("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        }

        /** @return Bundle-Version up to its micro part: 1.5.1.202212101352 → 1.5.1 */
        String version() {
            String[] parts = header("Bundle-Version").trim().split("\\.");
            return String.join(".", List.of(parts).subList(0, Math.min(3, parts.length)));
        }
    }

    private static final List<Bundle> bundles = new ArrayList<>();
    private static final Set<String> topLevel = new TreeSet<>();
    private static String thirdParty;

    @BeforeAll
    static void readTheJar() throws IOException {
        try (ZipFile dist = new ZipFile(jar().toFile())) {
            for (ZipEntry e : java.util.Collections.list(dist.entries())) {
                topLevel.add(e.getName());
                if (e.getName().startsWith("jar/") && e.getName().endsWith(".jar")) {
                    bundles.add(read(e.getName(), dist.getInputStream(e)));
                }
            }
            ZipEntry list = dist.getEntry("THIRD-PARTY.md");
            thirdParty = list == null ? null : new String(dist.getInputStream(list).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(bundles).as("bundles under jar/ in " + jar()).isNotEmpty();
    }

    private static Bundle read(String path, InputStream in) throws IOException {
        try (JarInputStream j = new JarInputStream(in)) {
            Manifest m = j.getManifest();
            assertThat(m).as(path + " has a manifest").isNotNull();
            Set<String> entries = new TreeSet<>();
            byte[] license = null;
            for (JarEntry e; (e = j.getNextJarEntry()) != null;) {
                entries.add(e.getName());
                if (e.getName().equals("META-INF/LICENSE")) {
                    license = j.readAllBytes();
                }
            }
            return new Bundle(path, m.getMainAttributes(), entries, license);
        }
    }

    @Test
    void everyMidihostBundleCarriesTheDescriptiveHeadersAndTheLicence() throws IOException {
        byte[] license = Files.readAllBytes(Path.of(System.getProperty("midihost.license", "../LICENSE")));
        String rootDescription = System.getProperty("midihost.root.description");
        List<Bundle> ours = bundles.stream().filter(b -> b.symbolicName().startsWith(OURS)).toList();
        assertThat(ours).as("midihost's own bundles in the jar").extracting(Bundle::symbolicName)
                .contains("org.midihost.api", "org.midihost.spi", "org.midihost.host");

        SoftAssertions soft = new SoftAssertions();
        for (Bundle b : ours) {
            String name = b.symbolicName();
            for (String header : List.of("Bundle-Name", "Bundle-Description", "Bundle-Vendor", "Bundle-Copyright")) {
                soft.assertThat(b.header(header)).as(name + " " + header).isNotBlank();
            }
            soft.assertThat(b.header("Bundle-Description")).as(name + " Bundle-Description: the module's own <description>, "
                    + "not the root pom's").isNotEqualTo(rootDescription);
            soft.assertThat(b.header("Bundle-License")).as(name + " Bundle-License")
                    .isEqualTo("Apache-2.0;link=\"https://www.apache.org/licenses/LICENSE-2.0.txt\"");
            soft.assertThat(b.entries()).as(name + " entries").contains("META-INF/LICENSE", "META-INF/NOTICE");
            soft.assertThat(b.license()).as(name + " META-INF/LICENSE is the repository's LICENSE").isEqualTo(license);
        }
        soft.assertThat(topLevel).as("midihost.jar itself").contains("LICENSE", "NOTICE", "THIRD-PARTY.md");
        soft.assertAll();
    }

    @Test
    void everyThirdPartyBundleIsListedAtItsVersionAndEveryRowIsABundle() {
        assertThat(thirdParty).as("THIRD-PARTY.md inside midihost.jar").isNotNull();
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : thirdParty.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                listed.put(m.group(1), m.group(2));
            }
        }
        assertThat(listed).as("rows of dist/THIRD-PARTY.md").isNotEmpty();

        Map<String, String> carried = new LinkedHashMap<>();
        for (Bundle b : bundles) {
            if (!b.symbolicName().startsWith(OURS)) {
                carried.put(b.symbolicName(), b.version());
            }
        }
        assertThat(listed).as("dist/THIRD-PARTY.md must list every non-midihost bundle in midihost.jar at its version "
                + "(a new bundle needs its row: version, licence from its own Bundle-License or META-INF/LICENSE, source), "
                + "and nothing else").containsExactlyInAnyOrderEntriesOf(carried);

        // Outside jar/: the launcher's start classes (biz.aQute.launcher's row) and the jar's own files.
        Pattern known = Pattern.compile("META-INF/|META-INF/MANIFEST\\.MF|jar/.*|aQute/|aQute/launcher/.*"
                + "|LICENSE|NOTICE|THIRD-PARTY\\.md|launcher\\.properties|start|start\\.bat");
        assertThat(topLevel).as("entries of midihost.jar outside jar/ that THIRD-PARTY.md does not account for")
                .allMatch(e -> known.matcher(e).matches());
    }
}
