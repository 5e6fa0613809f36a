package org.midihost.itests.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs commands in Karaf's console as a user would type them, and returns what they printed.
 *
 * <p>The commands run as user {@code karaf} with the roles of a stock Karaf's admin group
 * ({@code etc/users.properties}), as in its console: Karaf's command ACLs
 * ({@code etc/org.apache.karaf.command.acl.*.cfg}) hide {@code feature:install} from a session
 * without {@code admin} and refuse {@code config:edit} without {@code manager}.
 */
final class KarafShell {
    private static final Subject KARAF_USER = new Subject(true,
            Set.of(new UserPrincipal("karaf"), new RolePrincipal("admin"), new RolePrincipal("manager"),
                    new RolePrincipal("viewer"), new RolePrincipal("systembundles")),
            Set.of(), Set.of());

    private final SessionFactory sessions;

    KarafShell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Runs commands in a fresh session.
     *
     * @param command a command line, e.g. {@code midi:devices}, or several on lines of their
     *        own, run in one session (as {@code config:edit}, {@code config:property-set},
     *        {@code config:update} must be)
     * @return everything the command printed, with its result (if any) on a last line
     * @throws Exception whatever the command threw (a failing command fails the test)
     */
    String run(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = asKarafUser(() -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("removal") // Subject.doAs: what Karaf 4.4's command security reads, on Java 17
    private static Object asKarafUser(PrivilegedExceptionAction<Object> action) throws Exception {
        try {
            return Subject.doAs(KARAF_USER, action);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
