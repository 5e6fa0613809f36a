package org.midihost.embed.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The bundles the embed jar carries as resources under {@value #FOLDER}, listed by its manifest
 * header {@value #HEADER} (written at build time by bnd from the folder's content), and the
 * version of the class path's client API package.
 *
 * <p>Why resources and not class-path jars: a program's class path then holds the embed jar, the
 * API and Felix only; the host, the drivers, SCR and the rest are loaded by the framework from
 * its own bundle class loaders and can never clash with the program's own libraries.
 */
public final class RuntimeBundles {
    /** The resource folder of the bundles inside the embed jar. */
    public static final String FOLDER = "META-INF/midihost/bundles/";
    /** The manifest header listing the files in {@link #FOLDER}. */
    public static final String HEADER = "MidiHost-Bundles";

    private RuntimeBundles() {
    }

    /**
     * @param anchor a class of the jar (or class folder) whose manifest to read
     * @return the manifest of the jar or folder {@code anchor} was loaded from
     * @throws IllegalStateException if it cannot be read
     */
    public static Manifest manifestOf(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new IllegalStateException("cannot tell where " + anchor.getName() + " was loaded from");
        }
        Path path;
        try {
            path = Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the manifest of " + location + ": " + e.getMessage(), e);
        }
        try {
            if (Files.isDirectory(path)) {
                Path mf = path.resolve("META-INF/MANIFEST.MF");
                if (!Files.isRegularFile(mf)) {
                    throw new IllegalStateException(path + " has no META-INF/MANIFEST.MF");
                }
                try (InputStream in = Files.newInputStream(mf)) {
                    return new Manifest(in);
                }
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                Manifest m = jar.getManifest();
                if (m == null) {
                    throw new IllegalStateException(path + " has no manifest");
                }
                return m;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest of " + path + ": " + e, e);
        }
    }

    /**
     * @return the file names of the carried bundles, in the header's order
     * @throws IllegalStateException if the embed jar lists none
     */
    public static List<String> names() {
        String header = manifestOf(RuntimeBundles.class).getMainAttributes().getValue(HEADER);
        if (header == null || header.isBlank()) {
            throw new IllegalStateException("the embed jar's manifest lists no runtime bundles (header " + HEADER + ")");
        }
        List<String> names = new ArrayList<>();
        for (String n : header.split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        return names;
    }

    /**
     * @param name a name from {@link #names()}
     * @return the bundle's bytes, to install
     * @throws IllegalStateException if the resource is missing
     */
    public static InputStream open(String name) {
        InputStream in = RuntimeBundles.class.getClassLoader().getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IllegalStateException("the embed jar has no " + FOLDER + name);
        }
        return in;
    }

    /**
     * The version at which the class path's {@code org.midihost.api} package is exported to the
     * framework: the version its own bundle manifest exports it at, so that the host bundles'
     * imports (e.g. {@code [1.4,1.5)}) match exactly what the program has.
     *
     * @param apiClass a class of the API package
     * @return the version, e.g. {@code "1.4.0"}
     * @throws IllegalStateException if the API's manifest does not export the package with a version
     */
    public static String exportedVersion(Class<?> apiClass) {
        String pkg = apiClass.getPackageName();
        String exports = manifestOf(apiClass).getMainAttributes().getValue("Export-Package");
        String version = exports == null ? null : versionIn(exports, pkg);
        if (version == null) {
            throw new IllegalStateException("the client API on the class path (" + location(apiClass)
                    + ") does not export " + pkg + " with a version in its manifest");
        }
        return version;
    }

    private static String location(Class<?> c) {
        CodeSource s = c.getProtectionDomain().getCodeSource();
        return s == null ? "?" : String.valueOf(s.getLocation());
    }

    /**
     * @param exportPackage an {@code Export-Package} header
     * @param pkg a package name
     * @return the {@code version} attribute of the clause exporting {@code pkg}, or {@code null}
     */
    static String versionIn(String exportPackage, String pkg) {
        for (String clause : splitOutsideQuotes(exportPackage, ',')) {
            List<String> parts = splitOutsideQuotes(clause, ';');
            if (parts.isEmpty() || !parts.get(0).strip().equals(pkg)) {
                continue;
            }
            for (String p : parts.subList(1, parts.size())) {
                String a = p.strip();
                if (a.startsWith("version=")) {
                    return a.substring("version=".length()).replace("\"", "").strip();
                }
            }
            return "0.0.0";
        }
        return null;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    /** @return a location for a carried bundle, as it shows in the framework */
    public static String locationOf(String name) {
        return URI.create("midihost-embedded:" + FOLDER + name).toString();
    }
}
